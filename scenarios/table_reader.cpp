#include "scenarios/table_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "scenarios/distributions.hpp"
#include "scenarios/duration.hpp"

namespace xsellsim::scenarios {

namespace {

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    default:
      return "a date or time";
  }
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

void Origins::record(const toml::table& table, const std::string& prefix) {
  for (auto&& [key, node] : table) {
    std::string path =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (key.source().begin.line > 0) keys[path] = key.source();
    if (node.source().begin.line > 0) values[path] = node.source();
    if (const toml::table* sub = node.as_table()) record(*sub, path);
  }
}

void Origins::copy(const Origins& from, const std::string& path, bool only_path) {
  const std::string below = path + ".";
  for (const auto* side : {&from.values, &from.keys}) {
    auto& into = side == &from.values ? values : keys;
    if (auto it = side->find(path); it != side->end()) into.insert_or_assign(path, it->second);
    if (only_path) continue;
    for (auto it = side->lower_bound(below); it != side->end() && it->first.starts_with(below);
         ++it) {
      into.insert_or_assign(it->first, it->second);
    }
  }
}

void Problems::add(const toml::source_region& where, std::string message, std::string key,
                   bool at_key) {
  const toml::source_region* position = &where;
  // A copied node: look its origin up by path, walking up to the nearest recorded table.
  const auto& recorded = at_key ? origins.keys : origins.values;
  for (std::string path = key; position->begin.line == 0 && !path.empty();) {
    if (auto it = recorded.find(path); it != recorded.end()) {
      position = &it->second;
      break;
    }
    auto dot = path.rfind('.');
    path = dot == std::string::npos ? "" : path.substr(0, dot);
  }
  std::string file = position->path ? *position->path : main_file;
  add(Diagnostic{file, static_cast<long>(position->begin.line),
                 static_cast<long>(position->begin.column), std::move(message), std::move(key)});
}

void Problems::add(Diagnostic diagnostic) {
  for (const Diagnostic& d : diagnostics_) {
    if (d.file == diagnostic.file && d.line == diagnostic.line && d.column == diagnostic.column &&
        d.message == diagnostic.message) {
      return;
    }
  }
  // Past the cap, stop: nobody reads more, and a huge file of mistakes (each one searched for a
  // did-you-mean among every name) would otherwise take quadratic time.
  if (diagnostics_.size() == kMostProblems) {
    std::vector<Diagnostic> first = sorted();
    first.push_back(Diagnostic{
        main_file, 0, 0, fmt::format("more than {} problems; stopping here", kMostProblems), ""});
    throw InputError(std::move(first));
  }
  diagnostics_.push_back(std::move(diagnostic));
}

bool Problems::contains(const std::string& key, const std::string& message) const {
  return std::any_of(diagnostics_.begin(), diagnostics_.end(),
                     [&](const Diagnostic& d) { return d.key == key && d.message == message; });
}

std::vector<Diagnostic> Problems::sorted() const {
  std::vector<Diagnostic> all = diagnostics_;
  std::stable_sort(all.begin(), all.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    return std::tuple(a.file != main_file, a.file, a.line, a.column) <
           std::tuple(b.file != main_file, b.file, b.line, b.column);
  });
  return all;
}

std::vector<Diagnostic> Problems::take_after(std::size_t count) {
  std::vector<Diagnostic> taken(diagnostics_.begin() + static_cast<long>(count),
                                diagnostics_.end());
  diagnostics_.resize(count);
  return taken;
}

bool Range::contains(double x) const {
  bool above = min_open ? x > min : x >= min;
  bool below = max_open ? x < max : x <= max;
  return above && below;
}

std::string Range::describe() const {
  bool has_min = std::isfinite(min), has_max = std::isfinite(max);
  if (has_min && has_max) {
    return fmt::format("in {}{}, {}{}", min_open ? "(" : "[", min, max, max_open ? ")" : "]");
  }
  if (has_min) return fmt::format("{} {}", min_open ? ">" : ">=", min);
  if (has_max) return fmt::format("{} {}", max_open ? "<" : "<=", max);
  return "finite";
}

std::string Range::out_of_range(double x) const {
  std::string message = fmt::format("{} is out of range: must be {}", x, describe());
  const double fraction = x / 100;
  if (max == 1 && min >= 0 && x > 1 && x <= 100 && contains(fraction)) {
    message += fmt::format("; did you mean {} ({}%)?", fraction, x);
  }
  return message;
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
  auto match = closest_match(word, candidates);
  return match ? fmt::format("; did you mean '{}'?", *match) : "";
}

TableReader::TableReader(const toml::table& table, std::string path, Problems& problems)
    : table_(table), path_(std::move(path)), problems_(problems) {}

std::string TableReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void TableReader::error(const toml::source_region& where, std::string message, std::string_view key,
                        bool at_key) {
  problems_.add(where, std::move(message), path_of(key), at_key);
}

const toml::node* TableReader::lookup(std::string_view key) {
  known_.emplace(key);
  return table_.get(key);
}

void TableReader::wrong_type(const toml::node& node, std::string_view key,
                             std::string_view expected) {
  error(node.source(), fmt::format("expected {}, got {}", expected, type_name(node)), key);
}

void TableReader::missing(std::string_view key) {
  problems_.add(where(), fmt::format("missing required key '{}'", key), path_of(key));
}

void TableReader::not_one_of(std::string_view key, std::string_view message,
                             const std::string& text) {
  error(where(key), fmt::format(fmt::runtime(message), text), key);
}

TableReader TableReader::sub(std::string_view key) {
  return {*table(key), path_of(key), problems_};
}

TableReader TableReader::sub(const toml::table& table, std::string_view key) {
  return {table, path_of(key), problems_};
}

const toml::source_region& TableReader::where(std::string_view key) const {
  const toml::node* node = table_.get(key);
  return node != nullptr ? node->source() : where();
}

const toml::source_region& TableReader::where(std::string_view key, std::size_t index) const {
  const toml::node* node = table_.get(key);
  const toml::array* array = node != nullptr ? node->as_array() : nullptr;
  const toml::node* element = array != nullptr ? array->get(index) : nullptr;
  return element != nullptr ? element->source() : where(key);
}

std::optional<double> TableReader::number(std::string_view key, Range range) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  if (const toml::table* table = node->as_table(); table != nullptr && distributions_allowed_) {
    return distribution(key, *table, range);
  }
  std::optional<double> value;
  if (node->is_integer()) value = static_cast<double>(node->as_integer()->get());
  if (node->is_floating_point()) value = node->as_floating_point()->get();
  if (!value) {
    wrong_type(*node, key, "a number");
    return std::nullopt;
  }
  if (!std::isfinite(*value) || !range.contains(*value)) {
    error(node->source(), range.out_of_range(*value), key);
    return std::nullopt;
  }
  return value;
}

// `{mean = M, sd = S}` at `key`: the mean, which must be in the key's range, and a spread that
// leaves most of the normal in it; the value is collected for --parameter-draws unless sd is 0.
std::optional<double> TableReader::distribution(std::string_view key, const toml::table& table,
                                                Range range) {
  TableReader spec(table, path_of(key), problems_);
  spec.distributions_allowed_ = false;
  // A misspelled `mean` or `sd` is reported once, as a misspelling (by finish()), not missing too.
  auto read = [&](const std::string& name, Range name_range) {
    const bool misspelled = std::any_of(table.begin(), table.end(), [&](const auto& entry) {
      return !table.contains(name) && closest_match(entry.first.str(), {name}).has_value();
    });
    return misspelled ? spec.number(name, name_range) : spec.required_number(name, name_range);
  };
  const std::optional<double> mean = read("mean", range);
  const std::optional<double> sd = read("sd", Range::non_negative());
  spec.finish();
  if (!mean || !sd) return std::nullopt;
  const Distribution distribution{*mean, *sd, range};
  if (mass_in_range(distribution) < kLeastMassInRange) {
    error(table.source(),
          fmt::format("sd {:g} is too wide: the value must be {}, and only {:.0f}% of the normal "
                      "lies there (at least {:.0f}% must)",
                      *sd, range.describe(), 100 * mass_in_range(distribution),
                      100 * kLeastMassInRange),
          key);
    return std::nullopt;
  }
  if (*sd > 0 && problems_.uncertain != nullptr) {
    std::vector<UncertainValue>& values = *problems_.uncertain;
    const std::string path = path_of(key);
    const bool known = std::any_of(values.begin(), values.end(),
                                   [&](const UncertainValue& value) { return value.key == path; });
    if (!known) values.push_back({path, distribution});
  }
  return mean;
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, std::int64_t min,
                                                 std::int64_t max) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_integer()) {
    wrong_type(*node, key, "an integer");
    return std::nullopt;
  }
  std::int64_t value = node->as_integer()->get();
  if (value < min || value > max) {
    error(node->source(), fmt::format("{} is out of range: must be in [{}, {}]", value, min, max),
          key);
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> TableReader::string(std::string_view key) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_string()) {
    wrong_type(*node, key, "a string");
    return std::nullopt;
  }
  return node->as_string()->get();
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_boolean()) {
    wrong_type(*node, key, "true or false");
    return std::nullopt;
  }
  return node->as_boolean()->get();
}

std::optional<sim::Time> TableReader::duration(std::string_view key, bool allow_zero) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_string()) {
    wrong_type(*node, key, "a duration string like \"2d\"");
    return std::nullopt;
  }
  const std::string& text = node->as_string()->get();
  const std::optional<double> seconds = duration_seconds(text);
  if (!seconds) {
    error(node->source(), not_a_duration(text), key);
    return std::nullopt;
  }
  if (*seconds > static_cast<double>(kLongestDuration)) {
    error(node->source(), fmt::format("'{}' is longer than 100 years (36525d)", text), key);
    return std::nullopt;
  }
  const sim::Time value = whole_seconds(*seconds);
  if (!allow_zero && value == 0) {
    error(node->source(), fmt::format("'{}' must be longer than zero", text), key);
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<std::string>> TableReader::strings(std::string_view key) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    wrong_type(*node, key, "an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> values;
  for (const toml::node& element : *array) {
    if (!element.is_string()) {
      wrong_type(element, key, "a string");
      return std::nullopt;
    }
    values.push_back(element.as_string()->get());
  }
  return values;
}

std::optional<std::vector<double>> TableReader::numbers(std::string_view key, Range range) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    wrong_type(*node, key, "an array of numbers");
    return std::nullopt;
  }
  std::vector<double> values;
  bool all_good = true;
  for (const toml::node& element : *array) {
    std::optional<double> value;
    if (element.is_integer()) value = static_cast<double>(element.as_integer()->get());
    if (element.is_floating_point()) value = element.as_floating_point()->get();
    if (!value) {
      wrong_type(element, key, "a number");
      all_good = false;
    } else if (!std::isfinite(*value) || !range.contains(*value)) {
      error(element.source(), range.out_of_range(*value), key);
      all_good = false;
    } else {
      values.push_back(*value);
    }
  }
  if (!all_good) return std::nullopt;
  return values;
}

const toml::table* TableReader::table(std::string_view key) {
  static const toml::table kEmpty;
  const toml::node* node = lookup(key);
  if (node == nullptr) return &kEmpty;
  if (!node->is_table()) {
    wrong_type(*node, key, "a table");
    return &kEmpty;
  }
  return node->as_table();
}

bool TableReader::require(std::string_view key) {
  known_.emplace(key);
  if (has(key)) return true;
  missing(key);
  return false;
}

std::optional<double> TableReader::required_number(std::string_view key, Range range) {
  if (!require(key)) return std::nullopt;
  return number(key, range);
}

std::optional<std::int64_t> TableReader::required_integer(std::string_view key, std::int64_t min,
                                                          std::int64_t max) {
  if (!require(key)) return std::nullopt;
  return integer(key, min, max);
}

std::optional<std::string> TableReader::required_string(std::string_view key) {
  if (!require(key)) return std::nullopt;
  return string(key);
}

std::optional<sim::Time> TableReader::required_duration(std::string_view key, bool allow_zero) {
  if (!require(key)) return std::nullopt;
  return duration(key, allow_zero);
}

const toml::table* TableReader::required_table(std::string_view key) {
  known_.emplace(key);
  if (!has(key)) {
    // A top-level table is shown as it is written, [population]; one below as 'purchasing'.
    const std::string shown = path_.empty() ? fmt::format("[{}]", key) : fmt::format("'{}'", key);
    error(where(), fmt::format("missing required table {}", shown), key);
    return nullptr;
  }
  return table(key);
}

void TableReader::for_each_named(
    std::string_view key,
    const std::function<void(const std::string&, const toml::table&, const toml::key&)>& visit) {
  const toml::table* named = table(key);
  for (auto&& [name, node] : *named) {
    if (const toml::table* sub = node.as_table()) {
      visit(std::string(name.str()), *sub, name);
    } else {
      error(node.source(),
            fmt::format("expected a table [{}.{}], got {}", path_of(key), name.str(),
                        type_name(node)),
            std::string(key) + "." + std::string(name.str()));
    }
  }
}

std::optional<sim::Time> TableReader::time_of_day(std::string_view key) {
  auto text = string(key);
  if (!text) return std::nullopt;
  int hours = -1, minutes = -1;
  char tail = 0;
  if (std::sscanf(text->c_str(), "%2d:%2d%c", &hours, &minutes, &tail) != 2 || hours < 0 ||
      hours > 23 || minutes < 0 || minutes > 59) {
    error(where(key), fmt::format("'{}' is not a time of day \"HH:MM\" (00:00 to 23:59)", *text),
          key);
    return std::nullopt;
  }
  return hours * sim::kHour + minutes * sim::kMinute;
}

std::optional<sim::Time> TableReader::required_time_of_day(std::string_view key) {
  if (!require(key)) return std::nullopt;
  return time_of_day(key);
}

std::vector<std::pair<std::string, const toml::table*>> TableReader::named_in_file_order(
    std::string_view key) {
  using SourceOrder = std::tuple<bool, std::uint32_t, std::uint32_t>;
  std::vector<std::pair<SourceOrder, std::pair<std::string, const toml::table*>>> named;
  for_each_named(key,
                 [&](const std::string& name, const toml::table& table, const toml::key& source) {
                   const auto& at = source.source();
                   const bool from_main = !at.path || *at.path == problems_.main_file;
                   named.push_back({{!from_main, at.begin.line, at.begin.column}, {name, &table}});
                 });
  std::sort(named.begin(), named.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<std::string, const toml::table*>> in_order;
  in_order.reserve(named.size());
  for (auto& [order, entry] : named) in_order.push_back(std::move(entry));
  return in_order;
}

void TableReader::ignore(std::string_view key) { known_.emplace(key); }

void TableReader::finish() {
  std::vector<std::string> candidates(known_.begin(), known_.end());
  for (auto&& [key, node] : table_) {
    if (known_.contains(key.str())) continue;
    error(key.source(),
          fmt::format("unknown key '{}'{}", key.str(), suggestion(key.str(), candidates)),
          key.str(), true);
  }
}

}  // namespace xsellsim::scenarios

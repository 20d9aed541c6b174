#pragma once
// Reading one TOML table against a schema: typed getters that check ranges, remember which keys
// the schema knows, and record every problem (with file, line, column and dotted key) instead of
// stopping at the first. finish() reports the keys nobody asked for, with the closest known one.
#include <toml++/toml.h>

#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/diagnostics.hpp"
#include "scenarios/range.hpp"
#include "sim/time.hpp"

namespace xsellsim::scenarios {

// Where each value (and each key) of a scenario came from, by dotted path. toml++ drops source
// positions when it copies a node, and overrides and arms are merged by copying, so positions
// are recorded before merging and looked up when a copied node has none.
struct UncertainValue;  // scenarios/distributions.hpp

struct Origins {
  std::map<std::string, toml::source_region> values;
  std::map<std::string, toml::source_region> keys;
  // Records every node below `table`, its dotted path starting with `prefix`.
  void record(const toml::table& table, const std::string& prefix);
  // Copies the origins of `from` at `path` and, unless `only_path`, below it.
  void copy(const Origins& from, const std::string& path, bool only_path = false);
};

// Collects diagnostics from many readers; the same problem found twice is kept once. The
// problem after the first kMostProblems throws InputError with them at once.
class Problems {
 public:
  static constexpr std::size_t kMostProblems = 100;

  // `where` may have lost its position (a copied node): it is then found in `origins` by `key`
  // (for a missing key: by the enclosing table's path).
  void add(const toml::source_region& where, std::string message, std::string key,
           bool at_key = false);
  void add(Diagnostic diagnostic);
  [[nodiscard]] bool empty() const { return diagnostics_.empty(); }
  [[nodiscard]] bool contains(const std::string& key, const std::string& message) const;
  [[nodiscard]] std::size_t size() const { return diagnostics_.size(); }
  // Sorted by file (the scenario first), line and column.
  [[nodiscard]] std::vector<Diagnostic> sorted() const;
  // Removes and returns the diagnostics added after the first `count`.
  std::vector<Diagnostic> take_after(std::size_t count);

  // The scenario file, and the origins of copied values: set by the loader, and swapped by the arm
  // reader for an arm's merged sequences (scenarios/arms.cpp).
  std::string main_file;  // NOLINT(cppcoreguidelines-non-private-member-variables-in-classes)
  Origins origins;        // NOLINT(cppcoreguidelines-non-private-member-variables-in-classes)
  // Where the values written as distributions are collected (by the loader, for the base
  // scenario), once per key; none: they are read (as their mean) but not collected.
  // NOLINTNEXTLINE(cppcoreguidelines-non-private-member-variables-in-classes)
  std::vector<UncertainValue>* uncertain = nullptr;

 private:
  std::vector<Diagnostic> diagnostics_;
};

// One of the names a key's value may take, and what it stands for ("day" -> sim::kDay).
template <class T>
struct Named {
  std::string_view name;
  T value;
};

// The value `name` stands for among `names` (Named<T>s, e.g. a std::array of them); nullopt when
// it is none of them.
template <class Names>
auto find_named(const Names& names, std::string_view name)
    -> std::optional<decltype(std::begin(names)->value)> {
  for (const auto& named : names) {
    if (named.name == name) return named.value;
  }
  return std::nullopt;
}

class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, Problems& problems);

  // A reader of the sub-table at `key`, with the same problems; an empty table when absent (a
  // wrong type is recorded).
  TableReader sub(std::string_view key);
  // A reader of `table`, which is at `key` below this table (a named thing: "steps.nudge").
  TableReader sub(const toml::table& table, std::string_view key);

  // Optional values: nullopt when absent or wrong (the problem is recorded). A number may be a
  // distribution, `{mean = M, sd = S}` (scenarios/distributions.hpp): its mean is returned.
  std::optional<double> number(std::string_view key, Range range = {});
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max);
  std::optional<std::string> string(std::string_view key);
  std::optional<bool> boolean(std::string_view key);
  std::optional<sim::Time> duration(std::string_view key, bool allow_zero);
  std::optional<std::vector<std::string>> strings(std::string_view key);
  // An array of numbers, each in `range`; every wrong element is recorded, at the element.
  std::optional<std::vector<double>> numbers(std::string_view key, Range range = {});
  // A sub-table; an empty table when absent (a wrong type is recorded).
  const toml::table* table(std::string_view key);

  // A string that must be one of `names`: its value, or nullopt when absent or wrong. Another
  // string is recorded with `message`, whose {} is the string given.
  template <class Names>
  auto choice(std::string_view key, const Names& names, std::string_view message)
      -> decltype(find_named(names, "")) {
    std::optional<std::string> text = string(key);
    if (!text) return std::nullopt;
    auto value = find_named(names, *text);
    if (!value) not_one_of(key, message, *text);
    return value;
  }

  // Records "missing required key 'KEY'" at this table when `key` is absent; true when present.
  bool require(std::string_view key);
  // The getters above, recording "missing required key" at this table when absent.
  std::optional<double> required_number(std::string_view key, Range range = {});
  std::optional<std::int64_t> required_integer(std::string_view key, std::int64_t min,
                                               std::int64_t max);
  std::optional<std::string> required_string(std::string_view key);
  std::optional<sim::Time> required_duration(std::string_view key, bool allow_zero);
  // A sub-table that must be there: nullptr when absent ("missing required table" recorded); an
  // empty table when it is not a table (recorded).
  const toml::table* required_table(std::string_view key);

  // "HH:MM" as seconds after midnight.
  std::optional<sim::Time> time_of_day(std::string_view key);
  std::optional<sim::Time> required_time_of_day(std::string_view key);

  // Visits each sub-table of `key` (named things: [products.<name>]) in key order.
  void for_each_named(std::string_view key,
                      const std::function<void(const std::string& name, const toml::table& table,
                                               const toml::key& source)>& visit);
  // The sub-tables of `key` in the order they are written (TOML++ keeps them in key order): the
  // scenario file first, then --set, each by line and column. For steps and arms, whose order
  // means something.
  std::vector<std::pair<std::string, const toml::table*>> named_in_file_order(std::string_view key);

  // Marks keys as known without reading them.
  void ignore(std::string_view key);
  // Reports every key that no getter asked for.
  void finish();

  [[nodiscard]] std::string path_of(std::string_view key) const;
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const toml::table& raw() const { return table_; }
  [[nodiscard]] bool has(std::string_view key) const { return table_.contains(key); }
  void error(const toml::source_region& where, std::string message, std::string_view key,
             bool at_key = false);
  // Where to report a problem with the table as a whole.
  [[nodiscard]] const toml::source_region& where() const { return table_.source(); }
  // Where the value at `key` is; the table's place when it is absent.
  [[nodiscard]] const toml::source_region& where(std::string_view key) const;
  // Where element `index` of the array at `key` is (the array's place when there is no such
  // element).
  [[nodiscard]] const toml::source_region& where(std::string_view key, std::size_t index) const;
  [[nodiscard]] Problems& problems() const { return problems_; }

 private:
  const toml::node* lookup(std::string_view key);
  void wrong_type(const toml::node& node, std::string_view key, std::string_view expected);
  void missing(std::string_view key);
  void not_one_of(std::string_view key, std::string_view message, const std::string& text);
  std::optional<double> distribution(std::string_view key, const toml::table& table, Range range);

  const toml::table& table_;
  std::string path_;
  Problems& problems_;
  std::set<std::string, std::less<>> known_;
  bool distributions_allowed_ = true;  // not inside a distribution's own table
};

// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);
// " did you mean 'x'?" or "".
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace xsellsim::scenarios

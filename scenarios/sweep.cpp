#include "scenarios/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "scenarios/limits.hpp"
#include "scenarios/overrides.hpp"

namespace xsellsim::scenarios {

namespace {

// `{ start = 1, stop = 3, step = 1 }`: numbers from start to stop inclusive. Integers stay
// integers so that integer keys (sizes, counts) accept them.
toml::array range_values(const toml::table& range, const std::string& path, Problems& problems) {
  for (auto&& [key, node] : range) {
    if (key != "start" && key != "stop" && key != "step") {
      problems.add(key.source(),
                   fmt::format("unknown key '{}' in a sweep range; a range has start, stop, step",
                               key.str()),
                   path + "." + std::string(key.str()), true);
    }
  }
  auto start = range["start"].value<double>();
  auto stop = range["stop"].value<double>();
  auto step = range["step"].value<double>();
  if (!start || !stop || !step) {
    problems.add(range.source(), "a sweep range needs numbers start, stop and step", path);
    return {};
  }
  const double count = std::floor((*stop - *start) / *step + 1e-9) + 1;
  if (*step == 0 || !std::isfinite(count) || count < 1) {
    problems.add(range.source(), "the range's step does not lead from start to stop", path);
    return {};
  }
  if (count > static_cast<double>(kMostAxisValues)) {
    problems.add(
        range.source(),
        fmt::format("the range has {:.0f} values; at most {} per axis", count, kMostAxisValues),
        path);
    return {};
  }
  const bool integers =
      range["start"].is_integer() && range["stop"].is_integer() && range["step"].is_integer();
  toml::array values;
  for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
    const double value = *start + static_cast<double>(i) * *step;
    if (integers) {
      values.push_back(static_cast<std::int64_t>(std::llround(value)));
    } else {
      values.push_back(value);
    }
  }
  return values;
}

// A point's value is one value: a table among them (a distribution `{mean, sd}`, say) would be
// read at its mean and labelled as a table.
void reject_tables(const toml::array& values, const std::string& path, Problems& problems) {
  for (const toml::node& value : values) {
    if (value.is_table()) {
      problems.add(value.source(),
                   "a sweep value is a number, string, boolean or list, not a table (a swept "
                   "key is not drawn: a distribution {mean, sd} would run at its mean)",
                   path);
    }
  }
}

std::vector<SweepAxis> read_axes(const toml::table& table, const std::string& path,
                                 const std::vector<std::string>& pinned, Problems& problems) {
  std::vector<SweepAxis> axes;
  for (auto&& [key, node] : table) {
    const std::string name(key.str());
    const std::string axis_path = fmt::format("{}.{}", path, name);
    SweepAxis axis{name, {}, node.source()};
    if (const toml::array* list = node.as_array()) {
      if (list->empty() || list->size() > kMostAxisValues) {
        problems.add(node.source(),
                     fmt::format("a sweep axis needs 1 to {} values", kMostAxisValues), axis_path);
      }
      axis.values = *list;
      reject_tables(*list, axis_path, problems);
    } else if (const toml::table* range = node.as_table()) {
      axis.values = range_values(*range, axis_path, problems);
    } else {
      problems.add(node.source(), "a sweep axis is a list of values or a range {start, stop, step}",
                   axis_path);
    }
    if (std::find(pinned.begin(), pinned.end(), name) != pinned.end()) continue;
    if (!axis.values.empty()) axes.push_back(std::move(axis));
  }
  // In the order the file lists them (a TOML table is sorted by key): the file says which axis
  // varies fastest. Keys added by --set (no position) go last.
  std::stable_sort(axes.begin(), axes.end(), [](const SweepAxis& a, const SweepAxis& b) {
    auto order = [](const SweepAxis& axis) {
      return std::pair(axis.where.begin.line == 0,
                       std::pair(axis.where.begin.line, axis.where.begin.column));
    };
    return order(a) < order(b);
  });
  return axes;
}

// A sweep varies what the scenario has: an axis that names a missing sequence or step is a
// misspelling. And a base value that an arm sets itself would not vary in that arm, while every
// point is labelled with the swept value: an error that names the arm, unless the sweep also
// sweeps the arm's value.
void check_axis(const toml::table& base, const SweepAxes& axes, const SweepAxis& axis,
                Problems& problems) {
  const std::vector<std::string> parts = dotted_parts(axis.key);
  if (auto unknown = unknown_name(base, parts)) {
    problems.add(axis.where, unknown->message + " (a sweep varies what the scenario has)",
                 "sweep." + axis.key);
    return;
  }
  const toml::node* arms = base.get("arms");
  if (parts[0] != "sequences" || arms == nullptr || !arms->is_table()) return;
  for (auto&& [arm, node] : *arms->as_table()) {
    const toml::node* at = node.as_table() != nullptr ? node.as_table()->get("sequences") : nullptr;
    for (std::size_t i = 1; at != nullptr && i < parts.size(); ++i) {
      at = at->is_table() ? at->as_table()->get(parts[i]) : nullptr;
    }
    const std::string arm_key = "arms." + std::string(arm.str()) + "." + axis.key;
    auto sweeps_it = [&](const SweepAxis& other) { return other.key == arm_key; };
    if (at == nullptr || std::any_of(axes.grid.begin(), axes.grid.end(), sweeps_it) ||
        std::any_of(axes.zip.begin(), axes.zip.end(), sweeps_it)) {
      continue;
    }
    problems.add(axis.where,
                 fmt::format("arm '{}' sets {} itself, so the sweep would not change it in that "
                             "arm while labelling every point with the swept value: sweep "
                             "arms.{}.{} too (beside this axis in [sweep.zip]) or remove the "
                             "arm's value",
                             arm.str(), axis.key, arm.str(), axis.key),
                 "sweep." + axis.key);
  }
}

}  // namespace

SweepAxes read_sweep(const toml::table& sweep, const std::vector<std::string>& pinned,
                     Problems& problems) {
  SweepAxes axes;
  for (auto&& [key, node] : sweep) {
    const std::string path = "sweep." + std::string(key.str());
    const toml::table* table = node.as_table();
    if ((key != "grid" && key != "zip") || table == nullptr) {
      problems.add(key.source(),
                   fmt::format("unknown sweep '{}'; a sweep has tables grid and zip", key.str()),
                   path, true);
      continue;
    }
    (key == "grid" ? axes.grid : axes.zip) = read_axes(*table, path, pinned, problems);
  }
  for (const SweepAxis& axis : axes.zip) {
    if (axis.values.size() != axes.zip.front().values.size()) {
      problems.add(
          axis.where,
          fmt::format("sweep.zip lists must have equal lengths: '{}' has {}, '{}' has {}", axis.key,
                      axis.values.size(), axes.zip.front().key, axes.zip.front().values.size()),
          "sweep.zip." + axis.key);
    }
  }
  double points = axes.zip.empty() ? 1.0 : static_cast<double>(axes.zip.front().values.size());
  for (const SweepAxis& axis : axes.grid) points *= static_cast<double>(axis.values.size());
  if (points > static_cast<double>(kMostSweepPoints)) {
    problems.add(sweep.source(),
                 fmt::format("the sweep has {:.0f} points; at most {}", points, kMostSweepPoints),
                 "sweep");
  }
  return axes;
}

std::vector<SweepCoordinates> sweep_points(const SweepAxes& axes) {
  std::vector<SweepCoordinates> points;
  const std::size_t rows = axes.zip.empty() ? 1 : axes.zip.front().values.size();
  for (std::size_t row = 0; row < rows; ++row) {
    std::vector<std::size_t> index(axes.grid.size(), 0);
    for (bool more = true; more;) {
      SweepCoordinates point;
      for (std::size_t a = 0; a < axes.grid.size(); ++a)
        point.emplace_back(&axes.grid[a], index[a]);
      for (const SweepAxis& axis : axes.zip) point.emplace_back(&axis, row);
      points.push_back(std::move(point));
      // Odometer: the last grid axis turns fastest.
      more = false;
      for (std::size_t a = axes.grid.size(); a-- > 0;) {
        if (++index[a] < axes.grid[a].values.size()) {
          more = true;
          break;
        }
        index[a] = 0;
      }
    }
  }
  return points;
}

bool set_dotted(toml::table& root, const std::string& key, const toml::node& value) {
  toml::table* table = &root;
  std::size_t begin = 0;
  for (std::size_t dot = 0; (dot = key.find('.', begin)) != std::string::npos; begin = dot + 1) {
    const std::string part = key.substr(begin, dot - begin);
    toml::node* next = table->get(part);
    if (next == nullptr) next = &table->insert_or_assign(part, toml::table{}).first->second;
    table = next->as_table();
    if (table == nullptr) return false;
  }
  table->insert_or_assign(key.substr(begin), value);
  return true;
}

std::string toml_text(const toml::node& value) {
  toml::table holder;
  holder.insert("v", value);
  std::ostringstream text;
  // Basic strings ("2d", as users write them) and 15 significant digits (0.15, not
  // 0.14999999999999999).
  text << toml::toml_formatter(
      holder, (toml::toml_formatter::default_flags & ~toml::format_flags::allow_literal_strings) |
                  toml::format_flags::relaxed_float_precision);
  std::string line = text.str();
  line = line.substr(line.find('=') + 2);
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  return line;
}

void check_sweep_axes(const toml::table& base, const SweepAxes& axes, Problems& problems) {
  for (const auto* axes_of_one_kind : {&axes.grid, &axes.zip}) {
    for (const SweepAxis& axis : *axes_of_one_kind) check_axis(base, axes, axis, problems);
  }
}

// A sweep's points run together: their sum must fit the limits too (scenarios/limits.hpp).
void check_sweep_limits(const std::vector<ScenarioPoint>& points, const toml::table& sweep,
                        const std::string& file) {
  if (points.size() < 2) return;  // one point was checked as a scenario
  std::vector<models::PointSpec> specs;
  specs.reserve(points.size());
  for (const ScenarioPoint& point : points) specs.push_back({&point.world, point.replications});
  const toml::source_position& where = sweep.source().begin;
  std::vector<Diagnostic> problems;
  for (const OverLimit& over : over_limits(specs)) {
    problems.push_back({file, static_cast<long>(where.line), static_cast<long>(where.column),
                        over.message, over.key});
  }
  if (!problems.empty()) throw InputError(std::move(problems));
}

}  // namespace xsellsim::scenarios

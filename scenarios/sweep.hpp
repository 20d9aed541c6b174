#pragma once
// `[sweep.grid]` and `[sweep.zip]` (docs/scenario-reference.md, "Sweeps"): the axes of a sweep and
// the parameter points they span. Each axis is a dotted key of the scenario and a list of values.
#include <toml++/toml.h>

#include <string>
#include <utility>
#include <vector>

#include "scenarios/scenario.hpp"
#include "scenarios/table_reader.hpp"

namespace xsellsim::scenarios {

struct SweepAxis {
  std::string key;  // dotted path of the swept value
  toml::array values;
  toml::source_region where;  // the axis' value in the file, for errors of its values
};

struct SweepAxes {
  std::vector<SweepAxis> grid;  // crossed: every combination
  std::vector<SweepAxis> zip;   // paired: the i-th values of every axis together
};

// One point: (axis, index of its value) for every axis, grid axes first.
using SweepCoordinates = std::vector<std::pair<const SweepAxis*, std::size_t>>;

inline constexpr std::size_t kMostSweepPoints = 100000;
inline constexpr std::size_t kMostAxisValues = 10000;

// Reads the `sweep` table (errors go to `problems`). Axes whose key a --set override pins
// (`pinned`) are dropped: the override holds at every point.
SweepAxes read_sweep(const toml::table& sweep, const std::vector<std::string>& pinned,
                     Problems& problems);

// A sweep varies what the scenario `base` has (its sweep removed): an axis naming a missing
// sequence or step, or a base value that an arm sets itself (unless the arm's value is swept too),
// is recorded at the axis.
void check_sweep_axes(const toml::table& base, const SweepAxes& axes, Problems& problems);

// A sweep's points run together: their sum must fit the limits too (scenarios/limits.hpp).
// Throws InputError at the [sweep] table when it does not.
void check_sweep_limits(const std::vector<ScenarioPoint>& points, const toml::table& sweep,
                        const std::string& file);

// Every point, in order: the grid's last axis varies fastest, and the zip rows vary slowest.
std::vector<SweepCoordinates> sweep_points(const SweepAxes& axes);

// Sets the value at a dotted path, creating tables on the way; false when the path runs through a
// value that is not a table.
bool set_dotted(toml::table& root, const std::string& key, const toml::node& value);

// A value as TOML text: 3, 0.5, "2d", [1, 2].
std::string toml_text(const toml::node& value);

}  // namespace xsellsim::scenarios

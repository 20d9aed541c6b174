#pragma once
// A validated scenario: everything a run needs, resolved from a TOML file and --set overrides.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/parameters.hpp"
#include "scenarios/diagnostics.hpp"
#include "scenarios/distributions.hpp"

namespace xsellsim::scenarios {

struct ArmInfo {
  std::string name;
  std::string description;
};

// One point of a sweep: the swept keys' values (as TOML text) and the scenario's world there.
struct ScenarioPoint {
  std::vector<std::pair<std::string, std::string>> parameters;  // dotted key -> TOML value
  models::World world;
  int replications = 1;
};

struct Scenario {
  std::string file;  // the path as given
  std::string name;  // defaults to the file's stem
  std::string description;
  std::string currency = "USD";
  std::uint64_t seed = 1;
  int replications = 1;
  models::World world;        // arms: "holdout" first, then the others in file order
  std::vector<ArmInfo> arms;  // the same order as world.arms
  std::string resolved_toml;  // the whole scenario after --set overrides, as TOML
  // The points of `[sweep]`, in order; empty without a sweep (then `world` is the only point).
  std::vector<ScenarioPoint> sweep;
  // The values written as distributions, in the order read (the world holds their means); a key
  // that a sweep varies is not among them (the sweep's values hold at its points).
  std::vector<UncertainValue> uncertain;
};

// Loads and checks a scenario. Throws InputError listing every problem found, in file order.
Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<std::string>& overrides = {});
Scenario load_scenario_text(std::string_view toml_text, const std::string& file_name,
                            const std::vector<std::string>& overrides = {});

}  // namespace xsellsim::scenarios

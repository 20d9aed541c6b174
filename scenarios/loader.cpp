// The pipeline of loading a scenario (docs/architecture.md): parse the file, apply --set, read
// the base scenario table by table (world_tables, sequences, arms), check its limits, then read
// every point of its sweep.
#include <fmt/format.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "scenarios/arms.hpp"
#include "scenarios/limits.hpp"
#include "scenarios/overrides.hpp"
#include "scenarios/references.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/sequences.hpp"
#include "scenarios/sweep.hpp"
#include "scenarios/table_reader.hpp"
#include "scenarios/world_tables.hpp"

namespace xsellsim::scenarios {

namespace {

// The scenario's top-level keys, the ones that are not tables of their own.
void read_top_level(TableReader& top, Scenario& scenario) {
  scenario.name = top.string("name").value_or(std::filesystem::path(scenario.file).stem().string());
  scenario.description = top.string("description").value_or("");
  scenario.currency = top.string("currency").value_or("USD");
  scenario.seed = static_cast<std::uint64_t>(
      top.integer("seed", 0, std::numeric_limits<std::int64_t>::max()).value_or(1));
  scenario.replications =
      static_cast<int>(top.integer("replications", 1, kMostReplications).value_or(1));
  scenario.world.attribution = top.boolean("attribution").value_or(false);
}

// Last, and on valid values only: whether the run as a whole fits (scenarios/limits.hpp).
void check_limits(const toml::table& root, const Scenario& scenario, Problems& problems) {
  for (const OverLimit& over : over_limits(scenario.world, scenario.replications)) {
    const toml::node* value = root.at_path(over.key).node();
    problems.add(value != nullptr ? value->source() : root.source(), over.message, over.key);
  }
}

// Reads `root` (without its sweep) into a scenario: every table, then the limits. `origins` are
// the positions of values that copying lost. Throws InputError with every problem found.
Scenario read_scenario(const toml::table& root, const std::string& file, Origins origins) {
  Problems problems;
  problems.main_file = file;
  problems.origins = std::move(origins);
  Scenario scenario;
  scenario.file = file;
  TableReader top(root, "", problems);
  read_top_level(top, scenario);
  models::World& world = scenario.world;
  References names;
  world.population = read_population(top);
  world.categories = read_categories(top, names);  // before segments: they name categories
  world.segments = read_segments(top, names);
  world.products = read_products(top, names);
  world.fatigue = read_fatigue(top);
  world.engagement = read_engagement(top);
  world.money = read_money(top);
  world.policy = read_policy(top);
  const ReadContext context{problems, names, world.products};
  const toml::table& sequences = *top.table("sequences");
  const std::vector<models::Sequence> base = read_sequences(sequences, context);
  read_arms(top, sequences, base, scenario, context);
  top.finish();
  if (problems.empty()) check_limits(root, scenario, problems);
  if (!problems.empty()) throw InputError(problems.sorted());
  return scenario;
}

toml::table parse_document(std::string_view text, const std::string& file) {
  if (auto problem = too_many_dots(text, file)) throw InputError(*problem);
  try {
    return toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& e) {
    throw InputError(Diagnostic{file, static_cast<long>(e.source().begin.line),
                                static_cast<long>(e.source().begin.column),
                                std::string(e.description()), ""});
  }
}

// The dotted keys that --set overrides set, e.g. "population.size".
std::vector<std::string> override_keys(const toml::table& table, const std::string& prefix = "") {
  std::vector<std::string> keys;
  for (auto&& [key, node] : table) {
    std::string path =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const toml::table* sub = node.as_table()) {
      auto below = override_keys(*sub, path);
      keys.insert(keys.end(), below.begin(), below.end());
    } else {
      keys.push_back(path);
    }
  }
  return keys;
}

// Every name an override passes must exist (scenarios/overrides.hpp, unknown_name): --set changes
// values of what the scenario has, and adds nothing.
void check_override_names(const toml::table& root, const toml::table& assignment) {
  std::vector<Diagnostic> problems;
  std::vector<std::string> parts;
  std::vector<const toml::key*> keys;
  auto visit = [&](auto& self, const toml::table& table) -> void {
    for (auto&& [key, node] : table) {
      parts.emplace_back(key.str());
      keys.push_back(&key);
      if (const toml::table* below = node.as_table()) {
        self(self, *below);
      } else if (auto unknown = unknown_name(root, parts); unknown && problems.empty()) {
        std::string path = parts[0];
        for (std::size_t i = 1; i <= unknown->part; ++i) path += "." + parts[i];
        const toml::source_position& at = keys[unknown->part]->source().begin;
        problems.push_back({"--set", static_cast<long>(at.line), static_cast<long>(at.column),
                            unknown->message + " (--set changes what the scenario has; it adds "
                                               "nothing)",
                            path});
      }
      parts.pop_back();
      keys.pop_back();
    }
  };
  visit(visit, assignment);
  if (!problems.empty()) throw InputError(std::move(problems));
}

// Loads every point of the sweep: the base with the point's values set, each value reported at
// its place in [sweep] when it is wrong. Every problem of every point is collected, once.
std::vector<ScenarioPoint> load_sweep(const toml::table& sweep, const toml::table& base,
                                      const std::string& file, const Origins& origins,
                                      const std::vector<std::string>& pinned) {
  Problems problems;
  problems.main_file = file;
  problems.origins = origins;
  const SweepAxes axes = read_sweep(sweep, pinned, problems);
  check_sweep_axes(base, axes, problems);
  if (!problems.empty()) throw InputError(problems.sorted());
  std::vector<ScenarioPoint> points;
  for (const SweepCoordinates& coordinates : sweep_points(axes)) {
    toml::table root = base;
    Origins point_origins = origins;
    ScenarioPoint point;
    for (const auto& [axis, index] : coordinates) {
      const toml::node& value = axis->values[index];
      point.parameters.emplace_back(axis->key, toml_text(value));
      point_origins.values[axis->key] = axis->where;
      point_origins.keys[axis->key] = axis->where;
      if (!set_dotted(root, axis->key, value)) {
        problems.add(
            axis->where,
            fmt::format("cannot sweep '{}': part of it is a value, not a table", axis->key),
            "sweep." + axis->key);
      }
    }
    if (!problems.empty()) break;
    try {
      Scenario scenario = read_scenario(root, file, std::move(point_origins));
      point.world = std::move(scenario.world);
      point.replications = scenario.replications;
      points.push_back(std::move(point));
    } catch (const InputError& error) {
      for (const Diagnostic& d : error.diagnostics()) problems.add(d);
    }
  }
  if (!problems.empty()) throw InputError(problems.sorted());
  return points;
}

}  // namespace

Scenario load_scenario_text(std::string_view toml_text, const std::string& file_name,
                            const std::vector<std::string>& overrides) {
  toml::table root = parse_document(toml_text, file_name);
  Origins origins;
  origins.record(root, "");
  std::vector<std::string> pinned;
  for (const std::string& assignment : overrides) {
    toml::table override_table = parse_override(assignment);
    check_override_names(root, override_table);
    origins.record(override_table, "");
    for (std::string& key : override_keys(override_table)) pinned.push_back(std::move(key));
    deep_merge(root, override_table);
  }
  // The base scenario is read without its sweep (moved out, keeping its positions), then every
  // point of the sweep.
  std::optional<toml::table> sweep;
  if (toml::node* node = root.get("sweep")) {
    if (!node->is_table()) {
      throw InputError(Diagnostic{file_name, static_cast<long>(node->source().begin.line),
                                  static_cast<long>(node->source().begin.column),
                                  "sweep must be a table with grid and/or zip", "sweep"});
    }
    sweep = std::move(*node->as_table());
    root.erase("sweep");
  }
  Scenario scenario = read_scenario(root, file_name, origins);
  if (sweep) {
    scenario.sweep = load_sweep(*sweep, root, file_name, origins, pinned);
    check_sweep_limits(scenario.sweep, *sweep, file_name);
    root.insert("sweep", std::move(*sweep));
  }
  std::ostringstream resolved;
  resolved << toml::toml_formatter(root) << '\n';
  scenario.resolved_toml = resolved.str();
  return scenario;
}

Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<std::string>& overrides) {
  constexpr std::uintmax_t kLargest = 16u << 20;  // no scenario needs more; refuse, don't exhaust
  std::error_code error;
  auto size = std::filesystem::file_size(file, error);
  if (error || std::filesystem::is_directory(file)) {
    throw InputError(Diagnostic{file.string(), 0, 0, "cannot read the scenario file", ""});
  }
  if (size > kLargest) {
    throw InputError(Diagnostic{file.string(), 0, 0, "scenario file larger than 16 MiB", ""});
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof())
    throw InputError(Diagnostic{file.string(), 0, 0, "cannot read the scenario file", ""});
  return load_scenario_text(text.str(), file.string(), overrides);
}

}  // namespace xsellsim::scenarios

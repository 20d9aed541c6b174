// The pipeline of loading a scenario (docs/architecture.md): parse the file, apply --set, read
// the base scenario table by table (world_tables, sequences, arms), check its limits, then read
// every point of its sweep.
#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <optional>
#include <set>
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

// Which top-level tables a reading reads. A sweep point is the base scenario with a few values
// set, so it reads again only the tables its axes set and those that depend on what they hold;
// the others it takes from the base, as read (`base_root`, `base_world`; without them, every
// table is read).
struct Reading {
  const toml::table* base_root = nullptr;     // the base document, without its sweep
  const models::World* base_world = nullptr;  // the base's world, as read
  std::set<std::string, std::less<>> tables;  // the top-level tables to read again
  // The origins of every value of the point (the reading is given those of what it reads).
  std::function<Origins()> all_origins;
  [[nodiscard]] bool reads(std::string_view table) const {
    return base_world == nullptr || tables.contains(table);
  }
};

// The tables of the world before its sequences, each read or (with a base) taken from the base's
// world, and the names of categories and products either way.
void read_world_tables(TableReader& top, const Reading& reading, models::World& world,
                       References& names) {
  auto part = [&](std::string_view table, auto read) {
    if (reading.reads(table)) {
      read();
    } else {
      top.ignore(table);
    }
  };
  part("population", [&] { world.population = read_population(top); });
  part("categories", [&] { world.categories = read_categories(top, names); });
  if (!reading.reads("categories")) {
    for (const models::Category& category : world.categories) names.add_category(category.name);
  }
  part("segments", [&] { world.segments = read_segments(top, names); });  // they name categories
  part("products", [&] { world.products = read_products(top, names); });
  if (!reading.reads("products")) {
    for (const models::Product& product : world.products) names.add_product(product.name);
  }
  part("fatigue", [&] { world.fatigue = read_fatigue(top); });
  part("engagement", [&] { world.engagement = read_engagement(top); });
  part("money", [&] { world.money = read_money(top); });
  part("policy", [&] { world.policy = read_policy(top); });
}

// The base sequences and the arms over them; with a base, the arms (and the sequences) only when
// the reading reads them.
void read_sequences_and_arms(TableReader& top, const Reading& reading, Scenario& scenario,
                             const ReadContext& context) {
  if (!reading.reads("arms")) {  // neither are read: tables_to_read adds arms to sequences
    top.ignore("sequences");
    top.ignore("arms");
    return;
  }
  static const toml::table kNone;
  const toml::table* sequences = &kNone;
  std::vector<models::Sequence> base;
  if (reading.reads("sequences")) {
    sequences = top.table("sequences");
    base = read_sequences(*sequences, context);
  } else {
    top.ignore("sequences");
    if (const toml::table* own = reading.base_root->get_as<toml::table>("sequences")) {
      sequences = own;
    }
    base = reading.base_world->arms.front().sequences;  // the holdout's: the base sequences
  }
  scenario.world.arms.clear();
  scenario.world.split_arms = models::World{}.split_arms;
  read_arms(top, *sequences, base, scenario, context);
}

// Last, and on valid values only: whether the run as a whole fits (scenarios/limits.hpp). A
// point's document holds only the tables it read again, copied: nodes there, and the document
// itself, have no position, so a limit's key is found by its origin, wherever it is.
void check_limits(const toml::table& root, const Reading& reading, const Scenario& scenario,
                  Problems& problems) {
  const std::vector<OverLimit> over_limit = over_limits(scenario.world, scenario.replications);
  if (!over_limit.empty() && reading.all_origins) problems.origins = reading.all_origins();
  for (const OverLimit& over : over_limit) {
    const toml::node* value = root.at_path(over.key).node();
    problems.add(value != nullptr ? value->source() : root.source(), over.message, over.key);
  }
}

// Reads `root` (without its sweep) into a scenario: every table, then the limits. `origins` are
// the positions of values that copying lost. Throws InputError with every problem found.
Scenario read_scenario(const toml::table& root, const std::string& file, Origins origins,
                       const Reading& reading = {}) {
  Problems problems;
  problems.main_file = file;
  problems.origins = std::move(origins);
  Scenario scenario;
  scenario.file = file;
  if (reading.base_world != nullptr) scenario.world = *reading.base_world;
  if (reading.base_world == nullptr) problems.uncertain = &scenario.uncertain;
  TableReader top(root, "", problems);
  read_top_level(top, scenario);
  References names;
  read_world_tables(top, reading, scenario.world, names);
  const ReadContext context{problems, names, scenario.world.products, scenario.world.segments};
  read_sequences_and_arms(top, reading, scenario, context);
  top.finish();
  if (problems.empty()) check_limits(root, reading, scenario, problems);
  if (!problems.empty()) throw InputError(problems.sorted());
  return scenario;
}

// The top-level tables a sweep point reads again: those its axes set, and what depends on them.
// A product's category and price decide a trigger's products and check a step's discount
// (products -> sequences), and the arms merge over the sequences (sequences -> arms). Otherwise
// the tables refer to each other by name, which a sweep cannot change (check_sweep_axes).
std::set<std::string, std::less<>> tables_to_read(const SweepCoordinates& coordinates) {
  std::set<std::string, std::less<>> tables;
  for (const auto& [axis, index] : coordinates) tables.insert(dotted_parts(axis->key).front());
  if (tables.contains("products")) tables.insert("sequences");
  if (tables.contains("sequences")) tables.insert("arms");
  return tables;
}

// A point's document: the base's top-level values and the tables the point reads again, copied
// (the values the point sets are set in it afterwards).
toml::table point_document(const toml::table& base,
                           const std::set<std::string, std::less<>>& tables) {
  toml::table document;
  for (auto&& [key, node] : base) {
    if (!node.is_table() || tables.contains(key.str())) document.insert_or_assign(key, node);
  }
  return document;
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

// The origins a point's reading may look up: those at and below the tables it reads (the arms'
// merge looks up the base's sequences too), and the other top-level keys (limits fall back to
// them); not the rest, so a point costs what it reads, not the whole file.
Origins origins_for_point(const Origins& origins, const toml::table& base, const Reading& reading) {
  Origins point;
  for (auto&& [key, node] : base) {
    const std::string table(key.str());
    const bool below =
        !node.is_table() || reading.reads(table) || (table == "sequences" && reading.reads("arms"));
    point.copy(origins, table, !below);
  }
  return point;
}

// A point's swept values come from [sweep]: their problems are reported at the axis.
void record_swept(Origins& origins, const SweepCoordinates& coordinates) {
  for (const auto& [axis, index] : coordinates) {
    origins.values[axis->key] = axis->where;
    origins.keys[axis->key] = axis->where;
  }
}

// Loads every point of the sweep: the base with the point's values set, each value reported at
// its place in [sweep] when it is wrong. Every problem of every point is collected, once.
std::vector<ScenarioPoint> load_sweep(const toml::table& sweep, const toml::table& base,
                                      const models::World& base_world, const std::string& file,
                                      const Origins& origins,
                                      const std::vector<std::string>& pinned) {
  Problems problems;
  problems.main_file = file;
  problems.origins = origins;
  const SweepAxes axes = read_sweep(sweep, pinned, problems);
  check_sweep_axes(base, axes, problems);
  if (!problems.empty()) throw InputError(problems.sorted());
  std::vector<ScenarioPoint> points;
  for (const SweepCoordinates& coordinates : sweep_points(axes)) {
    Reading reading{&base, &base_world, tables_to_read(coordinates), [&] {
                      Origins all = origins;
                      record_swept(all, coordinates);
                      return all;
                    }};
    toml::table root = point_document(base, reading.tables);
    Origins point_origins = origins_for_point(origins, base, reading);
    record_swept(point_origins, coordinates);
    ScenarioPoint point;
    for (const auto& [axis, index] : coordinates) {
      const toml::node& value = axis->values[index];
      point.parameters.emplace_back(axis->key, toml_text(value));
      if (!set_dotted(root, axis->key, value)) {
        problems.add(
            axis->where,
            fmt::format("cannot sweep '{}': part of it is a value, not a table", axis->key),
            "sweep." + axis->key);
      }
    }
    if (!problems.empty()) break;
    try {
      Scenario scenario = read_scenario(root, file, std::move(point_origins), reading);
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

// A swept key takes the sweep's values at its points: its base distribution is never drawn.
void drop_swept(std::vector<UncertainValue>& uncertain, const std::vector<ScenarioPoint>& points) {
  if (points.empty()) return;
  std::erase_if(uncertain, [&](const UncertainValue& value) {
    const auto& swept = points.front().parameters;
    return std::any_of(swept.begin(), swept.end(),
                       [&](const auto& parameter) { return parameter.first == value.key; });
  });
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
    scenario.sweep = load_sweep(*sweep, root, scenario.world, file_name, origins, pinned);
    check_sweep_limits(scenario.sweep, *sweep, file_name);
    drop_swept(scenario.uncertain, scenario.sweep);
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

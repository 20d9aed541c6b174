#include "scenarios/arms.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "scenarios/distributions.hpp"
#include "scenarios/overrides.hpp"
#include "scenarios/sequences.hpp"

namespace xsellsim::scenarios {

namespace {

struct ArmShare {
  std::size_t arm = 0;  // in World::arms
  std::string name;
  const toml::table* table = nullptr;
  std::optional<double> share;  // nullopt: absent or wrong (recorded)
};

// `share` of every arm or of none: with shares, each customer is assigned to one arm.
void read_arm_shares(TableReader& top, const std::vector<ArmShare>& arms, models::World& world) {
  Problems& problems = top.problems();
  auto has_share = [](const ArmShare& a) { return a.table->contains("share"); };
  if (std::none_of(arms.begin(), arms.end(), has_share)) return;
  const std::string missing = "missing share: give every arm a share, or none";
  bool complete = true;
  if (std::none_of(arms.begin(), arms.end(), [](const ArmShare& a) { return a.arm == 0; })) {
    // The holdout is not in the file: report it at the arms.
    top.error(top.where("arms"), missing + " (the holdout too: [arms.holdout])",
              "arms.holdout.share");
    complete = false;
  }
  double total = 0;
  for (const ArmShare& a : arms) {
    if (!has_share(a)) {
      problems.add(a.table->source(), missing, "arms." + a.name + ".share");
      complete = false;
    } else if (!a.share) {
      complete = false;  // wrong: recorded
    } else {
      total += *a.share;
    }
  }
  if (!complete) return;
  if (std::abs(total - 1.0) > 1e-9) {
    const ArmShare& first = arms.front();
    problems.add(first.table->get("share")->source(),
                 fmt::format("arm shares sum to {}, not 1", total),
                 "arms." + first.name + ".share");
    return;
  }
  world.split_arms = true;
  for (const ArmShare& a : arms) world.arms[a.arm].share = *a.share;
}

std::vector<std::string> names_of(const toml::table* table) {
  std::vector<std::string> names;
  if (table != nullptr) {
    for (auto&& [key, node] : *table) names.emplace_back(key.str());
  }
  return names;
}

const toml::table* sub_table(const toml::table* table, std::string_view key) {
  const toml::node* node = table == nullptr ? nullptr : table->get(key);
  return node == nullptr ? nullptr : node->as_table();
}

// Whether `table` (of the thing at `where`) says add = true; an `add` is removed from `copy`.
bool adds(const toml::table& table, toml::table& copy, const std::string& where,
          Problems& problems) {
  const toml::node* add = table.get("add");
  if (add == nullptr) return false;
  copy.erase("add");
  if (!add->is_boolean()) {
    problems.add(add->source(), "expected true or false, got another type", where + ".add");
    return false;
  }
  return add->as_boolean()->get();
}

// The steps an arm changes in a sequence the base has: each must be the base's, or say add = true.
void check_arm_steps(const toml::key& sequence_name, const toml::table& sequence,
                     toml::table& sequence_copy, const toml::table& base_sequence,
                     const std::string& sequence_path, Problems& problems) {
  const toml::table* steps = sub_table(&sequence, "steps");
  const toml::table* base_steps = sub_table(&base_sequence, "steps");
  if (steps == nullptr) return;
  toml::table& steps_copy = *sequence_copy.get("steps")->as_table();
  for (auto&& [step_name, step_node] : *steps) {
    const toml::table* step = step_node.as_table();
    if (step == nullptr) continue;
    const std::string step_path = sequence_path + ".steps." + std::string(step_name.str());
    const bool step_added =
        adds(*step, *steps_copy.get(step_name.str())->as_table(), step_path, problems);
    const bool in_base = base_steps != nullptr && base_steps->contains(step_name.str());
    if (!in_base && !step_added) {
      steps_copy.erase(step_name.str());
      problems.add(step_name.source(),
                   fmt::format("unknown step '{}' of sequence '{}'{} (to add a step in this arm "
                               "only, write add = true in its table)",
                               step_name.str(), sequence_name.str(),
                               suggestion(step_name.str(), names_of(base_steps))),
                   step_path, true);
    } else if (in_base && step_added) {
      problems.add(step->get("add")->source(),
                   fmt::format("add = true is for a step the base does not have; sequence '{}' "
                               "has '{}': leave add out to change it",
                               sequence_name.str(), step_name.str()),
                   step_path + ".add");
    }
  }
}

// An arm changes what the base has: a sequence or step of the arm that the base lacks is a
// misspelling ([arms.late.sequences.coffee.steps.grinder_pich]) unless its table says
// `add = true`. Returns the arm's table without its `add` keys, to merge over the base.
toml::table arm_changes(TableReader& arm, const toml::table& changes,
                        const toml::table& base_table) {
  Problems& problems = arm.problems();
  toml::table kept = changes;
  const std::string path = arm.path_of("sequences");
  for (auto&& [name, node] : changes) {
    const toml::table* sequence = node.as_table();
    if (sequence == nullptr) continue;  // reported when the merged table is read
    const std::string sequence_path = path + "." + std::string(name.str());
    toml::table& sequence_copy = *kept.get(name.str())->as_table();
    const toml::table* base_sequence = sub_table(&base_table, name.str());
    const bool added = adds(*sequence, sequence_copy, sequence_path, problems);
    if (base_sequence == nullptr) {
      if (!added) {
        kept.erase(name.str());  // not merged: its problems would all follow from the name
        problems.add(name.source(),
                     fmt::format("unknown sequence '{}'{} (to add a sequence in this arm only, "
                                 "write add = true in its table)",
                                 name.str(), suggestion(name.str(), names_of(&base_table))),
                     sequence_path, true);
      }
      continue;  // a new sequence: all its steps are new
    }
    if (added) {
      problems.add(sequence->get("add")->source(),
                   fmt::format("add = true is for a sequence the base does not have; the base "
                               "has '{}': leave add out to change it",
                               name.str()),
                   sequence_path + ".add");
    }
    check_arm_steps(name, *sequence, sequence_copy, *base_sequence, sequence_path, problems);
  }
  return kept;
}

// An arm step's `at` or `delay` replaces the base step's timing, whichever of the two it has.
void replace_timing(toml::table& merged, const toml::table& changes) {
  for (auto&& [name, node] : changes) {
    const toml::table* steps = sub_table(node.as_table(), "steps");
    if (steps == nullptr) continue;
    for (auto&& [step_name, step] : *steps) {
      const toml::table* own = step.as_table();
      if (own == nullptr || own->contains("at") == own->contains("delay")) continue;
      toml::table* target = merged[name.str()]["steps"][step_name.str()].as_table();
      if (target != nullptr) target->erase(own->contains("at") ? "delay" : "at");
    }
  }
}

// Visits the entries of a sorted map whose path starts with `prefix`.
template <class Visit>
void for_each_under(const std::map<std::string, toml::source_region>& paths,
                    const std::string& prefix, Visit visit) {
  for (auto it = paths.lower_bound(prefix); it != paths.end() && it->first.starts_with(prefix);
       ++it) {
    visit(it->first, it->second);
  }
}

// Origins of the arm's merged `sequences` table: the base's, overwritten by the arm's own. Only
// the paths under those two prefixes are visited, so many arms cost linear, not quadratic, time.
Origins arm_origins(const Origins& file, const std::string& arm_path) {
  Origins merged;
  const std::string arm_prefix = arm_path + ".";
  for (const auto* side : {&file.values, &file.keys}) {
    auto& into = side == &file.values ? merged.values : merged.keys;
    for_each_under(*side, "sequences",
                   [&](const auto& path, const auto& where) { into.emplace(path, where); });
    for_each_under(*side, arm_prefix + "sequences", [&](const auto& path, const auto& where) {
      into[path.substr(arm_prefix.size())] = where;
    });
  }
  return merged;
}

// The base's sequences with `changed` in their place, and those the arm adds, in key order (the
// order of read_sequences).
std::vector<models::Sequence> with_changes(const std::vector<models::Sequence>& base,
                                           std::vector<models::Sequence> changed) {
  std::vector<models::Sequence> merged;
  merged.reserve(base.size() + changed.size());
  auto b = base.begin();
  auto c = changed.begin();
  while (b != base.end() || c != changed.end()) {
    if (c == changed.end() || (b != base.end() && b->name < c->name)) {
      merged.push_back(*b++);
    } else {
      if (b != base.end() && b->name == c->name) ++b;  // the arm's version replaces the base's
      merged.push_back(std::move(*c++));
    }
  }
  return merged;
}

// The distributions `read` from an arm's merged sequences that the arm writes itself are the
// arm's: they are collected with its path ("arms.late.sequences..."). The others are the base's,
// collected already under their own key.
void add_arm_distributions(const TableReader& arm, const toml::table& changes,
                           const std::vector<UncertainValue>& read,
                           std::vector<UncertainValue>& collected) {
  constexpr std::string_view kSequences = "sequences.";
  for (const UncertainValue& value : read) {
    if (!value.key.starts_with(kSequences)) continue;
    if (!changes.at_path(std::string_view(value.key).substr(kSequences.size()))) continue;
    std::string key = arm.path() + "." + value.key;
    const bool known = std::any_of(collected.begin(), collected.end(),
                                   [&](const UncertainValue& other) { return other.key == key; });
    if (!known) collected.push_back({std::move(key), value.distribution});
  }
}

// The base sequences with the arm's partial `sequences` table merged over them. Only the
// sequences the arm changes are read again (the base's table with the arm's values merged in);
// the others are the base's, as read. Problems that come from the arm's own values are reported
// with the arm's dotted path.
std::vector<models::Sequence> arm_sequences(TableReader& arm, const toml::table& base_table,
                                            const std::vector<models::Sequence>& base,
                                            const ReadContext& context) {
  if (!arm.has("sequences")) return base;
  Problems& problems = context.problems;
  const toml::table changes = arm_changes(arm, *arm.table("sequences"), base_table);
  toml::table merged;
  for (auto&& [name, node] : base_table) {
    if (changes.contains(name.str())) merged.insert_or_assign(name, node);
  }
  deep_merge(merged, changes);
  replace_timing(merged, changes);
  // The merged copy has no positions: map its paths to where base and arm values came from.
  Origins file_origins = std::move(problems.origins);  // moved, not copied: once per arm
  problems.origins = arm_origins(file_origins, arm.path());
  std::size_t before = problems.size();
  std::vector<UncertainValue>* collected = problems.uncertain;
  std::vector<UncertainValue> read_here;  // under the merged copy's paths: "sequences..."
  if (collected != nullptr) problems.uncertain = &read_here;
  std::vector<models::Sequence> changed = read_sequences(merged, context);
  problems.uncertain = collected;
  if (collected != nullptr) add_arm_distributions(arm, changes, read_here, *collected);
  problems.origins = std::move(file_origins);
  for (Diagnostic& d : problems.take_after(before)) {
    if (problems.contains(d.key, d.message)) continue;  // the base's own problem, reported once
    d.key = arm.path() + "." + d.key;
    problems.add(std::move(d));
  }
  return with_changes(base, std::move(changed));
}

}  // namespace

void read_arms(TableReader& top, const toml::table& base_table,
               const std::vector<models::Sequence>& base, Scenario& scenario,
               const ReadContext& context) {
  models::World& world = scenario.world;
  world.arms.push_back({std::string(models::kHoldoutArm), false, base});
  scenario.arms.push_back({std::string(models::kHoldoutArm), "receives no email"});
  if (!top.has("arms")) {
    world.arms.push_back({"email", true, base});
    scenario.arms.push_back({"email", "the scenario's sequences"});
    top.ignore("arms");
    return;
  }
  std::vector<ArmShare> shares;
  for (const auto& [name, table] : top.named_in_file_order("arms")) {
    TableReader reader = top.sub(*table, "arms." + name);
    std::string description = reader.string("description").value_or("");
    const std::size_t arm = name == models::kHoldoutArm ? 0 : world.arms.size();
    shares.push_back({arm, name, table, reader.number("share", Range::probability())});
    if (name == models::kHoldoutArm) {
      if (reader.has("sequences")) {
        reader.error(reader.where("sequences"),
                     "the holdout receives nothing: it cannot override sequences", "sequences");
      }
      reader.ignore("sequences");
      if (!description.empty()) scenario.arms[0].description = description;
    } else {
      world.arms.push_back({name, true, arm_sequences(reader, base_table, base, context)});
      scenario.arms.push_back({name, description});
    }
    reader.finish();
  }
  read_arm_shares(top, shares, world);
}

}  // namespace xsellsim::scenarios

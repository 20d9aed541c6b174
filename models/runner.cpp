#include "models/runner.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <memory>
#include <optional>

#include "models/catalog.hpp"
#include "models/compiled_arm.hpp"
#include "models/customer.hpp"
#include "models/customer_life.hpp"
#include "sim/parallel.hpp"

namespace xsellsim::models {

namespace {

struct BlockResult {
  std::size_t replication = 0;
  std::vector<ArmTally> arms;
  RunStats stats;
};

ArmTally empty_tally(const World& world, const Arm& arm, std::size_t days) {
  return ArmTally(days, step_count(arm), world.segments.size());
}

// Arm a of the `arms` run, with room for its paired sums with arms a, a + 1, ...
ArmTally paired_tally(const World& world, const std::deque<Arm>& arms, std::size_t a,
                      std::size_t days) {
  ArmTally tally = empty_tally(world, arms[a], days);
  tally.pair_with(arms.size() - a, days);
  return tally;
}

// Whether two sequences enter the same customers at the same moments, whatever they send: the
// trigger, its window and wait, a broadcast's time and audience, the minimum order value, re-entry.
bool same_entry(const Sequence& a, const Sequence& b) {
  return a.enabled == b.enabled && a.trigger_products == b.trigger_products &&
         a.trigger_event == b.trigger_event && a.visits == b.visits && a.window == b.window &&
         a.wait == b.wait && a.at == b.at && a.audience == b.audience &&
         a.min_order_value == b.min_order_value && a.reentry == b.reentry &&
         a.cooldown == b.cooldown;
}

bool same_entry(const Arm& a, const Arm& b) {
  auto covered = [](const Arm& x, const Arm& y) {
    return std::all_of(x.sequences.begin(), x.sequences.end(), [&](const Sequence& s) {
      if (!s.enabled) return true;
      return std::any_of(y.sequences.begin(), y.sequences.end(),
                         [&](const Sequence& t) { return t.name == s.name && same_entry(s, t); });
    });
  };
  return covered(a, b) && covered(b, a);
}

// Running totals of what a customer can add to an arm's tally, per paired figure (net value
// before its send costs).
PairedFigures running_totals(const ArmTally& t) {
  PairedFigures totals{};
  auto at = [&totals](Paired figure) -> std::int64_t& {
    return totals[static_cast<std::size_t>(figure)];
  };
  at(Paired::kEntrants) = t.entrants;
  at(Paired::kRevenueCents) = t.entrant_cross_sell_cents;
  at(Paired::kMarginCents) = t.entrant_cross_sell_margin_cents;
  at(Paired::kOrderMarginCents) = t.margin_cents;
  at(Paired::kSubscriberValueCents) = t.subscriber_value_cents;
  at(Paired::kNetValueCents) = t.margin_cents + t.subscriber_value_cents;
  for (const StepTally& step : t.steps) {
    at(Paired::kEmails) += step.sends;
    at(Paired::kUnsubscribes) += step.unsubscribes;
    at(Paired::kComplaints) += step.complaints;
  }
  return totals;
}

// One customer's figures under one arm: the change of the running totals while it was simulated.
PairedFigures customer_figures(const PairedFigures& before, const ArmTally& after,
                               double send_cost) {
  PairedFigures figures = running_totals(after);
  for (std::size_t m = 0; m < kPairedCount; ++m) figures[m] -= before[m];
  auto at = [&figures](Paired figure) -> std::int64_t& {
    return figures[static_cast<std::size_t>(figure)];
  };
  at(Paired::kNetValueCents) -=
      std::llround(100.0 * send_cost * static_cast<double>(at(Paired::kEmails)));
  return figures;
}

// What a point needs besides its World, built once per run: the catalog graph and, for
// attribution, each emailing arm with one step left out ("shadow" arms).
struct PointModel {
  const World* world;
  Catalog catalog;
  // The world's arms, then a no-send twin (sends = false, the same sequences) of every arm whose
  // entry rules differ from the holdout's: the twin enters the same customers as its arm, so it
  // is the arm's baseline for the figures of entrants (docs/compare.md, "Matched twins"). No
  // twins when arms split the customers (a twin needs the arm's customers).
  std::deque<Arm> arms;
  std::vector<std::string> twin_of;  // [arm]: the arm a twin twins, empty for the others
  struct Shadow {
    std::size_t arm;
    std::size_t step;  // in ArmTally::steps
    Arm without_step;
  };
  std::vector<Shadow> shadows;
  // Every arm, then every shadow arm, compiled once for all blocks (deque: they keep their
  // addresses, and a CompiledArm refers to its Arm).
  std::deque<CompiledArm> compiled, compiled_shadows;

  explicit PointModel(const World& w) : world(&w), catalog(w.products) {
    arms.assign(w.arms.begin(), w.arms.end());
    twin_of.assign(arms.size(), "");
    const auto holdout = std::find_if(w.arms.begin(), w.arms.end(),
                                      [](const Arm& arm) { return arm.name == kHoldoutArm; });
    for (const Arm& arm : w.arms) {
      if (w.split_arms || holdout == w.arms.end() || &arm == &*holdout) continue;
      if (same_entry(arm, *holdout)) continue;
      Arm twin = arm;
      twin.name = arm.name + std::string(kTwinSuffix);
      twin.sends = false;
      arms.push_back(std::move(twin));
      twin_of.push_back(arm.name);
    }
    for (const Arm& arm : arms) compiled.emplace_back(w, catalog, arm);
    if (!w.attribution) return;
    for (std::size_t a = 0; a < w.arms.size(); ++a) {
      if (!w.arms[a].sends) continue;
      std::size_t step = 0;
      for (std::size_t s = 0; s < w.arms[a].sequences.size(); ++s) {
        for (std::size_t j = 0; j < w.arms[a].sequences[s].steps.size(); ++j, ++step) {
          Shadow shadow{a, step, w.arms[a]};
          shadow.without_step.sequences[s].steps[j].silent = true;
          shadows.push_back(std::move(shadow));
        }
      }
    }
    for (const Shadow& shadow : shadows)
      compiled_shadows.emplace_back(w, catalog, shadow.without_step);
  }
  // The compiled arms refer to this model's catalog and shadow arms: it never moves.
  PointModel(const PointModel&) = delete;
  PointModel& operator=(const PointModel&) = delete;
  PointModel(PointModel&&) = delete;
  PointModel& operator=(PointModel&&) = delete;
  ~PointModel() = default;
};

// Simulates customers [first, last) of one replication under every arm (and every shadow arm).
// Traits and the organic timeline are drawn once and shared by the arms: the arms differ only by
// the treatment.
BlockResult simulate_block(const PointModel& model, const RunOptions& options,
                           std::size_t replication, std::uint64_t first, std::uint64_t last,
                           std::size_t days) {
  const World& world = *model.world;
  BlockResult result;
  result.replication = replication;
  std::vector<CustomerLife> lives;
  for (std::size_t a = 0; a < model.compiled.size(); ++a) {
    lives.emplace_back(model.compiled[a]);
    result.arms.push_back(paired_tally(world, model.arms, a, days));
  }
  std::vector<PairedFigures> before(lives.size()), figures(lives.size());
  std::vector<std::size_t> converted_days(lives.size());
  std::vector<CustomerLife> shadow_lives;
  std::vector<ArmTally> shadow_tallies;
  for (const CompiledArm& arm : model.compiled_shadows) {
    shadow_lives.emplace_back(arm);
    shadow_tallies.push_back(empty_tally(world, arm.arm, days));
  }

  CustomerSimulation simulation;
  OrganicTimeline timeline;
  for (std::uint64_t customer = first; customer < last; ++customer) {
    CustomerKey key{options.seed, replication, customer};
    Traits traits = draw_traits(world, key);
    draw_organic_timeline(world, model.catalog, traits, key, timeline);
    // A split gives the customer one arm; the paired design every arm.
    const std::optional<std::size_t> only = assigned_arm(world, key);
    for (std::size_t a = 0; a < lives.size(); ++a) {
      before[a] = running_totals(result.arms[a]);
      result.arms[a].conversion.last_event_day = SurvivalTally::kNoEvent;
      if (only && a != *only) continue;
      lives[a].simulate(key, traits, timeline, simulation, result.arms[a]);
      ++result.stats.customers;
    }
    for (std::size_t a = 0; a < lives.size(); ++a) {
      figures[a] = customer_figures(before[a], result.arms[a], world.money.send_cost);
      converted_days[a] = result.arms[a].conversion.last_event_day;
    }
    pair_customer(result.arms, figures, converted_days);
    for (std::size_t s = 0; s < shadow_lives.size(); ++s) {
      if (only && model.shadows[s].arm != *only) continue;
      shadow_lives[s].simulate(key, traits, timeline, simulation, shadow_tallies[s]);
      ++result.stats.customers;
    }
  }
  for (std::size_t s = 0; s < model.shadows.size(); ++s) {
    StepTally& step = result.arms[model.shadows[s].arm].steps[model.shadows[s].step];
    step.without_step_cents += shadow_tallies[s].entrant_cross_sell_cents;
    for (auto events : shadow_tallies[s].conversion.events) step.without_step_conversions += events;
  }
  result.stats.events = simulation.events_processed();
  return result;
}

}  // namespace

namespace {

RunResult empty_result(const PointModel& model, int replications) {
  const World& world = *model.world;
  RunResult result;
  result.days = static_cast<std::size_t>(sim::day_of(world.population.horizon)) + 1;
  result.attribution = world.attribution;
  result.send_cost = world.money.send_cost;
  result.split_arms = world.split_arms;
  result.twin_of = model.twin_of;
  for (const Segment& segment : world.segments) result.segment_names.push_back(segment.name);
  std::vector<ArmTally> tallies;
  for (std::size_t a = 0; a < model.arms.size(); ++a) {
    const Arm& arm = model.arms[a];
    result.arm_names.push_back(arm.name);
    auto& names = result.step_names.emplace_back();
    for (const Sequence& sequence : arm.sequences) {
      for (const Step& step : sequence.steps) names.push_back(sequence.name + "." + step.name);
    }
    tallies.push_back(paired_tally(world, model.arms, a, result.days));
  }
  result.tallies.assign(static_cast<std::size_t>(replications), tallies);
  return result;
}

// The work of a run: the (point, replication) units to simulate, in order, each cut into blocks
// of customers; all units' blocks form one list spread over threads and ranks.
struct BlockPlan {
  struct Unit {
    std::size_t point, replication;
  };
  std::vector<Unit> units;
  std::vector<std::size_t> first_block;               // [unit], plus the total at the end
  std::vector<std::uint64_t> blocks_per_replication;  // [point]

  BlockPlan(std::span<const PointSpec> points, std::uint64_t block_size,
            const RunOptions& options) {
    first_block.push_back(0);
    for (std::size_t k = 0; k < points.size(); ++k) {
      const std::uint64_t size = points[k].world->population.size;
      blocks_per_replication.push_back((size + block_size - 1) / block_size);
      for (std::size_t r = 0; r < static_cast<std::size_t>(points[k].replications); ++r) {
        if (options.skip && options.skip(k, r)) continue;
        units.push_back({k, r});
        first_block.push_back(first_block.back() + blocks_per_replication[k]);
      }
    }
  }
  [[nodiscard]] std::size_t blocks() const { return first_block.back(); }
  [[nodiscard]] std::size_t unit_of(std::size_t block) const {
    return static_cast<std::size_t>(
        std::upper_bound(first_block.begin(), first_block.end(), block) - first_block.begin() - 1);
  }
};

// The models of a point: one, or one per parameter block (never copied: a Boost graph each).
struct PointModels {
  std::vector<std::unique_ptr<const PointModel>> blocks;
  std::size_t replications_per_block = 1;
  [[nodiscard]] const PointModel& at(std::size_t replication) const {
    return *blocks[std::min(blocks.size() - 1, replication / replications_per_block)];
  }
};

PointModels point_models(const PointSpec& point, const std::vector<const World*>& blocks) {
  PointModels models;
  const auto replications = static_cast<std::size_t>(std::max(1, point.replications));
  if (blocks.empty()) {
    models.blocks.push_back(std::make_unique<const PointModel>(*point.world));
    models.replications_per_block = replications;
    return models;
  }
  if (replications % blocks.size() != 0) {
    throw BlocksMismatch("the replications must be a multiple of the parameter blocks");
  }
  models.replications_per_block = replications / blocks.size();
  for (const World* world : blocks) {
    models.blocks.push_back(std::make_unique<const PointModel>(*world));
    const PointModel& first = *models.blocks.front();
    const PointModel& model = *models.blocks.back();
    if (model.twin_of != first.twin_of || model.arms.size() != first.arms.size() ||
        world->population.size != point.world->population.size) {
      throw BlocksMismatch("the worlds of the parameter blocks differ in their arms or size");
    }
  }
  return models;
}

struct PointBlock {
  std::size_t unit = 0;
  BlockResult part;
};

}  // namespace

RunResult run(const World& world, const RunOptions& options, ProgressCallback progress,
              void* progress_context) {
  const PointSpec point{&world, options.replications};
  return std::move(run_points({&point, 1}, options, progress, progress_context).front());
}

std::vector<RunResult> run_points(std::span<const PointSpec> points, const RunOptions& options,
                                  ProgressCallback progress, void* progress_context) {
  std::vector<PointModels> models;
  std::vector<RunResult> results;
  for (std::size_t k = 0; k < points.size(); ++k) {
    static const std::vector<const World*> kNoBlocks;
    const auto& blocks =
        k < options.parameter_blocks.size() ? options.parameter_blocks[k] : kNoBlocks;
    models.push_back(point_models(points[k], blocks));
    results.push_back(empty_result(*models.back().blocks.front(), points[k].replications));
    results.back().parameter_blocks = blocks.size();
  }
  const std::uint64_t block_size = std::max<std::uint64_t>(1, options.block_size);
  const BlockPlan plan(points, block_size, options);
  std::vector<RunStats> unit_stats(plan.units.size());
  std::atomic<std::uint64_t> customers_done{0};

  auto produce = [&](std::size_t block) {
    if (options.stop != nullptr && options.stop->load()) throw RunStopped();
    const std::size_t u = plan.unit_of(block);
    const auto [k, replication] = plan.units[u];
    const World& world = *points[k].world;
    const std::uint64_t first = (block - plan.first_block[u]) * block_size;
    const std::uint64_t last = std::min(world.population.size, first + block_size);
    PointBlock done{u, simulate_block(models[k].at(replication), options, replication, first, last,
                                      results[k].days)};
    const std::uint64_t customers = customers_done += last - first;
    if (progress) progress(progress_context, customers);
    return done;
  };
  std::size_t folded = 0;  // blocks folded so far, in block order
  auto fold = [&](PointBlock&& done) {
    const auto [k, replication] = plan.units[done.unit];
    RunResult& result = results[k];
    auto& tallies = result.tallies[replication];
    for (std::size_t a = 0; a < tallies.size(); ++a) tallies[a].merge(done.part.arms[a]);
    result.stats.customers += done.part.stats.customers;
    result.stats.events += done.part.stats.events;
    unit_stats[done.unit].customers += done.part.stats.customers;
    unit_stats[done.unit].events += done.part.stats.events;
    // A unit is whole when its last block is folded (a single process holds all its blocks).
    if (++folded == plan.first_block[done.unit + 1] && options.finished && options.ranks <= 1) {
      options.finished(k, replication, tallies, unit_stats[done.unit]);
    }
  };
  const unsigned ranks = std::max(1u, options.ranks);
  const std::size_t my_blocks =
      plan.blocks() / ranks + (options.rank < plan.blocks() % ranks ? 1 : 0);
  auto produce_mine = [&](std::size_t mine) { return produce(mine * ranks + options.rank); };
  sim::map_fold_ordered<PointBlock>(my_blocks, options.threads, produce_mine, fold);
  if (options.stop != nullptr && options.stop->load()) throw RunStopped();
  return results;
}

}  // namespace xsellsim::models

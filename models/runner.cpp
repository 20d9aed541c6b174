#include "models/runner.hpp"

#include <algorithm>
#include <atomic>
#include <memory>

#include "models/catalog.hpp"
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

// Simulates customers [first, last) of one replication under every arm. Traits and the organic
// timeline are drawn once and shared by the arms: the arms differ only by the treatment.
BlockResult simulate_block(const World& world, const Catalog& catalog, const RunOptions& options,
                           std::size_t replication, std::uint64_t first, std::uint64_t last,
                           std::size_t days) {
  BlockResult result;
  result.replication = replication;
  result.arms.assign(world.arms.size(), ArmTally(days));
  std::vector<CustomerLife> lives;
  lives.reserve(world.arms.size());
  for (const Arm& arm : world.arms) lives.emplace_back(world, catalog, arm);

  CustomerSimulation simulation;
  std::vector<OrganicPurchase> timeline;
  for (std::uint64_t customer = first; customer < last; ++customer) {
    CustomerKey key{options.seed, replication, customer};
    Traits traits = draw_traits(world, key);
    draw_organic_timeline(world, catalog, traits, key, timeline);
    for (std::size_t a = 0; a < lives.size(); ++a) {
      lives[a].simulate(key, traits, timeline, simulation, result.arms[a]);
    }
  }
  result.stats.customers = (last - first) * world.arms.size();
  result.stats.events = simulation.events_processed();
  return result;
}

}  // namespace

namespace {

RunResult empty_result(const World& world, int replications) {
  RunResult result;
  for (const Arm& arm : world.arms) result.arm_names.push_back(arm.name);
  result.days = static_cast<std::size_t>(sim::day_of(world.population.horizon)) + 1;
  result.tallies.assign(static_cast<std::size_t>(replications),
                        std::vector<ArmTally>(world.arms.size(), ArmTally(result.days)));
  return result;
}

// Where the blocks of each point begin in the one list of blocks of the whole run.
struct BlockPlan {
  std::vector<std::size_t> first_block;  // [point], plus the total at the end
  std::vector<std::uint64_t> blocks_per_replication;

  BlockPlan(std::span<const PointSpec> points, std::uint64_t block_size) {
    first_block.push_back(0);
    for (const PointSpec& point : points) {
      const std::uint64_t size = point.world->population.size;
      blocks_per_replication.push_back((size + block_size - 1) / block_size);
      first_block.push_back(first_block.back() + blocks_per_replication.back() *
                                                     static_cast<std::size_t>(point.replications));
    }
  }
  [[nodiscard]] std::size_t blocks() const { return first_block.back(); }
  [[nodiscard]] std::size_t point_of(std::size_t block) const {
    return static_cast<std::size_t>(
        std::upper_bound(first_block.begin(), first_block.end(), block) - first_block.begin() - 1);
  }
};

struct PointBlock {
  std::size_t point = 0;
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
  std::vector<std::unique_ptr<const Catalog>> catalogs;  // never copied: a Boost graph each
  std::vector<RunResult> results;
  for (const PointSpec& point : points) {
    catalogs.push_back(std::make_unique<const Catalog>(point.world->products));
    results.push_back(empty_result(*point.world, point.replications));
  }
  const std::uint64_t block_size = std::max<std::uint64_t>(1, options.block_size);
  const BlockPlan plan(points, block_size);
  std::atomic<std::uint64_t> lives_done{0};

  auto produce = [&](std::size_t block) {
    if (options.stop != nullptr && options.stop->load()) throw RunStopped();
    const std::size_t k = plan.point_of(block);
    const World& world = *points[k].world;
    const std::size_t local = block - plan.first_block[k];
    const std::size_t replication = local / plan.blocks_per_replication[k];
    const std::uint64_t first = (local % plan.blocks_per_replication[k]) * block_size;
    const std::uint64_t last = std::min(world.population.size, first + block_size);
    PointBlock done{k, simulate_block(world, *catalogs[k], options, replication, first, last,
                                      results[k].days)};
    const std::uint64_t lives = lives_done += done.part.stats.customers;
    if (progress) progress(progress_context, lives);
    return done;
  };
  auto fold = [&](PointBlock&& done) {
    RunResult& result = results[done.point];
    auto& tallies = result.tallies[done.part.replication];
    for (std::size_t a = 0; a < tallies.size(); ++a) tallies[a].merge(done.part.arms[a]);
    result.stats.customers += done.part.stats.customers;
    result.stats.events += done.part.stats.events;
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

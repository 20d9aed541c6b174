#include "models/runner.hpp"

#include <atomic>

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

RunResult run(const World& world, const RunOptions& options, ProgressCallback progress,
              void* progress_context) {
  const Catalog catalog(world.products);
  RunResult result;
  for (const Arm& arm : world.arms) result.arm_names.push_back(arm.name);
  result.days = static_cast<std::size_t>(sim::day_of(world.population.horizon)) + 1;
  const auto replications = static_cast<std::size_t>(options.replications);
  result.tallies.assign(replications,
                        std::vector<ArmTally>(world.arms.size(), ArmTally(result.days)));

  const std::uint64_t size = world.population.size;
  const std::uint64_t block_size = std::max<std::uint64_t>(1, options.block_size);
  const std::uint64_t blocks_per_replication = (size + block_size - 1) / block_size;
  std::atomic<std::uint64_t> lives_done{0};

  auto produce = [&](std::size_t block) {
    if (options.stop != nullptr && options.stop->load()) throw RunStopped();
    std::size_t replication = block / blocks_per_replication;
    std::uint64_t first = (block % blocks_per_replication) * block_size;
    std::uint64_t last = std::min(size, first + block_size);
    BlockResult part =
        simulate_block(world, catalog, options, replication, first, last, result.days);
    std::uint64_t done = lives_done += part.stats.customers;
    if (progress) progress(progress_context, done);
    return part;
  };
  auto fold = [&](BlockResult&& part) {
    auto& tallies = result.tallies[part.replication];
    for (std::size_t a = 0; a < tallies.size(); ++a) tallies[a].merge(part.arms[a]);
    result.stats.customers += part.stats.customers;
    result.stats.events += part.stats.events;
  };
  const std::size_t blocks = replications * blocks_per_replication;
  const unsigned ranks = std::max(1u, options.ranks);
  const std::size_t my_blocks = blocks / ranks + (options.rank < blocks % ranks ? 1 : 0);
  auto produce_mine = [&](std::size_t mine) { return produce(mine * ranks + options.rank); };
  sim::map_fold_ordered<BlockResult>(my_blocks, options.threads, produce_mine, fold);
  if (options.stop != nullptr && options.stop->load()) throw RunStopped();
  return result;
}

}  // namespace xsellsim::models

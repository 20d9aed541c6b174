// Simulated logs (models/export.hpp): the runner's per-customer loop, one customer at a time, with
// a log attached to the life of the customer's own arm.
#include "models/export.hpp"

#include <algorithm>
#include <deque>

#include "models/compiled_arm.hpp"
#include "models/customer.hpp"
#include "models/customer_life.hpp"

namespace xsellsim::models {

std::optional<std::size_t> baseline_arm(const World& world) {
  for (std::size_t a = 0; a < world.arms.size(); ++a) {
    if (!world.arms[a].sends) return a;
  }
  return std::nullopt;
}

std::size_t exported_arm(const World& world, std::uint64_t seed, std::size_t replication,
                         std::uint64_t customer) {
  const CustomerKey key{seed, replication, customer};
  if (const std::optional<std::size_t> split = assigned_arm(world, key)) return *split;
  // The split's stream, read as equal shares: a customer of a paired run is shown under one arm.
  const double u = key.stream(purpose_key(Purpose::kArm)).uniform();
  const auto arms = world.arms.size();
  return std::min(arms - 1, static_cast<std::size_t>(u * static_cast<double>(arms)));
}

void export_lives(const World& world, std::uint64_t seed, std::size_t replication,
                  ExportSink& sink) {
  const Catalog catalog(world.products);
  std::deque<CompiledArm> compiled;  // the lives refer to them: they never move
  std::vector<CustomerLife> lives;
  std::vector<ArmTally> tallies;
  const auto days = static_cast<std::size_t>(sim::day_of(world.population.horizon)) + 1;
  for (const Arm& arm : world.arms) {
    compiled.emplace_back(world, catalog, arm);
    lives.emplace_back(compiled.back());
    tallies.emplace_back(days, step_count(arm), world.segments.size());
  }
  CustomerSimulation simulation;
  OrganicTimeline timeline;
  ExportedCustomer exported;
  for (std::uint64_t customer = 0; customer < world.population.size; ++customer) {
    const CustomerKey key{seed, replication, customer};
    const Traits traits = draw_traits(world, key);
    draw_organic_timeline(world, catalog, traits, key, timeline);
    // Kept between customers: the arm vectors keep their memory.
    exported.customer = customer;
    exported.segment = traits.segment;
    exported.arm = exported_arm(world, seed, replication, customer);
    exported.entered.clear();
    exported.margin_cents.clear();
    exported.cross_sell_cents.clear();
    sink.customer_begins(customer, exported.arm);
    for (std::size_t a = 0; a < lives.size(); ++a) {
      // The tallies only add up: this customer's figures are what the life added.
      ArmTally& tally = tallies[a];
      const std::int64_t entrants = tally.entrants, margin = tally.margin_cents,
                         cross_sell = tally.entrant_cross_sell_cents;
      lives[a].set_log(a == exported.arm ? &sink : nullptr);
      lives[a].simulate(key, traits, timeline, simulation, tally);
      exported.entered.push_back(tally.entrants > entrants);
      exported.margin_cents.push_back(tally.margin_cents - margin);
      exported.cross_sell_cents.push_back(tally.entrant_cross_sell_cents - cross_sell);
    }
    sink.customer_ends(exported);
  }
}

}  // namespace xsellsim::models

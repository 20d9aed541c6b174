// One customer's life as a whole: what the kernel sees of it (each occasion buys one product; the
// holdout's purchases are exactly its occasions) and that a life starts afresh for each customer.
#include "models/customer_life.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "models/catalog.hpp"
#include "models/compiled_arm.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

TEST(CustomerLife, TheHoldoutBuysExactlyAtItsOccasions) {
  World world = testing::camera_world(1);
  const Catalog catalog(world.products);
  const CompiledArm holdout(world, catalog, world.arms[0]);
  CustomerLife life(holdout);
  const auto days = static_cast<std::size_t>(sim::day_of(world.population.horizon)) + 1;
  ArmTally tally(days, step_count(world.arms[0]), world.segments.size());
  CustomerSimulation simulation;
  OrganicTimeline timeline;
  std::int64_t occasions = 0;
  for (std::uint64_t c = 0; c < 3000; ++c) {
    const CustomerKey key{3, 0, c};
    const Traits traits = draw_traits(world, key);
    draw_organic_timeline(world, catalog, traits, key, timeline);
    occasions += static_cast<std::int64_t>(timeline.purchases.size());
    life.simulate(key, traits, timeline, simulation, tally);
  }
  const auto& purchases = tally.series(Daily::kPurchases);
  EXPECT_EQ(std::accumulate(purchases.begin(), purchases.end(), std::int64_t{0}), occasions);
  EXPECT_EQ(tally.customers, 3000);
}

TEST(CustomerLife, ACustomerSimulatedTwiceGivesTheSameTallyTwice) {
  // Everything a life keeps is reset for the next customer: the same customer again adds the
  // same counts again.
  World world = testing::camera_world(1);
  const Catalog catalog(world.products);
  const CompiledArm email(world, catalog, world.arms[1]);
  CustomerLife life(email);
  const auto days = static_cast<std::size_t>(sim::day_of(world.population.horizon)) + 1;
  ArmTally once(days, step_count(world.arms[1]), 1), twice(days, step_count(world.arms[1]), 1);
  CustomerSimulation simulation;
  OrganicTimeline timeline;
  for (std::uint64_t c = 0; c < 500; ++c) {
    const CustomerKey key{4, 0, c};
    const Traits traits = draw_traits(world, key);
    draw_organic_timeline(world, catalog, traits, key, timeline);
    life.simulate(key, traits, timeline, simulation, once);
    life.simulate(key, traits, timeline, simulation, twice);
    life.simulate(key, traits, timeline, simulation, twice);
  }
  ArmTally doubled = once;
  doubled.merge(once);
  EXPECT_EQ(flat_counts({twice}), flat_counts({doubled}));
}

}  // namespace
}  // namespace xsellsim::models

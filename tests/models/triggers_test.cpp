// Sequences entered by browsing (frequent visits) and by cart abandonment: who enters, that the
// same customers enter in every arm, and that their emails convert by selling what was looked at.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using sim::kDay;

// Camera buyers whose tripod need forms at once and is browsed often; one sequence, entered by a
// visit or cart signal for the tripod, whose emails show the tripod.
World signal_world(TriggerEvent event) {
  World world = testing::camera_world(20000, 0, kDay, 2);
  world.segments[0].purchasing.r = 1e-9;
  world.segments[0].subscribed = 1.0;
  world.categories[1].browse_rate = 1.0;
  world.categories[1].cart_probability = 0.3;
  for (Arm& arm : world.arms) {
    Sequence& sequence = arm.sequences[0];
    sequence.trigger_products = {1};  // the tripod
    sequence.trigger_event = event;
    sequence.visits = 2;
    sequence.window = 3 * kDay;
    sequence.wait = kDay;
    for (Step& step : sequence.steps) step.recommendation = Recommendation::kTrigger;
  }
  return world;
}

RunResult run_world(const World& world) {
  RunOptions options;
  options.seed = 31;
  options.threads = 2;
  return run(world, options);
}

TEST(BrowseTrigger, FrequentVisitorsEnterAndEmailsSellWhatTheyBrowsed) {
  World world = signal_world(TriggerEvent::kBrowse);
  const RunResult result = run_world(world);
  const ArmTally& holdout = result.tallies[0][0];
  const ArmTally& email = result.tallies[0][1];
  // Entry is organic (visits), so both arms enter exactly the same customers.
  EXPECT_GT(holdout.entrants, 1000);
  EXPECT_EQ(holdout.entrants, email.entrants);
  // Emails about a product the customer is shopping for are relevant: they convert more.
  const auto h = holdout.conversion.cumulative_incidence();
  const auto e = email.conversion.cumulative_incidence();
  const double n = static_cast<double>(holdout.entrants);
  EXPECT_GT(e[30] - h[30], 5 * std::sqrt((e[30] * (1 - e[30]) + h[30] * (1 - h[30])) / n));
  // Fewer visits needed, more entrants (and never fewer).
  for (Arm& arm : world.arms) arm.sequences[0].visits = 1;
  EXPECT_GT(run_world(world).tallies[0][0].entrants, holdout.entrants);
}

TEST(CartTrigger, OnlyCartsLeftWithoutAPurchaseEnter) {
  World world = signal_world(TriggerEvent::kCart);
  const RunResult result = run_world(world);
  EXPECT_GT(result.tallies[0][0].entrants, 1000);
  EXPECT_EQ(result.tallies[0][0].entrants, result.tallies[0][1].entrants);
  // Nobody adds to the cart: nobody enters.
  for (Category& category : world.categories) category.cart_probability = 0;
  EXPECT_EQ(run_world(world).tallies[0][1].entrants, 0);
  // Everybody buys within the wait (an occasion every hour or so meets the need): nobody enters.
  // About 1/21 x 0.3 of the customers add to the cart before their first occasion, and each
  // finds no occasion within the day's wait with probability exp(-20): no entrant is expected.
  world = signal_world(TriggerEvent::kCart);
  world.population.horizon = 10 * kDay;
  testing::add_steady_occasions(world, 20.0);
  EXPECT_EQ(run_world(world).tallies[0][1].entrants, 0);
}

}  // namespace
}  // namespace xsellsim::models

namespace xsellsim::models {
namespace {

TEST(CartTrigger, ABundleHoldsTheProductLookedAtAndItsComplements) {
  // The tripod (looked at) needs a bag; the bundle shows both, and an order buys both.
  World world = signal_world(TriggerEvent::kCart);
  world.products.push_back(testing::product("bag", 1, 40.0, 0.3, 0.0, 1.0, 0.0));
  Complement bag = world.products[0].complements[0];
  bag.to = 2;
  world.products[1].complements.push_back(bag);
  for (Arm& arm : world.arms) {
    for (Step& step : arm.sequences[0].steps) {
      step.recommendation = Recommendation::kBundle;
      step.bundle_size = 2;
    }
  }
  const ArmTally email = run_world(world).tallies[0][1];
  const std::int64_t orders = email.steps[0].orders + email.steps[1].orders;
  EXPECT_GT(orders, 100);
  const auto& bought = email.series(Daily::kEmailPurchases);
  EXPECT_EQ(std::accumulate(bought.begin(), bought.end(), std::int64_t{0}), 2 * orders);
}

}  // namespace
}  // namespace xsellsim::models

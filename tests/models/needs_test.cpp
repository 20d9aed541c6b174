// Complement needs against closed forms: a need is bought here at the customer's next purchase
// occasion while it lasts (docs/model.md, "Complement needs"). Each runs 100,000 customers with a
// fixed seed and allows 5 binomial standard errors: a correct model fails a single comparison with
// probability < 1e-6.
#include <gtest/gtest.h>

#include <cmath>

#include "models/catalog.hpp"
#include "models/compiled_arm.hpp"
#include "models/customer_life.hpp"
#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using sim::kDay;

constexpr std::uint64_t kCustomers = 100000;

double binomial_tolerance(double p, double n) { return 5.0 * std::sqrt(p * (1 - p) / n) + 1e-12; }

// A world where the camera purchase at time 0 creates a tripod need, and purchase occasions come
// at a steady rate h (a practically fixed BG/NBD rate, no drop-out); an occasion without an
// active need buys a product of its own. Everybody subscribed and entered at time 0.
World need_world(Time lag, double lag_shape, double occasions_per_day) {
  World world = testing::camera_world(kCustomers);
  world.segments[0].subscribed = 1.0;
  Complement& need = world.products[0].complements[0];
  need.probability = 0.8;
  need.lag = lag;
  need.lag_shape = lag_shape;
  need.duration = 30 * kDay;
  world.products[0].return_rate = 0;
  testing::add_steady_occasions(world, occasions_per_day);
  return world;
}

std::vector<double> holdout_conversion(const World& world) {
  RunOptions options;
  options.seed = 5;
  options.threads = 2;
  RunResult result = run(world, options);
  EXPECT_EQ(result.tallies[0][0].entrants, static_cast<std::int64_t>(kCustomers));
  return result.tallies[0][0].conversion.cumulative_incidence();
}

TEST(Need, ImmediateNeedIsMetAtTheNextOccasionAtTheCompetingRiskRate) {
  // A need formed at once is bought here at the customer's first purchase occasion (rate h) unless
  // its life (rate m) ends first: P(bought here by t) = p h / (h + m) (1 - exp(-(h + m) t)).
  const double p = 0.8, h = 1.0 / 20, m = 1.0 / 30;
  auto conversion = holdout_conversion(need_world(0, 1.0, h));
  for (int day : {3, 10, 30, 90}) {
    double t = day + 1;  // the curve at index `day` counts purchases before the end of that day
    double expected = p * h / (h + m) * (1 - std::exp(-(h + m) * t));
    EXPECT_NEAR(conversion[day], expected, binomial_tolerance(expected, kCustomers)) << day;
  }
}

TEST(Need, ExponentialLagDelaysThePurchaseByAHypoexponentialTime) {
  // With an exponential lag (rate g) before the need forms, the purchase time is lag + the
  // competing-risk time (rate q = h + m; occasions are memoryless): the hypoexponential CDF
  // 1 - q/(q-g) exp(-g t) + g/(q-g) exp(-q t).
  const double p = 0.8, h = 1.0 / 20, m = 1.0 / 30, g = 1.0 / 10, q = h + m;
  auto conversion = holdout_conversion(need_world(10 * kDay, 1.0, h));
  for (int day : {3, 10, 30, 90}) {
    double t = day + 1;
    double cdf = 1 - q / (q - g) * std::exp(-g * t) + g / (q - g) * std::exp(-q * t);
    double expected = p * h / q * cdf;
    EXPECT_NEAR(conversion[day], expected, binomial_tolerance(expected, kCustomers)) << day;
  }
}

// A refill edge. The camera needs another camera (a consumable needs itself):
// the trigger purchase creates the need, and the next camera bought here converts the entry, at
// the same competing-risk rate as a need for another product.
TEST(Need, ARefillEdgeIsMetAndConvertsLikeAnyNeed) {
  const double p = 0.8, h = 1.0 / 20, m = 1.0 / 30;
  World world = need_world(0, 1.0, h);
  world.products[0].complements[0].to = 0;
  for (Arm& arm : world.arms) arm.sequences[0].steps[0].recommendation = Recommendation::kTrigger;
  auto conversion = holdout_conversion(world);
  for (int day : {3, 10, 30}) {  // before a second generation of refills adds much
    double t = day + 1;
    double expected = p * h / (h + m) * (1 - std::exp(-(h + m) * t));
    EXPECT_NEAR(conversion[day], expected, binomial_tolerance(expected, kCustomers)) << day;
  }
}

TEST(Need, AnOccasionBuysTheNeedThatFormedFirst) {
  // The camera makes a tripod need at once and a bag need after 10 days (both certain, lasting for
  // ever); occasions on days 15, 16 and 17, written by hand. Day 15 buys the tripod (formed
  // first), day 16 the bag, day 17, with nothing needed, the product of its own.
  World world = testing::camera_world(1);
  Complement& tripod = world.products[0].complements[0];
  tripod.probability = 1.0;
  tripod.lag = 0;
  tripod.duration = 100000 * kDay;
  Complement bag = tripod;
  bag.to = 2;
  bag.lag = 10 * kDay;
  bag.lag_shape = 1000;  // practically exactly 10 days
  world.products[0].complements.push_back(bag);
  world.products.push_back(testing::product("bag", 1, 40.0, 0.3, 0.0, 0.0, 0.0));
  const ProductIndex other = testing::add_steady_occasions(world, 1.0);
  world.products[other].price = 7.0;
  const Catalog catalog(world.products);
  const CompiledArm holdout(world, catalog, world.arms[0]);
  CustomerLife life(holdout);
  const auto days = static_cast<std::size_t>(sim::day_of(world.population.horizon)) + 1;
  ArmTally tally(days, step_count(world.arms[0]), 1);
  CustomerSimulation simulation;
  const CustomerKey key{1, 0, 0};
  Traits traits = draw_traits(world, key);
  traits.acquired = 0;
  OrganicTimeline timeline;
  timeline.purchases = {{0, 0}, {15 * kDay, other}, {16 * kDay, other}, {17 * kDay, other}};
  life.simulate(key, traits, timeline, simulation, tally);
  const auto& revenue = tally.series(Daily::kRevenueCents);
  EXPECT_EQ(revenue[15], 8000);  // the tripod
  EXPECT_EQ(revenue[16], 4000);  // the bag
  EXPECT_EQ(revenue[17], 700);   // nothing needed: the occasion's own product
}

}  // namespace
}  // namespace xsellsim::models

// Closed-form checks of one customer's life: the complement-need process and the unsubscribe
// survival of a constant cadence. Each runs 100,000 customers with a fixed seed and allows 5
// binomial standard errors: a correct model fails a single comparison with probability < 1e-6.
#include "models/customer_life.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "models/engagement.hpp"
#include "models/fatigue.hpp"
#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using sim::kDay;

constexpr std::uint64_t kCustomers = 100000;

double binomial_tolerance(double p, double n) { return 5.0 * std::sqrt(p * (1 - p) / n) + 1e-12; }

// A world where the only thing that happens is the camera purchase at time 0 and the tripod need
// it creates: no repeat purchases (r is tiny), everybody subscribed and entered at time 0.
World need_world(Time lag, double lag_shape, double store_share) {
  World world = testing::camera_world(kCustomers);
  world.segments[0].purchasing.r = 1e-9;
  world.segments[0].subscribed = 1.0;
  Complement& need = world.products[0].complements[0];
  need.probability = 0.8;
  need.lag = lag;
  need.lag_shape = lag_shape;
  need.duration = 30 * kDay;
  need.organic_delay = 20 * kDay;
  need.store_share = store_share;
  world.products[0].return_rate = 0;
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

TEST(Need, ImmediateNeedIsMetOrganicallyAtTheCompetingRiskRate) {
  // A need formed at once ends at the first of an organic purchase (rate h) and fading (rate m):
  // P(bought here by t) = p * s * h / (h + m) * (1 - exp(-(h + m) t)).
  const double p = 0.8, s = 0.6, h = 1.0 / 20, m = 1.0 / 30;
  auto conversion = holdout_conversion(need_world(0, 1.0, s));
  for (int day : {3, 10, 30, 90}) {
    double t = day + 1;  // the curve at index `day` counts purchases before the end of that day
    double expected = p * s * h / (h + m) * (1 - std::exp(-(h + m) * t));
    EXPECT_NEAR(conversion[day], expected, binomial_tolerance(expected, kCustomers)) << day;
  }
}

TEST(Need, ExponentialLagDelaysThePurchaseByAHypoexponentialTime) {
  // With an exponential lag (rate g) before the need forms, the purchase time is lag + the
  // competing-risk time (rate q = h + m): the hypoexponential CDF
  // 1 - q/(q-g) exp(-g t) + g/(q-g) exp(-q t).
  const double p = 0.8, s = 1.0, h = 1.0 / 20, m = 1.0 / 30, g = 1.0 / 10, q = h + m;
  auto conversion = holdout_conversion(need_world(10 * kDay, 1.0, s));
  for (int day : {3, 10, 30, 90}) {
    double t = day + 1;
    double cdf = 1 - q / (q - g) * std::exp(-g * t) + g / (q - g) * std::exp(-q * t);
    double expected = p * s * h / q * cdf;
    EXPECT_NEAR(conversion[day], expected, binomial_tolerance(expected, kCustomers)) << day;
  }
}

TEST(Unsubscribe, ConstantCadenceFollowsTheProductLimitFormula) {
  // Ten emails, one every 3 days from day 1. With no engagement spread, no relevance effect and
  // no exits, email j is opened with probability o_j and unsubscribes an opener with u_j, both set
  // by the fatigue stock F_j before it, which a constant cadence makes deterministic:
  // F_j = sum_{i<j} 2^(-(j-i) 3d / half_life). Survival after email j: prod_{i<=j} (1 - o_i u_i).
  const int emails = 10;
  const Time interval = 3 * kDay;
  World world = testing::camera_world(kCustomers, 14 * kDay, kDay, emails);
  world.segments[0].engagement_sd = 0;
  world.segments[0].subscribed = 1.0;
  world.engagement.unsubscribe_irrelevant = 0;
  world.engagement.unsubscribe_base = -3.5;  // large enough to see the curve bend
  world.engagement.complaint_base = -60;     // no complaints
  for (Arm& arm : world.arms) {
    for (Sequence& sequence : arm.sequences) {
      sequence.exit_on_cross_sell = false;
      for (std::size_t j = 1; j < sequence.steps.size(); ++j) sequence.steps[j].delay = interval;
    }
  }
  world.population.acquisition = 0;
  RunOptions options;
  options.seed = 8;
  options.threads = 2;
  RunResult result = run(world, options);
  auto unsubscribed = result.tallies[0][1].unsubscribe.cumulative_incidence();

  double survival = 1.0;
  FatigueStock stock(world.fatigue.half_life);
  for (int j = 0; j < emails; ++j) {
    Time send = kDay + j * interval;
    SendContext context;
    context.fatigue = stock.level(send);
    stock.add(send, 1.0);
    survival *= 1.0 - open_probability(world.engagement, context) *
                          unsubscribe_probability(world.engagement, context);
    double expected = 1.0 - survival;
    auto day = static_cast<std::size_t>(send / kDay);
    EXPECT_NEAR(unsubscribed[day], expected, binomial_tolerance(expected, kCustomers)) << j;
  }
}

}  // namespace
}  // namespace xsellsim::models

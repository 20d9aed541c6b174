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

// Issue 17, item 4: a refill edge. The camera needs another camera (a consumable needs itself):
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

TEST(Unsubscribe, ConstantCadenceFollowsTheProductLimitFormula) {
  // Ten emails, one every 3 days from day 1, all in the inbox (no ignored-mail penalty). With no
  // engagement spread, no relevance effect and no exits, email j is opened with probability o_j
  // and unsubscribes with u_j(opened) or u_j(not opened), set by the fatigue stock F_j before it
  // (F_j = sum_{i<j} 2^(-(j-i) 3d / half_life), deterministic under a constant cadence) and its
  // wear-out ln(1 + j) (every email shows the tripod). Survival after email j:
  // prod_{i<=j} (1 - q_i (o_i u_i(opened) + (1 - o_i) u_i(not opened))), q the inbox rate.
  const int emails = 10;
  const Time interval = 3 * kDay;
  World world = testing::camera_world(kCustomers, 14 * kDay, kDay, emails);
  world.segments[0].engagement_sd = 0;
  world.segments[0].subscribed = 1.0;
  world.engagement.unsubscribe_irrelevant = 0;
  world.engagement.unsubscribe_base = -5.0;  // large enough to see the curve bend
  world.engagement.complaint_base = -60;     // no complaints
  world.engagement.inbox_ignored = 0;
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
  const double inbox = inbox_probability(world.engagement, InboxHistory{});
  for (int j = 0; j < emails; ++j) {
    Time send = kDay + j * interval;
    SendContext context;
    context.fatigue = stock.level(send);
    context.wearout = std::log1p(j);
    stock.add(send, 1.0);
    const double opens = open_probability(world.engagement, context);
    SendContext opened = context;
    opened.opened = true;
    survival *= 1.0 - inbox * (opens * unsubscribe_probability(world.engagement, opened) +
                               (1 - opens) * unsubscribe_probability(world.engagement, context));
    double expected = 1.0 - survival;
    auto day = static_cast<std::size_t>(send / kDay);
    EXPECT_NEAR(unsubscribed[day], expected, binomial_tolerance(expected, kCustomers)) << j;
  }
}

}  // namespace
}  // namespace xsellsim::models

// The email response (docs/model.md, "Email response"): closed forms of unsubscribe survival under
// a constant cadence, of inbox placement as ignored emails pile up, and of wear-out; the discount
// entering the buy probability once; orders that follow a click later or come without one. The
// simulated checks run 100,000 customers with a fixed seed and allow 5 binomial standard errors: a
// correct model fails a single comparison with probability < 1e-6.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "models/engagement.hpp"
#include "models/fatigue.hpp"
#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using sim::kDay;

constexpr std::uint64_t kCustomers = 100000;

double binomial_tolerance(double p, double n) { return 5.0 * std::sqrt(p * (1 - p) / n) + 1e-12; }

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

double logit(double p) { return std::log(p / (1 - p)); }

TEST(EmailResponse, ADiscountEntersTheBuyProbabilityOnce) {
  const Engagement e;
  SendContext list, discounted;
  discounted.discount = 0.15;
  EXPECT_NEAR(logit(buy_probability(e, discounted)) - logit(buy_probability(e, list)),
              e.buy_discount * 0.15, 1e-9);  // +0.6
}

// Emails to customers who never open: each one in the inbox adds to the ignored streak, which
// lowers the next one's inbox chance. The streak k after j emails is a Markov chain (k + 1 with
// the inbox chance q(k), else k), so the expected inbox share of email j is an exact recursion.
TEST(Deliverability, IgnoredEmailsReachTheInboxLessOften) {
  const int emails = 20;
  World world = testing::camera_world(kCustomers, 14 * kDay, kDay, emails);
  world.segments[0].subscribed = 1.0;
  world.population.acquisition = 0;
  world.engagement.open_base = -50;  // nobody opens
  world.engagement.unsubscribe_base = world.engagement.complaint_base = -50;
  world.engagement.inbox_ignored = -0.25;  // a strong effect, to see the curve bend
  for (Arm& arm : world.arms) arm.sequences[0].exit_on_cross_sell = false;
  RunOptions options;
  options.seed = 9;
  options.threads = 2;
  const ArmTally arm = run(world, options).tallies[0][1];
  std::vector<double> streak(emails + 1, 0.0);  // P(k ignored so far)
  streak[0] = 1.0;
  for (int j = 0; j < emails; ++j) {
    std::vector<double> next(emails + 1, 0.0);
    double inbox = 0;
    for (int k = 0; k <= j; ++k) {
      const double q = inbox_probability(world.engagement, {static_cast<std::uint32_t>(k), 0});
      inbox += streak[k] * q;
      next[k + 1] += streak[k] * q;
      next[k] += streak[k] * (1 - q);
    }
    streak = next;
    const StepTally& step = arm.steps[static_cast<std::size_t>(j)];
    const auto sends = static_cast<double>(step.sends);
    EXPECT_NEAR(static_cast<double>(step.delivered) / sends, inbox,
                binomial_tolerance(inbox, sends))
        << "email " << j;
  }
  // And a complaint sends the complainer's later emails to the spam folder mostly.
  EXPECT_LT(inbox_probability(world.engagement, {0, 1}), 0.75);
}

// The same email again and again: the n-th showing of a product opens at
// logistic(open_base + open_wearout ln(1 + n)) (no fatigue, no spread, every email in the inbox).
TEST(WearOut, TheNthSimilarEmailIsOpenedLess) {
  const int emails = 17;
  World world = testing::camera_world(kCustomers, 14 * kDay, kDay, emails);
  world.segments[0].subscribed = 1.0;
  world.segments[0].engagement_sd = 0;
  world.engagement.open_fatigue = 0;
  world.engagement.inbox_ignored = 0;
  world.engagement.unsubscribe_base = world.engagement.complaint_base = -50;
  for (Arm& arm : world.arms) arm.sequences[0].exit_on_cross_sell = false;
  RunOptions options;
  options.seed = 10;
  options.threads = 2;
  const ArmTally arm = run(world, options).tallies[0][1];
  for (int j : {0, 4, 16}) {
    const StepTally& step = arm.steps[static_cast<std::size_t>(j)];
    const double expected =
        logistic(world.engagement.open_base + world.engagement.open_wearout * std::log1p(j));
    const auto delivered = static_cast<double>(step.delivered);
    EXPECT_NEAR(static_cast<double>(step.opens) / delivered, expected,
                binomial_tolerance(expected, delivered))
        << "email " << j;
  }
}

std::int64_t total(const std::vector<std::int64_t>& series) {
  return std::accumulate(series.begin(), series.end(), std::int64_t{0});
}

ArmTally email_arm(const World& world) {
  RunOptions options;
  options.seed = 11;
  options.threads = 2;
  return run(world, options).tallies[0][1];
}

// Customers whose tripod need forms at once and lasts about a day, and who buy nowhere else: a
// click order placed days later finds the need gone.
TEST(LaterOrders, AClickOrderPlacedLaterNeedsTheNeedStill) {
  World world = testing::camera_world(20000, 0, sim::kHour, 1);
  testing::everybody_enters_and_stays(world);
  world.products[0].complements[0].duration = kDay;
  world.engagement.exposure_open = world.engagement.exposure_delivered = 0;
  world.engagement.buy_base = 2.0;  // most clickers decide to buy
  world.engagement.click_order_later = 0;
  const std::int64_t at_once = total(email_arm(world).series(Daily::kEmailPurchases));
  world.engagement.click_order_later = 1;
  world.engagement.click_order_delay = 20 * kDay;
  const std::int64_t later = total(email_arm(world).series(Daily::kEmailPurchases));
  EXPECT_GT(at_once, 500);
  EXPECT_LT(later, at_once / 10);  // P(a 1-day life outlasts a 20-day delay) is about 5%
}

TEST(Exposure, EmailsSellWithoutAClickOnlyThroughExposure) {
  World world = testing::camera_world(20000, 0, kDay, 3);
  testing::everybody_enters_and_stays(world);
  world.engagement.click_base = -50;  // nobody clicks
  const ArmTally exposed = email_arm(world);
  EXPECT_EQ(total(exposed.series(Daily::kEmailPurchases)), 0);
  EXPECT_GT(total(exposed.series(Daily::kExposurePurchases)), 100);
  world.engagement.exposure_open = world.engagement.exposure_delivered = 0;
  EXPECT_EQ(total(email_arm(world).series(Daily::kCrossSellPurchases)), 0);
}

}  // namespace
}  // namespace xsellsim::models

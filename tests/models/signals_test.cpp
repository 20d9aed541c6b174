// The signals a need emits (category visits, cart adds), what emails do to needs that would have
// been met anyway (pulling purchases forward), and the subject-line and social-proof terms of
// engagement. Each check runs 100,000 customers with a fixed seed and allows 5 standard errors:
// a correct model fails one comparison with probability < 1e-6.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "models/engagement.hpp"
#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using sim::kDay;

constexpr std::uint64_t kCustomers = 100000;

std::int64_t total(const ArmTally& tally, Daily metric) {
  const auto& series = tally.series(metric);
  return std::accumulate(series.begin(), series.end(), std::int64_t{0});
}

// The camera purchase at time 0 and the tripod need it creates at once, with purchase occasions at
// a steady rate of one per 20 days (an occasion without a need buys another product); everybody
// subscribed.
World immediate_need_world() {
  World world = testing::camera_world(kCustomers);
  world.segments[0].subscribed = 1.0;
  Complement& need = world.products[0].complements[0];
  need.probability = 0.8;
  need.lag = 0;
  need.duration = 30 * kDay;
  world.products[0].return_rate = 0;
  world.products[1].return_rate = 0;
  testing::add_steady_occasions(world, 1.0 / 20);
  return world;
}

RunResult run_world(const World& world, std::uint64_t seed) {
  RunOptions options;
  options.seed = seed;
  options.threads = 2;
  return run(world, options);
}

TEST(Browse, VisitsArePoissonOverTheNeedsLife) {
  // A need lives T ~ Exp(h + m) (bought at an occasion, rate h, or its life ends, rate m), cut at
  // the horizon H; visits come at rate b
  // while it lives. Per customer (need with probability p): mean p b (1 - exp(-(h+m) H)) / (h+m).
  // Given a need, the count is geometric with mean mu = b / (h + m) (H is long enough to ignore
  // in the variance): E[N^2] = p (mu + 2 mu^2).
  World world = immediate_need_world();
  const double p = 0.8, h = 1.0 / 20, m = 1.0 / 30, b = 0.5, c = 0.2;
  world.categories[1].browse_rate = b;
  world.categories[1].cart_probability = c;
  world.categories[0].browse_rate = 0;
  const RunResult result = run_world(world, 21);
  const ArmTally& holdout = result.tallies[0][0];

  const double horizon_days = static_cast<double>(world.population.horizon) / kDay;
  const double mu = b / (h + m);
  const double mean = p * mu * (1 - std::exp(-(h + m) * horizon_days));
  const double variance = p * (mu + 2 * mu * mu) - p * p * mu * mu;
  const double visits = static_cast<double>(total(holdout, Daily::kBrowses));
  EXPECT_NEAR(visits / kCustomers, mean, 5 * std::sqrt(variance / kCustomers));

  // Each visit adds to the cart independently with probability c.
  const double carts = static_cast<double>(total(holdout, Daily::kCartAdds));
  EXPECT_NEAR(carts / visits, c, 5 * std::sqrt(c * (1 - c) / visits));
}

TEST(Browse, EmailPurchaseEndsTheVisits) {
  // A need met by an email is no longer browsed for: the emailing arm visits less.
  World world = immediate_need_world();
  RunResult result = run_world(world, 22);
  const auto holdout = total(result.tallies[0][0], Daily::kBrowses);
  const auto email = total(result.tallies[0][1], Daily::kBrowses);
  EXPECT_GT(total(result.tallies[0][1], Daily::kEmailPurchases), 1000);
  EXPECT_LT(email, holdout);
}

TEST(Cannibalization, EmailsPullForwardNeedsThatWouldBeMetHereAnyway) {
  // Every need is bought here eventually (needs practically never end, occasions come every 20
  // days, nobody drops out): emails can only move purchases earlier. Early conversion rises; by
  // the end the arms are level, and every email order is counted as pulled forward.
  World world = immediate_need_world();
  world.population.horizon = 365 * kDay;
  Complement& need = world.products[0].complements[0];
  need.duration = 1000000 * kDay;
  world.engagement.exposure_open = world.engagement.exposure_delivered = 0;
  world.engagement.dropout_base = -60;
  world.engagement.create_need = 0;
  RunResult result = run_world(world, 23);
  auto holdout = result.tallies[0][0].conversion.cumulative_incidence();
  auto email = result.tallies[0][1].conversion.cumulative_incidence();
  auto difference_se = [](double a, double b) {
    return std::sqrt((a * (1 - a) + b * (1 - b)) / kCustomers);
  };
  EXPECT_GT(email[7] - holdout[7], 5 * difference_se(email[7], holdout[7]));
  EXPECT_NEAR(email[364], holdout[364], 5 * difference_se(email[364], holdout[364]));
  const auto email_orders = total(result.tallies[0][1], Daily::kEmailPurchases);
  EXPECT_GT(email_orders, 1000);
  EXPECT_EQ(total(result.tallies[0][1], Daily::kPulledForward), email_orders);
  // The holdout sends nothing, so it can pull nothing forward.
  EXPECT_EQ(total(result.tallies[0][0], Daily::kEmailPurchases), 0);
}

TEST(Cannibalization, OnlyEmailsCreateNeedsWhenPurchasesCreateNone) {
  // No purchase creates a tripod need, so the holdout never converts; with create_need > 0 a click
  // on the tripod creates the need, some of which are bought; with create_need = 0, none.
  World world = immediate_need_world();
  world.products[0].complements[0].probability = 0;
  world.engagement.create_need = 0.5;
  RunResult result = run_world(world, 25);
  EXPECT_EQ(total(result.tallies[0][0], Daily::kCrossSellPurchases), 0);
  EXPECT_GT(total(result.tallies[0][1], Daily::kCrossSellPurchases), 100);
  world.engagement.create_need = 0;
  result = run_world(world, 25);
  EXPECT_EQ(total(result.tallies[0][1], Daily::kCrossSellPurchases), 0);
}

TEST(Returns, HappenAtTheReturnRateAndAreNettedOutOfEntrantRevenue) {
  // Returns do not change behaviour, so with and without them the same orders are placed (the
  // return draws have their own streams); a share `rate` of orders comes back (5 binomial SE), and
  // entrants' cross-sell revenue falls by the refunds of returned cross-sell orders.
  World world = immediate_need_world();
  world.population.return_window = 0;  // returned at once, so none falls after the horizon
  const RunResult kept = run_world(world, 26);
  const double rate = 0.2;
  for (Product& product : world.products) product.return_rate = rate;
  const RunResult returned = run_world(world, 26);
  const ArmTally& with = returned.tallies[0][1];
  const ArmTally& without = kept.tallies[0][1];
  EXPECT_EQ(with.series(Daily::kPurchases), without.series(Daily::kPurchases));
  EXPECT_EQ(with.series(Daily::kRevenueCents), without.series(Daily::kRevenueCents));
  const double orders = static_cast<double>(total(with, Daily::kPurchases));
  const double returns = static_cast<double>(total(with, Daily::kReturns));
  EXPECT_NEAR(returns / orders, rate, 5 * std::sqrt(rate * (1 - rate) / orders));
  EXPECT_LT(with.entrant_cross_sell_cents, without.entrant_cross_sell_cents);
  EXPECT_GT(with.entrant_cross_sell_cents, 0);
}

TEST(Engagement, PersonalizedSubjectAndSocialProofRaiseTheirProbabilities) {
  Engagement e;
  SendContext plain;
  SendContext rich = plain;
  rich.personalized = true;
  rich.social_proof = 1.0;
  EXPECT_DOUBLE_EQ(open_probability(e, rich), logistic(e.open_base + e.open_personalized));
  EXPECT_DOUBLE_EQ(click_probability(e, rich), logistic(e.click_base + e.click_social_proof));
  EXPECT_DOUBLE_EQ(buy_probability(e, rich), logistic(e.buy_base + e.buy_social_proof));
  EXPECT_GT(open_probability(e, rich), open_probability(e, plain));
}

TEST(Engagement, PersonalizedSubjectOpensMoreInTheSimulation) {
  // Same customers, same random numbers: only the subject line differs between the two arms, and
  // it raises every email's open probability, so the personalized arm opens more.
  World world = immediate_need_world();
  world.arms[0] = world.arms[1];
  world.arms[0].name = "generic";
  for (Step& step : world.arms[1].sequences[0].steps) step.personalized_subject = true;
  RunResult result = run_world(world, 24);
  const auto generic = total(result.tallies[0][0], Daily::kOpens);
  const auto personalized = total(result.tallies[0][1], Daily::kOpens);
  const double sends = static_cast<double>(total(result.tallies[0][0], Daily::kSends));
  const double rate = static_cast<double>(generic) / sends;
  EXPECT_GT(static_cast<double>(personalized - generic),
            5 * std::sqrt(2 * rate * (1 - rate) * sends));
}

}  // namespace
}  // namespace xsellsim::models

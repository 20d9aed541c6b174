// Paired differences: exact zeros for an arm identical to the holdout, the per-customer spread,
// and coverage and standard errors against repeated populations.
#include "models/paired_differences.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

#include "models/comparison.hpp"
#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using testing::run_world;
using testing::with_placebo;

TEST(Compare, OneReplicationGivesAnArmIdenticalToTheHoldoutExactlyZero) {
  // The placebo simulates the holdout's customers with the holdout's random numbers: every paired
  // difference is 0 for every customer, so its interval is [0, 0] (an unpaired interval, the sum
  // of the two arms' variances, was about +-1 point for the lift).
  const Comparison c = compare(run_world(with_placebo(4000), 5, 1));
  ASSERT_EQ(c.differences, IntervalMethod::kPairedPerCustomer);
  const ArmFigures& placebo = c.arms[2];
  const std::vector<std::optional<Estimate>> differences{
      placebo.lift,
      placebo.relative_lift,
      placebo.net_value_per_entrant,
      placebo.incremental_margin_per_entrant,
      placebo.send_cost_per_entrant,
      placebo.subscriber_value_lost_per_entrant,
      placebo.incremental_revenue_per_entrant,
      placebo.incremental_cross_sell_margin_per_entrant,
      placebo.incremental_emails_per_entrant,
      placebo.incremental_unsubscribes_per_entrant,
      placebo.incremental_complaints_per_entrant};
  for (const auto& e : differences) {
    ASSERT_TRUE(e && e->low && e->high);
    EXPECT_EQ(e->value, 0.0);
    EXPECT_EQ(*e->low, 0.0);
    EXPECT_EQ(*e->high, 0.0);
  }
  const Estimate& lift = *c.arms[1].lift;  // the email arm's interval is a real one
  EXPECT_LT(*lift.low, lift.value);
  EXPECT_GT(*lift.high, lift.value);
}

TEST(Compare, PairedIntervalIsTheSpreadOfThePerCustomerDifferences) {
  // Five customers under two arms, figures set by hand: the interval of the difference per entrant
  // is 1.96 sqrt(n s^2) / entrants, s^2 the sample variance of the per-customer differences.
  RunResult result;
  result.arm_names = {"holdout", "email"};
  result.step_names = {{}, {}};
  result.days = 3;
  result.tallies.assign(1, {ArmTally(3, 0, 0), ArmTally(3, 0, 0)});
  result.pair_arms();
  const std::vector<std::int64_t> holdout{100, 0, 250, 0, 40}, email{130, 20, 250, 0, 10};
  // conversion days since entry (none = kNoEvent): by day 1, holdout {0, 2}, email {0, 1}
  constexpr std::size_t kNo = SurvivalTally::kNoEvent;
  const std::vector<std::size_t> holdout_days{0, kNo, 1, kNo, kNo}, email_days{0, 0, 2, kNo, kNo};
  auto& arms = result.tallies[0];
  for (std::size_t i = 0; i < 5; ++i) {
    std::vector<PairedFigures> figures(2);
    figures[0][static_cast<std::size_t>(Paired::kRevenueCents)] = holdout[i];
    figures[1][static_cast<std::size_t>(Paired::kRevenueCents)] = email[i];
    const std::vector<std::size_t> days{holdout_days[i], email_days[i]};
    pair_customer(arms, figures, days);
    for (std::size_t a = 0; a < 2; ++a) {
      ++arms[a].customers;
      ++arms[a].entrants;
      arms[a].entrant_cross_sell_cents += figures[a][1];
      if (days[a] == kNo) {
        arms[a].conversion.add_censored(2);
      } else {
        arms[a].conversion.add_event(days[a]);
      }
    }
  }
  const Comparison c = compare(result, 1);
  // Revenue: differences 30, 20, 0, 0, -30 cents; mean 4, sample variance 530 (cents^2).
  const Estimate& revenue = *c.arms[1].incremental_revenue_per_entrant;
  EXPECT_NEAR(revenue.value, 20.0 / 5 / 100, 1e-12);
  EXPECT_NEAR(*revenue.high - revenue.value, 1.959963984540054 * std::sqrt(5 * 530.0) / 5 / 100,
              1e-12);
  // Conversion by day 1: differences 0, 1, -1, 0, 0; mean 0, sample variance 0.5.
  const Estimate& lift = *c.arms[1].lift;
  EXPECT_NEAR(lift.value, 0.0, 1e-12);
  EXPECT_NEAR(*lift.high, 1.959963984540054 * std::sqrt(5 * 0.5) / 5, 1e-12);
}

TEST(Compare, OneReplicationPairedIntervalsCoverNearly95PercentOfTheTime) {
  // As the replications' test above, with one replication of 2,000 customers per experiment and
  // the per-customer paired intervals of the lift and the net value. The truth's own standard
  // error is 0.14 of an experiment's, which lowers the expected coverage to 94.8%; the bounds
  // are those of binomial(200, 0.95) as above.
  World world = testing::camera_world(200000, 3 * sim::kDay);
  world.population.horizon = 60 * sim::kDay;
  const Comparison truth = compare(run_world(world, 1, 1), 30);
  const double true_lift = truth.arms[1].lift->value;
  const double true_net = truth.arms[1].net_value_per_entrant->value;
  world.population.size = 2000;
  int lift_covered = 0, net_covered = 0;
  const int experiments = 200;
  for (int e = 0; e < experiments; ++e) {
    const Comparison c = compare(run_world(world, 2000 + e, 1), 30);
    const Estimate& lift = *c.arms[1].lift;
    const Estimate& net = *c.arms[1].net_value_per_entrant;
    lift_covered += *lift.low <= true_lift && true_lift <= *lift.high ? 1 : 0;
    net_covered += *net.low <= true_net && true_net <= *net.high ? 1 : 0;
  }
  std::printf("one replication, paired per customer: lift covered %d, net value %d of %d\n",
              lift_covered, net_covered, experiments);
  for (int covered : {lift_covered, net_covered}) {
    EXPECT_GE(covered, 178) << covered << " of " << experiments;
    EXPECT_LE(covered, 199) << covered << " of " << experiments;
  }
}

double sample_sd(const std::vector<double>& values) {
  const auto n = static_cast<double>(values.size());
  double mean = 0, squares = 0;
  for (double x : values) mean += x / n;
  for (double x : values) squares += (x - mean) * (x - mean);
  return std::sqrt(squares / (n - 1));
}

TEST(Compare, PairedStandardErrorsMatchTheSpreadOverPopulations) {
  // One replication's stated standard error (half the 95% interval / 1.96) against the spread of
  // the estimates over 400 populations of 2,000 customers (other seeds). The sample standard
  // deviation of 400 near-normal estimates has a relative standard error of 1 / sqrt(2 x 399) =
  // 3.5%: the two agree within 4 of those (14%).
  World world = testing::camera_world(2000, 3 * sim::kDay);
  world.population.horizon = 60 * sim::kDay;
  std::vector<double> lifts, nets;
  double lift_se = 0, net_se = 0;
  const int populations = 400;
  for (int e = 0; e < populations; ++e) {
    const Comparison c = compare(run_world(world, 5000 + e, 1), 30);
    const Estimate& lift = *c.arms[1].lift;
    const Estimate& net = *c.arms[1].net_value_per_entrant;
    lifts.push_back(lift.value);
    nets.push_back(net.value);
    lift_se += (*lift.high - lift.value) / 1.959963984540054 / populations;
    net_se += (*net.high - net.value) / 1.959963984540054 / populations;
  }
  std::printf("lift: sd %.6f, stated %.6f; net value: sd %.6f, stated %.6f\n", sample_sd(lifts),
              lift_se, sample_sd(nets), net_se);
  EXPECT_NEAR(lift_se / sample_sd(lifts), 1.0, 0.14);
  EXPECT_NEAR(net_se / sample_sd(nets), 1.0, 0.14);
}

TEST(Compare, SplitArmsGetUnpairedIntervals) {
  // With a split the placebo holds other customers than the holdout: no pairing, a real interval.
  World world = with_placebo(6000);
  world.split_arms = true;
  world.arms.erase(world.arms.begin() + 1);  // holdout and placebo only
  world.arms[0].share = world.arms[1].share = 0.5;
  const Comparison c = compare(run_world(world, 5, 1));
  EXPECT_EQ(c.differences, IntervalMethod::kUnpairedPerCustomer);
  const Estimate& lift = *c.arms[1].lift;
  EXPECT_LT(*lift.low, 0.0);
  EXPECT_GT(*lift.high, 0.0);
}

}  // namespace
}  // namespace xsellsim::models

// The figures of `compare`: interval coverage against a known truth, and attribution against the
// true incremental effect.
#include "models/comparison.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using testing::run_world;

TEST(Compare, TQuantilesAreStudents) {
  EXPECT_NEAR(t_quantile_975(1), 12.7062, 1e-4);
  EXPECT_NEAR(t_quantile_975(4), 2.7764, 1e-4);
  EXPECT_NEAR(t_quantile_975(1000), 1.9623, 1e-4);
}

TEST(Compare, LiftIntervalsCoverTheTrueLiftNearly95PercentOfTheTime) {
  // The truth: the lift at day 30 of a run 100 times larger than one experiment (its own standard
  // error is a tenth of an experiment's, small against the intervals). Then 200 experiments with
  // other seeds, each 5 replications of 1,000 customers and its paired t interval. If the
  // intervals are right the hits are binomial(200, 0.95): fewer than 178 (coverage < 0.89) has
  // probability 1.9e-4, and 200 of 200 (coverage > 0.995) 3.5e-5.
  World world = testing::camera_world(100000, 3 * sim::kDay);
  world.population.horizon = 60 * sim::kDay;
  const Comparison truth = compare(run_world(world, 1, 1), 30);
  const double true_lift = truth.arms[1].lift->value;
  ASSERT_GT(true_lift, 0.01);

  world.population.size = 1000;
  int covered = 0;
  const int experiments = 200;
  for (int e = 0; e < experiments; ++e) {
    const Comparison c = compare(run_world(world, 1000 + e, 5), 30);
    const Estimate& lift = *c.arms[1].lift;
    ASSERT_TRUE(lift.low && lift.high);
    covered += *lift.low <= true_lift && true_lift <= *lift.high ? 1 : 0;
  }
  const double coverage = static_cast<double>(covered) / experiments;
  RecordProperty("coverage", std::to_string(coverage));
  std::printf("coverage of the 95%% lift intervals: %d of %d\n", covered, experiments);
  EXPECT_GE(coverage, 0.89) << covered << " of " << experiments;
  EXPECT_LE(coverage, 0.995) << covered << " of " << experiments;  // not absurdly wide either
}

TEST(Compare, OneReplicationUsesWilsonOnGreenwoodsVariance) {
  World world = testing::camera_world(4000, 3 * sim::kDay);
  const Comparison c = compare(run_world(world, 5, 1));
  const Estimate& conversion = *c.arms[0].conversion[2];  // day 90
  ASSERT_TRUE(conversion.low.has_value());
  const double p = conversion.value, n = c.arms[0].entrants;
  // Without censoring before day 90 Greenwood's variance is the binomial p(1-p)/n, and the
  // interval Wilson's for n entrants.
  const Estimate expected = wilson(p, p * (1 - p) / n, n, 1.959963984540054);
  EXPECT_NEAR(*conversion.low, *expected.low, 1e-9);
  EXPECT_NEAR(*conversion.high, *expected.high, 1e-9);
  // Money gets an interval from the spread between customers.
  ASSERT_TRUE(c.arms[0].revenue_per_entrant.low.has_value());
  EXPECT_LT(*c.arms[0].revenue_per_entrant.low, c.arms[0].revenue_per_entrant.value);
}

TEST(Wilson, MatchesNewcombesPublishedIntervals) {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in
  // Medicine 17:857-872, Table II, method 3 (the score interval), given to 4 decimals.
  auto check = [](double x, double n, double low, double high) {
    const double p = x / n;
    const Estimate e = wilson(p, p * (1 - p) / n, n, 1.959963984540054);
    ASSERT_TRUE(e.low && e.high);
    EXPECT_NEAR(*e.low, low, 5e-5) << x << "/" << n;
    EXPECT_NEAR(*e.high, high, 5e-5) << x << "/" << n;
  };
  check(81, 263, 0.2553, 0.3662);
  check(15, 148, 0.0624, 0.1605);
  check(0, 20, 0.0, 0.1611);
  check(1, 29, 0.0061, 0.1718);
}

TEST(Wilson, NeverLeavesZeroToOne) {
  for (double p : {0.0, 1e-5, 0.0002, 0.5, 0.9999, 1.0}) {
    for (double variance : {0.0, 1e-9, 1e-4, 1.0}) {
      const Estimate e = wilson(p, variance, 50, 2.7764);
      ASSERT_TRUE(e.low && e.high);
      EXPECT_GE(*e.low, 0.0) << p << " " << variance;
      EXPECT_LE(*e.high, 1.0) << p << " " << variance;
      EXPECT_LE(*e.low, p);
      EXPECT_GE(*e.high, p);
    }
  }
}

TEST(Compare, RareRatesStayAboveZeroWithOneReplication) {
  // Complaints are rare (about 1 in 10,000 emails): a normal interval went below 0. Against a
  // holdout that sends nothing, the extra complaints are the arm's own: bounded too.
  World world = testing::camera_world(3000, 3 * sim::kDay);
  const Comparison c = compare(run_world(world, 5, 1));
  for (const auto& e : {c.arms[1].incremental_complaints_per_entrant,
                        c.arms[1].incremental_unsubscribes_per_entrant}) {
    ASSERT_TRUE(e && e->low);
    EXPECT_GE(*e->low, 0.0);
  }
  for (const ArmFigures& arm : c.arms) {
    for (const Estimate* e : {&arm.complaints, &arm.retention, &*arm.unsubscribe}) {
      ASSERT_TRUE(e->low && e->high) << arm.arm;
      EXPECT_GE(*e->low, 0.0) << arm.arm;
      EXPECT_LE(*e->high, 1.0) << arm.arm;
    }
  }
}

// A second holdout ("placebo": enters the same customers, sends nothing) beside the email arm.
World with_placebo(std::uint64_t size) {
  World world = testing::camera_world(size, 3 * sim::kDay);
  world.arms.push_back(Arm{"placebo", false, world.arms[0].sequences, 0.0});
  return world;
}

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

TEST(Compare, AnyArmCanBeTheBaseline) {
  World world = testing::camera_world(3000, 3 * sim::kDay);
  Arm later = world.arms[1];
  later.name = "later";
  later.sequences[0].steps[0].delay = 12 * sim::kDay;
  world.arms.push_back(later);
  const RunResult result = run_world(world, 7, 1);
  const Comparison holdout = compare(result);
  const Comparison email = compare(result, 90, std::string("email"));
  EXPECT_EQ(email.baseline, "email");
  // later - email = (later - holdout) - (email - holdout): the same Kaplan-Meier shares.
  EXPECT_NEAR(email.arms[2].lift->value, holdout.arms[2].lift->value - holdout.arms[1].lift->value,
              1e-12);
  // holdout against email mirrors email against holdout (the same entrants, the same pairs).
  const Estimate& mirrored = *email.arms[0].incremental_revenue_per_entrant;
  const Estimate& direct = *holdout.arms[1].incremental_revenue_per_entrant;
  EXPECT_NEAR(mirrored.value, -direct.value, 1e-12);
  EXPECT_NEAR(*mirrored.low, -*direct.high, 1e-9);
  EXPECT_FALSE(email.arms[1].lift.has_value());  // the baseline against itself
  EXPECT_THROW(compare(result, 90, std::string("nosuch")), std::invalid_argument);
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

namespace xsellsim::models {
namespace {

TEST(Choose, HolmAdjustsStepDown) {
  // p = 0.01, 0.04, 0.03: sorted 0.01 x 3 = 0.03, 0.03 x 2 = 0.06, 0.04 x 1 -> max(0.06, 0.04).
  const std::vector<double> adjusted = holm({0.01, 0.04, 0.03});
  EXPECT_NEAR(adjusted[0], 0.03, 1e-15);
  EXPECT_NEAR(adjusted[1], 0.06, 1e-15);
  EXPECT_NEAR(adjusted[2], 0.06, 1e-15);
  EXPECT_EQ(holm({0.6, 0.7})[0], 1.0);  // at most 1
}

TEST(Choose, ProbabilityBestIsTheNormalTailForOneArm) {
  // One arm against the holdout: P(arm best) = Phi(value / se) exactly under the normal
  // approximation; 100,000 draws give it within 4 sqrt(p (1 - p) / 100000) (false failure 6e-5).
  // 300 customers leave the net value uncertain, so that the probability is not 0 or 1.
  World world = testing::camera_world(300, 3 * sim::kDay);
  const Comparison c = compare(run_world(world, 11, 1));
  ASSERT_TRUE(c.choice);
  const Estimate& net = *c.arms[1].net_value_per_entrant;
  const double se = (*net.high - net.value) / 1.959963984540054;
  const double expected = 0.5 * std::erfc(-net.value / se / std::sqrt(2.0));
  const double p = c.choice->arms[1].probability_best;
  std::printf("P(email best) %.4f, Phi(value / se) %.4f\n", p, expected);
  EXPECT_NEAR(p, expected, 4 * std::sqrt(expected * (1 - expected) / 100000) + 1e-9);
  EXPECT_NEAR(c.choice->arms[0].probability_best + p, 1.0, 1e-12);
  // The simultaneous interval of one arm is the plain 95% one (Bonferroni over m = 1).
  EXPECT_NEAR(*c.choice->arms[1].net_value.high, *net.high, 1e-9);
}

TEST(Choose, SimultaneousIntervalsWidenWithTheArms) {
  // Two arms against the holdout: Bonferroni's z(1 - 0.05 / 4) = 2.2414 instead of 1.95996.
  const Comparison c = compare(run_world(with_placebo(2000), 5, 1));
  ASSERT_TRUE(c.choice);
  const Estimate& net = *c.arms[1].net_value_per_entrant;
  const Estimate& simultaneous = c.choice->arms[1].net_value;
  EXPECT_NEAR((*simultaneous.high - simultaneous.value) / (*net.high - net.value),
              2.241402727604947 / 1.959963984540054, 1e-9);
}

TEST(Choose, IdenticalArmsCannotBeToldApart) {
  // The holdout and its placebo: the same net value for every customer, a lead of exactly 0,
  // not separated, the win shared.
  World world = with_placebo(2000);
  world.arms.erase(world.arms.begin() + 1);
  const Comparison c = compare(run_world(world, 5, 1));
  ASSERT_TRUE(c.choice);
  EXPECT_FALSE(c.choice->separated);
  EXPECT_EQ(c.choice->lead.value, 0.0);
  EXPECT_FALSE(c.choice->scale_needed.has_value());
  EXPECT_NEAR(c.choice->arms[0].probability_best, 0.5, 1e-12);
}

TEST(Choose, SaysHowManyMoreCustomersWouldSeparateTheArms) {
  // Emails long before the need forms do little: in a small population the best candidate's lead
  // is not clear, and (2.80 se / lead)^2 times the customers would make its interval exclude 0
  // with 80% power.
  World world = testing::camera_world(400, 60 * sim::kDay);
  const Comparison c = compare(run_world(world, 3, 1));
  ASSERT_TRUE(c.choice);
  ASSERT_FALSE(c.choice->separated) << "pick a smaller population";
  ASSERT_TRUE(c.choice->scale_needed);
  const Estimate& lead = c.choice->lead;
  const double se = (*lead.high - lead.value) / 1.959963984540054;
  const double z = 1.959963984540054 + 0.8416212335729143;
  EXPECT_NEAR(*c.choice->scale_needed, z * z * se * se / (lead.value * lead.value), 1e-9);
}

}  // namespace
}  // namespace xsellsim::models

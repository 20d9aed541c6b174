// The live-test plan against the closed-form two-proportion formulas and against repeated
// simulated live tests.
#include "models/live_test.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

namespace xsellsim::models {
namespace {

TEST(LiveTest, MatchesTheTwoProportionFormulas) {
  // p_c = 10%, p_t = 12%, N = 10,000 at 50/50, alpha 5%, power 80%. By hand (scipy.stats.norm):
  // se = sqrt(.12 x .88 / 5000 + .10 x .90 / 5000) = 0.0062546, half-width 1.95996 se = 0.012259,
  // power = Phi(.02 / se - 1.95996) + Phi(-.02 / se - 1.95996) = 0.89208,
  // MDE = (1.95996 + 0.84162) se = 0.017523, N = (2.80158)^2 (.1056 / .5 + .09 / .5) / .02^2 =
  // 7676.2, rounded up.
  const LiveTestPlan plan = plan_live_test(0.12, 0.10, {10000, 0.5, 0.05, 0.8});
  EXPECT_NEAR(plan.lift, 0.02, 1e-15);
  EXPECT_NEAR(plan.standard_error, 0.006254598308444756, 1e-12);
  EXPECT_NEAR(plan.high - plan.lift, 0.012258787422316866, 1e-12);
  EXPECT_NEAR(plan.lift - plan.low, 0.012258787422316866, 1e-12);
  EXPECT_NEAR(plan.power, 0.8920833890330064, 1e-9);
  EXPECT_NEAR(plan.minimum_detectable_effect, 0.017522790166173204, 1e-9);
  ASSERT_TRUE(plan.customers_needed);
  EXPECT_EQ(*plan.customers_needed, 7677);
}

TEST(LiveTest, AnUnevenSplitIsWiderAndWeaker) {
  // p_c = 20%, p_t = 21.4%, N = 17,601 with 10% held out: se = 0.0100758, half-width 0.019748,
  // power 0.28457, MDE 0.028228, N needed 71,557 (scipy, as above).
  const LiveTestPlan plan = plan_live_test(0.214, 0.20, {17601, 0.1, 0.05, 0.8});
  EXPECT_NEAR(plan.high - plan.lift, 0.01974825533632372, 1e-9);
  EXPECT_NEAR(plan.power, 0.2845743106969943, 1e-6);
  EXPECT_NEAR(plan.minimum_detectable_effect, 0.028228284126735403, 1e-9);
  EXPECT_EQ(*plan.customers_needed, 71557);
}

TEST(LiveTest, NoLiftNeedsNoCustomersAndHasPowerAlpha) {
  const LiveTestPlan plan = plan_live_test(0.1, 0.1, {5000, 0.5, 0.05, 0.8});
  EXPECT_FALSE(plan.customers_needed.has_value());
  EXPECT_NEAR(plan.power, 0.05, 1e-12);  // rejecting then is a false positive
}

TEST(LiveTest, RejectsDesignsOutsideTheirRanges) {
  EXPECT_THROW(plan_live_test(0.1, 0.1, {0, 0.5, 0.05, 0.8}), std::invalid_argument);
  EXPECT_THROW(plan_live_test(0.1, 0.1, {100, 1.0, 0.05, 0.8}), std::invalid_argument);
  EXPECT_THROW(plan_live_test(0.1, 0.1, {100, 0.5, 0.0, 0.8}), std::invalid_argument);
  EXPECT_THROW(plan_live_test(0.1, 0.1, {100, 0.5, 0.05, 1.0}), std::invalid_argument);
  EXPECT_THROW(plan_live_test(1.5, 0.1, {100, 0.5, 0.05, 0.8}), std::invalid_argument);
}

TEST(LiveTest, RepeatedLiveTestsCoverAndRejectAsStated) {
  // 4,000 live tests of N = 6,000 at 70/30 (std::mt19937_64, seed 16): each draws the conversions
  // of its groups (binomial), forms the observed lift's interval with the observed rates, and
  // rejects "no lift" when it excludes 0. The share of intervals covering the true lift should be
  // 1 - alpha and the share rejecting the plan's power, each within 4 binomial standard errors
  // (false failure about 6e-5 each), plus the normal approximation's own error (well under 1%
  // here with 420 or more conversions per group).
  const double pt = 0.14, pc = 0.11;
  const LiveTestDesign design{6000, 0.3, 0.05, 0.8};
  const LiveTestPlan plan = plan_live_test(pt, pc, design);
  const auto nc = static_cast<int>(design.customers * design.holdout_share);
  const auto nt = static_cast<int>(design.customers) - nc;
  std::mt19937_64 generator(16);
  std::binomial_distribution<int> treated(nt, pt), control(nc, pc);
  const double z = normal_quantile(1 - design.alpha / 2);
  const int tests = 4000;
  int covered = 0, rejected = 0;
  for (int t = 0; t < tests; ++t) {
    const double rt = treated(generator) / static_cast<double>(nt);
    const double rc = control(generator) / static_cast<double>(nc);
    const double se = std::sqrt(rt * (1 - rt) / nt + rc * (1 - rc) / nc);
    const double low = rt - rc - z * se, high = rt - rc + z * se;
    covered += low <= pt - pc && pt - pc <= high ? 1 : 0;
    rejected += low > 0 || high < 0 ? 1 : 0;
  }
  const double coverage = covered / static_cast<double>(tests);
  const double power = rejected / static_cast<double>(tests);
  const double coverage_se = std::sqrt(0.95 * 0.05 / tests);
  const double power_se = std::sqrt(plan.power * (1 - plan.power) / tests);
  std::printf("coverage %.4f (stated 0.95), power %.4f (stated %.4f)\n", coverage, power,
              plan.power);
  EXPECT_NEAR(coverage, 0.95, 4 * coverage_se);
  EXPECT_NEAR(power, plan.power, 4 * power_se);
  // And the interval the plan states is the one these tests show, on average.
  EXPECT_NEAR(plan.high - plan.low, 2 * z * std::sqrt(pt * (1 - pt) / nt + pc * (1 - pc) / nc),
              1e-12);
}

}  // namespace
}  // namespace xsellsim::models

// Choosing on net value: Holm, P(best) against the normal tail, Bonferroni, the customers that
// would separate the arms.
#include "models/choice.hpp"

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

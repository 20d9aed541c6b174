// The intervals of one arm's figures: Student's t, Wilson's score interval against Newcombe's
// published values, bounded rare rates.
#include "models/intervals.hpp"

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

TEST(Compare, TQuantilesAreStudents) {
  EXPECT_NEAR(t_quantile_975(1), 12.7062, 1e-4);
  EXPECT_NEAR(t_quantile_975(4), 2.7764, 1e-4);
  EXPECT_NEAR(t_quantile_975(1000), 1.9623, 1e-4);
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

}  // namespace
}  // namespace xsellsim::models

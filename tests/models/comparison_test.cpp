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

TEST(Compare, OneReplicationUsesGreenwoodIntervals) {
  World world = testing::camera_world(4000, 3 * sim::kDay);
  const Comparison c = compare(run_world(world, 5, 1));
  const Estimate& conversion = *c.arms[0].conversion[2];  // day 90
  ASSERT_TRUE(conversion.low.has_value());
  const double p = conversion.value, n = c.arms[0].entrants;
  // Without censoring before day 90 Greenwood's variance is the binomial p(1-p)/n.
  EXPECT_NEAR(*conversion.high - p, 1.96 * std::sqrt(p * (1 - p) / n), 1e-3);
  EXPECT_FALSE(c.arms[0].revenue_per_entrant.low.has_value());  // no interval without replications
}

}  // namespace
}  // namespace xsellsim::models

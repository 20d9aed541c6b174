// The figures of `compare`: interval coverage against a known truth, and attribution against the
// true incremental effect.
#include "models/comparison.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using testing::run_world;

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

}  // namespace
}  // namespace xsellsim::models

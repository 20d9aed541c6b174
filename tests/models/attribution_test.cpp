// Attribution: each rule credits each entrant's cross-sell order to the emails opened before it,
// exactly, and can credit emails that changed nothing (the true incremental effect is 0).
#include <gtest/gtest.h>

#include <array>

#include "models/comparison.hpp"
#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using testing::run_world;

TEST(Attribution, LastTouchCreditsEmailsThatChangedNothing) {
  // Emails that nobody clicks, that bring no order without a click and harm nobody change no
  // purchase (and unsubscribes change none either), so each step's true incremental revenue is
  // exactly 0 (common random numbers), while last-touch attribution hands opened emails the
  // revenue of organic purchases.
  World world = testing::camera_world(5000, 3 * sim::kDay);
  world.engagement.click_base = -50;
  world.engagement.exposure_open = world.engagement.exposure_delivered = 0;
  world.engagement.dropout_base = -50;
  world.attribution = true;
  const Comparison c = compare(run_world(world, 3, 2));
  ASSERT_EQ(c.steps.size(), 6u);  // three per arm; the holdout's send nothing
  double credited = 0;
  for (const StepFigures& step : c.steps) {
    if (step.arm != "email") continue;
    ASSERT_TRUE(step.incremental.has_value());
    EXPECT_EQ(step.incremental->value, 0.0) << step.step;
    credited += step.attributed[static_cast<std::size_t>(Attribution::kLastTouch)];
  }
  EXPECT_GT(credited, 1000.0);
}

TEST(Attribution, EveryRuleCreditsTheSameTotal) {
  // Each rule splits each attributed order's revenue exactly (whole cents).
  World world = testing::camera_world(3000, 3 * sim::kDay);
  const RunResult result = run_world(world, 4, 1);
  std::array<std::int64_t, kAttributionCount> totals{};
  for (const StepTally& step : result.tallies[0][1].steps) {
    for (std::size_t m = 0; m < kAttributionCount; ++m) totals[m] += step.attributed_cents[m];
  }
  EXPECT_GT(totals[0], 0);
  for (std::size_t m = 1; m < kAttributionCount; ++m) EXPECT_EQ(totals[m], totals[0]) << m;
}

}  // namespace
}  // namespace xsellsim::models

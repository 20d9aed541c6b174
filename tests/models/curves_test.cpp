// Curves by day since entry: day d of each curve is what `compare` shows with the lift day d.
#include "models/curves.hpp"

#include <gtest/gtest.h>

#include "models/comparison.hpp"
#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using testing::run_world;

void expect_same(const DailyBand& band, std::size_t day, const Estimate& e) {
  EXPECT_EQ(band.value[day], e.value) << day;
  ASSERT_TRUE(band.low[day] && e.low) << day;
  EXPECT_EQ(*band.low[day], *e.low) << day;
  EXPECT_EQ(*band.high[day], *e.high) << day;
}

TEST(Curves, EachDayIsTheComparisonAtThatDay) {
  World world = testing::camera_world(1500, 3 * sim::kDay);
  world.population.horizon = 180 * sim::kDay;
  for (int replications : {1, 3}) {
    const RunResult result = run_world(world, 9, replications);
    const std::vector<CurveFigures> all = curves(result, compare(result));
    ASSERT_EQ(all.size(), 2u);
    EXPECT_FALSE(all[0].lift.has_value());  // the holdout against itself
    ASSERT_TRUE(all[1].lift.has_value());
    EXPECT_EQ(all[1].baseline, "holdout");
    for (std::size_t day : {7, 30, 61, 90, 150}) {
      if (day >= result.days) continue;
      const Comparison at_day = compare(result, day);
      ASSERT_TRUE(at_day.arms[1].lift && at_day.arms[0].unsubscribe);
      expect_same(*all[1].lift, day, *at_day.arms[1].lift);
      for (std::size_t a = 0; a < 2; ++a) {
        expect_same(all[a].unsubscribe, day, *at_day.arms[a].unsubscribe);
      }
    }
    for (std::size_t i = 0; i < kConversionDays.size(); ++i) {
      const Comparison c = compare(result);
      if (c.arms[1].conversion[i]) {
        expect_same(all[1].conversion, kConversionDays[i], *c.arms[1].conversion[i]);
      }
    }
    EXPECT_EQ(all[1].lift->value.size(), result.days);
  }
}

}  // namespace
}  // namespace xsellsim::models

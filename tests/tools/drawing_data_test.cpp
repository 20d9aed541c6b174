// The json `plot` and `report` draw from (tools/drawing_data.cpp).
#include <gtest/gtest.h>

#include <string>

#include "drawing.hpp"

namespace xsellsim::tools {
namespace {

using DrawingData = testing::DrawingTest;

// The results file stores the scenario as TOML++ writes it, keys sorted: the camera's steps
// nudge, offer, reminder instead of nudge, reminder, offer. The words drawn from it are those of
// the scenario as it ran (offer last, at day 35), the same as `describe` of the file itself.
TEST_F(DrawingData, StepsKeepTheRunsOrderThroughTheResultsFile) {
  const std::string results = camera_results("camera.h5", 1);
  ASSERT_TRUE(draw_keeping_data("plot", results));
  ASSERT_EQ(testing::run_shell(XSELLSIM_BINARY " describe " + testing::kCamera +
                               " --set population.size=2000 > " + path("words.txt"))
                .status,
            0);
  const testing::Outcome same = python_script(
      "import json, sys\n"
      "drawn = json.load(open(sys.argv[1]))['scenario']['words']\n"
      "print(drawn == open(sys.argv[2]).read(), 'offer 7 days later (day 35)' in drawn)\n",
      path("data.json") + " " + path("words.txt"));
  ASSERT_EQ(same.status, 0) << same.output;
  EXPECT_EQ(same.output, "True True\n");
}

// Curves for every day of the run and every arm; the calendar-day series against the baseline.
TEST_F(DrawingData, HoldsEveryDayOfEveryArm) {
  const std::string results = camera_results("camera.h5", 2);
  ASSERT_TRUE(draw_keeping_data("plot", results));
  const testing::Outcome shape = python_script(
      "import json, sys\n"
      "d = json.load(open(sys.argv[1]))\n"
      "print(d['days'], [len(c['conversion']['value']) for c in d['curves']], "
      "[c['lift'] is None for c in d['curves']], d['daily'][0]['subscribers_vs_baseline'][-1], "
      "d['live_default'])\n",
      path("data.json"));
  ASSERT_EQ(shape.status, 0) << shape.output;
  // 180 days and day 0; the holdout has no lift against itself and no subscribers lost.
  EXPECT_EQ(shape.output, "181 [181, 181, 181] [True, False, False] 0 True\n");
}

}  // namespace
}  // namespace xsellsim::tools

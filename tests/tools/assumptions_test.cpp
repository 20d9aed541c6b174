// What was assumed (tools/assumptions.cpp): each parameter with where it came from.
#include <gtest/gtest.h>

#include <string>

#include "drawing.hpp"

namespace xsellsim::tools {
namespace {

using Assumptions = testing::DrawingTest;

// The camera file sets the population size and the tripod's lag_shape; --set counts as the
// scenario's; the start month and the email response are the model's defaults. (Estimates from
// data: ReportCommand.SaysWhichParametersCameFromData.)
TEST_F(Assumptions, TellTheScenariosValuesFromTheDefaults) {
  const std::string results = camera_results("camera.h5", 1, "--set engagement.click_base=-2.4");
  ASSERT_TRUE(draw_keeping_data("report", results));
  const testing::Outcome origins = python_script(
      "import json, sys\n"
      "a = {x['key']: (x['origin'], x['value']) for x in "
      "json.load(open(sys.argv[1]))['scenario']['assumptions']}\n"
      "for k in ('population.size', 'population.start_month', 'engagement.click_base', "
      "'engagement.open_base', 'products.camera.complements.tripod.lag_shape', "
      "'products.camera.complements.lens.lag_shape', 'fatigue.half_life'):\n"
      "  print(k, *a[k])\n",
      path("data.json"));
  ASSERT_EQ(origins.status, 0) << origins.output;
  EXPECT_EQ(origins.output,
            "population.size scenario 2000\n"
            "population.start_month default 1\n"
            "engagement.click_base scenario -2.4\n"
            "engagement.open_base default 0\n"
            "products.camera.complements.tripod.lag_shape scenario 3\n"
            "products.camera.complements.lens.lag_shape default 2\n"
            "fatigue.half_life scenario 7 days\n");
}

}  // namespace
}  // namespace xsellsim::tools

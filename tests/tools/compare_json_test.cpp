// `compare --format json` (tools/compare_json.cpp) is the document `plot` and `report` draw from.
#include <gtest/gtest.h>

#include <string>

#include "drawing.hpp"

namespace xsellsim::tools {
namespace {

using CompareJson = testing::DrawingTest;

// Issue 16, item 7: one computation. The json that `report` hands its Python holds, under
// "compare", the very document `compare --format json --live N` prints (parsed and compared whole).
TEST_F(CompareJson, IsTheDocumentReportDrawsFrom) {
  const std::string results = camera_results("camera.h5", 3);
  ASSERT_TRUE(draw_keeping_data("report", results, "--live 15000"));
  ASSERT_EQ(testing::run_shell(XSELLSIM_BINARY " compare --format json --live 15000 " + results +
                               " > " + path("compare.json"))
                .status,
            0);
  const testing::Outcome same = python_script(
      "import json, sys\n"
      "drawn = json.load(open(sys.argv[1]))['compare']\n"
      "printed = json.load(open(sys.argv[2]))\n"
      "print(drawn == printed, len(printed['points'][0]['arms']))\n",
      path("data.json") + " " + path("compare.json"));
  ASSERT_EQ(same.status, 0) << same.output;
  EXPECT_EQ(same.output, "True 3\n");
}

}  // namespace
}  // namespace xsellsim::tools

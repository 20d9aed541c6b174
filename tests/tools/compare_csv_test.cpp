// `compare --format csv` (tools/compare_csv.cpp): one figure per line, every line complete.
#include <gtest/gtest.h>

#include <string>

#include "drawing.hpp"

namespace xsellsim::tools {
namespace {

using CompareCsv = testing::DrawingTest;

TEST_F(CompareCsv, EveryLineHasTheHeadersFieldsAndNumbers) {
  const std::string results = camera_results("camera.h5", 2);
  ASSERT_EQ(testing::run_shell(XSELLSIM_BINARY " compare --format csv --live 20000 " + results +
                               " > " + path("c.csv"))
                .status,
            0);
  const testing::Outcome check = python_script(
      "import csv, sys\n"
      "rows = list(csv.reader(open(sys.argv[1])))\n"
      "width = len(rows[0]); bad = 0\n"
      "for r in rows[1:]:\n"
      "  bad += len(r) != width\n"
      "  if r[3] != 'recommendation':\n"
      "    [float(x) for x in r[4:] if x]\n"
      "print(len(rows) > 100, bad, {r[3] for r in rows[1:]} >= "
      "{'live_power', 'lift_90', 'recommendation', 'revenue_last_touch'})\n",
      path("c.csv"));
  ASSERT_EQ(check.status, 0) << check.output;
  EXPECT_EQ(check.output, "True 0 True\n");
}

}  // namespace
}  // namespace xsellsim::tools

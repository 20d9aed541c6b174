// The figures of tools/compare_rows.cpp: every format shows the same ones.
#include <gtest/gtest.h>

#include <string>

#include "drawing.hpp"

namespace xsellsim::tools {
namespace {

using CompareRows = testing::DrawingTest;

// Each arm figure of json is a csv row with the same value and interval, digit for digit.
TEST_F(CompareRows, CsvAndJsonShowTheSameFigures) {
  const std::string results = camera_results("camera.h5", 2);
  ASSERT_EQ(testing::run_shell(XSELLSIM_BINARY " compare --format json " + results + " > " +
                               path("c.json") + " && " XSELLSIM_BINARY " compare --format csv " +
                               results + " > " + path("c.csv"))
                .status,
            0);
  const testing::Outcome same = python_script(
      "import csv, json, sys\n"
      "arms = json.load(open(sys.argv[1]))['points'][0]['arms']\n"
      "rows = {(r['arm'], r['metric']): r for r in csv.DictReader(open(sys.argv[2])) "
      "if not r['step']}\n"
      "n = bad = 0\n"
      "for a in arms:\n"
      "  for m, e in a['metrics'].items():\n"
      "    if e is None: continue\n"
      "    r = rows[(a['arm'], m)]; n += 1\n"
      "    for k in ('value', 'low', 'high'):\n"
      "      want = '' if e[k] is None else e[k]\n"
      "      got = float(r[k]) if r[k] else ''\n"
      "      bad += want != got\n"
      "print(n, bad)\n",
      path("c.json") + " " + path("c.csv"));
  ASSERT_EQ(same.status, 0) << same.output;
  EXPECT_EQ(same.output.substr(same.output.find(' ')), " 0\n") << same.output;
  EXPECT_GT(std::stoi(same.output), 60) << same.output;  // about 25 figures x 3 arms
}

}  // namespace
}  // namespace xsellsim::tools

// `compare --format table` (tools/compare_table.cpp): one aligned column per arm.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "drawing.hpp"

namespace xsellsim::tools {
namespace {

using CompareTable = testing::DrawingTest;

TEST_F(CompareTable, AlignsOneColumnPerArmAndPrintsTheLivePlan) {
  const std::string results = camera_results("camera.h5", 2);
  const testing::Outcome table = testing::run_program("compare --live 20000 " + results, false);
  ASSERT_EQ(table.status, 0) << table.output;
  std::istringstream lines(table.output);
  std::string header, line;
  std::getline(lines, header);
  EXPECT_EQ(header.substr(header.size() - 4), "late");
  // Every figure line ends where the header does (right-aligned columns), up to the footnote.
  int figures = 0;
  while (std::getline(lines, line) && !line.starts_with("95% intervals")) {
    EXPECT_EQ(line.size(), header.size()) << line;
    ++figures;
  }
  EXPECT_GT(figures, 20);
  EXPECT_NE(table.output.find("Live test of 20000 entrants, 50% held out (holdout)"),
            std::string::npos);
}

}  // namespace
}  // namespace xsellsim::tools

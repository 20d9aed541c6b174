// `xsellsim calibrate` on the CDNOW sample reproduces Fader, Hardie & Lee (2005): r = 0.243,
// alpha = 4.414, a = 0.793, b = 2.426, log-likelihood -9582.4.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "program.hpp"

namespace xsellsim::tools {
namespace {

using testing::Outcome;
using testing::run_program;

// The number after `KEY = ` on its own line of the fragment. (No std::regex: GCC 12 warns inside
// it under the sanitizers.)
double value_of(const std::string& toml, const std::string& key) {
  const std::string label = "\n" + key + " = ";
  auto at = toml.find(label);
  EXPECT_NE(at, std::string::npos) << key;
  if (at == std::string::npos) return 0;
  return std::stod(toml.substr(at + label.size()));
}

TEST(Calibrate, ReproducesFaderHardieLeeOnTheCdnowSample) {
  Outcome outcome = run_program("calibrate " XSELLSIM_TEST_DATA
                                "/cdnow/CDNOW_sample.txt "
                                "--customer-column 2 --date-column 3 --date-format %Y%m%d "
                                "--calibration-end 1997-09-30 --time-unit week",
                                false);
  ASSERT_EQ(outcome.status, 0);
  const std::string& toml = outcome.output;  // stdout holds only the fragment
  EXPECT_EQ(toml.rfind("[segments.calibrated.purchasing]\nmodel = \"bgnbd\"\n", 0), 0u) << toml;
  // To the published precision: 3 decimals, and 1 for the log-likelihood.
  EXPECT_NEAR(value_of(toml, "r"), 0.243, 0.0005);
  EXPECT_NEAR(value_of(toml, "alpha"), 4.414, 0.0005);
  EXPECT_NEAR(value_of(toml, "a"), 0.793, 0.0005);
  EXPECT_NEAR(value_of(toml, "b"), 2.426, 0.0005);
  EXPECT_NEAR(value_of(toml, "log_likelihood"), -9582.4, 0.05);
  EXPECT_NE(toml.find("time_unit = \"week\""), std::string::npos);
}

TEST(Calibrate, MalformedLogsExitTwoWithTheLine) {
  const std::string options = " --customer-column 1 --date-column 2 --calibration-end 1997-09-30";
  Outcome missing =
      run_program("calibrate " XSELLSIM_TEST_DATA "/calibrate/missing-column.txt" + options, true);
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.output.find("missing-column.txt:3:1: error: expected at least 2 columns"),
            std::string::npos)
      << missing.output;
  Outcome bad_date =
      run_program("calibrate " XSELLSIM_TEST_DATA "/calibrate/bad-date.txt" + options, true);
  EXPECT_EQ(bad_date.status, 2);
  EXPECT_NE(bad_date.output.find("bad-date.txt:2:3: error: '19970231x' is not a date"),
            std::string::npos)
      << bad_date.output;
  Outcome empty =
      run_program("calibrate " XSELLSIM_TEST_DATA "/calibrate/empty.txt" + options, true);
  EXPECT_EQ(empty.status, 2);
  EXPECT_NE(empty.output.find("no transactions"), std::string::npos) << empty.output;
  EXPECT_EQ(run_program("calibrate /no/such/log.txt" + options, true).status, 2);
  Outcome bad_end = run_program("calibrate " XSELLSIM_TEST_DATA
                                "/calibrate/bad-date.txt --customer-column 1 "
                                "--date-column 2 --calibration-end 30/09/1997",
                                true);
  EXPECT_EQ(bad_end.status, 2);
}

// A calibration end after the last order (the CDNOW sample ends on 1998-06-30) once gave a badly
// biased fit without a word; a date format with a directive it cannot read is refused up front.
TEST(Calibrate, RefusesAnEndAfterTheLastOrderAndUnreadableFormats) {
  const std::string log = "calibrate " XSELLSIM_TEST_DATA
                          "/cdnow/CDNOW_sample.txt --customer-column 2 --date-column 3 ";
  Outcome late = run_program(log + "--calibration-end 2003-09-30", true);
  EXPECT_EQ(late.status, 2) << late.output;
  EXPECT_NE(late.output.find("--calibration-end:1:1: error: 2003-09-30 is after the last "
                             "transaction in "),
            std::string::npos)
      << late.output;
  EXPECT_NE(late.output.find("(1998-06-30): choose a date on or before it"), std::string::npos)
      << late.output;
  EXPECT_EQ(run_program(log + "--calibration-end 1998-06-30", false).status, 0);
  Outcome format = run_program(log + "--date-format %Y%m%d%p --calibration-end 1997-09-30", true);
  EXPECT_EQ(format.status, 2) << format.output;
  EXPECT_NE(format.output.find("--date-format:1:7: error: '%p' is not supported"),
            std::string::npos)
      << format.output;
}

}  // namespace
}  // namespace xsellsim::tools

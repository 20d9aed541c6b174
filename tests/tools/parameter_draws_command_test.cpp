// End-to-end: `run --parameter-draws K` on the camera example with its casual segment's r and
// alpha given standard deviations, and what `compare` shows of it.
#include <gtest/gtest.h>

#include <string>

#include "output/results_file.hpp"
#include "program.hpp"

namespace xsellsim::tools {
namespace {

using testing::bytes;
using testing::kCamera;
using testing::Outcome;

using testing::run_program;

// The casual segment's BG/NBD r and alpha as calibrate writes them: mean and standard error.
const std::string kUncertain =
    " --set 'segments.casual.purchasing.r={mean = 0.243, sd = 0.013}'"
    " --set 'segments.casual.purchasing.alpha={mean = 4.414, sd = 0.378}'"
    " --set population.size=1500 -q ";

class ParameterDrawsCommand : public testing::InTemporaryDirectory {};

TEST_F(ParameterDrawsCommand, SameBytesForAnyThreadCountAndTheDrawsStored) {
  const std::string common =
      "run " + kCamera + kUncertain + "--parameter-draws 3 --replications 6 ";
  ASSERT_EQ(run_program(common + "--threads 1 -o " + path("one.h5")).status, 0);
  ASSERT_EQ(run_program(common + "--threads 3 -o " + path("three.h5")).status, 0);
  EXPECT_EQ(bytes(path("one.h5")), bytes(path("three.h5")));
  const output::ResultsFile file = output::read_results(path("one.h5"));
  const output::ParameterDraws& draws = file.parameter_draws;
  ASSERT_EQ(draws.keys, (std::vector<std::string>{"segments.casual.purchasing.r",
                                                  "segments.casual.purchasing.alpha"}));
  ASSERT_EQ(draws.values.size(), 3u);
  EXPECT_EQ(draws.means, (std::vector<double>{0.243, 4.414}));
  EXPECT_NE(draws.values[0], draws.values[1]);
  EXPECT_EQ(file.points[0].result.parameter_blocks, 3u);
  EXPECT_EQ(file.points[0].result.tallies.size(), 6u);
}

TEST_F(ParameterDrawsCommand, WithoutTheFlagTheMeansRunAsPlainValues) {
  const std::string plain =
      " --set segments.casual.purchasing.r=0.243 --set "
      "segments.casual.purchasing.alpha=4.414 --set population.size=1500 -q ";
  ASSERT_EQ(run_program("run " + kCamera + kUncertain + "-o " + path("mean.h5")).status, 0);
  ASSERT_EQ(run_program("run " + kCamera + plain + "-o " + path("plain.h5")).status, 0);
  const std::string json = " compare --format json ";
  EXPECT_EQ(run_program(json + path("mean.h5")).output,
            run_program(json + path("plain.h5")).output);
}

TEST_F(ParameterDrawsCommand, CompareShowsTheForecastBesideTheSimulationInterval) {
  ASSERT_EQ(run_program("run " + kCamera + kUncertain + "--parameter-draws 4 --replications 4 -o " +
                        path("out.h5"))
                .status,
            0);
  const Outcome table = run_program("compare " + path("out.h5"));
  ASSERT_EQ(table.status, 0) << table.output;
  EXPECT_NE(table.output.find("  forecast (parameters too)"), std::string::npos);
  EXPECT_NE(table.output.find("prediction interval over the 4 parameter blocks"),
            std::string::npos);
  auto json = testing::run_shell(
      std::string(XSELLSIM_BINARY) + " compare --format json " + path("out.h5") +
      " | /usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin); "
      "a = d[\"points\"][0][\"arms\"][2]; f = a[\"forecast\"]; m = a[\"metrics\"][\"lift_90\"]; "
      "print(a[\"arm\"], f[\"blocks\"], \"prediction interval\" in f[\"method\"], "
      "f[\"lift_90\"][\"low\"] < m[\"low\"] < m[\"high\"] < f[\"lift_90\"][\"high\"], "
      "d[\"points\"][0][\"arms\"][0][\"forecast\"])'");
  ASSERT_EQ(json.status, 0) << json.output;
  EXPECT_EQ(json.output, "late 4 True True None\n");
}

TEST_F(ParameterDrawsCommand, BadUsesExitTwoAndWriteNothing) {
  const Outcome uneven =
      run_program("run " + kCamera + kUncertain + "--parameter-draws 4 --replications 6 -o " +
                  path("uneven.h5"));
  EXPECT_EQ(uneven.status, 2);
  EXPECT_NE(uneven.output.find("give --replications a multiple of 4"), std::string::npos);
  const Outcome nothing = run_program("run " + kCamera +
                                      " --set population.size=500 -q --parameter-draws 2 "
                                      "--replications 2 -o " +
                                      path("nothing.h5"));
  EXPECT_EQ(nothing.status, 2);
  EXPECT_NE(nothing.output.find("no value written as a distribution"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path("uneven.h5")));
  EXPECT_FALSE(std::filesystem::exists(path("nothing.h5")));
}

TEST_F(ParameterDrawsCommand, CalibrateWritesFittedValuesAsDistributionsThatRunWithDraws) {
  const Outcome calibrated = run_program("calibrate orders " XSELLSIM_TEST_DATA
                                         "/online-retail/sample_2010-2011.csv.gz -o " +
                                         path("out.toml") + " --cancel-prefix C");
  ASSERT_EQ(calibrated.status, 0) << calibrated.output;
  const std::string scenario = bytes(path("out.toml"));
  for (const char* key : {"\nr = {mean = ", "\nalpha = {mean = ", "\na = {mean = ",
                          "\nb = {mean = ", "\nprobability = {mean = "}) {
    EXPECT_NE(scenario.find(key), std::string::npos) << key << scenario;
  }
  const Outcome ran = run_program(
      "run " + path("out.toml") +
      " --set population.size=800 -q --parameter-draws 2 --replications 2 -o " + path("out.h5"));
  ASSERT_EQ(ran.status, 0) << ran.output;
  EXPECT_GE(output::read_results(path("out.h5")).parameter_draws.keys.size(), 5u);

  ASSERT_EQ(run_program("run " + kCamera + " --set population.size=3000 -q -o " +
                        path("camera.h5") + " --export " + path("logs"))
                .status,
            0);
  const Outcome emails =
      testing::run_program("calibrate emails " + path("logs/email_events.csv.gz"), false);
  ASSERT_EQ(emails.status, 0) << emails.output;
  EXPECT_NE(emails.output.find("open_base               = {mean = "), std::string::npos)
      << emails.output;
}

}  // namespace
}  // namespace xsellsim::tools

// tools/calibrate_command_line.cpp: the flags of `calibrate` and of its subcommands orders,
// emails and campaign. Each --help exits 0; a subcommand's range checks exit 2 with CLI11's
// message; `calibrate LOG`'s own options are required only without a subcommand.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "program.hpp"

namespace xsellsim::tools {
namespace {

TEST(CalibrateCommandLine, EverySubcommandsHelpExitsZeroWithItsUsage) {
  for (const std::string command :
       {"calibrate", "calibrate orders", "calibrate emails", "calibrate campaign"}) {
    auto outcome = testing::run_program(command + " --help");
    EXPECT_EQ(outcome.status, 0) << command << "\n" << outcome.output;
    EXPECT_NE(outcome.output.find(std::string(XSELLSIM_BINARY) + " " + command + " [OPTIONS]"),
              std::string::npos)
        << outcome.output;
  }
}

TEST(CalibrateCommandLine, CalibrateHelpListsItsOptionsThenItsSubcommands) {
  auto outcome = testing::run_program("calibrate --help");
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  testing::expect_in_order(
      outcome.output,
      {"log TEXT", "--customer-column INT:INT in [1 - 1000]", "--date-column INT:INT in [1 - 1000]",
       "--date-format TEXT=%Y%m%d", "--calibration-end TEXT", "--time-unit TEXT=week",
       "Subcommands:", "orders ", "emails ", "campaign "});
}

TEST(CalibrateCommandLine, RangeChecksExitTwoWithTheirMessage) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"calibrate log.txt --customer-column 0",
       "--customer-column: Value 0 not in range 1 to 1000"},
      {"calibrate orders x.csv -o y.toml --products 0",
       "--products: Value 0 not in range 1 to 10000"},
      {"calibrate orders x.csv -o y.toml --candidates 1",
       "--candidates: Value 1 not in range 2 to 1000"},
      {"calibrate orders x.csv -o y.toml --window 4000",
       "--window: Value 4000 not in range 1 to 3650"},
      {"calibrate orders x.csv -o y.toml --min-buyers 0",
       "--min-buyers: Value 0 not in range 1 to 1000000"},
      {"calibrate orders x.csv -o y.toml --max-edges 0",
       "--max-edges: Value 0 not in range 1 to 10000"},
      {"calibrate emails x.csv --complaint-threshold 1001",
       "--complaint-threshold: Value 1001 not in range 0"}};
  for (const auto& [arguments, message] : cases) {
    auto outcome = testing::run_program(arguments);
    EXPECT_EQ(outcome.status, 2) << arguments << "\n" << outcome.output;
    EXPECT_EQ(outcome.output.rfind(message, 0), 0u) << arguments << "\n" << outcome.output;
  }
}

TEST(CalibrateCommandLine, RequiredOptionsAreNamed) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"calibrate", "log is required"},
      {"calibrate log.txt", "--customer-column is required"},
      {"calibrate log.txt --customer-column 1 --date-column 2", "--calibration-end is required"},
      {"calibrate orders x.csv", "--output is required"},
      {"calibrate emails", "log is required"},
      {"calibrate campaign x.csv", "--group is required"}};
  for (const auto& [arguments, message] : cases) {
    auto outcome = testing::run_program(arguments);
    EXPECT_EQ(outcome.status, 2) << arguments << "\n" << outcome.output;
    EXPECT_EQ(outcome.output.rfind(message + "\n", 0), 0u) << arguments << "\n" << outcome.output;
  }
}

// With a subcommand, `calibrate LOG`'s options are not asked for: the subcommand runs and fails
// on its own missing file.
TEST(CalibrateCommandLine, ASubcommandDoesNotNeedCalibratesOwnOptions) {
  auto outcome = testing::run_program("calibrate emails /no/such/events.csv");
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_EQ(outcome.output, "/no/such/events.csv: error: cannot read the email log\n");
}

}  // namespace
}  // namespace xsellsim::tools

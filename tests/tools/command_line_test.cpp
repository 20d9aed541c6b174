// tools/command_line.cpp: the program's flags, apart from what the commands do. Each command's
// --help exits 0 and lists its options in the order they are bound; range checks, exclusions and
// unknown commands exit 2 with CLI11's message; a command's own status reaches the exit status.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "program.hpp"

namespace xsellsim::tools {
namespace {

TEST(CommandLine, EveryCommandsHelpExitsZeroWithItsUsage) {
  for (const std::string command :
       {"run", "validate", "describe", "calibrate", "compare", "plot", "report"}) {
    auto outcome = testing::run_program(command + " --help");
    EXPECT_EQ(outcome.status, 0) << command << "\n" << outcome.output;
    EXPECT_NE(outcome.output.find(std::string(XSELLSIM_BINARY) + " " + command + " [OPTIONS]"),
              std::string::npos)
        << outcome.output;
  }
}

TEST(CommandLine, ProgramHelpListsTheCommandsInOrder) {
  auto outcome = testing::run_program("--help");
  EXPECT_EQ(outcome.status, 0) << outcome.output;
  testing::expect_in_order(outcome.output, {"Subcommands:", "run ", "validate ", "describe ",
                                            "calibrate ", "compare ", "plot ", "report "});
}

TEST(CommandLine, RunHelpListsItsOptionsInTheOrderBound) {
  auto outcome = testing::run_program("run --help");
  EXPECT_EQ(outcome.status, 0) << outcome.output;
  testing::expect_in_order(
      outcome.output, {"scenario TEXT REQUIRED", "-o,--output", "--set TEXT", "--threads UINT",
                       "--replications INT", "--parameter-draws INT", "--seed TEXT", "--force",
                       "--stats", "-q,--quiet", "--resume Excludes: --resume-if-possible --restart",
                       "--resume-if-possible Excludes", "--restart Excludes", "--export TEXT"});
}

TEST(CommandLine, CompareHelpListsItsOptionsInTheOrderBound) {
  auto outcome = testing::run_program("compare --help");
  EXPECT_EQ(outcome.status, 0) << outcome.output;
  testing::expect_in_order(outcome.output,
                           {"results TEXT REQUIRED", "--format TEXT:{table,csv,json,tidy}",
                            "--point UINT", "--day UINT", "--baseline TEXT", "--live FLOAT",
                            "--holdout-share FLOAT", "--alpha FLOAT", "--power FLOAT"});
}

TEST(CommandLine, VersionPrintsTheProgramsVersion) {
  auto outcome = testing::run_program("--version");
  EXPECT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_EQ(outcome.output.rfind("xsellsim ", 0), 0u) << outcome.output;
}

TEST(CommandLine, RangeChecksExitTwoWithTheirMessage) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"run --threads 0 x.toml", "--threads: Value 0 not in range 1 to 4096"},
      {"run --replications 0 x.toml", "--replications: Value 0 not in range 1 to 10000"},
      {"run --parameter-draws 10001 x.toml",
       "--parameter-draws: Value 10001 not in range 1 to 10000"},
      {"compare r.h5 --format xml", "--format: xml not in {table,csv,json,tidy}"},
      {"plot r.h5 --point -1", "--point: Value -1 not in range 0"},
      {"report r.h5 --live 0", "--live: Value 0 not in range 0"}};
  for (const auto& [arguments, message] : cases) {
    auto outcome = testing::run_program(arguments);
    EXPECT_EQ(outcome.status, 2) << arguments << "\n" << outcome.output;
    EXPECT_EQ(outcome.output.rfind(message, 0), 0u) << arguments << "\n" << outcome.output;
  }
}

TEST(CommandLine, ResumeFlagsExcludeEachOther) {
  auto outcome = testing::run_program("run --resume --restart x.toml");
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_EQ(outcome.output.rfind("--resume excludes --restart\n", 0), 0u) << outcome.output;
}

TEST(CommandLine, UsageErrorsExitTwo) {
  for (const char* arguments : {"", "run", "--bogus", "run --bogus x.toml", "run x.toml y.toml"}) {
    auto outcome = testing::run_program(arguments);
    EXPECT_EQ(outcome.status, 2) << arguments << "\n" << outcome.output;
    EXPECT_NE(outcome.output.find("Run with --help for more information."), std::string::npos)
        << arguments << "\n"
        << outcome.output;
  }
}

TEST(CommandLine, AnUnknownCommandIsNamedWithTheClosestOne) {
  auto outcome = testing::run_program("runn x.toml");
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("unknown command 'runn'; did you mean 'run'?"), std::string::npos)
      << outcome.output;
  outcome = testing::run_program("zzz");
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("unknown command 'zzz'; the commands are run, validate, describe, "
                                "calibrate, compare, plot, report"),
            std::string::npos)
      << outcome.output;
}

TEST(CommandLine, ValidateFillsItsArgumentsAndReturnsZero) {
  auto outcome = testing::run_program("validate " + testing::kCamera + " --set population.size=50");
  EXPECT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_EQ(outcome.output, "ok\n");
  outcome = testing::run_program("validate " + testing::kCamera + " --set population.size=-3");
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("population.size"), std::string::npos) << outcome.output;
}

using CommandLineFiles = testing::InTemporaryDirectory;

// compare_file returns 2 (it throws nothing) for a --point the file does not have: the binding
// must store that status, not the 0 it started from.
TEST_F(CommandLineFiles, ACommandsReturnedStatusIsTheExitStatus) {
  const std::string results = path("r.h5");
  auto run = testing::run_program("run -q -o " + results + " " + testing::kCamera +
                                  " --set population.size=50 --replications 1");
  ASSERT_EQ(run.status, 0) << run.output;
  auto outcome = testing::run_program("compare " + results + " --point 3");
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("--point 3 is out of range: the file has 1 point(s), 0..0"),
            std::string::npos)
      << outcome.output;
}

}  // namespace
}  // namespace xsellsim::tools

// End-to-end tests of `xsellsim run` and `validate`: the program as a user runs it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "output/results_file.hpp"
#include "program.hpp"

namespace xsellsim::tools {
namespace {

namespace fs = std::filesystem;
using testing::bytes;

using testing::Outcome;
using testing::run_program;

class RunCommand : public testing::InTemporaryDirectory {
 protected:
};

using testing::kCamera;

TEST_F(RunCommand, WritesCurvesThatAreMonotoneProbabilities) {
  Outcome outcome =
      run_program("run " + kCamera + " --set population.size=3000 -o " + path("out.h5"));
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("holdout"), std::string::npos);
  output::ResultsFile file = output::read_results(path("out.h5"));
  const models::RunResult& result = file.points.at(0).result;
  ASSERT_GE(result.arm_names.size(), 3u);
  EXPECT_EQ(result.arm_names[0], "holdout");
  for (std::size_t arm = 0; arm < result.arm_names.size(); ++arm) {
    for (const auto* tally :
         {&result.tallies[0][arm].conversion, &result.tallies[0][arm].unsubscribe}) {
      auto curve = tally->cumulative_incidence();
      for (std::size_t d = 0; d < curve.size(); ++d) {
        ASSERT_GE(curve[d], 0.0);
        ASSERT_LE(curve[d], 1.0);
        if (d > 0) {
          ASSERT_GE(curve[d], curve[d - 1]);
        }
        if (arm == 0 && tally == &result.tallies[0][arm].unsubscribe) {
          ASSERT_EQ(curve[d], 0.0);
        }
      }
    }
  }
  EXPECT_NE(file.metadata.scenario_toml.find("size = 3000"), std::string::npos);
}

TEST_F(RunCommand, SameSeedGivesIdenticalBytesForAnyThreadCount) {
  const std::string common = "run " + kCamera + " --set population.size=4000 --replications 2 ";
  ASSERT_EQ(run_program(common + "--threads 1 -o " + path("one.h5")).status, 0);
  ASSERT_EQ(run_program(common + "--threads 2 -o " + path("two.h5")).status, 0);
  ASSERT_EQ(run_program(common + "--threads 3 -o " + path("three.h5")).status, 0);
  EXPECT_EQ(bytes(path("one.h5")), bytes(path("two.h5")));
  EXPECT_EQ(bytes(path("one.h5")), bytes(path("three.h5")));
  ASSERT_EQ(run_program(common + "--seed 5 -o " + path("other.h5")).status, 0);
  EXPECT_NE(bytes(path("one.h5")), bytes(path("other.h5")));
}

TEST_F(RunCommand, MisspelledKeyExitsTwoWithPositionAndWritesNothing) {
  std::string text = bytes(kCamera);
  auto at = text.find("horizon = ");
  text.replace(at, 7, "horizn");
  std::ofstream(path("bad.toml")) << text;
  Outcome outcome = run_program("run " + path("bad.toml") + " -o " + path("out.h5"));
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.output.find(path("bad.toml") + ":"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("error: unknown key 'horizn'; did you mean 'horizon'? "
                                "(at population.horizn)"),
            std::string::npos)
      << outcome.output;
  EXPECT_FALSE(fs::exists(path("out.h5")));
  EXPECT_EQ(std::distance(fs::directory_iterator(directory_), fs::directory_iterator()), 1);
}

TEST_F(RunCommand, BadSetValueExitsTwo) {
  Outcome outcome =
      run_program("run " + kCamera + " --set population.size=lots -o " + path("out.h5"));
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.output.find("--set:1:17: error: expected an integer"), std::string::npos)
      << outcome.output;
  EXPECT_FALSE(fs::exists(path("out.h5")));
}

TEST_F(RunCommand, RefusesToOverwriteWithoutForce) {
  const std::string args = "run " + kCamera + " --set population.size=500 -o " + path("out.h5");
  ASSERT_EQ(run_program(args).status, 0);
  EXPECT_EQ(run_program(args).status, 2);
  EXPECT_EQ(run_program(args + " --force").status, 0);
}

// A folder that does not exist is bad input, found before simulating (it was found only when
// the results were written, after the whole run: exit 1).
TEST_F(RunCommand, MissingOutputFolderExitsTwoAtOnceAndLeavesNothing) {
  for (const char* replications : {"1", "3"}) {
    const auto start = std::chrono::steady_clock::now();
    Outcome outcome =
        run_program("run " + kCamera + " --set population.size=10000000 --replications " +
                    replications + " -q -o " + path("no/such/dir.h5"));
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(outcome.status, 2) << outcome.output;
    EXPECT_NE(outcome.output.find(path("no/such/dir.h5") + ": error: the output folder " +
                                  path("no/such") + " does not exist; create it first"),
              std::string::npos)
        << outcome.output;
    EXPECT_LT(took.count(), 5.0);
    EXPECT_EQ(std::distance(fs::directory_iterator(directory_), fs::directory_iterator()), 0);
  }
}

TEST_F(RunCommand, UnknownCommandSaysDidYouMean) {
  Outcome outcome = run_program("runn " + kCamera);
  EXPECT_EQ(outcome.status, 2);
  EXPECT_EQ(outcome.output, "xsellsim: error: unknown command 'runn'; did you mean 'run'?\n");
  outcome = run_program("calibrat x.csv");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.output.find("did you mean 'calibrate'?"), std::string::npos) << outcome.output;
  outcome = run_program("frobnicate");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.output.find("unknown command 'frobnicate'; the commands are run, validate"),
            std::string::npos)
      << outcome.output;
}

// --seed is checked as the scenario's `seed` is (`--set seed=-1` was refused while `--seed -1`
// wrapped to 18446744073709551615).
TEST_F(RunCommand, SeedIsANonNegativeIntegerAsInTheScenario) {
  const std::string args = "run " + kCamera + " --set population.size=100 -q -o " + path("s.h5");
  for (const char* bad : {"-1", "18446744073709551615", "9223372036854775808", "x", "1.5"}) {
    Outcome outcome = run_program(args + " --seed " + bad);
    EXPECT_EQ(outcome.status, 2) << bad << outcome.output;
    EXPECT_EQ(outcome.output.rfind("--seed: error: ", 0), 0u) << bad << outcome.output;
    EXPECT_FALSE(fs::exists(path("s.h5"))) << bad;
  }
  EXPECT_NE(run_program(args + " --seed -1")
                .output.find("-1 is out of range: must be in [0, 9223372036854775807]"),
            std::string::npos);
  EXPECT_NE(run_program(args + " --set seed=-1")
                .output.find("-1 is out of range: must be in [0, 9223372036854775807]"),
            std::string::npos);
  EXPECT_EQ(run_program(args + " --seed 9223372036854775807").status, 0);
}

TEST_F(RunCommand, ReplicationsHaveTheScenarioCap) {
  const std::string args = "run " + kCamera + " --set population.size=10 -q -o " + path("r.h5");
  EXPECT_EQ(run_program(args + " --replications 10001").status, 2);
  EXPECT_EQ(run_program(args + " --set replications=10001").status, 2);
  EXPECT_EQ(run_program(args + " --replications 2").status, 0);
}

TEST_F(RunCommand, ValidatePrintsOkForEveryExample) {
  for (const auto& entry : fs::directory_iterator(XSELLSIM_SOURCE_DIR "/scenarios/examples")) {
    Outcome outcome = run_program("validate " + entry.path().string());
    EXPECT_EQ(outcome.status, 0) << entry.path() << outcome.output;
    EXPECT_EQ(outcome.output, "ok\n");
  }
}

TEST_F(RunCommand, EveryExampleRunsAtASmallPopulation) {
  for (const auto& entry : fs::directory_iterator(XSELLSIM_SOURCE_DIR "/scenarios/examples")) {
    Outcome outcome =
        run_program("run " + entry.path().string() + " --set population.size=300 -q -o " +
                    path(entry.path().stem().string() + ".h5"));
    EXPECT_EQ(outcome.status, 0) << entry.path() << outcome.output;
  }
}

TEST_F(RunCommand, HelpAndVersion) {
  EXPECT_EQ(run_program("--help").status, 0);
  Outcome version = run_program("--version");
  EXPECT_EQ(version.status, 0);
  EXPECT_NE(version.output.find("xsellsim"), std::string::npos);
  EXPECT_EQ(run_program("run").status, 2);         // missing scenario
  EXPECT_EQ(run_program("frobnicate").status, 2);  // unknown subcommand
  EXPECT_EQ(run_program("run " + kCamera + " --threads 0").status, 2);
}

}  // namespace
}  // namespace xsellsim::tools

namespace xsellsim::tools {
namespace {

std::string gunzip(const std::string& file) {
  return testing::run_shell("gzip -dc " + file, false).output;
}

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST_F(RunCommand, ExportWritesTheLogsOfReplicationOne) {
  const Outcome outcome = run_program("run " + kCamera + " --set population.size=400 -q -o " +
                                      path("out.h5") + " --export " + path("logs"));
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  const std::string orders = gunzip(path("logs/orders.csv.gz"));
  const std::string customers = gunzip(path("logs/customers.csv.gz"));
  const std::string events = gunzip(path("logs/email_events.csv.gz"));
  EXPECT_EQ(orders.substr(0, orders.find('\n')),
            "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID");
  EXPECT_EQ(customers.substr(0, customers.find('\n')),
            "customer,segment,arm,entered,effect_margin_early,effect_cross_sell_early,"
            "effect_margin_late,effect_cross_sell_late");
  EXPECT_EQ(lines(customers), 401u);  // the header and every customer
  EXPECT_GT(lines(orders), 400u);     // every customer's first purchase, and more
  EXPECT_NE(events.find(",send\n"), std::string::npos);
  // The same seed exports the same bytes.
  ASSERT_EQ(run_program("run " + kCamera + " --set population.size=400 -q --force -o " +
                        path("out.h5") + " --export " + path("again"))
                .status,
            0);
  EXPECT_EQ(gunzip(path("again/orders.csv.gz")), orders);
}

TEST_F(RunCommand, ExportOfASweepExitsTwoAndWritesNothing) {
  const Outcome outcome =
      run_program("run " + std::string(XSELLSIM_SOURCE_DIR) +
                  "/scenarios/examples/timing-sweep.toml -q --set population.size=200 -o " +
                  path("out.h5") + " --export " + path("logs"));
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("--export writes the logs of one world"), std::string::npos)
      << outcome.output;
  EXPECT_FALSE(fs::exists(path("out.h5")));
  EXPECT_FALSE(fs::exists(path("logs")));
}

}  // namespace
}  // namespace xsellsim::tools

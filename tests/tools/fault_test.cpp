// Faults around `xsellsim run` (docs/reliability.md): signals mid-run, an output that exists, a
// directory that cannot be written, a full disk, and inputs at or past the limits. Each must end
// with its documented exit status, a clear message, and no file left behind.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "program.hpp"

namespace xsellsim::tools {
namespace {

namespace fs = std::filesystem;
using testing::bytes;
using testing::Outcome;

using testing::kCamera;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Whether process `pid` has a handler for `signal_number` (its SigCgt mask in /proc).
bool catches(pid_t pid, int signal_number) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("SigCgt:", 0) == 0) {
      return ((std::stoull(line.substr(7), nullptr, 16) >> (signal_number - 1)) & 1) != 0;
    }
  }
  return false;
}

class Fault : public testing::InTemporaryDirectory {
 protected:
  // The names in the test's directory: results, temporaries, anything left behind.
  std::vector<std::string> left() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(directory_)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  // `run` with `arguments`, timed: limits must be refused at once, not after a long load.
  Outcome run_quickly(const std::string& arguments) {
    const auto start = std::chrono::steady_clock::now();
    Outcome outcome = testing::run_program("run " + arguments + " -q -o " + path("out.h5"));
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    EXPECT_LT(took.count(), 10.0) << arguments;
    EXPECT_TRUE(left().empty()) << arguments;
    return outcome;
  }

  // Starts a run far too long to finish, waits until it handles `signal_number`, sends it.
  void expect_stopped_by(int signal_number) {
    testing::Started program(
        {"run", kCamera, "--set", "population.size=1000000000", "-q", "-o", path("out.h5")});
    ASSERT_GT(program.pid(), 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!catches(program.pid(), signal_number) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(catches(program.pid(), signal_number)) << "no handler installed in time";
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // into the simulation
    ASSERT_EQ(::kill(program.pid(), signal_number), 0);
    Outcome outcome = program.finish();
    EXPECT_EQ(outcome.status, 128 + signal_number) << outcome.output;
    EXPECT_TRUE(contains(outcome.output, "stopped by signal")) << outcome.output;
    EXPECT_TRUE(left().empty());  // neither out.h5 nor out.h5.tmp-PID
  }
};

TEST_F(Fault, SigintStopsTheRunWithStatus130AndLeavesNothing) { expect_stopped_by(SIGINT); }

TEST_F(Fault, SigtermStopsTheRunWithStatus143AndLeavesNothing) { expect_stopped_by(SIGTERM); }

TEST_F(Fault, ExistingOutputIsKeptByteForByteWithoutForce) {
  const std::string precious = "not to be overwritten\n";
  std::ofstream(path("out.h5"), std::ios::binary) << precious;
  Outcome outcome =
      testing::run_program("run " + kCamera + " --set population.size=300 -q -o " + path("out.h5"));
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_TRUE(contains(outcome.output, "output file exists; pass --force")) << outcome.output;
  EXPECT_EQ(bytes(path("out.h5")), precious);
  EXPECT_EQ(left(), std::vector<std::string>{"out.h5"});
}

TEST_F(Fault, OutputUnderARegularFileExitsOneAndLeavesNothing) {
  // Root ignores permissions, but not a path that runs through a regular file.
  std::ofstream(path("plain")) << "a file, not a directory\n";
  Outcome outcome = testing::run_program("run " + kCamera + " --set population.size=300 -q -o " +
                                         path("plain/out.h5"));
  EXPECT_EQ(outcome.status, 1) << outcome.output;
  EXPECT_TRUE(contains(outcome.output, "cannot write " + path("plain/out.h5"))) << outcome.output;
  EXPECT_TRUE(contains(outcome.output, "Not a directory")) << outcome.output;
  EXPECT_EQ(left(), std::vector<std::string>{"plain"});
}

TEST_F(Fault, OutputInProcExitsOne) {
  const std::string target = "/proc/xsellsim-fault-test-" + std::to_string(::getpid()) + ".h5";
  Outcome outcome =
      testing::run_program("run " + kCamera + " --set population.size=300 -q -o " + target);
  EXPECT_EQ(outcome.status, 1) << outcome.output;
  EXPECT_TRUE(contains(outcome.output, "cannot write " + target)) << outcome.output;
  EXPECT_FALSE(fs::exists(target));
}

TEST_F(Fault, FullDiskExitsOneWithTheReasonAndLeavesNoTemporary) {
  // A 16 KiB file-size limit: the results (about 200 KiB) cannot be written. The program must see
  // EFBIG from write(), not die of SIGXFSZ with its temporary file in place.
  Outcome outcome =
      testing::run_shell("bash -c 'ulimit -f 16; exec " XSELLSIM_BINARY " run " + kCamera +
                         " --set population.size=300 -q -o " + path("out.h5") + "'");
  EXPECT_EQ(outcome.status, 1) << outcome.output;
  EXPECT_TRUE(contains(outcome.output, "cannot write " + path("out.h5"))) << outcome.output;
  EXPECT_TRUE(contains(outcome.output, "File too large")) << outcome.output;
  EXPECT_TRUE(left().empty());
}

TEST_F(Fault, CheckpointPastAFileSizeLimitExitsOneAndLeavesNothing) {
  // 4 KiB: the checkpoint's first units fit, a later one does not, while other worker threads
  // are finishing theirs. The failure must stop them all (it once crashed with SIGSEGV in
  // CheckpointWriter::add on a worker thread), then exit 1 with the reason.
  for (const char* threads : {"1", "2", "4"}) {
    Outcome outcome = testing::run_shell("bash -c 'ulimit -f 4; exec " XSELLSIM_BINARY " run " +
                                         kCamera + " --set population.size=2000 --threads " +
                                         threads + " -q -o " + path("lim.h5") + "'");
    EXPECT_EQ(outcome.status, 1) << threads << " threads\n" << outcome.output;
    EXPECT_TRUE(contains(outcome.output, "cannot write " + path("lim.h5") + ": File too large"))
        << outcome.output;
    EXPECT_TRUE(left().empty()) << threads << " threads";
  }
}

TEST_F(Fault, RunsTooLargeAreRefusedAtOnce) {
  struct Case {
    std::string arguments, message;
  };
  const Case cases[] = {
      {"--set population.size=1000000000000000", "out of range: must be in [1, 1000000000]"},
      {"--set population.horizon=1000000000d", "is longer than 100 years"},
      {"--set replications=1000000000000", "out of range: must be in [1, 10000]"},
      {"--set population.size=1000000000 --set replications=10000",
       "customer-lives, more than the limit of 1e+11"},
      {"--set replications=10000 --set population.horizon=36500d",
       "are too many tallies to hold in memory (more than 2 GB)"},
      {"--set population.size=1000000000 --replications 10000",
       "--replications: error: 1000000000 customers x 3 arms x 10000 replications"},
      {"--replications 10001", "--replications: Value 10001 not in range 1 to 10000"},
      {"--replications 1000000000000", "--replications"},
  };
  for (const Case& c : cases) {
    Outcome outcome = run_quickly(kCamera + " " + c.arguments);
    EXPECT_EQ(outcome.status, 2) << c.arguments << "\n" << outcome.output;
    EXPECT_TRUE(contains(outcome.output, c.message)) << c.arguments << "\n" << outcome.output;
  }
}

TEST_F(Fault, DeeplyNestedTomlIsRefusedAtOnce) {
  std::string dotted;  // a.a.a...: tables nested 100000 deep
  for (int i = 0; i < 100000; ++i) dotted += i == 0 ? "a" : ".a";
  std::string inline_tables = "a = ";  // a = {a = {a = ...}}
  for (int i = 0; i < 100000; ++i) inline_tables += "{a = ";
  inline_tables += "1" + std::string(100000, '}');
  struct Case {
    std::string name, text, message;
  };
  const Case cases[] = {
      {"brackets.toml", std::string(100000, '[') + "\n", "error: "},
      {"arrays.toml", "a = " + std::string(100000, '[') + "\n", "maximum nested value depth"},
      {"inline.toml", inline_tables + "\n", "maximum nested value depth"},
      {"header.toml", "[" + dotted + "]\n", "more than 1000 dots on one line"},
      {"key.toml", dotted + " = 1\n", "more than 1000 dots on one line"},
  };
  for (const Case& c : cases) {
    std::ofstream(path(c.name)) << c.text;
    Outcome outcome = testing::run_program("run " + path(c.name) + " -q -o " + path("out.h5"));
    EXPECT_EQ(outcome.status, 2) << c.name << "\n" << outcome.output.substr(0, 500);
    EXPECT_TRUE(contains(outcome.output, path(c.name) + ":1:")) << c.name;
    EXPECT_TRUE(contains(outcome.output, c.message)) << c.name << "\n"
                                                     << outcome.output.substr(0, 500);
    EXPECT_FALSE(fs::exists(path("out.h5")));
    fs::remove(path(c.name));
  }
  // The same through --set (one argument stays under the kernel's 128 KiB).
  Outcome outcome = run_quickly(kCamera + " --set " + dotted.substr(0, 100000) + "=1");
  EXPECT_EQ(outcome.status, 2) << outcome.output.substr(0, 500);
  EXPECT_TRUE(contains(outcome.output, "--set:1:2002: error: more than 1000 dots"))
      << outcome.output.substr(0, 500);
}

TEST_F(Fault, EnormousInputIsRefusedAtOnce) {
  {
    std::ofstream big(path("big.toml"), std::ios::binary);
    const std::string line = "# " + std::string(1021, 'x') + "\n";  // 1 KiB of comment
    for (int i = 0; i < 50 * 1024; ++i) big << line;                // 50 MiB
  }
  Outcome outcome = testing::run_program("run " + path("big.toml") + " -q -o " + path("out.h5"));
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_TRUE(
      contains(outcome.output, path("big.toml") + ": error: scenario file larger than 16 MiB"))
      << outcome.output;
  EXPECT_FALSE(fs::exists(path("out.h5")));
  fs::remove(path("big.toml"));

  // A 100 KB --set value (one argument may not pass 128 KiB): not an integer, said briefly.
  outcome = run_quickly(kCamera + " --set population.size=" + std::string(100000, '9'));
  EXPECT_EQ(outcome.status, 2) << outcome.output.substr(0, 500);
  EXPECT_TRUE(contains(outcome.output, "expected an integer")) << outcome.output.substr(0, 500);
  EXPECT_LT(outcome.output.size(), 1000u) << "the message repeats the value";
}

}  // namespace
}  // namespace xsellsim::tools

// `xsellsim run --resume`: an interrupted run continued from its checkpoint writes the same bytes
// as an uninterrupted one; a checkpoint of another run is refused.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

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

const std::string kSweep = XSELLSIM_SOURCE_DIR "/scenarios/examples/timing-sweep.toml";

class Resume : public testing::InTemporaryDirectory {
 protected:
  // 15 points x 4 replications of 4,000 customers: 60 units, long enough to interrupt.
  std::vector<std::string> arguments(const std::string& output) const {
    return {"run", kSweep, "--set", "population.size=4000", "--replications", "4", "--threads", "2",
            "-q",  "-o",   output};
  }
};

TEST_F(Resume, InterruptedThenResumedGivesTheUninterruptedBytes) {
  std::vector<std::string> whole = arguments(path("whole.h5"));
  ASSERT_EQ(testing::Started(whole).finish().status, 0);

  const std::string output = path("resumed.h5");
  const fs::path checkpoint = output + ".checkpoint";
  testing::Started interrupted(arguments(output));
  // Interrupt once some replications are saved (more than the 16-byte header).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!(fs::exists(checkpoint) && fs::file_size(checkpoint) > 16) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(interrupted.pid(), SIGINT);
  const testing::Outcome stopped = interrupted.finish();
  if (stopped.status == 0) GTEST_SKIP() << "the run finished before the interruption";
  ASSERT_EQ(stopped.status, 130) << stopped.output;
  EXPECT_NE(stopped.output.find("--resume continues"), std::string::npos) << stopped.output;
  EXPECT_FALSE(fs::exists(output));
  ASSERT_TRUE(fs::exists(checkpoint));

  std::vector<std::string> resumed = arguments(output);
  resumed.push_back("--resume");
  const testing::Outcome finished = testing::Started(resumed).finish();
  ASSERT_EQ(finished.status, 0) << finished.output;
  EXPECT_EQ(bytes(output), bytes(path("whole.h5")));
  EXPECT_FALSE(fs::exists(checkpoint));  // removed once the results are written
}

TEST_F(Resume, ACheckpointOfAnotherRunIsRefused) {
  const std::string output = path("out.h5");
  testing::Started first(arguments(output));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!(fs::exists(output + ".checkpoint") && fs::file_size(output + ".checkpoint") > 16) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(first.pid(), SIGINT);
  if (first.finish().status == 0) GTEST_SKIP() << "the run finished before the interruption";

  std::vector<std::string> other = arguments(output);
  other[3] = "population.size=4001";
  other.push_back("--resume");
  const testing::Outcome refused = testing::Started(other).finish();
  EXPECT_EQ(refused.status, 2) << refused.output;
  EXPECT_NE(refused.output.find("the checkpoint is of another run"), std::string::npos)
      << refused.output;
  EXPECT_FALSE(fs::exists(output));
}

// Interrupts a run of arguments(output) once its checkpoint holds a unit; false if it finished
// first.
bool interrupted_run(const std::vector<std::string>& arguments, const std::string& output) {
  testing::Started run(arguments);
  const fs::path checkpoint = output + ".checkpoint";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!(fs::exists(checkpoint) && fs::file_size(checkpoint) > 16) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(run.pid(), SIGINT);
  return run.finish().status == 130 && fs::exists(checkpoint);
}

// Running the same command again without --resume once silently replaced the checkpoint, losing
// the interrupted run's work: it is refused (exit 2) and the checkpoint kept; --restart discards
// it; --resume-if-possible continues it.
TEST_F(Resume, RerunningWithoutResumeKeepsTheCheckpoint) {
  const std::string output = path("out.h5");
  const fs::path checkpoint = output + ".checkpoint";
  if (!interrupted_run(arguments(output), output)) GTEST_SKIP() << "finished before the signal";
  const std::string saved = bytes(checkpoint);

  const testing::Outcome refused = testing::Started(arguments(output)).finish();
  EXPECT_EQ(refused.status, 2) << refused.output;
  EXPECT_NE(refused.output.find(checkpoint.string() +
                                ": error: an interrupted run left this checkpoint: pass --resume "
                                "to continue it, or --restart to discard it and start afresh"),
            std::string::npos)
      << refused.output;
  EXPECT_EQ(bytes(checkpoint), saved);
  EXPECT_FALSE(fs::exists(output));

  std::vector<std::string> whole = arguments(path("whole.h5"));
  ASSERT_EQ(testing::Started(whole).finish().status, 0);
  std::vector<std::string> if_possible = arguments(output);
  if_possible.push_back("--resume-if-possible");
  const testing::Outcome resumed = testing::Started(if_possible).finish();
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_EQ(bytes(output), bytes(path("whole.h5")));
  EXPECT_FALSE(fs::exists(checkpoint));
}

TEST_F(Resume, RestartDiscardsTheCheckpoint) {
  const std::string output = path("out.h5");
  if (!interrupted_run(arguments(output), output)) GTEST_SKIP() << "finished before the signal";
  std::vector<std::string> restart = arguments(output);
  restart.push_back("--restart");
  const testing::Outcome outcome = testing::Started(restart).finish();
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_FALSE(fs::exists(output + ".checkpoint"));
  std::vector<std::string> whole = arguments(path("whole.h5"));
  ASSERT_EQ(testing::Started(whole).finish().status, 0);
  EXPECT_EQ(bytes(output), bytes(path("whole.h5")));
}

// A batch script can always pass --resume-if-possible: without a checkpoint it starts afresh.
TEST_F(Resume, ResumeIfPossibleWithoutACheckpointStartsAfresh) {
  std::vector<std::string> if_possible = arguments(path("fresh.h5"));
  if_possible.push_back("--resume-if-possible");
  const testing::Outcome outcome = testing::Started(if_possible).finish();
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  ASSERT_EQ(testing::Started(arguments(path("plain.h5"))).finish().status, 0);
  EXPECT_EQ(bytes(path("fresh.h5")), bytes(path("plain.h5")));
  std::vector<std::string> both = arguments(path("both.h5"));
  both.push_back("--resume");
  both.push_back("--restart");
  EXPECT_EQ(testing::Started(both).finish().status, 2);
}

TEST_F(Resume, WithoutACheckpointThereIsNothingToResume) {
  std::vector<std::string> resumed = arguments(path("none.h5"));
  resumed.push_back("--resume");
  const testing::Outcome outcome = testing::Started(resumed).finish();
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("no checkpoint"), std::string::npos) << outcome.output;
}

}  // namespace
}  // namespace xsellsim::tools

#include "scenarios/limits.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "scenarios/duration.hpp"
#include "scenarios/scenario.hpp"

namespace xsellsim::scenarios {
namespace {

models::World world_of(std::uint64_t size, std::size_t arms, sim::Time horizon) {
  models::World world;
  world.population.size = size;
  world.population.horizon = horizon;
  world.arms.resize(arms);
  return world;
}

TEST(Limits, ARunWithinBothLimitsPasses) {
  // 10^9 customers x 3 arms x 33 replications = 9.9e10 customer-lives; 10 years of days.
  EXPECT_TRUE(over_limits(world_of(1'000'000'000, 3, 3650 * sim::kDay), 33).empty());
  EXPECT_TRUE(over_limits(world_of(100, 3, 180 * sim::kDay), 10000).empty());
}

TEST(Limits, EachLimitIsReportedAtItsKey) {
  auto over = over_limits(world_of(1'000'000'000, 3, 180 * sim::kDay), 34);
  ASSERT_EQ(over.size(), 1u);
  EXPECT_EQ(over[0].key, "population.size");
  EXPECT_EQ(over[0].message,
            "1000000000 customers x 3 arms x 34 replications is 1.02e+11 customer-lives, more "
            "than the limit of 1e+11");
  over = over_limits(world_of(1, 3, 36500 * sim::kDay), 1000);  // 1000 x 3 x 36501 x 128 bytes
  ASSERT_EQ(over.size(), 1u);
  EXPECT_EQ(over[0].key, "population.horizon");
  EXPECT_EQ(over[0].message,
            "1000 replications x 3 arms x 36501 days, with 0 segments, are too many tallies to "
            "hold in memory (more than 2 GB)");
  // Factors whose product overflows 64 bits are still compared correctly.
  EXPECT_EQ(over_limits(world_of(1'000'000'000'000'000'000, 100, 36500 * sim::kDay), 100000).size(),
            2u);
}

// An arm of `sequences` sequences of `steps` steps each, beside the holdout.
models::World world_of_sequences(std::size_t sequences, std::size_t steps) {
  models::World world = world_of(100, 2, 60 * sim::kDay);
  world.arms[1].name = "many";
  for (std::size_t i = 0; i < sequences; ++i) {
    models::Sequence& sequence = world.arms[1].sequences.emplace_back();
    sequence.name = "s" + std::to_string(i);
    sequence.steps.resize(steps);
  }
  return world;
}

// The model counts sequences and steps in 16 bits (70,000 sequences never finished) and keeps a
// 64-bit mask of a sequence's steps; each step is a group of datasets in the results file.
TEST(Limits, SequencesAndStepsAreBounded) {
  EXPECT_TRUE(over_limits(world_of_sequences(kMostSequencesPerArm, 4), 1).empty());
  EXPECT_TRUE(over_limits(world_of_sequences(16, kMostStepsPerSequence), 1).empty());

  auto over = over_limits(world_of_sequences(kMostSequencesPerArm + 1, 1), 1);
  ASSERT_EQ(over.size(), 1u);
  EXPECT_EQ(over[0].key, "sequences");
  EXPECT_EQ(over[0].message,
            "257 sequences (in arm 'many'), more than the limit of 256 sequences an arm");

  over = over_limits(world_of_sequences(3, kMostStepsPerSequence + 1), 1);
  ASSERT_EQ(over.size(), 1u);
  EXPECT_EQ(over[0].key, "sequences.s0.steps");
  EXPECT_EQ(over[0].message,
            "65 steps in sequence 's0', more than the limit of 64 steps a sequence");

  over = over_limits(world_of_sequences(200, 6), 1);  // 1,200 steps
  ASSERT_EQ(over.size(), 1u);
  EXPECT_EQ(over[0].key, "sequences");
  EXPECT_EQ(over[0].message,
            "1200 steps in all the sequences of arm 'many', more than the limit of 1024 steps an "
            "arm");

  // 70,000 sequences: refused at once, whatever else the run is.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(over_limits(world_of_sequences(70000, 1), 1).size(), 2u);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took.count(), 1.0);
}

TEST(Limits, DotsCountOnlyOutsideStringsAndComments) {
  const std::string many(1001, '.');
  EXPECT_FALSE(too_many_dots("a = \"" + many + "\"\n", "f"));
  EXPECT_FALSE(too_many_dots("a = '" + many + "'\n", "f"));
  EXPECT_FALSE(too_many_dots("a = \"\"\"\n" + many + "\n\"\"\"\n", "f"));
  EXPECT_FALSE(too_many_dots("a = '''\n" + many + "\n'''\n", "f"));
  EXPECT_FALSE(too_many_dots("a = 1 # " + many + "\n", "f"));
  EXPECT_FALSE(too_many_dots("a = \"\\\"" + many + "\"\n", "f"));  // an escaped quote
  // 1000 on each of two lines is fine; 1001 on one is not, reported at the 1001st.
  const std::string thousand_key = "a" + std::string(1000, '.');
  EXPECT_FALSE(too_many_dots(thousand_key + "\n" + thousand_key + "\n", "f"));
  auto problem = too_many_dots("x = 1\n\"q.q\" = 'r.r'\n b" + many + " = 1\n", "f");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->format(),
            "f:3:1003: error: more than 1000 dots on one line: keys nested too deep");
  // A string that ends where this scan thinks it goes on would hide dots: here it does not.
  EXPECT_TRUE(too_many_dots("a = \"x\\\\\"" + many + "\n", "f"));
  EXPECT_TRUE(too_many_dots("a = \"unterminated\n" + many + "\n", "f"));
}

TEST(Limits, DurationsAreAtMostAHundredYears) {
  EXPECT_EQ(parse_duration("36525d"), kLongestDuration);
  EXPECT_FALSE(parse_duration("36526d"));
  EXPECT_EQ(duration_seconds("1000000000d"), 1e9 * sim::kDay);  // well formed, but too long
  EXPECT_FALSE(duration_seconds("1000000000"));
}

TEST(Limits, LoadingStopsAfterAHundredProblems) {
  std::ifstream in(XSELLSIM_TEST_DATA "/scenarios/minimal.toml");
  std::stringstream text;
  text << in.rdbuf();
  std::string scenario = text.str();
  for (int i = 0; i < 20000; ++i) scenario += "\n[products.p" + std::to_string(i) + "]";
  const auto start = std::chrono::steady_clock::now();
  try {
    load_scenario_text(scenario, "s.toml");
    ADD_FAILURE() << "loaded";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 101u);
    EXPECT_EQ(e.diagnostics().back().format(),
              "s.toml: error: more than 100 problems; stopping here");
  }
  // 20000 products missing their category: without the cap, each would be reported, and each
  // report is checked against every earlier one.
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took.count(), 10.0);
}

TEST(Limits, ManyArmsLoadInLinearTime) {
  std::ifstream in(XSELLSIM_TEST_DATA "/scenarios/minimal.toml");
  std::stringstream text;
  text << in.rdbuf();
  std::string scenario = text.str();
  for (int i = 0; i < 2000; ++i) {
    scenario += "\n[arms.a" + std::to_string(i) + ".sequences.xsell.steps.nudge]\ndelay = \"1d\"";
  }
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(load_scenario_text(scenario, "s.toml").world.arms.size(), 2002u);  // + holdout, late
  // Each arm once copied every position recorded in the file: quadratic (4000 arms took 97 s).
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took.count(), 5.0);
}

}  // namespace
}  // namespace xsellsim::scenarios

// `[sweep.grid]` and `[sweep.zip]`: the points they span, in order, each a fully checked scenario;
// problems in a sweep reported where the sweep says them.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "load_errors.hpp"
#include "scenarios/scenario.hpp"

namespace xsellsim::scenarios {
namespace {

std::string minimal_with(const std::string& more) {
  std::ifstream in(XSELLSIM_TEST_DATA "/scenarios/minimal.toml");
  std::stringstream text;
  text << in.rdbuf() << '\n' << more;
  return text.str();
}

// The minimal scenario is 44 lines long; what a test appends starts on line 46.
using testing::errors_of;

using Parameters = std::vector<std::pair<std::string, std::string>>;

TEST(Sweep, GridCrossesItsAxesWithTheLastVaryingFastest) {
  Scenario s = load_scenario_text(minimal_with(R"([sweep.grid]
"population.size" = [100, 200]
"sequences.xsell.steps.offer.delay" = ["1d", "3d", "5d"]
)"),
                                  "s.toml");
  ASSERT_EQ(s.sweep.size(), 6u);
  EXPECT_EQ(s.sweep[0].parameters, (Parameters{{"population.size", "100"},
                                               {"sequences.xsell.steps.offer.delay", "\"1d\""}}));
  EXPECT_EQ(s.sweep[1].parameters[1].second, "\"3d\"");
  EXPECT_EQ(s.sweep[3].parameters[0].second, "200");
  EXPECT_EQ(s.sweep[5].world.population.size, 200u);
  // Every arm takes the point's delay (the arm late changes only the nudge).
  EXPECT_EQ(s.sweep[5].world.arms[0].sequences[0].steps[1].delay, 5 * sim::kDay);
  EXPECT_EQ(s.sweep[5].world.arms[1].sequences[0].steps[1].delay, 5 * sim::kDay);
  EXPECT_EQ(s.sweep[5].world.arms[1].sequences[0].steps[0].delay, 20 * sim::kDay);
  EXPECT_EQ(s.world.population.size, 100u);  // the base, unswept, as the file says
  EXPECT_NE(s.resolved_toml.find("[sweep.grid]"), std::string::npos);
}

// Issue 17, item 6: the arm late sets the nudge's delay itself, so sweeping the base's would leave
// that arm unchanged while labelling its points with the swept delays.
TEST(Sweep, ASweptKeyThatAnArmSetsItselfIsAnErrorNamingTheArm) {
  auto errors = errors_of(minimal_with(R"([sweep.grid]
"sequences.xsell.steps.nudge.delay" = ["1d", "3d", "5d"]
)"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:47:39: error: arm 'late' sets sequences.xsell.steps.nudge.delay itself, so the "
            "sweep would not change it in that arm while labelling every point with the swept "
            "value: sweep arms.late.sequences.xsell.steps.nudge.delay too (beside this axis in "
            "[sweep.zip]) or remove the arm's value (at sweep.sequences.xsell.steps.nudge.delay)");
  // Swept in both, side by side, it is what the labels say.
  Scenario s = load_scenario_text(minimal_with(R"([sweep.zip]
"sequences.xsell.steps.nudge.delay" = ["1d", "3d"]
"arms.late.sequences.xsell.steps.nudge.delay" = ["10d", "30d"]
)"),
                                  "s.toml");
  ASSERT_EQ(s.sweep.size(), 2u);
  EXPECT_EQ(s.sweep[1].world.arms[0].sequences[0].steps[0].delay, 3 * sim::kDay);
  EXPECT_EQ(s.sweep[1].world.arms[1].sequences[0].steps[0].delay, 30 * sim::kDay);
}

// Issue 17, item 1: a sweep varies what the scenario has; a misspelled sequence or step adds none.
TEST(Sweep, AnAxisNamingAMissingSequenceOrStepIsAnError) {
  auto errors = errors_of(minimal_with(R"([sweep.grid]
"sequences.xsel.steps.nudge.delay" = ["1d", "3d"]
"sequences.xsell.steps.ofer.delay" = ["1d", "3d"]
)"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0],
            "s.toml:47:38: error: unknown sequence 'xsel'; did you mean 'xsell'? (a sweep varies "
            "what the scenario has) (at sweep.sequences.xsel.steps.nudge.delay)");
  EXPECT_EQ(errors[1],
            "s.toml:48:38: error: unknown step 'ofer' of sequence 'xsell'; did you mean 'offer'? "
            "(a sweep varies what the scenario has) (at sweep.sequences.xsell.steps.ofer.delay)");
}

TEST(Sweep, ZipPairsItsListsAndRangesCount) {
  Scenario s = load_scenario_text(minimal_with(R"([sweep.zip]
"population.size" = { start = 100, stop = 300, step = 100 }
"fatigue.half_life" = ["3d", "7d", "14d"]
)"),
                                  "s.toml");
  ASSERT_EQ(s.sweep.size(), 3u);
  EXPECT_EQ(s.sweep[2].world.population.size, 300u);
  EXPECT_EQ(s.sweep[2].world.fatigue.half_life, 14 * sim::kDay);
  EXPECT_EQ(s.sweep[1].parameters,
            (Parameters{{"population.size", "200"}, {"fatigue.half_life", "\"7d\""}}));
}

TEST(Sweep, FloatRangesPrintAsWritten) {
  Scenario s = load_scenario_text(minimal_with(R"([sweep.grid]
"sequences.xsell.steps.offer.discount" = { start = 0.0, stop = 0.3, step = 0.15 }
)"),
                                  "s.toml");
  ASSERT_EQ(s.sweep.size(), 3u);
  EXPECT_EQ(s.sweep[1].parameters[0].second, "0.15");
  EXPECT_DOUBLE_EQ(s.sweep[2].world.arms[0].sequences[0].steps[1].discount, 0.3);
}

TEST(Sweep, ASetOverridePinsItsAxis) {
  Scenario s = load_scenario_text(minimal_with(R"([sweep.grid]
"population.size" = [100, 200]
"fatigue.half_life" = ["3d", "7d"]
)"),
                                  "s.toml", {"population.size=150"});
  ASSERT_EQ(s.sweep.size(), 2u);
  EXPECT_EQ(s.sweep[1].parameters, (Parameters{{"fatigue.half_life", "\"7d\""}}));
  EXPECT_EQ(s.sweep[1].world.population.size, 150u);
}

TEST(Sweep, ABadValueIsReportedAtItsAxisOnce) {
  auto errors = errors_of(minimal_with(R"([sweep.grid]
"fatigue.half_life" = ["3d", "soon"]
"population.size" = [100, 200]
)"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("s.toml:47:", 0), 0u) << errors[0];
  EXPECT_NE(errors[0].find("(at fatigue.half_life)"), std::string::npos) << errors[0];
}

TEST(Sweep, AnUnknownKeyIsReportedAtTheSweep) {
  auto errors = errors_of(minimal_with(R"([sweep.grid]
"population.sise" = [100, 200]
)"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("s.toml:47:", 0), 0u) << errors[0];
  EXPECT_NE(errors[0].find("did you mean 'size'"), std::string::npos) << errors[0];
}

TEST(Sweep, MalformedSweepsSayWhatIsWrong) {
  auto unequal = errors_of(minimal_with(R"([sweep.zip]
"population.size" = [100, 200]
"fatigue.half_life" = ["3d"]
)"));
  ASSERT_EQ(unequal.size(), 1u);
  EXPECT_NE(unequal[0].find("s.toml:48:"), std::string::npos) << unequal[0];
  EXPECT_NE(unequal[0].find("equal lengths"), std::string::npos) << unequal[0];

  auto misspelled = errors_of(minimal_with("[sweep.gird]\n\"population.size\" = [1]\n"));
  ASSERT_EQ(misspelled.size(), 1u);
  EXPECT_NE(misspelled[0].find("unknown sweep 'gird'"), std::string::npos) << misspelled[0];

  auto empty = errors_of(minimal_with("[sweep.grid]\n\"population.size\" = []\n"));
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_NE(empty[0].find("1 to 10000 values"), std::string::npos) << empty[0];

  // A swept key is not drawn (--parameter-draws): a distribution as a point's value would run at
  // its mean, labelled as a table.
  auto distribution = errors_of(minimal_with(
      "[sweep.grid]\n\"segments.all.purchasing.r\" = [0.4, {mean = 0.5, sd = 0.1}]\n"));
  ASSERT_EQ(distribution.size(), 1u);
  EXPECT_EQ(distribution[0].rfind("s.toml:47:", 0), 0u) << distribution[0];
  EXPECT_NE(distribution[0].find("not a table"), std::string::npos) << distribution[0];
  EXPECT_NE(distribution[0].find("(at sweep.grid.segments.all.purchasing.r)"), std::string::npos)
      << distribution[0];

  auto endless = errors_of(
      minimal_with("[sweep.grid]\n\"population.size\" = { start = 1, stop = 100, step = -1 }\n"));
  ASSERT_EQ(endless.size(), 1u);
  EXPECT_NE(endless[0].find("does not lead from start to stop"), std::string::npos) << endless[0];

  auto huge = errors_of(minimal_with(R"([sweep.grid]
"population.size" = { start = 1, stop = 1000, step = 1 }
"seed" = { start = 1, stop = 1000, step = 1 }
)"));
  ASSERT_EQ(huge.size(), 1u);
  EXPECT_NE(huge[0].find("the sweep has 1000000 points; at most 100000"), std::string::npos)
      << huge[0];
}

}  // namespace
}  // namespace xsellsim::scenarios

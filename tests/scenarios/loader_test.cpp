#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "load_errors.hpp"
#include "scenarios/scenario.hpp"

namespace xsellsim::scenarios {
namespace {

const std::string kMinimal = XSELLSIM_TEST_DATA "/scenarios/minimal.toml";

std::string minimal_text() {
  std::ifstream in(kMinimal);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

using testing::errors_of;

TEST(Loader, LoadsTheMinimalScenario) {
  Scenario s = load_scenario(kMinimal);
  EXPECT_EQ(s.name, "minimal");
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.world.population.size, 100u);
  EXPECT_EQ(s.world.population.horizon, 60 * sim::kDay);
  ASSERT_EQ(s.world.products.size(), 2u);
  EXPECT_EQ(s.world.products[0].name, "camera");
  ASSERT_EQ(s.world.products[0].complements.size(), 1u);
  EXPECT_EQ(s.world.products[0].complements[0].to, 1u);
  EXPECT_EQ(s.world.products[0].complements[0].lag, 10 * sim::kDay);
  ASSERT_EQ(s.world.arms.size(), 2u);
  EXPECT_EQ(s.world.arms[0].name, "holdout");
  EXPECT_FALSE(s.world.arms[0].sends);
  EXPECT_EQ(s.world.arms[1].name, "late");
}

TEST(Loader, StepsRunInFileOrderAndArmsOverrideThem) {
  Scenario s = load_scenario(kMinimal);
  const auto& base = s.world.arms[0].sequences[0];
  ASSERT_EQ(base.steps.size(), 2u);
  EXPECT_EQ(base.steps[0].name, "nudge");  // not alphabetical: "nudge" < "offer" either way,
  EXPECT_EQ(base.steps[1].name, "offer");  // so the next test checks a reversed order
  EXPECT_EQ(base.steps[0].delay, 2 * sim::kDay);
  EXPECT_EQ(s.world.arms[1].sequences[0].steps[0].delay, 20 * sim::kDay);
  EXPECT_DOUBLE_EQ(s.world.arms[1].sequences[0].steps[1].discount, 0.1);
}

TEST(Loader, StepOrderIsTheFileOrderNotTheAlphabet) {
  std::string text = minimal_text();
  text +=
      "\n[sequences.other]\ntrigger.products = [\"camera\"]\n"
      "[sequences.other.steps.zulu]\ndelay = \"1d\"\n"
      "[sequences.other.steps.alpha]\ndelay = \"2d\"\n";
  Scenario s = load_scenario_text(text, "s.toml");
  const auto& sequences = s.world.arms[0].sequences;
  auto other = *std::find_if(sequences.begin(), sequences.end(),
                             [](const auto& q) { return q.name == "other"; });
  EXPECT_EQ(other.steps[0].name, "zulu");
  EXPECT_EQ(other.steps[1].name, "alpha");
}

TEST(Loader, WithoutArmsThereIsAHoldoutAndAnEmailArm) {
  std::string text = minimal_text();
  text = text.substr(0, text.find("[arms.late]"));
  Scenario s = load_scenario_text(text, "s.toml");
  ASSERT_EQ(s.world.arms.size(), 2u);
  EXPECT_EQ(s.world.arms[1].name, "email");
}

TEST(Loader, SetOverridesAValueWithTheSameChecks) {
  Scenario s =
      load_scenario(kMinimal, {"population.size=5000", "sequences.xsell.steps.nudge.delay=36h"});
  EXPECT_EQ(s.world.population.size, 5000u);
  EXPECT_EQ(s.world.arms[0].sequences[0].steps[0].delay, 36 * sim::kHour);
  EXPECT_NE(s.resolved_toml.find("size = 5000"), std::string::npos);
  auto errors = errors_of(minimal_text(), {"population.size=abc"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "--set:1:17: error: expected an integer, got a string (at population.size)");
}

TEST(Loader, SetOfAnUnknownKeySuggestsTheRightOne) {
  auto errors = errors_of(minimal_text(), {"population.sise=10"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "--set:1:12: error: unknown key 'sise'; did you mean 'size'? (at population.sise)");
}

TEST(Loader, MalformedSetIsAnInputError) {
  EXPECT_THROW(load_scenario(kMinimal, {"population.size"}), InputError);
  EXPECT_THROW(load_scenario(kMinimal, {"=3"}), InputError);
}

TEST(Loader, UnknownKeyNamesFileLineColumnAndKey) {
  std::string text = minimal_text();
  auto position = text.find("delay = \"2d\"");
  text.replace(position, 5, "dealy");
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0],
            "s.toml:35:1: error: missing required key 'delay' "
            "(at sequences.xsell.steps.nudge.delay)");
  EXPECT_EQ(errors[1],
            "s.toml:36:1: error: unknown key 'dealy'; did you mean 'delay'? "
            "(at sequences.xsell.steps.nudge.dealy)");
}

TEST(Loader, ReportsEveryProblemInFileOrder) {
  std::string text = minimal_text();
  text.replace(text.find("size = 100"), 10, "size = -1");
  text.replace(text.find("price = 80.0"), 12, "price = \"x\"");
  text.replace(text.find("lag = \"10d\""), 11, "lag = \"-2d\"");
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(
      errors[0],
      "s.toml:5:8: error: -1 is out of range: must be in [1, 1000000000] (at population.size)");
  EXPECT_NE(errors[1].find("s.toml:26:7: error: '-2d' is not a duration"), std::string::npos)
      << errors[1];
  EXPECT_EQ(errors[2],
            "s.toml:30:9: error: expected a number, got a string (at products.tripod.price)");
}

TEST(Loader, UnknownReferencesSuggestTheClosestName) {
  std::string text = minimal_text();
  text.replace(text.find("trigger.products = [\"camera\"]"), 29, "trigger.products = [\"camra\"]");
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 1u) << errors[0];
  EXPECT_EQ(errors[0],
            "s.toml:33:21: error: unknown product 'camra'; did you mean 'camera'? "
            "(at sequences.xsell.trigger.products)");
}

TEST(Loader, ErrorsInAnArmCarryTheArmsPath) {
  std::string text = minimal_text();
  text.replace(text.find("delay = \"20d\""), 13, "delay = 20");
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:44:9: error: expected a duration string like \"2d\", got an integer "
            "(at arms.late.sequences.xsell.steps.nudge.delay)");
}

TEST(Loader, SyntaxErrorsHaveAPosition) {
  auto errors = errors_of("[population\nsize = 3\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("s.toml:1:", 0), 0u) << errors[0];
}

TEST(Loader, UnreadableFileIsAnInputError) {
  EXPECT_THROW(load_scenario("/nonexistent/scenario.toml"), InputError);
}

TEST(Loader, ReadsPolicyConsentAndReentry) {
  std::string text = minimal_text();
  auto insert_after = [&](const std::string& anchor, const std::string& more) {
    const auto at = text.find(anchor);
    ASSERT_NE(at, std::string::npos) << anchor;
    text.insert(at + anchor.size(), more);
  };
  insert_after("[segments.all]\n", "product_updates = 0.4\nutc_offset_hours = -5\n");
  insert_after("[sequences.xsell]\n", "reentry = \"30d\"\ntrigger.min_order_value = 100\n");
  insert_after("[sequences.xsell.steps.nudge]\n", "evergreen = true\n");
  text +=
      "\n[policy]\nfrequency_cap = { max = 2, window = \"7d\" }\ncapped = \"skip\"\n"
      "quiet_hours = { start = \"21:30\", end = \"08:00\" }\n";
  Scenario s = load_scenario_text(text, "s.toml");
  EXPECT_DOUBLE_EQ(s.world.segments[0].product_updates, 0.4);
  EXPECT_EQ(s.world.segments[0].utc_offset, -5 * sim::kHour);
  const models::Sequence& sequence = s.world.arms[0].sequences[0];
  EXPECT_EQ(sequence.reentry, models::Reentry::kAfterCooldown);
  EXPECT_EQ(sequence.cooldown, 30 * sim::kDay);
  EXPECT_DOUBLE_EQ(sequence.min_order_value, 100.0);
  EXPECT_TRUE(sequence.steps[0].evergreen);
  EXPECT_FALSE(sequence.steps[1].evergreen);
  EXPECT_EQ(s.world.policy.cap, 2);
  EXPECT_EQ(s.world.policy.cap_window, 7 * sim::kDay);
  EXPECT_FALSE(s.world.policy.capped_waits);
  EXPECT_EQ(s.world.policy.quiet_start, 21 * sim::kHour + 30 * sim::kMinute);
  EXPECT_EQ(s.world.policy.quiet_end, 8 * sim::kHour);
}

}  // namespace
}  // namespace xsellsim::scenarios

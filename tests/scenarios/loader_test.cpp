#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

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

// `text` with `more` inserted right after the first `anchor`.
std::string inserted(std::string text, const std::string& anchor, const std::string& more) {
  const auto at = text.find(anchor);
  EXPECT_NE(at, std::string::npos) << anchor;
  if (at != std::string::npos) text.insert(at + anchor.size(), more);
  return text;
}

std::string replaced(std::string text, const std::string& old, const std::string& by) {
  const auto at = text.find(old);
  EXPECT_NE(at, std::string::npos) << old;
  if (at != std::string::npos) text.replace(at, old.size(), by);
  return text;
}

const models::Sequence& sequence_named(const models::Arm& arm, const std::string& name) {
  for (const models::Sequence& sequence : arm.sequences) {
    if (sequence.name == name) return sequence;
  }
  throw std::runtime_error("no sequence " + name);
}

const std::string kNudge = "[sequences.xsell.steps.nudge]\n";      // line 35 of minimal.toml
const std::string kOffer = "[sequences.xsell.steps.offer]\n";      // line 38
const std::string kTrigger = "trigger.products = [\"camera\"]\n";  // line 33

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

// Issue 17, item 1: a misspelled step of an arm used to add a step to that arm.
TEST(Loader, AnArmNamingAStepOrSequenceTheBaseLacksIsAnError) {
  auto errors =
      errors_of(minimal_text() + "[arms.late.sequences.xsell.steps.ofer]\n" +
                "delay = \"9d\"\n[arms.late.sequences.xsel.steps.nudge]\n" + "delay = \"1d\"\n");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0],
            "s.toml:45:34: error: unknown step 'ofer' of sequence 'xsell'; did you mean 'offer'? "
            "(to add a step in this arm only, write add = true in its table) "
            "(at arms.late.sequences.xsell.steps.ofer)");
  EXPECT_EQ(errors[1],
            "s.toml:47:22: error: unknown sequence 'xsel'; did you mean 'xsell'? (to add a "
            "sequence in this arm only, write add = true in its table) "
            "(at arms.late.sequences.xsel)");
}

TEST(Loader, AnArmAddsAStepOrSequenceOnlyWithAdd) {
  Scenario s = load_scenario_text(minimal_text() +
                                      "[arms.late.sequences.xsell.steps.reminder]\nadd = true\n"
                                      "delay = \"9d\"\n"
                                      "[arms.late.sequences.other]\nadd = true\n"
                                      "trigger.products = [\"camera\"]\n"
                                      "steps.hello.delay = \"1d\"\n",
                                  "s.toml");
  const models::Arm& late = s.world.arms[1];
  ASSERT_EQ(late.sequences.size(), 2u);
  const models::Sequence& xsell = sequence_named(late, "xsell");
  ASSERT_EQ(xsell.steps.size(), 3u);
  EXPECT_EQ(xsell.steps[2].name, "reminder");
  EXPECT_EQ(xsell.steps[2].delay, 9 * sim::kDay);
  EXPECT_EQ(sequence_named(late, "other").steps[0].name, "hello");
  EXPECT_EQ(s.world.arms[0].sequences.size(), 1u);  // the base is unchanged
  // `add` on something the base has, or not a boolean, is an error.
  auto errors = errors_of(minimal_text() + "add = true\n" +
                          "[arms.late.sequences.xsell.steps.offer]\nadd = \"yes\"\n");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0],
            "s.toml:45:7: error: add = true is for a step the base does not have; sequence "
            "'xsell' has 'nudge': leave add out to change it "
            "(at arms.late.sequences.xsell.steps.nudge.add)");
  EXPECT_EQ(errors[1],
            "s.toml:47:7: error: expected true or false, got another type "
            "(at arms.late.sequences.xsell.steps.offer.add)");
  // And `add` in the base means nothing.
  errors = errors_of(inserted(minimal_text(), kNudge, "add = true\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:36:7: error: add is for a step that an arm adds to a base sequence "
            "([arms.<arm>.sequences.<sequence>.steps.<new step>]); here the step is there without "
            "it (at sequences.xsell.steps.nudge.add)");
}

TEST(Loader, SetNamingAMissingSequenceOrStepIsAnError) {
  auto errors = errors_of(minimal_text(), {"sequences.acessories.steps.nudge.delay=2d"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "--set:1:11: error: unknown sequence 'acessories' (--set changes what the scenario "
            "has; it adds nothing) (at sequences.acessories)");
  errors = errors_of(minimal_text(), {"arms.late.sequences.xsell.steps.nuge.delay=2d"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "--set:1:33: error: unknown step 'nuge' of sequence 'xsell'; did you mean 'nudge'? "
            "(--set changes what the scenario has; it adds nothing) "
            "(at arms.late.sequences.xsell.steps.nuge)");
  for (const char* missing :
       {"arms.erly.description=x", "products.camera.complements.tripd.lag=1d",
        "segments.al.share=1", "categories.gearr.browse_rate=1", "products.camra.price=3"}) {
    EXPECT_EQ(errors_of(minimal_text(), {missing}).size(), 1u) << missing;
  }
  // What exists, implicit arms included, may be set.
  for (const char* exists :
       {"arms.late.sequences.xsell.steps.offer.delay=3d", "arms.holdout.description=x",
        "products.camera.complements.tripod.lag=1d", "policy.capped=skip"}) {
    EXPECT_TRUE(errors_of(minimal_text(), {exists}).empty()) << exists;
  }
}

// Issue 17, item 3: `at` times a step from entry, so moving the step before does not move it.
TEST(Loader, AtTimesAStepFromEntryAndExcludesDelay) {
  Scenario s =
      load_scenario_text(replaced(minimal_text(), "delay = \"5d\"", "at = \"10d\""), "s.toml");
  const models::Step& offer = s.world.arms[0].sequences[0].steps[1];
  EXPECT_EQ(offer.at, 10 * sim::kDay);
  EXPECT_EQ(s.world.arms[0].sequences[0].steps[0].at, -1);
  // The arm late moves the nudge to day 20: the offer keeps its `at` (due at once then).
  EXPECT_EQ(s.world.arms[1].sequences[0].steps[1].at, 10 * sim::kDay);
  auto errors = errors_of(inserted(minimal_text(), kOffer, "at = \"10d\"\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:39:6: error: set delay (after the step before) or at (after entry), not both "
            "(at sequences.xsell.steps.offer.at)");
  // An arm's `at` replaces the base step's `delay` (and an arm's delay a base `at`).
  s = load_scenario_text(
      replaced(minimal_text(), "[arms.late.sequences.xsell.steps.nudge]\ndelay = \"20d\"",
               "[arms.late.sequences.xsell.steps.offer]\nat = \"30d\""),
      "s.toml");
  EXPECT_EQ(s.world.arms[1].sequences[0].steps[1].at, 30 * sim::kDay);
  EXPECT_EQ(s.world.arms[0].sequences[0].steps[1].at, -1);
  // A loop through `at` steps only comes round at once.
  errors = errors_of(inserted(replaced(minimal_text(), "delay = \"5d\"", "at = \"10d\""),
                              "discount = 0.1\n", "next = \"offer\"\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("step offer -> offer loops without a delay"), std::string::npos)
      << errors[0];
}

// Issue 17, item 4: a refill edge, a product its own complement.
TEST(Loader, AProductMayComplementItself) {
  Scenario s = load_scenario_text(
      inserted(minimal_text(), "lag = \"10d\"\n",
               "[products.camera.complements.camera]\nprobability = 0.2\nlag = \"30d\"\n"),
      "s.toml");
  const auto& complements = s.world.products[0].complements;
  ASSERT_EQ(complements.size(), 2u);
  EXPECT_EQ(complements[0].to, 0u);  // by name: camera before tripod
  EXPECT_DOUBLE_EQ(complements[0].probability, 0.2);
  // An unknown product is one error, not one more per key of the edge.
  auto errors = errors_of(replaced(minimal_text(), "complements.tripod", "complements.tripd"));
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0],
            "s.toml:24:30: error: unknown product 'tripd'; did you mean 'tripod'? "
            "(at products.camera.complements.tripd)");
  for (const std::string& error : errors) {
    EXPECT_EQ(error.find("unknown key"), std::string::npos) << error;
  }
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

TEST(Loader, ReadsTheStartMonth) {
  EXPECT_EQ(load_scenario(kMinimal).world.population.start_month, 1);
  const std::string text = minimal_text();
  Scenario s =
      load_scenario_text(inserted(text, "horizon = \"60d\"\n", "start_month = 11\n"), "s.toml");
  EXPECT_EQ(s.world.population.start_month, 11);
  auto errors = errors_of(inserted(text, "horizon = \"60d\"\n", "start_month = 13\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(
      errors[0],
      "s.toml:7:15: error: 13 is out of range: must be in [1, 12] (at population.start_month)");
}

TEST(Loader, ReadsSegmentPreferencesAndRates) {
  const models::Segment plain = load_scenario(kMinimal).world.segments[0];
  EXPECT_TRUE(plain.preferred_categories.empty());
  EXPECT_FALSE(plain.open_base.has_value());
  EXPECT_FALSE(plain.click_base.has_value());
  std::string text = inserted(minimal_text(), "[categories.gear]\n", "[categories.lenses]\n");
  text = inserted(text, "share = 1.0\n",
                  "preferred_categories = [\"lenses\", \"gear\", \"lenses\"]\n"
                  "open_rate = 0.25\nclick_rate = 0.1\n");
  const models::Segment segment = load_scenario_text(text, "s.toml").world.segments[0];
  // Categories are indexed by name (gear 0, lenses 1); a repeated name counts once.
  EXPECT_EQ(segment.preferred_categories, (std::vector<std::uint32_t>{1, 0}));
  ASSERT_TRUE(segment.open_base && segment.click_base);
  EXPECT_DOUBLE_EQ(*segment.open_base, std::log(0.25 / 0.75));  // as logits
  EXPECT_DOUBLE_EQ(*segment.click_base, std::log(0.1 / 0.9));
}

TEST(Loader, SegmentPreferencesAndRatesAreChecked) {
  auto errors = errors_of(inserted(minimal_text(), "share = 1.0\n",
                                   "preferred_categories = [\"gear\", \"gears\"]\n"
                                   "open_rate = 0\nclick_rate = 1\n"));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0],
            "s.toml:10:33: error: unknown category 'gears'; did you mean 'gear'? "
            "(at segments.all.preferred_categories)");
  EXPECT_EQ(
      errors[1],
      "s.toml:11:13: error: 0 is out of range: must be in (0, 1) (at segments.all.open_rate)");
  EXPECT_EQ(
      errors[2],
      "s.toml:12:14: error: 1 is out of range: must be in (0, 1) (at segments.all.click_rate)");
}

TEST(Loader, ReadsReleaseAndSeasonality) {
  const models::Product plain = load_scenario(kMinimal).world.products[1];
  EXPECT_EQ(plain.release, 0);
  EXPECT_EQ(plain.seasonality, (std::array<double, 12>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
  Scenario s = load_scenario_text(
      inserted(minimal_text(), "price = 80.0\n",
               "release = \"60d\"\nseasonality = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1.5, 2, 3]\n"),
      "s.toml");
  const models::Product& tripod = s.world.products[1];
  EXPECT_EQ(tripod.release, 60 * sim::kDay);
  EXPECT_EQ(tripod.seasonality, (std::array<double, 12>{0, 1, 1, 1, 1, 1, 1, 1, 1, 1.5, 2, 3}));
  EXPECT_EQ(s.world.products[0].release, 0);
}

TEST(Loader, SeasonalityNeedsTwelveNonNegativeNumbers) {
  const std::string text = minimal_text();
  const std::string price = "price = 80.0\n";  // line 30: products.tripod
  auto errors = errors_of(inserted(text, price, "seasonality = [1, 2]\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:31:15: error: seasonality needs 12 numbers, one per month from January, not 2 "
            "(at products.tripod.seasonality)");
  errors =
      errors_of(inserted(text, price, "seasonality = [1, -1, \"x\", 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(
      errors[0],
      "s.toml:31:19: error: -1 is out of range: must be >= 0 (at products.tripod.seasonality)");
  EXPECT_EQ(
      errors[1],
      "s.toml:31:23: error: expected a number, got a string (at products.tripod.seasonality)");
  errors = errors_of(inserted(text, price, "seasonality = 3\nrelease = \"-1d\"\n"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0],
            "s.toml:31:15: error: expected an array of numbers, got an integer "
            "(at products.tripod.seasonality)");
  EXPECT_EQ(errors[1].rfind("s.toml:32:11: error: '-1d' is not a duration", 0), 0u) << errors[1];
}

TEST(Loader, ReadsPriorityAndWhatEndsASequence) {
  const models::Sequence plain = load_scenario(kMinimal).world.arms[0].sequences[0];
  EXPECT_EQ(plain.priority, 0);
  EXPECT_TRUE(plain.exit_on_cross_sell);  // exit_on = ["cross_sell"] by default
  EXPECT_FALSE(plain.exit_on_recommended);
  EXPECT_FALSE(plain.exit_on_trigger_return);
  EXPECT_TRUE(plain.exit_condition.empty());

  Scenario s = load_scenario_text(
      inserted(minimal_text(), kTrigger,
               "priority = -5\nexit_on = [\"recommended\", \"trigger_return\", \"unsubscribe\"]\n"
               "exit_when = \"clicked offer and not purchased\"\n"),
      "s.toml");
  for (const models::Arm& arm : s.world.arms) {  // the arm inherits them
    const models::Sequence& sequence = arm.sequences[0];
    EXPECT_EQ(sequence.priority, -5);
    EXPECT_FALSE(sequence.exit_on_cross_sell);
    EXPECT_TRUE(sequence.exit_on_recommended);
    EXPECT_TRUE(sequence.exit_on_trigger_return);
    // exit_when may name any step, a later one too.
    ASSERT_EQ(sequence.exit_condition.size(), 1u);
    ASSERT_EQ(sequence.exit_condition[0].size(), 2u);
    EXPECT_EQ(sequence.exit_condition[0][0].kind, models::ConditionTerm::Kind::kClicked);
    EXPECT_EQ(sequence.exit_condition[0][0].target, 1u);
    EXPECT_FALSE(sequence.exit_condition[0][0].negated);
    EXPECT_EQ(sequence.exit_condition[0][1].kind, models::ConditionTerm::Kind::kPurchased);
    EXPECT_TRUE(sequence.exit_condition[0][1].negated);
  }

  s = load_scenario_text(inserted(minimal_text(), kTrigger, "exit_on = []\n"), "s.toml");
  EXPECT_FALSE(s.world.arms[0].sequences[0].exit_on_cross_sell);
  EXPECT_FALSE(s.world.arms[0].sequences[0].exit_on_recommended);
}

TEST(Loader, PriorityAndExitsAreChecked) {
  auto errors = errors_of(inserted(minimal_text(), kTrigger,
                                   "priority = 1001\nexit_on = [\"cross_sell\", \"bounce\"]\n"
                                   "exit_when = \"opened\"\n"));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0],
            "s.toml:34:12: error: 1001 is out of range: must be in [-1000, 1000] "
            "(at sequences.xsell.priority)");
  EXPECT_EQ(errors[1],
            "s.toml:35:26: error: exit_on must list \"cross_sell\", \"recommended\", "
            "\"trigger_return\" or \"unsubscribe\", not 'bounce' (at sequences.xsell.exit_on)");
  EXPECT_EQ(errors[2],
            "s.toml:36:13: error: exit_when: 'opened' needs a name after it "
            "(at sequences.xsell.exit_when)");
  errors = errors_of(inserted(minimal_text(), kTrigger, "exit_when = \"clicked nuge\"\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:34:13: error: exit_when: 'nuge' is not a step of this sequence; did you mean "
            "'nudge'? (at sequences.xsell.exit_when)");
}

TEST(Loader, TheOldExitOnCrossSellKeySaysWhatReplacesIt) {
  auto errors = errors_of(inserted(minimal_text(), kTrigger, "exit_on_cross_sell = false\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:34:22: error: exit_on_cross_sell is replaced by exit_on: write exit_on = "
            "[\"cross_sell\"], or exit_on = [] not to exit on a cross-sell "
            "(at sequences.xsell.exit_on_cross_sell)");
}

TEST(Loader, ReadsDynamicBestSellerAndBundleRecommendations) {
  std::string text = inserted(minimal_text(), kNudge, "recommend = \"dynamic\"\n");
  text = replaced(text, "discount = 0.1\n",
                  "recommend = \"bundle\"\nbundle_size = 3\nbundle_price = 0.8\n");
  text +=
      "\n[sequences.popular]\ntrigger.products = [\"tripod\"]\n"
      "[sequences.popular.steps.only]\ndelay = \"1d\"\nrecommend = \"best_seller\"\n";
  Scenario s = load_scenario_text(text, "s.toml");
  const models::Sequence& xsell = sequence_named(s.world.arms[0], "xsell");
  EXPECT_EQ(xsell.steps[0].recommendation, models::Recommendation::kDynamic);
  EXPECT_EQ(xsell.steps[0].bundle_size, 2);  // the defaults
  EXPECT_DOUBLE_EQ(xsell.steps[0].bundle_price, 1.0);
  EXPECT_EQ(xsell.steps[1].recommendation, models::Recommendation::kBundle);
  EXPECT_EQ(xsell.steps[1].bundle_size, 3);
  EXPECT_DOUBLE_EQ(xsell.steps[1].bundle_price, 0.8);
  EXPECT_EQ(sequence_named(s.world.arms[0], "popular").steps[0].recommendation,
            models::Recommendation::kBestSeller);
}

TEST(Loader, BundlesAndDynamicStepsAreChecked) {
  // The tripod has no complements: a bundle or a dynamic step triggered by it has nothing to show;
  // a best seller needs none. Bundle keys belong to bundles.
  std::string text = minimal_text();
  text +=
      "\n[sequences.other]\ntrigger.products = [\"tripod\"]\n"  // lines 46-47
      "[sequences.other.steps.a]\ndelay = \"1d\"\n"             // 48-49
      "recommend = \"bundle\"\nbundle_size = 9\n"               // 50-51
      "[sequences.other.steps.b]\ndelay = \"1d\"\n"             // 52-53
      "recommend = \"best_seller\"\nbundle_price = 0.5\n"       // 54-55
      "[sequences.other.steps.c]\ndelay = \"1d\"\n"             // 56-57
      "recommend = \"dynamic\"\nbundle_price = 0\n";            // 58-59
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 6u);
  EXPECT_EQ(errors[0],
            "s.toml:50:13: error: bundle: trigger product 'tripod' has no complements "
            "(at sequences.other.steps.a.recommend)");
  EXPECT_EQ(errors[1],
            "s.toml:51:15: error: 9 is out of range: must be in [2, 8] "
            "(at sequences.other.steps.a.bundle_size)");
  EXPECT_EQ(errors[2],
            "s.toml:55:16: error: bundle_price is only for recommend = \"bundle\" "
            "(at sequences.other.steps.b.bundle_price)");
  EXPECT_EQ(errors[3],
            "s.toml:58:13: error: dynamic: trigger product 'tripod' has no complements "
            "(at sequences.other.steps.c.recommend)");
  EXPECT_EQ(errors[4],
            "s.toml:59:16: error: 0 is out of range: must be in (0, 1] "
            "(at sequences.other.steps.c.bundle_price)");
  EXPECT_EQ(errors[5],
            "s.toml:59:16: error: bundle_price is only for recommend = \"bundle\" "
            "(at sequences.other.steps.c.bundle_price)");
}

TEST(Loader, ReadsDiscountAmountExpiryDemonstrationAndTrial) {
  std::string text = replaced(minimal_text(), "discount = 0.1\n",
                              "discount_amount = 20\ndiscount_expires = \"48h\"\n"
                              "demonstration = true\ntrial = \"14d\"\n");
  // A fixed product may be discounted by up to its whole price.
  text = inserted(text, kNudge, "recommend = \"tripod\"\ndiscount_amount = 80\n");
  Scenario s = load_scenario_text(text, "s.toml");
  const models::Step& nudge = s.world.arms[0].sequences[0].steps[0];
  const models::Step& offer = s.world.arms[0].sequences[0].steps[1];
  EXPECT_DOUBLE_EQ(nudge.discount_amount, 80.0);
  EXPECT_EQ(nudge.discount_expires, 0);  // the defaults
  EXPECT_FALSE(nudge.demonstration);
  EXPECT_EQ(nudge.trial, 0);
  EXPECT_DOUBLE_EQ(offer.discount, 0.0);
  EXPECT_DOUBLE_EQ(offer.discount_amount, 20.0);
  EXPECT_EQ(offer.discount_expires, 48 * sim::kHour);
  EXPECT_TRUE(offer.demonstration);
  EXPECT_EQ(offer.trial, 14 * sim::kDay);
}

TEST(Loader, AnArmSwitchesFromADiscountToAnAmountBySettingTheOtherToZero) {
  std::string text = minimal_text();
  text +=
      "[arms.late.sequences.xsell.steps.offer]\ndiscount = 0\ndiscount_amount = 15\n"
      "discount_expires = \"2d\"\n";
  Scenario s = load_scenario_text(text, "s.toml");
  EXPECT_DOUBLE_EQ(s.world.arms[0].sequences[0].steps[1].discount, 0.1);
  const models::Step& offer = s.world.arms[1].sequences[0].steps[1];
  EXPECT_DOUBLE_EQ(offer.discount, 0.0);
  EXPECT_DOUBLE_EQ(offer.discount_amount, 15.0);
  EXPECT_EQ(offer.discount_expires, 2 * sim::kDay);
}

TEST(Loader, DiscountKeysAreChecked) {
  std::string text = inserted(minimal_text(), "discount = 0.1\n", "discount_amount = 20\n");
  text = inserted(text, kNudge,  // lines 36-38; the offer's discount_amount moves to 44
                  "recommend = \"tripod\"\ndiscount_amount = 80.5\ndiscount_expires = \"0d\"\n");
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0],
            "s.toml:37:19: error: discount_amount 80.5 is more than the price of 'tripod' (80) "
            "(at sequences.xsell.steps.nudge.discount_amount)");
  EXPECT_EQ(errors[1],
            "s.toml:38:20: error: '0d' must be longer than zero "
            "(at sequences.xsell.steps.nudge.discount_expires)");
  EXPECT_EQ(errors[2],
            "s.toml:44:19: error: set discount or discount_amount, not both "
            "(at sequences.xsell.steps.offer.discount_amount)");

  errors =
      errors_of(inserted(minimal_text(), "delay = \"2d\"\n",
                         "discount_expires = \"2d\"\ntrial = \"0d\"\ndemonstration = \"yes\"\n"));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0],
            "s.toml:37:20: error: discount_expires needs a discount "
            "(at sequences.xsell.steps.nudge.discount_expires)");
  EXPECT_EQ(
      errors[1],
      "s.toml:38:9: error: '0d' must be longer than zero (at sequences.xsell.steps.nudge.trial)");
  EXPECT_EQ(errors[2],
            "s.toml:39:17: error: expected true or false, got a string "
            "(at sequences.xsell.steps.nudge.demonstration)");
}

TEST(Loader, ReadsWaitNextAndBranchesAnywhere) {
  const models::Step plain = load_scenario(kMinimal).world.arms[0].sequences[0].steps[1];
  EXPECT_EQ(plain.next, models::kFollowingStep);
  EXPECT_EQ(plain.on_fail, models::OnFail::kSkip);

  // Waiting for a click, at most three days; then back to the nudge (a loop with delays).
  std::string text = inserted(minimal_text(), kOffer,
                              "condition = \"clicked nudge\"\non_fail = \"wait\"\n"
                              "wait_timeout = \"3d\"\nnext = \"nudge\"\n");
  // A condition may name a later step.
  text = inserted(text, kNudge, "condition = \"not opened offer\"\n");
  Scenario s = load_scenario_text(text, "s.toml");
  const models::Step& nudge = s.world.arms[0].sequences[0].steps[0];
  const models::Step& offer = s.world.arms[0].sequences[0].steps[1];
  EXPECT_EQ(offer.on_fail, models::OnFail::kWait);
  EXPECT_EQ(offer.wait_timeout, 3 * sim::kDay);
  EXPECT_EQ(offer.next, 0u);
  EXPECT_EQ(nudge.next, models::kFollowingStep);
  ASSERT_EQ(nudge.condition.size(), 1u);
  EXPECT_EQ(nudge.condition[0][0].target, 1u);

  // The default timeout; "end"; a branch back to an earlier step.
  text = inserted(minimal_text(), kOffer, "condition = \"clicked nudge\"\non_fail = \"wait\"\n");
  text = inserted(text, "discount = 0.1\n", "next = \"end\"\n");
  s = load_scenario_text(text, "s.toml");
  EXPECT_EQ(s.world.arms[0].sequences[0].steps[1].wait_timeout, 7 * sim::kDay);
  EXPECT_EQ(s.world.arms[0].sequences[0].steps[1].next, models::kEndOfSequence);
  text = inserted(minimal_text(), kOffer, "condition = \"clicked nudge\"\non_fail = \"nudge\"\n");
  s = load_scenario_text(text, "s.toml");
  EXPECT_EQ(s.world.arms[0].sequences[0].steps[1].on_fail, models::OnFail::kBranch);
  EXPECT_EQ(s.world.arms[0].sequences[0].steps[1].branch_to, 0u);
}

TEST(Loader, StepLinksAreChecked) {
  std::string text = inserted(minimal_text(), kOffer,  // lines 41-42
                              "condition = \"clicked offer\"\nwait_timeout = \"2d\"\n");
  text = inserted(text, kNudge, "on_fail = \"nuge\"\nnext = \"ofer\"\n");  // lines 36-37
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0],
            "s.toml:36:11: error: on_fail must be \"skip\", \"stop\", \"wait\" or a step of this "
            "sequence, not 'nuge'; did you mean 'nudge'? (at sequences.xsell.steps.nudge.on_fail)");
  EXPECT_EQ(errors[1],
            "s.toml:37:8: error: next must be \"end\" or a step of this sequence, not 'ofer'; did "
            "you mean 'offer'? (at sequences.xsell.steps.nudge.next)");
  EXPECT_EQ(errors[2],
            "s.toml:41:13: error: condition: a step's condition cannot name the step itself "
            "('offer') (at sequences.xsell.steps.offer.condition)");
  EXPECT_EQ(errors[3],
            "s.toml:42:16: error: wait_timeout is only for on_fail = \"wait\" "
            "(at sequences.xsell.steps.offer.wait_timeout)");
}

TEST(Loader, StepGraphProblemsAreReportedAtTheStep) {
  auto errors = errors_of(inserted(minimal_text(), kNudge, "next = \"end\"\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:39:1: error: step 'offer' cannot be reached from the first step 'nudge' "
            "(at sequences.xsell.steps.offer)");

  std::string text = replaced(minimal_text(), "delay = \"2d\"", "delay = \"0d\"");
  text = replaced(text, "delay = \"5d\"", "delay = \"0d\"");
  errors = errors_of(inserted(text, "discount = 0.1\n", "next = \"nudge\"\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:41:8: error: steps nudge -> offer -> nudge loop without a delay "
            "(at sequences.xsell.steps.offer.next)");
}

TEST(Loader, AnArmThatMakesALoopInstantIsReportedWithItsPath) {
  // The base loops with delays; the arm takes both delays away.
  std::string text = inserted(minimal_text(), "discount = 0.1\n", "next = \"nudge\"\n");
  text = replaced(text, "delay = \"20d\"", "delay = \"0d\"");
  text += "[arms.late.sequences.xsell.steps.offer]\ndelay = \"0d\"\n";
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:41:8: error: steps nudge -> offer -> nudge loop without a delay "
            "(at arms.late.sequences.xsell.steps.offer.next)");
}

TEST(Loader, ReadsArmShares) {
  Scenario s = load_scenario(kMinimal);
  EXPECT_FALSE(s.world.split_arms);
  const std::string text = minimal_text();
  s = load_scenario_text(
      replaced(text, "[arms.late]\n", "[arms.holdout]\nshare = 0.2\n[arms.late]\nshare = 0.8\n"),
      "s.toml");
  EXPECT_TRUE(s.world.split_arms);
  ASSERT_EQ(s.world.arms.size(), 2u);
  EXPECT_DOUBLE_EQ(s.world.arms[0].share, 0.2);  // the holdout
  EXPECT_DOUBLE_EQ(s.world.arms[1].share, 0.8);
  // An arm may get nobody.
  s = load_scenario_text(
      replaced(text, "[arms.late]\n", "[arms.late]\nshare = 1\n[arms.holdout]\nshare = 0\n"),
      "s.toml");
  EXPECT_TRUE(s.world.split_arms);
  EXPECT_DOUBLE_EQ(s.world.arms[0].share, 0.0);
  EXPECT_DOUBLE_EQ(s.world.arms[1].share, 1.0);
}

TEST(Loader, EveryArmHasAShareOrNone) {
  const std::string text = minimal_text();
  const std::string late = "[arms.late]\n";  // line 42
  auto errors = errors_of(replaced(text, late, "[arms.holdout]\nshare = 0.5\n\n[arms.late]\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:45:1: error: missing share: give every arm a share, or none "
            "(at arms.late.share)");
  // The holdout counts, named in the file or not.
  errors = errors_of(inserted(text, late, "share = 1.0\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:42:1: error: missing share: give every arm a share, or none (the holdout "
            "too: [arms.holdout]) (at arms.holdout.share)");
  errors =
      errors_of(replaced(text, late, "[arms.holdout]\nshare = 0.5\n[arms.late]\nshare = 0.25\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "s.toml:43:9: error: arm shares sum to 0.75, not 1 (at arms.holdout.share)");
  errors = errors_of(replaced(text, late, "[arms.holdout]\nshare = 1.5\n[arms.late]\nshare = 0\n"));
  ASSERT_EQ(errors.size(), 1u);  // no sum of a wrong share
  EXPECT_EQ(errors[0],
            "s.toml:43:9: error: 1.5 is out of range: must be in [0, 1]; did you mean 0.015 "
            "(1.5%)? (at arms.holdout.share)");
}

// Shares written as percents (35 and 65): each is out of range with the fraction it likely
// means, and no "shares sum to 100, not 1" beside them (a wrong share once counted as 1).
TEST(Loader, PercentSharesSayDidYouMeanAndNoFalseSum) {
  const std::string segments =
      "[segments.all]\nshare = 1.0\n";  // replaced by two segments of 35 and 65
  std::string text = minimal_text();
  const std::string purchasing =
      text.substr(text.find("[segments.all.purchasing]"),
                  text.find("[categories") - text.find("[segments.all.purchasing]"));
  std::string two =
      "[segments.few]\nshare = 35\n" + replaced(purchasing, "segments.all", "segments.few") +
      "[segments.many]\nshare = 65\n" + replaced(purchasing, "segments.all", "segments.many");
  text = replaced(text, segments + purchasing, two);
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 2u) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find("35 is out of range: must be in (0, 1]; did you mean 0.35 (35%)? "
                           "(at segments.few.share)"),
            std::string::npos)
      << errors[0];
  EXPECT_NE(errors[1].find("65 is out of range: must be in (0, 1]; did you mean 0.65 (65%)? "
                           "(at segments.many.share)"),
            std::string::npos)
      << errors[1];
  // A share of 0.35 and one of 65: 65 is wrong, so the sum says nothing either.
  errors = errors_of(replaced(text, "share = 35\n", "share = 0.35\n"));
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
  // Valid shares that do not sum to 1 are still reported as such.
  errors = errors_of(
      replaced(replaced(text, "share = 35\n", "share = 0.35\n"), "share = 65\n", "share = 0.6\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("segment shares sum to 0.95, not 1"), std::string::npos) << errors[0];
  // Above 100 it is no percent: no suggestion.
  errors = errors_of(replaced(text, "share = 35\n", "share = 350\n"));
  EXPECT_EQ(errors[0].find("did you mean"), std::string::npos) << errors[0];
}

}  // namespace
}  // namespace xsellsim::scenarios

namespace xsellsim::scenarios {
namespace {

TEST(Loader, ReadsASendTimeAndChecksIt) {
  Scenario s =
      load_scenario_text(inserted(minimal_text(), kNudge, "send_at = \"10:30\"\n"), "s.toml");
  EXPECT_EQ(s.world.arms[0].sequences[0].steps[0].send_at, 10 * sim::kHour + 30 * sim::kMinute);
  EXPECT_EQ(s.world.arms[0].sequences[0].steps[1].send_at, -1);  // none by default
  auto errors = errors_of(inserted(minimal_text(), kNudge, "send_at = \"25:00\"\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:36:11: error: '25:00' is not a time of day \"HH:MM\" (00:00 to 23:59) "
            "(at sequences.xsell.steps.nudge.send_at)");
}

TEST(Loader, ReadsTheOfferCoefficients) {
  std::string text = minimal_text() +
                     "[engagement]\nbuy_trial = 2.0\ntrial_return = 0.1\n"
                     "create_need_demonstration = 0.2\nclick_preferred = 0.7\n";
  Scenario s = load_scenario_text(text, "s.toml");
  EXPECT_DOUBLE_EQ(s.world.engagement.buy_trial, 2.0);
  EXPECT_DOUBLE_EQ(s.world.engagement.trial_return, 0.1);
  EXPECT_DOUBLE_EQ(s.world.engagement.create_need_demonstration, 0.2);
  EXPECT_DOUBLE_EQ(s.world.engagement.click_preferred, 0.7);
  EXPECT_EQ(errors_of(minimal_text() + "[engagement]\ntrial_return = 1.5\n").size(), 1u);
}

}  // namespace
}  // namespace xsellsim::scenarios

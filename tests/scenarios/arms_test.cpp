// [arms.<name>] (scenarios/arms.hpp): the holdout and the arms, their merged sequences with errors
// at the arm's path, add = true, and shares.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "load_errors.hpp"
#include "scenario_text.hpp"
#include "scenarios/scenario.hpp"

namespace xsellsim::scenarios {
namespace {

using testing::errors_of;
using testing::inserted;
using testing::kMinimal;
using testing::kNudge;
using testing::minimal_text;
using testing::replaced;
using testing::sequence_named;

TEST(Arms, StepsRunInFileOrderAndArmsOverrideThem) {
  Scenario s = load_scenario(kMinimal);
  const auto& base = s.world.arms[0].sequences[0];
  ASSERT_EQ(base.steps.size(), 2u);
  EXPECT_EQ(base.steps[0].name, "nudge");  // not alphabetical: "nudge" < "offer" either way,
  EXPECT_EQ(base.steps[1].name, "offer");  // so the next test checks a reversed order
  EXPECT_EQ(base.steps[0].delay, 2 * sim::kDay);
  EXPECT_EQ(s.world.arms[1].sequences[0].steps[0].delay, 20 * sim::kDay);
  EXPECT_DOUBLE_EQ(s.world.arms[1].sequences[0].steps[1].discount, 0.1);
}

// An arm reads again only the sequences it changes; the others are the base's, and a sequence it
// adds takes its place in key order, as the base's sequences do.
TEST(Arms, AnArmKeepsTheSequencesItDoesNotChangeAndAddsInKeyOrder) {
  const std::string other =
      "[sequences.zeta]\ntrigger.products = [\"camera\"]\n"
      "[sequences.zeta.steps.zulu]\ndelay = \"1d\"\n[sequences.zeta.steps.alpha]\ndelay = \"2d\"\n";
  const std::string added =
      "[arms.late.sequences.mid]\nadd = true\ntrigger.products = [\"tripod\"]\n"
      "[arms.late.sequences.mid.steps.only]\ndelay = \"3d\"\nrecommend = \"camera\"\n";
  std::string text = replaced(minimal_text(), "[arms.late]\n", other + "[arms.late]\n") + added;
  Scenario scenario = load_scenario_text(text, "s.toml");
  const models::Arm& base = scenario.world.arms[0];
  const models::Arm& late = scenario.world.arms[1];
  ASSERT_EQ(base.sequences.size(), 2u);
  ASSERT_EQ(late.sequences.size(), 3u);
  EXPECT_EQ(late.sequences[0].name, "mid");  // key order: mid < xsell < zeta
  EXPECT_EQ(late.sequences[1].name, "xsell");
  EXPECT_EQ(late.sequences[2].name, "zeta");
  EXPECT_EQ(late.sequences[1].steps[0].delay, 20 * sim::kDay);  // changed by the arm
  const models::Sequence& zeta = late.sequences[2];             // not changed: the base's
  ASSERT_EQ(zeta.steps.size(), 2u);
  EXPECT_EQ(zeta.steps[0].name, "zulu");
  EXPECT_EQ(zeta.steps[1].name, "alpha");
  EXPECT_EQ(zeta.trigger_products, sequence_named(base, "zeta").trigger_products);
  EXPECT_EQ(late.sequences[0].steps[0].recommendation, models::Recommendation::kProduct);
  EXPECT_EQ(late.sequences[0].steps[0].product, 0u);  // camera
}

TEST(Arms, WithoutArmsThereIsAHoldoutAndAnEmailArm) {
  std::string text = minimal_text();
  text = text.substr(0, text.find("[arms.late]"));
  Scenario s = load_scenario_text(text, "s.toml");
  ASSERT_EQ(s.world.arms.size(), 2u);
  EXPECT_EQ(s.world.arms[1].name, "email");
}

TEST(Arms, ErrorsInAnArmCarryTheArmsPath) {
  std::string text = minimal_text();
  text.replace(text.find("delay = \"20d\""), 13, "delay = 20");
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:44:9: error: expected a duration string like \"2d\", got an integer "
            "(at arms.late.sequences.xsell.steps.nudge.delay)");
}

// Issue 17, item 1: a misspelled step of an arm used to add a step to that arm.
TEST(Arms, AnArmNamingAStepOrSequenceTheBaseLacksIsAnError) {
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

TEST(Arms, AnArmAddsAStepOrSequenceOnlyWithAdd) {
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

TEST(Arms, AnArmThatMakesALoopInstantIsReportedWithItsPath) {
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

TEST(Arms, ReadsArmShares) {
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

TEST(Arms, EveryArmHasAShareOrNone) {
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
TEST(Arms, PercentSharesSayDidYouMeanAndNoFalseSum) {
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

TEST(Arms, AnArmSwitchesFromADiscountToAnAmountBySettingTheOtherToZero) {
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

}  // namespace
}  // namespace xsellsim::scenarios

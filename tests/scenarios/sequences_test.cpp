// [sequences.<name>] (scenarios/sequences.hpp): steps in file order, priority, exits, re-entry and
// the shape of the step graph, reported at the step.
#include <gtest/gtest.h>

#include <algorithm>
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
using testing::kTrigger;
using testing::minimal_text;
using testing::replaced;

TEST(Sequences, StepOrderIsTheFileOrderNotTheAlphabet) {
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

TEST(Sequences, ReadsPriorityAndWhatEndsASequence) {
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

TEST(Sequences, PriorityAndExitsAreChecked) {
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

TEST(Sequences, TheOldExitOnCrossSellKeySaysWhatReplacesIt) {
  auto errors = errors_of(inserted(minimal_text(), kTrigger, "exit_on_cross_sell = false\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:34:22: error: exit_on_cross_sell is replaced by exit_on: write exit_on = "
            "[\"cross_sell\"], or exit_on = [] not to exit on a cross-sell "
            "(at sequences.xsell.exit_on_cross_sell)");
}

TEST(Sequences, StepGraphProblemsAreReportedAtTheStep) {
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

}  // namespace
}  // namespace xsellsim::scenarios

namespace xsellsim::scenarios {
namespace {

// A broadcast's time and each rule of its audience, as the models take them; its steps show the
// best seller unless they name a product.
TEST(Sequences, ReadsABroadcastAndItsAudience) {
  std::string text = testing::minimal_text();
  text +=
      "\n[sequences.spring]\ntrigger.event = \"broadcast\"\ntrigger.at = \"30d\"\n"
      "trigger.audience = { segments = [\"all\"], bought = [\"gear\"], within = \"90d\", "
      "since_last_purchase = { min = \"7d\", max = \"365d\" } }\n"
      "[sequences.spring.steps.news]\nat = \"0d\"\n"
      "[sequences.spring.steps.reminder]\ndelay = \"3d\"\nrecommend = \"tripod\"\n";
  const Scenario s = load_scenario_text(text, "s.toml");
  const models::Sequence& spring = testing::sequence_named(s.world.arms[0], "spring");
  EXPECT_EQ(spring.trigger_event, models::TriggerEvent::kBroadcast);
  EXPECT_EQ(spring.at, 30 * sim::kDay);
  EXPECT_TRUE(spring.trigger_products.empty());
  EXPECT_EQ(spring.audience.segments, std::vector<std::uint32_t>{0});
  EXPECT_EQ(spring.audience.bought_categories, std::vector<std::uint32_t>{0});
  EXPECT_EQ(spring.audience.bought_within, 90 * sim::kDay);
  EXPECT_EQ(spring.audience.since_last_min, 7 * sim::kDay);
  EXPECT_EQ(spring.audience.since_last_max, 365 * sim::kDay);
  EXPECT_EQ(spring.steps[0].recommendation, models::Recommendation::kBestSeller);
  EXPECT_EQ(spring.steps[1].recommendation, models::Recommendation::kProduct);
  // Without an audience: everybody, whenever they last bought.
  const Scenario plain = load_scenario_text(
      testing::minimal_text() +
          "\n[sequences.spring]\ntrigger.event = \"broadcast\"\ntrigger.at = \"0d\"\n"
          "[sequences.spring.steps.news]\nat = \"0d\"\n",
      "s.toml");
  EXPECT_EQ(testing::sequence_named(plain.world.arms[0], "spring").audience, models::Audience{});
}

}  // namespace
}  // namespace xsellsim::scenarios

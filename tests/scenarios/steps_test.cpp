// [sequences.<name>.steps.<step>] (scenarios/steps.hpp): timing, recommendation, bundles, offers,
// and the links to other steps.
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
using testing::kOffer;
using testing::minimal_text;
using testing::replaced;
using testing::sequence_named;

// Issue 17, item 3: `at` times a step from entry, so moving the step before does not move it.
TEST(Steps, AtTimesAStepFromEntryAndExcludesDelay) {
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

TEST(Steps, ReadsDynamicBestSellerAndBundleRecommendations) {
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

TEST(Steps, BundlesAndDynamicStepsAreChecked) {
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

TEST(Steps, ReadsDiscountAmountExpiryDemonstrationAndTrial) {
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

TEST(Steps, DiscountKeysAreChecked) {
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

TEST(Steps, ReadsWaitNextAndBranchesAnywhere) {
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

TEST(Steps, StepLinksAreChecked) {
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

TEST(Steps, ReadsASendTimeAndChecksIt) {
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

}  // namespace
}  // namespace xsellsim::scenarios

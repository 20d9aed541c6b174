// Where a sequence goes after a step (next, loops), steps that wait for their condition, and the
// exits: buying the recommended item, a return of the trigger purchase, a custom condition.
// Nobody unsubscribes and, unless a test says otherwise, nobody buys from an email, so each step's
// sends are exact identities of what the customers did.
#include <gtest/gtest.h>

#include <numeric>

#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using sim::kDay;
using Kind = ConditionTerm::Kind;

// Everybody buys a camera at time 0 and enters; purchase occasions every 20 days buy the tripod
// while it is needed; no email purchases.
World quiet_customers(int steps = 3) {
  World world = testing::camera_world(4000, 3 * kDay, kDay, steps);
  testing::everybody_enters_and_stays(world);
  testing::add_steady_occasions(world, 1.0 / 20);
  world.engagement.buy_base = -50;
  world.engagement.exposure_open = world.engagement.exposure_delivered = 0;
  return world;
}

ArmTally email_arm(const World& world) {
  RunOptions options;
  options.threads = 2;
  return run(world, options).tallies[0][1];
}

template <class Change>
void for_every_arm(World& world, Change change) {
  for (Arm& arm : world.arms) change(arm.sequences[0]);
}

std::int64_t sum_days(const std::vector<std::int64_t>& series, std::size_t first,
                      std::size_t last) {
  return std::accumulate(series.begin() + static_cast<std::ptrdiff_t>(first),
                         series.begin() + static_cast<std::ptrdiff_t>(last) + 1, std::int64_t{0});
}

TEST(StepFlow, NextJumpsOverSteps) {
  World world = quiet_customers();
  for_every_arm(world, [](Sequence& s) { s.steps[0].next = 2; });
  ArmTally arm = email_arm(world);
  EXPECT_EQ(arm.steps[0].sends, arm.entrants);
  EXPECT_EQ(arm.steps[1].sends, 0);
  EXPECT_EQ(arm.steps[2].sends, arm.entrants);
  for_every_arm(world, [](Sequence& s) { s.steps[0].next = kEndOfSequence; });
  arm = email_arm(world);
  EXPECT_EQ(arm.steps[2].sends, 0);
}

// Issue 17, item 3: `at` counts from entry, so moving the steps before it does not move it; a step
// reached after its time goes out at once.
TEST(StepFlow, AtTimesAStepFromEntryWhateverTheStepsBefore) {
  World world = quiet_customers();  // days 1, 4 and 7
  for_every_arm(world, [](Sequence& s) { s.steps[2].at = 10 * kDay; });
  auto sends = email_arm(world).series(Daily::kSends);
  const std::int64_t entrants = email_arm(world).entrants;
  ASSERT_GT(entrants, 0);
  EXPECT_EQ(sends[1], entrants);
  EXPECT_EQ(sends[4], entrants);
  EXPECT_EQ(sends[7], 0);
  EXPECT_EQ(sends[10], entrants);
  // The first step moves to day 5 and the second with it (day 8); the third stays on day 10.
  for_every_arm(world, [](Sequence& s) { s.steps[0].delay = 5 * kDay; });
  sends = email_arm(world).series(Daily::kSends);
  EXPECT_EQ(sends[5], entrants);
  EXPECT_EQ(sends[8], entrants);
  EXPECT_EQ(sends[10], entrants);
  EXPECT_EQ(sum_days(sends, 0, sends.size() - 1), 3 * entrants);
  // Past its day when it is reached (the second step on day 15), it goes out at once.
  for_every_arm(world, [](Sequence& s) { s.steps[0].delay = 12 * kDay; });
  sends = email_arm(world).series(Daily::kSends);
  EXPECT_EQ(sends[12], entrants);
  EXPECT_EQ(sends[15], 2 * entrants);
  EXPECT_EQ(sum_days(sends, 0, sends.size() - 1), 3 * entrants);
}

TEST(StepFlow, ALoopWithADelayRepeatsUntilTheHorizon) {
  // step0 at day 1, step1 3 days later, then back to step0 a day later: a 4-day cycle, so over
  // 120 days step0 goes out on days 1, 5, ..., 117 and step1 on days 4, 8, ..., 120.
  World world = quiet_customers(2);
  for_every_arm(world, [](Sequence& s) { s.steps[1].next = 0; });
  ArmTally arm = email_arm(world);
  EXPECT_EQ(arm.steps[0].sends, 30 * arm.entrants);
  EXPECT_EQ(arm.steps[1].sends, 30 * arm.entrants);
}

TEST(StepFlow, AWaitingStepGoesOutWhenItsConditionComesTrueOrNotAtAll) {
  // step1 (due on day 4) waits up to 30 days for a cross-sell purchase (organic here).
  World world = quiet_customers();
  for_every_arm(world, [](Sequence& s) {
    s.steps[1].condition = {{{Kind::kPurchased, false, 0}}};
    s.steps[1].on_fail = OnFail::kWait;
    s.steps[1].wait_timeout = 30 * kDay;
  });
  ArmTally arm = email_arm(world);
  // It goes to everybody who bought by the end of day 33 (4 + 30 days).
  const std::int64_t bought_in_time = sum_days(arm.conversion.events, 0, 33);
  EXPECT_GT(bought_in_time, 200);
  EXPECT_EQ(arm.steps[1].sends, bought_in_time);
  EXPECT_EQ(arm.steps[2].sends, arm.entrants);  // sent or timed out, the sequence goes on
  // Skipping instead sends it only to those who had bought by day 4.
  for_every_arm(world, [](Sequence& s) { s.steps[1].on_fail = OnFail::kSkip; });
  arm = email_arm(world);
  EXPECT_EQ(arm.steps[1].sends, sum_days(arm.conversion.events, 0, 3));
  EXPECT_LT(arm.steps[1].sends, bought_in_time / 4);
}

TEST(Exits, BuyingTheRecommendedItemEndsTheSequence) {
  World world = quiet_customers();
  for_every_arm(world, [](Sequence& s) { s.exit_on_recommended = true; });
  ArmTally arm = email_arm(world);
  // step0 (day 1) shows the tripod; those who buy one before step1 (day 4) get nothing more.
  const std::int64_t bought = sum_days(arm.conversion.events, 1, 3);
  EXPECT_GT(bought, 50);
  EXPECT_EQ(arm.steps[1].sends, arm.steps[0].sends - bought);
  for_every_arm(world, [](Sequence& s) { s.exit_on_recommended = false; });
  EXPECT_EQ(email_arm(world).steps[1].sends, email_arm(world).steps[0].sends);
}

TEST(Exits, AReturnedTriggerPurchaseEndsTheSequence) {
  World world = quiet_customers();
  world.products[0].return_rate = 0.5;  // cameras
  world.products[1].return_rate = 0.0;  // tripods: every return is a camera's
  for_every_arm(world, [](Sequence& s) { s.exit_on_trigger_return = true; });
  ArmTally arm = email_arm(world);
  const auto& returns = arm.series(Daily::kReturns);
  // Steps are due on days 1, 4 and 7: each goes to those whose camera has not come back by then.
  EXPECT_EQ(arm.steps[0].sends, arm.entrants - sum_days(returns, 0, 0));
  EXPECT_EQ(arm.steps[1].sends, arm.entrants - sum_days(returns, 0, 3));
  EXPECT_EQ(arm.steps[2].sends, arm.entrants - sum_days(returns, 0, 6));
  EXPECT_GT(sum_days(returns, 0, 6), 200);
  for_every_arm(world, [](Sequence& s) { s.exit_on_trigger_return = false; });
  EXPECT_EQ(email_arm(world).steps[2].sends, arm.entrants);
}

TEST(Exits, ACustomConditionEndsTheSequence) {
  World world = quiet_customers();
  for_every_arm(world, [](Sequence& s) { s.exit_condition = {{{Kind::kClicked, false, 0}}}; });
  ArmTally arm = email_arm(world);
  EXPECT_GT(arm.steps[0].clicks, 100);
  EXPECT_EQ(arm.steps[1].sends, arm.steps[0].sends - arm.steps[0].clicks);
  EXPECT_EQ(arm.steps[2].sends, arm.steps[1].sends);
}

}  // namespace
}  // namespace xsellsim::models

// Quiet hours, the frequency cap, consent to product updates and re-entry: each rule alone, then
// in whole runs where its effect is exact.
#include "models/policy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "models/catalog.hpp"
#include "models/customer.hpp"
#include "models/customer_life.hpp"
#include "models/runner.hpp"
#include "one_life.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using sim::kDay;
using sim::kHour;

Policy quiet(Time start, Time end) {
  Policy policy;
  policy.quiet_start = start;
  policy.quiet_end = end;
  return policy;
}

TEST(QuietHours, AnEmailDueInThemWaitsForTheirEnd) {
  const Policy night = quiet(21 * kHour, 8 * kHour);  // wraps past midnight
  EXPECT_EQ(after_quiet_hours(night, 12 * kHour, 0), 12 * kHour);
  EXPECT_EQ(after_quiet_hours(night, 22 * kHour, 0), kDay + 8 * kHour);
  EXPECT_EQ(after_quiet_hours(night, kDay + 3 * kHour, 0), kDay + 8 * kHour);
  EXPECT_EQ(after_quiet_hours(night, 8 * kHour, 0), 8 * kHour);  // the end is not quiet
  // Local time is UTC + offset: 03:00 UTC is 22:00 the day before at UTC-5, quiet until 08:00
  // local, which is 13:00 UTC.
  EXPECT_EQ(after_quiet_hours(night, kDay + 3 * kHour, -5 * kHour), kDay + 13 * kHour);
  const Policy lunch = quiet(12 * kHour, 14 * kHour);  // within one day
  EXPECT_EQ(after_quiet_hours(lunch, 13 * kHour, 0), 14 * kHour);
  EXPECT_EQ(after_quiet_hours(lunch, 11 * kHour, 0), 11 * kHour);
  EXPECT_EQ(after_quiet_hours(Policy{}, 22 * kHour, 0), 22 * kHour);  // none
}

TEST(FrequencyCap, CountsTheEmailsInTheWindow) {
  Policy policy;
  policy.cap = 2;
  policy.cap_window = 7 * kDay;
  const std::vector<Time> sends{kDay, 3 * kDay};
  EXPECT_EQ(cap_frees_at(policy, {}, 4 * kDay), std::nullopt);
  EXPECT_EQ(cap_frees_at(policy, {kDay}, 4 * kDay), std::nullopt);
  EXPECT_EQ(cap_frees_at(policy, sends, 4 * kDay), 8 * kDay);  // the day-1 email leaves then
  EXPECT_EQ(cap_frees_at(policy, sends, 8 * kDay), std::nullopt);
  EXPECT_EQ(cap_frees_at(Policy{}, sends, 4 * kDay), std::nullopt);  // no cap
}

// Everybody buys a camera at time 0 (no repeat purchases), is subscribed and gets three emails,
// one a day from day 1. Emails cannot unsubscribe anybody and nobody exits, so every entrant gets
// every email the policy lets through.
World daily_emails() {
  World world = testing::camera_world(2000, 3 * kDay, kDay, 3);
  testing::everybody_enters_and_stays(world);
  world.engagement.click_base = -50;  // nobody buys from an email
  for (Arm& arm : world.arms) {
    for (Step& step : arm.sequences[0].steps) step.delay = kDay;
  }
  return world;
}

std::vector<std::int64_t> email_sends(const World& world) {
  RunOptions options;
  options.threads = 2;
  RunResult result = run(world, options);
  return result.tallies[0][1].series(Daily::kSends);
}

TEST(FrequencyCap, ACappedEmailWaitsOrIsSkipped) {
  World world = daily_emails();
  world.policy.cap = 1;
  world.policy.cap_window = 3 * kDay;
  // Waiting: day 1, then the day-2 email waits until day 4, and the next (a day after it) until 7.
  auto sends = email_sends(world);
  for (std::size_t d = 0; d < 10; ++d) {
    EXPECT_EQ(sends[d], d == 1 || d == 4 || d == 7 ? 2000 : 0) << "day " << d;
  }
  // Skipping: the day-2 and day-3 emails fall inside the window of the first and are dropped.
  world.policy.capped_waits = false;
  sends = email_sends(world);
  EXPECT_EQ(std::accumulate(sends.begin(), sends.end(), std::int64_t{0}), 2000);
  EXPECT_EQ(sends[1], 2000);
}

std::vector<StepTally> email_steps(const World& world) {
  RunOptions options;
  options.threads = 2;
  return run(world, options).tallies[0][1].steps;
}

// Issue 17, item 8: what the cap and quiet hours did, per step; a cap that never binds shows 0.
TEST(FrequencyCap, CountsTheEmailsItDelaysOrDropsAndQuietHoursDelay) {
  World world = daily_emails();
  world.policy.cap = 1;
  world.policy.cap_window = 3 * kDay;
  // Waiting (as above): the first email goes out, the second and third are each held once.
  auto steps = email_steps(world);
  EXPECT_EQ(steps[0].capped_delayed, 0);
  EXPECT_EQ(steps[1].capped_delayed, 2000);
  EXPECT_EQ(steps[2].capped_delayed, 2000);
  for (const StepTally& step : steps) {
    EXPECT_EQ(step.capped_skipped, 0);
    EXPECT_EQ(step.quiet_delayed, 0);
  }
  world.policy.capped_waits = false;  // skipping: the second and third are dropped
  steps = email_steps(world);
  EXPECT_EQ(steps[0].capped_skipped, 0);
  EXPECT_EQ(steps[1].capped_skipped, 2000);
  EXPECT_EQ(steps[2].capped_skipped, 2000);
  EXPECT_EQ(steps[1].sends + steps[2].sends, 0);
  world.policy.cap = 3;  // never binds: three emails in three days
  steps = email_steps(world);
  for (const StepTally& step : steps) {
    EXPECT_EQ(step.sends, 2000);
    EXPECT_EQ(step.capped_delayed + step.capped_skipped + step.quiet_delayed, 0);
  }
  // The first email is due at midnight (UTC, the segment's time), inside 21:00 to 08:00: held
  // until 08:00, and the next ones, a day after it, come at 08:00 too.
  world.policy.quiet_start = 21 * kHour;
  world.policy.quiet_end = 8 * kHour;
  steps = email_steps(world);
  EXPECT_EQ(steps[0].quiet_delayed, 2000);
  EXPECT_EQ(steps[1].quiet_delayed + steps[2].quiet_delayed, 0);
  for (const StepTally& step : steps) EXPECT_EQ(step.capped_delayed, 0);
}

TEST(Consent, WithoutTheOptInOnlyEvergreenEmailsGoOut) {
  World world = daily_emails();
  world.segments[0].product_updates = 0;  // subscribed, but not to product updates
  auto sends = email_sends(world);
  EXPECT_EQ(std::accumulate(sends.begin(), sends.end(), std::int64_t{0}), 0);
  world.arms[1].sequences[0].steps[1].evergreen = true;  // the sequence falls back to this one
  sends = email_sends(world);
  EXPECT_EQ(sends[2], 2000);
  EXPECT_EQ(std::accumulate(sends.begin(), sends.end(), std::int64_t{0}), 2000);
}

TEST(Reentry, RepeatBuyersEnterAgainOnlyWhenAllowed) {
  // Frequent camera buyers; with re-entry each new camera purchase restarts the sequence.
  World world = testing::camera_world(2000, 3 * kDay);
  world.segments[0].purchasing = {2.0, 1.0, 50.0, 1.0, sim::kWeek};  // buy often, rarely stop
  world.products[1].acquisition = 0;
  world.products[1].popularity = 0;  // repeat purchases are cameras
  const auto never = email_sends(world);
  world.arms[1].sequences[0].reentry = Reentry::kAlways;
  const auto always = email_sends(world);
  world.arms[1].sequences[0].reentry = Reentry::kAfterCooldown;
  world.arms[1].sequences[0].cooldown = 60 * kDay;
  const auto cooled = email_sends(world);
  auto total = [](const std::vector<std::int64_t>& s) {
    return std::accumulate(s.begin(), s.end(), std::int64_t{0});
  };
  EXPECT_GT(total(always), total(cooled));
  EXPECT_GT(total(cooled), total(never));
}

TEST(Trigger, PurchasesBelowTheMinimumOrderValueEnterNobody) {
  World world = daily_emails();
  for (Arm& arm : world.arms) arm.sequences[0].min_order_value = 500.01;  // the camera costs 500
  RunOptions options;
  EXPECT_EQ(run(world, options).tallies[0][1].entrants, 0);
  for (Arm& arm : world.arms) arm.sequences[0].min_order_value = 500.0;
  EXPECT_EQ(run(world, options).tallies[0][1].entrants, 2000);
}

}  // namespace
}  // namespace xsellsim::models

namespace xsellsim::models {
namespace {

// Two sequences on the same camera purchase: "low" emails on day 1, "high" on day 2, under a cap
// of one email a week. Nobody unsubscribes or buys, so the counts are exact.
World competing(int low_priority, int high_priority) {
  World world = daily_emails();
  world.policy.cap = 1;
  world.policy.cap_window = 7 * sim::kDay;
  world.policy.capped_waits = false;
  for (Arm& arm : world.arms) {
    Sequence high = arm.sequences[0];
    arm.sequences[0].name = "low";
    arm.sequences[0].steps.resize(1);
    arm.sequences[0].priority = low_priority;
    high.name = "high";
    high.steps.resize(1);
    high.steps[0].delay = 2 * sim::kDay;
    high.priority = high_priority;
    arm.sequences.push_back(high);
  }
  return world;
}

ArmTally email_arm(const World& world) {
  RunOptions options;
  options.threads = 2;
  return run(world, options).tallies[0][1];
}

TEST(Priorities, ACappedSlotIsKeptForTheHigherPriority) {
  ArmTally arm = email_arm(competing(0, 0));  // first come, first served
  EXPECT_EQ(arm.steps[0].sends, arm.entrants);
  EXPECT_EQ(arm.steps[1].sends, 0);
  arm = email_arm(competing(0, 1));
  EXPECT_EQ(arm.steps[0].sends, 0);  // day 1 would leave no room for day 2's higher priority
  EXPECT_EQ(arm.steps[1].sends, arm.entrants);
  World waiting = competing(0, 1);
  waiting.policy.capped_waits = true;  // then the low one waits for the cap: day 9
  arm = email_arm(waiting);
  EXPECT_EQ(arm.steps[0].sends, arm.entrants);
  EXPECT_EQ(arm.series(Daily::kSends)[2], arm.entrants);
  EXPECT_EQ(arm.series(Daily::kSends)[9], arm.entrants);
}

}  // namespace
}  // namespace xsellsim::models

namespace xsellsim::models {
namespace {

TEST(SendTime, NextClockTimeIsInLocalTime) {
  using sim::kHour;
  EXPECT_EQ(next_clock_time(8 * kHour, 10 * kHour, 0), 10 * kHour);
  EXPECT_EQ(next_clock_time(10 * kHour, 10 * kHour, 0), 10 * kHour);  // at it: now
  EXPECT_EQ(next_clock_time(11 * kHour, 10 * kHour, 0), sim::kDay + 10 * kHour);
  // 10:00 at UTC-5 is 15:00 UTC.
  EXPECT_EQ(next_clock_time(12 * kHour, 10 * kHour, -5 * kHour), 15 * kHour);
  EXPECT_EQ(next_clock_time(16 * kHour, 10 * kHour, -5 * kHour), sim::kDay + 15 * kHour);
}

TEST(SendTime, StepsAlignedToALocalTimeGoOutAtIt) {
  // Everybody enters at 00:00 on day 0. Delays of 1 day, 13 hours and 13 hours send on days 1,
  // 1 (23:00) and 2 (12:00); aligned to the next 10:00 each, on days 1, 2 and 3.
  World world = daily_emails();
  auto sends = [&](Time send_at) {
    for (Arm& arm : world.arms) {
      auto& steps = arm.sequences[0].steps;
      steps[1].delay = steps[2].delay = 13 * sim::kHour;
      for (Step& step : steps) step.send_at = send_at;
    }
    return email_sends(world);
  };
  const auto unaligned = sends(-1);  // all 2000 customers subscribe and enter at time 0
  EXPECT_EQ(unaligned[1], 4000);
  EXPECT_EQ(unaligned[2], 2000);
  const auto aligned = sends(10 * sim::kHour);
  EXPECT_EQ(aligned[1], 2000);
  EXPECT_EQ(aligned[2], 2000);
  EXPECT_EQ(aligned[3], 2000);
}

}  // namespace
}  // namespace xsellsim::models

namespace xsellsim::models {
namespace {

// The most emails one customer received within any 6 consecutive days (which span less than the
// 7-day cap window, whatever the hours of the sends).
std::int64_t most_in_six_days(const World& world, std::uint64_t customer) {
  testing::OneLife email(world, 1);
  ArmTally tally = email.tally();
  email.simulate({7, 0, customer}, tally);
  const auto& sends = tally.series(Daily::kSends);
  const std::size_t days = sends.size();
  std::int64_t most = 0;
  for (std::size_t d = 0; d + 6 <= days; ++d) {
    most = std::max(
        most, std::accumulate(sends.begin() + static_cast<std::ptrdiff_t>(d),
                              sends.begin() + static_cast<std::ptrdiff_t>(d + 6), std::int64_t{0}));
  }
  return most;
}

TEST(FrequencyCap, NoCustomerEverGetsAThirdEmailWithinAWeek) {
  // Three overlapping sequences on the camera purchase, one email a day each for a week, and
  // repeat buyers (who enter again): far more than two emails a week are due.
  World world = daily_emails();
  world.segments[0].purchasing.r = 2.0;
  for (Arm& arm : world.arms) {
    Sequence& first = arm.sequences[0];
    first.reentry = Reentry::kAlways;
    first.trigger_products = {0, 1};
    const Step daily_step = first.steps[0];  // a copy: resizing moves the steps
    first.steps.resize(7, daily_step);
    for (std::size_t j = 0; j < first.steps.size(); ++j) first.steps[j].name = std::to_string(j);
    const Sequence copy = first;  // a copy: adding sequences moves them
    arm.sequences.push_back(copy);
    arm.sequences.push_back(copy);
    arm.sequences[1].steps[0].delay = 12 * sim::kHour;
    arm.sequences[2].steps[0].delay = 30 * sim::kHour;
  }
  std::int64_t uncapped = 0;
  for (std::uint64_t customer = 0; customer < 300; ++customer) {
    uncapped = std::max(uncapped, most_in_six_days(world, customer));
  }
  EXPECT_GE(uncapped, 15);  // the test can see a breach
  world.policy.cap = 2;
  world.policy.cap_window = 7 * sim::kDay;
  for (bool waits : {true, false}) {
    world.policy.capped_waits = waits;
    for (std::uint64_t customer = 0; customer < 300; ++customer) {
      ASSERT_LE(most_in_six_days(world, customer), 2) << "customer " << customer;
    }
  }
}

}  // namespace
}  // namespace xsellsim::models

#include "models/life_log.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "one_life.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

static_assert(kEmailEventNames.size() == static_cast<std::size_t>(EmailEventKind::kComplaint) + 1,
              "one name for each kind of email event");

class RecordingLog : public LifeLog {
 public:
  void order_line(const LoggedOrderLine& line) override { orders.push_back(line); }
  void email_event(const EmailEvent& event) override { events.push_back(event); }
  std::vector<LoggedOrderLine> orders;
  std::vector<EmailEvent> events;
};

std::int64_t total(const ArmTally& tally, Daily metric) {
  std::int64_t sum = 0;
  for (const std::int64_t value : tally.series(metric)) sum += value;
  return sum;
}

// The log is a second account of the same lives: every purchase and return the tally counts is an
// order line, every send, delivery, open, click and unsubscribe an email event. (Lines are not in
// time order: a return is logged with its purchase, at the return's later time.)
TEST(LifeLog, LogsEveryPurchaseReturnAndEmailTheTallyCounts) {
  const World world = testing::camera_world(300);
  testing::OneLife life(world, 1);  // the email arm
  RecordingLog log;
  life.set_log(&log);
  ArmTally tally = life.tally();
  std::int64_t purchases = 0, returns = 0, refunds = 0;
  for (std::uint64_t customer = 0; customer < world.population.size; ++customer) {
    const std::size_t first = log.orders.size();
    life.simulate({7, 0, customer}, tally);
    for (std::size_t i = first; i < log.orders.size(); ++i) {
      const LoggedOrderLine& line = log.orders[i];
      if (line.quantity > 0) ++purchases;
      if (line.quantity < 0) {
        ++returns;
        refunds += line.unit_price_cents;
      }
    }
  }
  ASSERT_GT(purchases, 0);
  EXPECT_EQ(purchases, total(tally, Daily::kPurchases));
  EXPECT_EQ(returns, total(tally, Daily::kReturns));
  EXPECT_EQ(refunds, total(tally, Daily::kRefundCents));
  std::vector<std::int64_t> kinds(kEmailEventNames.size(), 0);
  for (const EmailEvent& event : log.events) ++kinds[static_cast<std::size_t>(event.kind)];
  ASSERT_GT(kinds[static_cast<std::size_t>(EmailEventKind::kSend)], 0);
  EXPECT_EQ(kinds[static_cast<std::size_t>(EmailEventKind::kSend)], total(tally, Daily::kSends));
  EXPECT_EQ(kinds[static_cast<std::size_t>(EmailEventKind::kDeliver)],
            total(tally, Daily::kDelivered));
  EXPECT_EQ(kinds[static_cast<std::size_t>(EmailEventKind::kOpen)], total(tally, Daily::kOpens));
  EXPECT_EQ(kinds[static_cast<std::size_t>(EmailEventKind::kClick)], total(tally, Daily::kClicks));
  EXPECT_EQ(kinds[static_cast<std::size_t>(EmailEventKind::kUnsubscribe)],
            total(tally, Daily::kUnsubscribes));
}

// Without a log set, the same lives give the same tally (the log only observes).
TEST(LifeLog, LoggingChangesNothingSimulated) {
  const World world = testing::camera_world(200);
  testing::OneLife with_log(world, 1);
  testing::OneLife without(world, 1);
  RecordingLog log;
  with_log.set_log(&log);
  ArmTally logged = with_log.tally(), plain = without.tally();
  for (std::uint64_t customer = 0; customer < world.population.size; ++customer) {
    with_log.simulate({7, 0, customer}, logged);
    without.simulate({7, 0, customer}, plain);
  }
  EXPECT_EQ(flat_counts({logged}), flat_counts({plain}));
}

}  // namespace
}  // namespace xsellsim::models

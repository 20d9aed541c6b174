// Simulated logs: what export_lives reports is exactly what the run tallies, and each customer's
// true effects add up to the paired run's differences.
#include "models/export.hpp"

#include <gtest/gtest.h>

#include <array>

#include "models/intervals.hpp"
#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using testing::run_world;

// Counts what the log holds, per arm of the customers' lives.
struct CountingSink final : ExportSink {
  explicit CountingSink(std::size_t arms) : per_arm(arms) {}
  struct Counts {
    std::int64_t customers = 0, purchases = 0, returns = 0;
    std::array<std::int64_t, kEmailEventNames.size()> events{};
    std::int64_t margin_effect_cents = 0;
  };
  std::vector<Counts> per_arm;
  std::vector<std::int64_t> effect_cents;  // [arm]: summed margin effect against the baseline
  std::size_t arm = 0;
  std::uint64_t next_customer = 0;
  sim::Time last_event = 0;
  bool in_order = true;

  void customer_begins(std::uint64_t customer, std::size_t a) override {
    in_order &= customer == next_customer++;
    arm = a;
    last_event = 0;
    ++per_arm[a].customers;
  }
  void customer_ends(const ExportedCustomer& c) override {
    effect_cents.resize(c.margin_cents.size());
    for (std::size_t a = 0; a < c.margin_cents.size(); ++a) {
      effect_cents[a] += c.margin_cents[a] - c.margin_cents[0];
    }
  }
  void order_line(const LoggedOrderLine& line) override {
    (line.quantity > 0 ? per_arm[arm].purchases : per_arm[arm].returns) += 1;
  }
  void email_event(const EmailEvent& event) override {
    in_order &= event.time >= last_event;  // a life's emails come in time order
    last_event = event.time;
    ++per_arm[arm].events[static_cast<std::size_t>(event.kind)];
  }
};

TEST(Export, TheLogHoldsExactlyWhatASplitRunTallies) {
  // With split arms the run simulates each customer under its own arm only, the life export
  // shows: every count of the log equals the run's (replication 1, the same seed).
  World world = testing::camera_world(4000, 3 * sim::kDay);
  world.split_arms = true;
  world.arms[0].share = 0.3;
  world.arms[1].share = 0.7;
  const RunResult run = run_world(world, 11);
  CountingSink sink(world.arms.size());
  export_lives(world, 11, 0, sink);
  EXPECT_TRUE(sink.in_order);
  for (std::size_t a = 0; a < world.arms.size(); ++a) {
    const ArmTally& tally = run.tallies[0][a];
    const CountingSink::Counts& log = sink.per_arm[a];
    EXPECT_EQ(log.customers, tally.customers);
    EXPECT_EQ(log.purchases, total(tally.series(Daily::kPurchases)));
    EXPECT_EQ(log.returns, total(tally.series(Daily::kReturns)));
    EXPECT_EQ(log.events[static_cast<std::size_t>(EmailEventKind::kSend)],
              total(tally.series(Daily::kSends)));
    EXPECT_EQ(log.events[static_cast<std::size_t>(EmailEventKind::kDeliver)],
              total(tally.series(Daily::kDelivered)));
    EXPECT_EQ(log.events[static_cast<std::size_t>(EmailEventKind::kOpen)],
              total(tally.series(Daily::kOpens)));
    EXPECT_EQ(log.events[static_cast<std::size_t>(EmailEventKind::kClick)],
              total(tally.series(Daily::kClicks)));
    EXPECT_EQ(log.events[static_cast<std::size_t>(EmailEventKind::kUnsubscribe)],
              total(tally.series(Daily::kUnsubscribes)));
    EXPECT_EQ(log.events[static_cast<std::size_t>(EmailEventKind::kComplaint)],
              total(tally.series(Daily::kComplaints)));
  }
  // The split's shares, within 4 binomial standard errors (sqrt(4000 x 0.3 x 0.7) = 29).
  EXPECT_NEAR(static_cast<double>(sink.per_arm[0].customers), 1200.0, 4 * 29.0);
  EXPECT_GT(sink.per_arm[1].events[static_cast<std::size_t>(EmailEventKind::kSend)], 1000);
}

TEST(Export, TrueEffectsAddUpToThePairedRunsDifference) {
  // In a paired run every customer lives under every arm: the margin difference of the arms'
  // totals is the sum of the customers' own effects, exactly.
  const World world = testing::camera_world(3000, 3 * sim::kDay);
  const RunResult run = run_world(world, 5);
  CountingSink sink(world.arms.size());
  export_lives(world, 5, 0, sink);
  EXPECT_EQ(sink.effect_cents[1], run.tallies[0][1].margin_cents - run.tallies[0][0].margin_cents);
  EXPECT_NE(sink.effect_cents[1], 0);
  // The paired design shows each customer under one arm, with equal chances (4 standard errors).
  EXPECT_NEAR(static_cast<double>(sink.per_arm[0].customers), 1500.0, 4 * 27.4);
}

TEST(Export, AnArmThatSendsNothingHasNoEffectOnAnyone) {
  World world = testing::camera_world(2000, 3 * sim::kDay);
  world.arms[1].sends = false;  // a second holdout
  CountingSink sink(world.arms.size());
  export_lives(world, 5, 0, sink);
  EXPECT_EQ(sink.effect_cents[1], 0);
  EXPECT_EQ(sink.per_arm[1].events[static_cast<std::size_t>(EmailEventKind::kSend)], 0);
}

TEST(Export, TheBaselineIsTheFirstArmThatSendsNothing) {
  World world = testing::camera_world();
  EXPECT_EQ(baseline_arm(world), 0u);
  world.arms[0].sends = true;
  EXPECT_EQ(baseline_arm(world), std::nullopt);
}

}  // namespace
}  // namespace xsellsim::models

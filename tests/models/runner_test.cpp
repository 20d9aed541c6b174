#include "models/runner.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_world.hpp"

namespace xsellsim::models {
namespace {

bool same_tally(const ArmTally& a, const ArmTally& b) {
  return a.entrants == b.entrants && a.conversion.events == b.conversion.events &&
         a.conversion.censored == b.conversion.censored &&
         a.unsubscribe.events == b.unsubscribe.events &&
         a.unsubscribe.censored == b.unsubscribe.censored && a.daily == b.daily &&
         a.entrant_cross_sell_cents == b.entrant_cross_sell_cents;
}

RunResult run_with(const World& world, unsigned threads, int replications = 1,
                   std::uint64_t block_size = 100) {
  RunOptions options;
  options.seed = 99;
  options.threads = threads;
  options.replications = replications;
  options.block_size = block_size;
  return run(world, options);
}

TEST(Run, ResultsDoNotDependOnThreadsOrBlockSize) {
  World world = testing::camera_world(1500);
  RunResult one = run_with(world, 1, 2);
  for (auto [threads, block] : {std::pair{2u, 100u}, std::pair{3u, 7u}, std::pair{2u, 5000u}}) {
    RunResult other = run_with(world, threads, 2, block);
    ASSERT_EQ(other.tallies.size(), 2u);
    for (std::size_t r = 0; r < 2; ++r) {
      for (std::size_t a = 0; a < world.arms.size(); ++a) {
        EXPECT_TRUE(same_tally(one.tallies[r][a], other.tallies[r][a]))
            << "threads " << threads << " block " << block;
      }
    }
    EXPECT_EQ(one.stats.events, other.stats.events);
  }
}

TEST(Run, PointsRunTogetherGiveEachPointsOwnResult) {
  // Three points of different sizes, horizons and replications in one pool of work, on 1 and 3
  // threads and on 2 ranks: each point's tallies are those of running it alone.
  World small = testing::camera_world(250);
  World late = testing::camera_world(1200, 14 * sim::kDay, 10 * sim::kDay);
  World longer = testing::camera_world(700);
  longer.population.horizon = 200 * sim::kDay;
  const std::vector<PointSpec> points{{&small, 2}, {&late, 1}, {&longer, 3}};
  RunOptions options;
  options.seed = 99;
  options.block_size = 100;
  for (unsigned threads : {1u, 3u}) {
    options.threads = threads;
    std::vector<RunResult> together = run_points(points, options);
    ASSERT_EQ(together.size(), points.size());
    for (std::size_t k = 0; k < points.size(); ++k) {
      RunResult alone = run_with(*points[k].world, 2, points[k].replications);
      ASSERT_EQ(together[k].tallies.size(), alone.tallies.size());
      EXPECT_EQ(together[k].days, alone.days);
      EXPECT_EQ(together[k].stats.events, alone.stats.events) << k;
      for (std::size_t r = 0; r < alone.tallies.size(); ++r) {
        for (std::size_t a = 0; a < alone.tallies[r].size(); ++a) {
          EXPECT_TRUE(same_tally(together[k].tallies[r][a], alone.tallies[r][a]))
              << "point " << k << " threads " << threads;
        }
      }
    }
  }
}

TEST(Run, SkippedReplicationsRestoredFromTheirCountsGiveTheWholeRun) {
  // What --resume does: a first run reports each finished replication; a second skips those and
  // the saved counts are added back. The sum is the uninterrupted run, count for count.
  World world = testing::camera_world(600);
  const PointSpec point{&world, 4};
  RunOptions options;
  options.seed = 7;
  options.threads = 2;
  options.block_size = 100;
  const RunResult whole = run_points({&point, 1}, options).front();

  std::vector<std::vector<std::int64_t>> saved(4);
  RunStats saved_stats;
  options.finished = [&](std::size_t, std::size_t r, const std::vector<ArmTally>& tallies,
                         const RunStats& stats) {
    if (r % 2 == 0) return;  // as if the run had been stopped: only odd ones were saved
    saved[r] = flat_counts(tallies);
    saved_stats.customers += stats.customers;
    saved_stats.events += stats.events;
  };
  run_points({&point, 1}, options);
  options.finished = nullptr;
  options.skip = [](std::size_t, std::size_t r) { return r % 2 == 1; };
  RunResult resumed = run_points({&point, 1}, options).front();
  for (std::size_t r = 1; r < 4; r += 2) add_flat_counts(resumed.tallies[r], saved[r]);
  resumed.stats.customers += saved_stats.customers;
  resumed.stats.events += saved_stats.events;
  EXPECT_EQ(resumed.counts(), whole.counts());
}

TEST(Run, ReplicationsDiffer) {
  RunResult result = run_with(testing::camera_world(1500), 2, 2);
  EXPECT_FALSE(same_tally(result.tallies[0][1], result.tallies[1][1]));
}

TEST(Run, AnArmWhoseEmailsNeverGoOutIsTheHoldoutExactly) {
  // Common random numbers: the organic life is the same in every arm, so an arm whose first email
  // is due after the horizon reproduces the holdout to the last count.
  World world = testing::camera_world(3000, 14 * sim::kDay, 1000 * sim::kDay);
  RunResult result = run_with(world, 2);
  EXPECT_TRUE(same_tally(result.tallies[0][0], result.tallies[0][1]));
}

TEST(Run, TheHoldoutSendsNothingAndLosesNoSubscriber) {
  RunResult result = run_with(testing::camera_world(3000), 2);
  const ArmTally& holdout = result.tallies[0][0];
  for (Daily m : {Daily::kSends, Daily::kOpens, Daily::kClicks, Daily::kUnsubscribes}) {
    for (auto v : holdout.series(m)) ASSERT_EQ(v, 0);
  }
  for (double u : holdout.unsubscribe.cumulative_incidence()) ASSERT_EQ(u, 0.0);
}

TEST(Run, EveryEntrantIsCountedOnceInEachCurve) {
  RunResult result = run_with(testing::camera_world(3000), 2);
  for (const ArmTally& tally : result.tallies[0]) {
    std::int64_t conversion = 0, unsubscribe = 0;
    for (std::size_t d = 0; d < result.days; ++d) {
      conversion += tally.conversion.events[d] + tally.conversion.censored[d];
      unsubscribe += tally.unsubscribe.events[d] + tally.unsubscribe.censored[d];
    }
    EXPECT_EQ(conversion, tally.entrants);
    EXPECT_EQ(unsubscribe, tally.entrants);
    EXPECT_GT(tally.entrants, 0);
  }
}

TEST(Run, FunnelCountsAreConsistent) {
  RunResult result = run_with(testing::camera_world(3000), 2);
  const ArmTally& email = result.tallies[0][1];
  std::int64_t subscribers = 0;
  for (std::size_t d = 0; d < result.days; ++d) {
    ASSERT_LE(email.series(Daily::kOpens)[d], email.series(Daily::kSends)[d]);
    ASSERT_LE(email.series(Daily::kClicks)[d], email.series(Daily::kOpens)[d]);
    ASSERT_LE(email.series(Daily::kComplaints)[d], email.series(Daily::kUnsubscribes)[d]);
    subscribers += email.series(Daily::kSubscriberChange)[d];
    ASSERT_GE(subscribers, 0);
  }
  std::int64_t sends = 0;
  for (auto v : email.series(Daily::kSends)) sends += v;
  // At most three emails per entrant (one sequence, three steps, no re-entry).
  EXPECT_LE(sends, 3 * email.entrants);
  EXPECT_GT(sends, email.entrants);
}

TEST(Run, TooEarlyACadenceConvertsLessWhenNeedsFormLate) {
  // Needs form about 30 days after the purchase. The same three emails sent at days 1, 4 and 7
  // find few active needs; sent at days 30, 33 and 36 they find many. Both arms run on the same
  // customers, and the holdout's conversions are common to both, so the difference is the
  // emails'. Tolerance: the difference must exceed 4 standard errors of a difference of two
  // independent proportions at n entrants (conservative: pairing only lowers the variance).
  World early = testing::camera_world(200000, 30 * sim::kDay, sim::kDay);
  World on_time = testing::camera_world(200000, 30 * sim::kDay, 30 * sim::kDay);
  auto conversion_at_90 = [](const World& world) {
    RunResult result = run_with(world, 2, 1, 1000);
    const ArmTally& email = result.tallies[0][1];
    return std::pair{email.conversion.cumulative_incidence()[90],
                     static_cast<double>(email.entrants)};
  };
  auto [p_early, n] = conversion_at_90(early);
  auto [p_on_time, n2] = conversion_at_90(on_time);
  EXPECT_EQ(n, n2);
  double standard_error = std::sqrt(p_early * (1 - p_early) / n + p_on_time * (1 - p_on_time) / n);
  EXPECT_GT(p_on_time - p_early, 4 * standard_error)
      << "early " << p_early << " on time " << p_on_time;
}

}  // namespace
}  // namespace xsellsim::models

namespace xsellsim::models {
namespace {

TEST(Run, RanksTogetherGiveTheSingleProcessResult) {
  World world = testing::camera_world(1500);
  RunResult whole = run_with(world, 2, 2);
  RunOptions options;
  options.seed = 99;
  options.threads = 1;
  options.replications = 2;
  options.block_size = 100;
  options.ranks = 3;
  RunResult combined;
  for (unsigned rank = 0; rank < 3; ++rank) {
    options.rank = rank;
    RunResult part = run(world, options);
    if (rank == 0) {
      combined = part;
    } else {
      combined.add_counts(part.counts());
    }
  }
  EXPECT_EQ(combined.counts(), whole.counts());
}

}  // namespace
}  // namespace xsellsim::models

namespace xsellsim::models {
namespace {

TEST(Run, SplitArmsGiveEachCustomerOneArm) {
  World world = testing::camera_world(20000);
  const RunResult paired = run_with(world, 2);
  world.split_arms = true;
  world.arms[0].share = 0.2;
  world.arms[1].share = 0.8;
  const RunResult split = run_with(world, 2);
  EXPECT_EQ(split.stats.customers, world.population.size);
  EXPECT_EQ(paired.stats.customers, 2 * world.population.size);
  // The same customers enter, each in one arm: the entrants add up to one arm's of the pairing.
  const std::int64_t holdout = split.tallies[0][0].entrants, email = split.tallies[0][1].entrants;
  EXPECT_EQ(holdout + email, paired.tallies[0][0].entrants);
  const double n = static_cast<double>(holdout + email);
  EXPECT_NEAR(static_cast<double>(holdout) / n, 0.2, 5.0 * std::sqrt(0.2 * 0.8 / n));
  // An arm with no share gets nobody.
  world.arms[0].share = 0.0;
  world.arms[1].share = 1.0;
  EXPECT_EQ(run_with(world, 2).tallies[0][0].entrants, 0);
}

// Every feature of the scenario language at once still gives the same tallies on any thread
// count and block size.
TEST(Run, EveryFeatureIsThreadIndependent) {
  World world = testing::camera_world(3000, 5 * sim::kDay, sim::kDay, 4);
  world.population.acquisition = 60 * sim::kDay;
  world.products.push_back(testing::product("bag", 1, 40.0, 0.3, 0.1, 2.0, 0.0));
  Complement bag = world.products[0].complements[0];
  bag.to = 2;
  world.products[0].complements.push_back(bag);
  world.products[2].release = 30 * sim::kDay;
  world.products[1].seasonality[1] = 2.0;
  world.segments[0].preferred_categories = {1};
  world.segments[0].open_base = 0.3;
  world.policy.cap = 2;
  world.split_arms = true;
  world.arms[0].share = 0.3;
  world.arms[1].share = 0.7;
  for (Arm& arm : world.arms) {
    Sequence& s = arm.sequences[0];
    s.exit_on_recommended = true;
    s.exit_on_trigger_return = true;
    s.steps[0].recommendation = Recommendation::kDynamic;
    s.steps[1].recommendation = Recommendation::kBundle;
    s.steps[1].bundle_price = 0.85;
    s.steps[1].trial = 14 * sim::kDay;
    s.steps[2].recommendation = Recommendation::kBestSeller;
    s.steps[2].demonstration = true;
    s.steps[2].condition = {{{ConditionTerm::Kind::kPurchased, true, 0}}};
    s.steps[2].on_fail = OnFail::kWait;
    s.steps[3].discount_amount = 10;
    s.steps[3].discount_expires = 3 * sim::kDay;
    s.steps[3].next = 1;
    s.steps[3].delay = 10 * sim::kDay;
  }
  world.categories[1].browse_rate = 0.5;
  const RunResult one = run_with(world, 1, 2, 64);
  EXPECT_EQ(one.counts(), run_with(world, 2, 2, 500).counts());
  EXPECT_GT(one.tallies[0][1].steps[1].orders, 0);
}

}  // namespace
}  // namespace xsellsim::models

namespace xsellsim::models {
namespace {

TEST(Run, EachParameterBlockRunsAtItsOwnWorldOnAnyThreadCount) {
  // Two blocks of two replications: block b's replications are exactly those of a run of block
  // b's world alone (the same seed and replication numbers), on 1 and 3 threads.
  World low = testing::camera_world(300);
  World high = testing::camera_world(300);
  high.engagement.exposure_open = 0.3;
  const PointSpec point{&low, 4};
  RunOptions options;
  options.seed = 5;
  options.block_size = 64;
  options.parameter_blocks = {{&low, &high}};
  RunOptions plain = options;
  plain.parameter_blocks.clear();
  plain.threads = 2;
  const RunResult low_alone = run_points({&point, 1}, plain).front();
  const PointSpec high_point{&high, 4};
  const RunResult high_alone = run_points({&high_point, 1}, plain).front();
  for (unsigned threads : {1u, 3u}) {
    options.threads = threads;
    const RunResult blocks = run_points({&point, 1}, options).front();
    EXPECT_EQ(blocks.parameter_blocks, 2u);
    for (std::size_t r = 0; r < 4; ++r) {
      const RunResult& alone = r < 2 ? low_alone : high_alone;
      for (std::size_t a = 0; a < alone.tallies[r].size(); ++a) {
        EXPECT_TRUE(same_tally(blocks.tallies[r][a], alone.tallies[r][a]))
            << "replication " << r << " threads " << threads;
      }
    }
  }
  EXPECT_FALSE(same_tally(low_alone.tallies[2][1], high_alone.tallies[2][1]));
}

TEST(Run, ParameterBlocksMustCutTheReplicationsEvenly) {
  World world = testing::camera_world(100);
  const PointSpec point{&world, 3};
  RunOptions options;
  options.parameter_blocks = {{&world, &world}};
  EXPECT_THROW(run_points({&point, 1}, options), BlocksMismatch);
}

}  // namespace
}  // namespace xsellsim::models

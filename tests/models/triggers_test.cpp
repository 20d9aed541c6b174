// Sequences entered by browsing (frequent visits), by cart abandonment and by a broadcast: who
// enters, that the same customers enter in every arm, and what converts them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/runner.hpp"
#include "one_life.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using sim::kDay;

// Camera buyers whose tripod need forms at once and is browsed often; one sequence, entered by a
// visit or cart signal for the tripod, whose emails show the tripod.
World signal_world(TriggerEvent event) {
  World world = testing::camera_world(20000, 0, kDay, 2);
  world.segments[0].purchasing.r = 1e-9;
  world.segments[0].subscribed = 1.0;
  world.categories[1].browse_rate = 1.0;
  world.categories[1].cart_probability = 0.3;
  for (Arm& arm : world.arms) {
    Sequence& sequence = arm.sequences[0];
    sequence.trigger_products = {1};  // the tripod
    sequence.trigger_event = event;
    sequence.visits = 2;
    sequence.window = 3 * kDay;
    sequence.wait = kDay;
    for (Step& step : sequence.steps) step.recommendation = Recommendation::kTrigger;
  }
  return world;
}

RunResult run_world(const World& world) {
  RunOptions options;
  options.seed = 31;
  options.threads = 2;
  return run(world, options);
}

TEST(BrowseTrigger, FrequentVisitorsEnterAndEmailsSellWhatTheyBrowsed) {
  World world = signal_world(TriggerEvent::kBrowse);
  const RunResult result = run_world(world);
  const ArmTally& holdout = result.tallies[0][0];
  const ArmTally& email = result.tallies[0][1];
  // Entry is organic (visits), so both arms enter exactly the same customers.
  EXPECT_GT(holdout.entrants, 1000);
  EXPECT_EQ(holdout.entrants, email.entrants);
  // Emails about a product the customer is shopping for are relevant: they convert more.
  const auto h = holdout.conversion.cumulative_incidence();
  const auto e = email.conversion.cumulative_incidence();
  const double n = static_cast<double>(holdout.entrants);
  EXPECT_GT(e[30] - h[30], 5 * std::sqrt((e[30] * (1 - e[30]) + h[30] * (1 - h[30])) / n));
  // Fewer visits needed, more entrants (and never fewer).
  for (Arm& arm : world.arms) arm.sequences[0].visits = 1;
  EXPECT_GT(run_world(world).tallies[0][0].entrants, holdout.entrants);
}

TEST(CartTrigger, OnlyCartsLeftWithoutAPurchaseEnter) {
  World world = signal_world(TriggerEvent::kCart);
  const RunResult result = run_world(world);
  EXPECT_GT(result.tallies[0][0].entrants, 1000);
  EXPECT_EQ(result.tallies[0][0].entrants, result.tallies[0][1].entrants);
  // Nobody adds to the cart: nobody enters.
  for (Category& category : world.categories) category.cart_probability = 0;
  EXPECT_EQ(run_world(world).tallies[0][1].entrants, 0);
  // Everybody buys within the wait (an occasion every hour or so meets the need): nobody enters.
  // About 1/21 x 0.3 of the customers add to the cart before their first occasion, and each
  // finds no occasion within the day's wait with probability exp(-20): no entrant is expected.
  world = signal_world(TriggerEvent::kCart);
  world.population.horizon = 10 * kDay;
  testing::add_steady_occasions(world, 20.0);
  EXPECT_EQ(run_world(world).tallies[0][1].entrants, 0);
}

}  // namespace
}  // namespace xsellsim::models

namespace xsellsim::models {
namespace {

TEST(CartTrigger, ABundleHoldsTheProductLookedAtAndItsComplements) {
  // The tripod (looked at) needs a bag; the bundle shows both, and an order buys both.
  World world = signal_world(TriggerEvent::kCart);
  world.products.push_back(testing::product("bag", 1, 40.0, 0.3, 0.0, 1.0, 0.0));
  Complement bag = world.products[0].complements[0];
  bag.to = 2;
  world.products[1].complements.push_back(bag);
  for (Arm& arm : world.arms) {
    for (Step& step : arm.sequences[0].steps) {
      step.recommendation = Recommendation::kBundle;
      step.bundle_size = 2;
    }
  }
  const ArmTally email = run_world(world).tallies[0][1];
  const std::int64_t orders = email.steps[0].orders + email.steps[1].orders;
  EXPECT_GT(orders, 100);
  const auto& bought = email.series(Daily::kEmailPurchases);
  EXPECT_EQ(std::accumulate(bought.begin(), bought.end(), std::int64_t{0}), 2 * orders);
}

}  // namespace
}  // namespace xsellsim::models

namespace xsellsim::models {
namespace {

using sim::kDay;

constexpr Time kSend = 40 * kDay;

// Customers acquired over 60 days who buy cameras (category 0) and tripods (category 1) with no
// complement needs, so that what they bought by a time is their organic timeline; two segments,
// a subscribed share of 0.8; one broadcast on day 40 showing the tripod, in both arms.
World broadcast_world(const Audience& audience) {
  World world = testing::default_camera_buyers(4000);
  world.population.horizon = 90 * kDay;
  world.products[0].complements.clear();
  world.segments[0].share = 0.5;
  world.segments[0].subscribed = 0.8;
  world.segments.push_back(world.segments[0]);
  world.segments[1].name = "other";
  Sequence sequence;
  sequence.name = "spring";
  sequence.trigger_event = TriggerEvent::kBroadcast;
  sequence.at = kSend;
  sequence.audience = audience;
  Step step;
  step.name = "offer";
  step.at = 0;
  step.recommendation = Recommendation::kProduct;
  step.product = 1;
  sequence.steps.push_back(step);
  world.arms.push_back(Arm{"holdout", false, {sequence}, 0.0});
  world.arms.push_back(Arm{"email", true, {sequence}, 0.0});
  return world;
}

// Whether the rules pick a customer, from their traits and their organic purchases by the send.
bool picked(const World& world, const Audience& audience, const Traits& traits,
            const OrganicTimeline& timeline) {
  if (!traits.subscribed || traits.acquired > kSend) return false;
  const auto& segments = audience.segments;
  if (!segments.empty() &&
      std::find(segments.begin(), segments.end(), traits.segment) == segments.end()) {
    return false;
  }
  Time last = -1;
  bool bought = audience.bought_categories.empty();
  for (const OrganicPurchase& p : timeline.purchases) {
    if (p.time > kSend) break;
    last = p.time;
    const auto& categories = audience.bought_categories;
    const bool in_category = std::find(categories.begin(), categories.end(),
                                       world.products[p.product].category) != categories.end();
    bought |=
        in_category && (audience.bought_within < 0 || p.time >= kSend - audience.bought_within);
  }
  if (kSend - last < audience.since_last_min) return false;
  if (audience.since_last_max >= 0 && kSend - last > audience.since_last_max) return false;
  return bought;
}

// Each rule on its own and all together: the customers who enter are exactly those the rules
// pick, in the holdout (organic purchases only: the timeline is what they bought); and any
// purchase after the send converts them.
TEST(Broadcast, EntersExactlyTheSubscribersItsAudienceRulesPick) {
  Audience segment;
  segment.segments = {1};
  Audience bought;
  bought.bought_categories = {1};
  bought.bought_within = 21 * kDay;
  Audience since;
  since.since_last_min = 10 * kDay;
  since.since_last_max = 30 * kDay;
  Audience all = since;
  all.segments = {0};
  all.bought_categories = {0};
  for (const Audience& audience : {Audience{}, segment, bought, since, all}) {
    const World world = broadcast_world(audience);
    testing::OneLife life(world, 0);
    std::int64_t entrants = 0, expected_conversions = 0;
    ArmTally tally = life.tally();
    for (std::uint64_t c = 0; c < world.population.size; ++c) {
      const std::int64_t before = tally.entrants;
      life.simulate({5, 0, c}, tally);
      const bool expected = picked(world, audience, life.traits(), life.timeline());
      ASSERT_EQ(tally.entrants - before, expected ? 1 : 0) << "customer " << c;
      entrants += expected ? 1 : 0;
      const auto& purchases = life.timeline().purchases;
      expected_conversions += expected && std::any_of(purchases.begin(), purchases.end(),
                                                      [](const auto& p) { return p.time > kSend; });
    }
    // Each rule leaves some customers out and picks some.
    EXPECT_GT(entrants, 100);
    EXPECT_LT(entrants, static_cast<std::int64_t>(world.population.size));
    const auto& events = tally.conversion.events;
    EXPECT_EQ(std::accumulate(events.begin(), events.end(), std::int64_t{0}), expected_conversions);
  }
}

TEST(Broadcast, TheHoldoutIsPickedLikeTheArmAndGetsNoEmail) {
  Audience audience;
  audience.since_last_min = 7 * kDay;
  const RunResult result = testing::run_world(broadcast_world(audience), 9);
  const ArmTally& holdout = result.tallies[0][0];
  const ArmTally& email = result.tallies[0][1];
  EXPECT_GT(holdout.entrants, 1000);
  EXPECT_EQ(holdout.entrants, email.entrants);
  EXPECT_EQ(holdout.steps[0].sends, 0);
  EXPECT_EQ(email.steps[0].sends, email.entrants);  // one send to each, at the send time
  const auto& sends = email.daily[static_cast<std::size_t>(Daily::kSends)];
  EXPECT_EQ(sends[40], email.entrants);
}

TEST(Broadcast, IsTheSameForAnyNumberOfThreadsAndAnotherSeedPicksOthers) {
  Audience audience;
  audience.bought_categories = {1};
  const World world = broadcast_world(audience);
  RunOptions options;
  options.seed = 3;
  options.threads = 1;
  const RunResult one = run(world, options);
  options.threads = 2;
  const RunResult two = run(world, options);
  for (std::size_t a = 0; a < 2; ++a) {
    EXPECT_EQ(one.tallies[0][a].entrants, two.tallies[0][a].entrants);
    EXPECT_EQ(one.tallies[0][a].conversion.events, two.tallies[0][a].conversion.events);
    EXPECT_EQ(one.tallies[0][a].daily, two.tallies[0][a].daily);
  }
  options.seed = 4;
  EXPECT_NE(run(world, options).tallies[0][1].entrants, one.tallies[0][1].entrants);
}

}  // namespace
}  // namespace xsellsim::models

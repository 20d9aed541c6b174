// Monthly seasonal demand: months from the run's start, needs thinned (or added) by the month's
// multiplier, organic choices weighted by it.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "models/runner.hpp"
#include "models/season.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using sim::kDay;

TEST(Seasons, MonthsAreTwelfthsOfAYearFromTheStartMonth) {
  Population population;
  EXPECT_EQ(month_of(population, 0), 0);
  EXPECT_EQ(month_of(population, 30 * kDay), 0);
  EXPECT_EQ(month_of(population, 31 * kDay), 1);
  EXPECT_EQ(month_of(population, 365 * kDay + kDay / 4), 0);  // a year later: January again
  population.start_month = 12;
  EXPECT_EQ(month_of(population, 0), 11);
  EXPECT_EQ(month_of(population, 31 * kDay), 0);
  Product product;
  product.seasonality[1] = 3.0;
  product.release = 40 * kDay;
  population.start_month = 1;
  EXPECT_EQ(demand_at(product, population, 35 * kDay), 0.0);  // February, but not yet released
  EXPECT_EQ(demand_at(product, population, 45 * kDay), 3.0);
  EXPECT_EQ(peak_demand(product), 3.0);
}

// Cameras bought over the first 150 days, tripod needs forming about two weeks later; the
// tripod's demand is zero from January to March.
World off_season() {
  World world = testing::camera_world(4000, 14 * kDay, kDay, 1);
  world.population.acquisition = 150 * kDay;
  world.population.horizon = 240 * kDay;
  world.segments[0].purchasing.r = 0.5;  // repeat purchases: the organic choice is seasonal too
  world.products[1].seasonality = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  return world;
}

std::int64_t cross_sells(const ArmTally& arm, std::size_t first_day, std::size_t last_day) {
  const auto& series = arm.series(Daily::kCrossSellPurchases);
  return std::accumulate(series.begin() + static_cast<std::ptrdiff_t>(first_day),
                         series.begin() + static_cast<std::ptrdiff_t>(last_day) + 1,
                         std::int64_t{0});
}

ArmTally holdout(const World& world) {
  RunOptions options;
  options.threads = 2;
  return run(world, options).tallies[0][0];
}

TEST(Seasons, NoTripodIsNeededOrBoughtOutOfSeason) {
  World world = off_season();
  ArmTally arm = holdout(world);
  EXPECT_EQ(cross_sells(arm, 0, 90), 0);  // April begins at day 91.3
  EXPECT_GT(cross_sells(arm, 91, 240), 500);
  world.population.start_month = 4;  // the same days, now April to November
  EXPECT_GT(cross_sells(holdout(world), 0, 90), 500);
}

TEST(Seasons, AMultiplierAboveOneAddsNeeds) {
  World world = testing::camera_world(4000, 14 * kDay, kDay, 1);
  world.products[0].complements[0].probability = 0.4;
  testing::add_steady_occasions(world, 1.0 / 20);  // needs are bought at occasions
  const ArmTally flat = holdout(world);
  world.products[1].seasonality.fill(2.0);  // 0.4 -> 0.8: the same needs, and as many more
  const ArmTally peak = holdout(world);
  const auto converted = [](const ArmTally& arm) {
    const auto& e = arm.conversion.events;
    return static_cast<double>(std::accumulate(e.begin(), e.end(), std::int64_t{0}));
  };
  EXPECT_GT(converted(flat), 300);
  // Conversions follow the need probability: doubled within 5 standard errors of the ratio
  // (binomial counts, delta method).
  const double ratio = converted(peak) / converted(flat);
  const double se = ratio * std::sqrt(1.0 / converted(flat) + 1.0 / converted(peak));
  EXPECT_NEAR(ratio, 2.0, 5.0 * se);
}

}  // namespace
}  // namespace xsellsim::models

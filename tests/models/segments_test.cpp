// A segment's engagement baselines (its own open and click rates) and preferred categories.
#include <gtest/gtest.h>

#include <cmath>

#include "models/engagement.hpp"
#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using sim::kDay;

// One email at day 1 to customers who need nothing (need probability 0): no fatigue yet, no
// relevance, no engagement spread, so its open and click rates are the segment's baselines.
World first_email() {
  World world = testing::camera_world(20000, 3 * kDay, kDay, 1);
  world.segments[0].purchasing.r = 1e-9;
  world.segments[0].subscribed = 1.0;
  world.segments[0].engagement_sd = 0.0;
  world.products[0].complements[0].probability = 0.0;
  return world;
}

StepTally first_step(const World& world) {
  RunOptions options;
  options.threads = 2;
  return run(world, options).tallies[0][1].steps[0];
}

// |observed share - p| within 5 binomial standard errors (false failure < 1e-6).
void expect_share(std::int64_t hits, std::int64_t trials, double p) {
  const double n = static_cast<double>(trials);
  EXPECT_NEAR(static_cast<double>(hits) / n, p, 5.0 * std::sqrt(p * (1 - p) / n));
}

TEST(Segments, EngagementBaselinesSetTheOpenAndClickRates) {
  World world = first_email();
  world.segments[0].open_base = std::log(0.8 / 0.2);
  world.segments[0].click_base = std::log(0.3 / 0.7);
  StepTally step = first_step(world);
  expect_share(step.opens, step.delivered, 0.8);
  expect_share(step.clicks, step.opens, 0.3);
  // Without them the world's coefficients apply.
  step = first_step(first_email());
  const Engagement defaults;
  expect_share(step.opens, step.delivered, logistic(defaults.open_base));
  expect_share(step.clicks, step.opens, logistic(defaults.click_base));
}

TEST(Segments, PreferredCategoriesAreClickedMore) {
  World world = first_email();
  world.segments[0].preferred_categories = {1};  // accessories: the tripod's
  const StepTally step = first_step(world);
  const Engagement e;
  expect_share(step.clicks, step.opens, logistic(e.click_base + e.click_preferred));
  world.segments[0].preferred_categories = {0};  // cameras: not what the email shows
  const StepTally other = first_step(world);
  expect_share(other.clicks, other.opens, logistic(e.click_base));
}

}  // namespace
}  // namespace xsellsim::models

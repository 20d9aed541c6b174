#include "models/fatigue.hpp"

#include <gtest/gtest.h>

namespace xsellsim::models {
namespace {

using sim::kDay;

TEST(FatigueStock, HalvesEveryHalfLife) {
  FatigueStock stock(7 * kDay);
  stock.add(0, 1.0);
  EXPECT_NEAR(stock.level(7 * kDay), 0.5, 1e-12);
  EXPECT_NEAR(stock.level(14 * kDay), 0.25, 1e-12);
}

TEST(FatigueStock, ConstantCadenceReachesTheClosedFormSteadyState) {
  // Sends of weight 1.5 every 3 days with a 7-day half-life: after many sends the level just
  // after a send is w / (1 - 2^(-3/7)); the geometric series converges to 1e-12 within 200 sends.
  const sim::Time interval = 3 * kDay, half_life = 7 * kDay;
  FatigueStock stock(half_life);
  sim::Time now = 0;
  for (int send = 0; send < 200; ++send, now += interval) stock.add(now, 1.5);
  double expected = FatigueStock::steady_state_after_send(1.5, interval, half_life);
  EXPECT_NEAR(stock.level(now - interval), expected, 1e-9);
  EXPECT_NEAR(expected, 1.5 / (1.0 - std::exp2(-3.0 / 7.0)), 1e-12);
}

TEST(FatigueStock, ResetEmptiesTheStock) {
  FatigueStock stock(kDay);
  stock.add(0, 3.0);
  stock.reset();
  EXPECT_EQ(stock.level(5), 0.0);
}

}  // namespace
}  // namespace xsellsim::models

#include "sim/simulation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace xsellsim::sim {
namespace {

TEST(Simulation, DispatchesEventsUpToTheHorizonAndAdvancesTheClock) {
  Simulation<int> simulation;
  simulation.reset(10);
  simulation.schedule(20, 1);
  simulation.schedule(15, 2);
  simulation.schedule(99, 3);  // beyond the horizon: never dispatched
  std::vector<std::pair<Time, int>> seen;
  simulation.run(50, [&](Simulation<int>& s, int payload) {
    seen.emplace_back(s.now(), payload);
    if (payload == 2) s.schedule(s.now() + 1, 4);  // handlers may schedule more
  });
  std::vector<std::pair<Time, int>> expected{{15, 2}, {16, 4}, {20, 1}};
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(simulation.now(), 50);
  EXPECT_EQ(simulation.events_processed(), 3u);
}

TEST(Simulation, ResetDropsPendingEvents) {
  Simulation<int> simulation;
  simulation.schedule(5, 1);
  simulation.reset(0);
  int dispatched = 0;
  simulation.run(100, [&](Simulation<int>&, int) { ++dispatched; });
  EXPECT_EQ(dispatched, 0);
}

TEST(Time, DayOfFloorsTowardsMinusInfinity) {
  EXPECT_EQ(day_of(0), 0);
  EXPECT_EQ(day_of(kDay - 1), 0);
  EXPECT_EQ(day_of(kDay), 1);
  EXPECT_EQ(day_of(-1), -1);
  EXPECT_EQ(day_of(-kDay), -1);
}

}  // namespace
}  // namespace xsellsim::sim

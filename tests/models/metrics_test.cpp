#include "models/metrics.hpp"

#include <gtest/gtest.h>

namespace xsellsim::models {
namespace {

TEST(SurvivalTally, WithoutCensoringIsTheCumulativeFraction) {
  SurvivalTally tally(4);
  tally.add_event(0);
  tally.add_event(2);
  tally.add_event(2);
  for (int i = 0; i < 7; ++i) tally.add_censored(3);  // observed to the end, no event
  auto curve = tally.cumulative_incidence();
  EXPECT_DOUBLE_EQ(curve[0], 0.1);
  EXPECT_DOUBLE_EQ(curve[1], 0.1);
  EXPECT_DOUBLE_EQ(curve[2], 0.3);
  EXPECT_DOUBLE_EQ(curve[3], 0.3);
}

TEST(SurvivalTally, KaplanMeierHandlesEarlyCensoring) {
  // 4 entrants: one event on day 0, one censored after day 0, one event on day 1, one censored
  // on day 1. S(0) = 3/4; at risk on day 1: 2, one event: S(1) = 3/4 * 1/2.
  SurvivalTally tally(2);
  tally.add_event(0);
  tally.add_censored(0);
  tally.add_event(1);
  tally.add_censored(1);
  auto curve = tally.cumulative_incidence();
  EXPECT_DOUBLE_EQ(curve[0], 0.25);
  EXPECT_DOUBLE_EQ(curve[1], 1.0 - 0.375);
}

TEST(ArmTally, MergeAddsEverything) {
  ArmTally a(3), b(3);
  a.entrants = 2;
  b.entrants = 3;
  a.add_daily(Daily::kSends, 1, 4);
  b.add_daily(Daily::kSends, 1, 5);
  b.add_daily(Daily::kSends, 7, 5);  // beyond the series: ignored
  b.conversion.add_event(2);
  a.merge(b);
  EXPECT_EQ(a.entrants, 5);
  EXPECT_EQ(a.series(Daily::kSends)[1], 9);
  EXPECT_EQ(a.conversion.events[2], 1);
}

}  // namespace
}  // namespace xsellsim::models

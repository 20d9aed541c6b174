#include "scenarios/duration.hpp"

#include <gtest/gtest.h>

namespace xsellsim::scenarios {
namespace {

TEST(Duration, ParsesEveryUnit) {
  EXPECT_EQ(parse_duration("90s"), 90);
  EXPECT_EQ(parse_duration("30m"), 30 * sim::kMinute);
  EXPECT_EQ(parse_duration("36h"), 36 * sim::kHour);
  EXPECT_EQ(parse_duration("2d"), 2 * sim::kDay);
  EXPECT_EQ(parse_duration("1.5d"), 36 * sim::kHour);
  EXPECT_EQ(parse_duration("6w"), 42 * sim::kDay);
  EXPECT_EQ(parse_duration("0d"), 0);
}

TEST(Duration, RejectsWhatIsNotADuration) {
  for (const char* bad :
       {"", "d", "2", "-2d", "+2d", "2x", "2 d", ".5d", "1e3d", "2dd", "99999999w"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace xsellsim::scenarios

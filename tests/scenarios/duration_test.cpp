#include "scenarios/duration.hpp"

#include <gtest/gtest.h>

namespace xsellsim::scenarios {
namespace {

TEST(Duration, ParsesEveryUnit) {
  EXPECT_EQ(parse_duration("90s"), 90);
  EXPECT_EQ(parse_duration("30min"), 30 * sim::kMinute);
  EXPECT_EQ(parse_duration("36h"), 36 * sim::kHour);
  EXPECT_EQ(parse_duration("2d"), 2 * sim::kDay);
  EXPECT_EQ(parse_duration("1.5d"), 36 * sim::kHour);
  EXPECT_EQ(parse_duration("6w"), 42 * sim::kDay);
  EXPECT_EQ(parse_duration("0d"), 0);
}

TEST(Duration, WholeSecondsRoundToTheNearest) {
  EXPECT_EQ(whole_seconds(0.4), 0);
  EXPECT_EQ(whole_seconds(0.5), 1);  // half away from zero, as std::llround
  EXPECT_EQ(whole_seconds(129600.0), 36 * sim::kHour);
  EXPECT_EQ(parse_duration("0.5s"), whole_seconds(*duration_seconds("0.5s")));
}

TEST(Duration, RejectsWhatIsNotADuration) {
  for (const char* bad : {"", "d", "2", "-2d", "+2d", "2x", "2 d", ".5d", "1e3d", "2dd",
                          "99999999w", "min", "2mins"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  }
}

// "1m" read as a month to a marketer and ran as a minute: it is no unit, and the message says
// what to write for each.
TEST(Duration, MIsNeitherMinutesNorMonthsAndSaysWhatToWrite) {
  for (const char* ambiguous : {"1m", "30m", "1.5m", "2mo", "3months", "1M"}) {
    EXPECT_FALSE(parse_duration(ambiguous).has_value()) << ambiguous;
    EXPECT_TRUE(minute_or_month(ambiguous).has_value()) << ambiguous;
  }
  EXPECT_EQ(not_a_duration("1m"),
            "'1m' could mean minutes or months: write \"1min\" for minutes; for a month, write "
            "days (\"30d\") or weeks (\"4w\")");
  EXPECT_EQ(not_a_duration("90x"),
            "'90x' is not a duration: write a non-negative number and a unit s, min, h, d or w, "
            "like \"36h\" or \"2d\"");
  EXPECT_FALSE(minute_or_month("30min"));
  EXPECT_FALSE(minute_or_month("2d"));
}

}  // namespace
}  // namespace xsellsim::scenarios

// The valid values of a numeric key: closed and open ends, the words an error uses, and the
// percent hint for a probability written as a percent.
#include "scenarios/range.hpp"

#include <gtest/gtest.h>

namespace xsellsim::scenarios {
namespace {

TEST(Range, ClosedEndsHoldTheirBoundsAndOpenEndsDoNot) {
  EXPECT_TRUE(Range::probability().contains(0));
  EXPECT_TRUE(Range::probability().contains(1));
  EXPECT_FALSE(Range::probability().contains(1.0000001));
  EXPECT_FALSE(Range::positive().contains(0));
  EXPECT_TRUE(Range::positive().contains(1e-300));
  EXPECT_TRUE(Range::non_negative().contains(0));
  EXPECT_FALSE(Range::non_negative().contains(-1e-300));
  EXPECT_TRUE(Range{}.contains(-1e300));
}

TEST(Range, DescribesItselfAsTheErrorSaysIt) {
  EXPECT_EQ(Range::probability().describe(), "in [0, 1]");
  EXPECT_EQ(Range::positive().describe(), "> 0");
  EXPECT_EQ(Range::non_negative().describe(), ">= 0");
  EXPECT_EQ((Range{0, 1, true, true}).describe(), "in (0, 1)");
  EXPECT_EQ(Range{}.describe(), "finite");
}

TEST(Range, APercentWhereAShareBelongsGetsTheShareSuggested) {
  EXPECT_EQ(Range::probability().out_of_range(35),
            "35 is out of range: must be in [0, 1]; did you mean 0.35 (35%)?");
  EXPECT_EQ(Range::probability().out_of_range(150), "150 is out of range: must be in [0, 1]");
  EXPECT_EQ(Range::positive().out_of_range(-2), "-2 is out of range: must be > 0");
}

}  // namespace
}  // namespace xsellsim::scenarios

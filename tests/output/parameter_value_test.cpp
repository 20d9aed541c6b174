// Swept values read as what they are, for /points/table (numbers as numbers, strings as strings).
#include <gtest/gtest.h>

#include "output/results_file.hpp"

namespace xsellsim::output {
namespace {

using Kind = ParameterValue::Kind;

TEST(ParameterValue, ReadsTomlScalars) {
  EXPECT_EQ(parse_parameter("3").kind, Kind::kInteger);
  EXPECT_EQ(parse_parameter("-12").integer, -12);
  EXPECT_EQ(parse_parameter("1_000").integer, 1000);
  EXPECT_EQ(parse_parameter("0.25").kind, Kind::kReal);
  EXPECT_EQ(parse_parameter("0.25").real, 0.25);
  EXPECT_EQ(parse_parameter("1e-3").real, 0.001);
  const ParameterValue delay = parse_parameter("\"2d\"");
  EXPECT_EQ(delay.kind, Kind::kString);
  EXPECT_EQ(delay.text, "2d");
  // Anything else stays TOML text: arrays, booleans, escaped strings, hexadecimal, dates.
  for (const char* other :
       {"[1, 2]", "true", "\"a\\\"b\"", "0x1F", "1979-05-27", "inf", "\"a\" "}) {
    EXPECT_EQ(parse_parameter(other).kind, Kind::kToml) << other;
    EXPECT_EQ(parse_parameter(other).text, other);
  }
}

TEST(ParameterValue, WritesTheTomlTextBack) {
  for (const char* text : {"3", "-12", "0.25", "0.001", "\"2d\"", "[1, 2]", "2.0"}) {
    EXPECT_EQ(toml_text(parse_parameter(text)), text);
  }
  EXPECT_EQ(toml_text(parse_parameter("1e-3")), "0.001");  // the same number
  ParameterValue whole;
  whole.kind = Kind::kReal;
  whole.real = 2;
  EXPECT_EQ(toml_text(whole), "2.0");  // a float stays a float in TOML
}

}  // namespace
}  // namespace xsellsim::output

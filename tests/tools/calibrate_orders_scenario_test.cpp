// The scenario `calibrate orders` writes (tools/calibrate_orders_scenario.cpp): TOML-safe product
// names, the edge's comments, and its probability shrunk as its excess is (docs/calibration.md,
// "Complements").
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "program.hpp"

namespace xsellsim::tools {
namespace {

using testing::Outcome;
using testing::run_program;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CalibrateOrdersScenario : public testing::InTemporaryDirectory {
 protected:
  // A store whose 60 buyers of "A.B" buy "A B" ten days later at half the time, against 1 in 12
  // of the 60 other customers; everybody buys "C" four times.
  Outcome calibrate_store() {
    std::string text = "order,code,qty,when,price,customer\n";
    int order = 0;
    auto add = [&](int customer, const char* code, int day) {
      text += fmt::format("{},\"{}\",1,2011-{:02}-{:02},2.5,{}\n", ++order, code, 1 + day / 28,
                          1 + day % 28, customer);
    };
    for (int c = 1; c <= 120; ++c) {
      for (int day : {0, 30 + c % 7, 70 + c % 11, 100 + c % 5}) add(c, "C", day);
      if (c <= 60) add(c, "A.B", 0);
      if ((c <= 60 && c % 2 == 0) || c % 12 == 0) add(c, "A B", 10);
    }
    std::ofstream(path("names.csv")) << text;
    return run_program("calibrate orders " + path("names.csv") + " -o " + path("out.toml") +
                       " --customer customer --order order --time when --product code "
                       "--quantity qty --price price --product-codes any");
  }
};

// The codes become the TOML-safe names A_B and A_B_2 (the clash gets a suffix), and the scenario
// validates.
TEST_F(CalibrateOrdersScenario, ProductNamesAreTomlSafeAndUnique) {
  Outcome outcome = calibrate_store();
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  const std::string scenario = testing::bytes(path("out.toml"));
  EXPECT_TRUE(has(scenario, "[products.A_B]   # log code A.B\n")) << scenario;
  EXPECT_TRUE(has(scenario, "[products.A_B_2]   # log code A B\n")) << scenario;
  EXPECT_TRUE(has(scenario,
                  "[products.A_B.complements.A_B_2]\n# 60 buyers: 50.0% bought it "
                  "within 60 days against 4.4% expected of their 90 orders"))
      << scenario;
  Outcome valid = run_program("validate " + path("out.toml"));
  EXPECT_EQ(valid.status, 0) << valid.output;
}

// The probability written is the maximum-likelihood one times shrunk excess / excess.
TEST_F(CalibrateOrdersScenario, TheEdgeProbabilityIsShrunkAsItsExcess) {
  Outcome outcome = calibrate_store();
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  const std::string scenario = testing::bytes(path("out.toml"));
  const std::regex line(
      R"(probability = (?:\{mean = )?([0-9.]+)(?:, sd = [0-9.eE+-]+\})?   # standard error [0-9.]+; the maximum-likelihood ([0-9.]+) )"
      R"(\(standard error [0-9.]+, bootstrap over buyers\) shrunk as the excess, \+([0-9.]+) to )"
      R"(\+([0-9.]+) points)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(scenario, m, line)) << scenario;
  const double written = std::stod(m[1]), raw = std::stod(m[2]);
  const double excess = std::stod(m[3]), shrunk = std::stod(m[4]);
  EXPECT_LT(shrunk, excess);
  EXPECT_LT(written, raw);
  // To the rounding of the figures shown (a tenth of a point on each excess).
  EXPECT_NEAR(written, raw * shrunk / excess, raw * 0.1 / excess * 2);
}

}  // namespace
}  // namespace xsellsim::tools

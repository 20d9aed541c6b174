// Values written as distributions, {mean, sd}: read as their mean, collected by key, drawn per
// block from the normal truncated to the key's range.
#include "scenarios/distributions.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "scenarios/scenario.hpp"
#include "scenarios/table_reader.hpp"
#include "tests/scenarios/scenario_text.hpp"

namespace xsellsim::scenarios {
namespace {

using testing::minimal_text;
using testing::replaced;

const std::string kUncertainR = "r = {mean = 0.5, sd = 0.05}";

Scenario load(const std::string& text, const std::vector<std::string>& overrides = {}) {
  return load_scenario_text(text, "minimal.toml", overrides);
}

TEST(Distributions, AValueIsReadAsItsMeanAndCollected) {
  const Scenario plain = load(minimal_text());
  const Scenario uncertain = load(replaced(minimal_text(), "r = 0.5", kUncertainR));
  EXPECT_EQ(uncertain.world.segments[0].purchasing.r, plain.world.segments[0].purchasing.r);
  ASSERT_EQ(uncertain.uncertain.size(), 1u);
  EXPECT_EQ(uncertain.uncertain[0].key, "segments.all.purchasing.r");
  EXPECT_EQ(uncertain.uncertain[0].distribution.mean, 0.5);
  EXPECT_EQ(uncertain.uncertain[0].distribution.sd, 0.05);
  EXPECT_TRUE(plain.uncertain.empty());
}

TEST(Distributions, ZeroSpreadIsAConstant) {
  const Scenario scenario = load(replaced(minimal_text(), "r = 0.5", "r = {mean = 0.5, sd = 0}"));
  EXPECT_TRUE(scenario.uncertain.empty());
  EXPECT_EQ(scenario.world.segments[0].purchasing.r, 0.5);
}

TEST(Distributions, AnArmsOwnDistributionIsCollectedUnderTheArm) {
  const std::string text = replaced(minimal_text(), "delay = \"20d\"",
                                    "delay = \"20d\"\ndiscount = {mean = 0.2, sd = 0.02}");
  const Scenario scenario = load(text);
  ASSERT_EQ(scenario.uncertain.size(), 1u);
  EXPECT_EQ(scenario.uncertain[0].key, "arms.late.sequences.xsell.steps.nudge.discount");
  // The draw, set by its key, reaches the arm and only the arm.
  const Scenario drawn = load(text, {"arms.late.sequences.xsell.steps.nudge.discount=0.25"});
  EXPECT_EQ(drawn.world.arms[1].sequences[0].steps[0].discount, 0.25);
  EXPECT_EQ(drawn.world.arms[0].sequences[0].steps[0].discount, 0.0);
}

TEST(Distributions, ABaseDistributionUnderAnArmsChangedStepIsCollectedOnce) {
  const std::string text =
      replaced(minimal_text(), "discount = 0.1", "discount = {mean = 0.1, sd = 0.01}");
  const Scenario scenario = load(replaced(text, "[arms.late.sequences.xsell.steps.nudge]",
                                          "[arms.late.sequences.xsell.steps.offer]"));
  ASSERT_EQ(scenario.uncertain.size(), 1u);
  EXPECT_EQ(scenario.uncertain[0].key, "sequences.xsell.steps.offer.discount");
}

TEST(Distributions, ASweptKeyIsNotDrawn) {
  const std::string text = replaced(minimal_text(), "r = 0.5", kUncertainR) +
                           "\n[sweep.grid]\n\"segments.all.purchasing.r\" = [0.4, 0.6]\n";
  const Scenario scenario = load(text);
  EXPECT_TRUE(scenario.uncertain.empty());
  ASSERT_EQ(scenario.sweep.size(), 2u);
  EXPECT_EQ(scenario.sweep[1].world.segments[0].purchasing.r, 0.6);
}

TEST(Distributions, AnOverrideReplacesADistributionAndADistributionAValue) {
  const Scenario fixed =
      load(replaced(minimal_text(), "r = 0.5", kUncertainR), {"segments.all.purchasing.r=0.45"});
  EXPECT_EQ(fixed.world.segments[0].purchasing.r, 0.45);
  const Scenario uncertain =
      load(minimal_text(), {"segments.all.purchasing.alpha={mean = 6, sd = 0.5}"});
  ASSERT_EQ(uncertain.uncertain.size(), 1u);
  EXPECT_EQ(uncertain.world.segments[0].purchasing.alpha, 6.0);
}

TEST(Distributions, AssignmentsReadBackToTheSameDouble) {
  const std::vector<UncertainValue> values{
      {"segments.all.purchasing.r", {0.5, 0.05, Range::positive()}}};
  const std::vector<double> draws = draw_block(values, 7, 3);
  const auto assignments = draw_assignments(values, draws);
  ASSERT_EQ(assignments.size(), 1u);
  const Scenario drawn = load(minimal_text(), assignments);
  EXPECT_EQ(drawn.world.segments[0].purchasing.r, draws[0]);
}

TEST(Distributions, AKeysDrawDependsOnItsNameSeedAndBlockOnly) {
  const UncertainValue r{"segments.all.purchasing.r", {0.5, 0.05, Range::positive()}};
  const UncertainValue alpha{"segments.all.purchasing.alpha", {5, 0.5, Range::positive()}};
  EXPECT_EQ(draw_block({r, alpha}, 7, 2)[0], draw_block({r}, 7, 2)[0]);
  EXPECT_EQ(draw_block({alpha, r}, 7, 2)[1], draw_block({r}, 7, 2)[0]);
  EXPECT_NE(draw_block({r}, 7, 2)[0], draw_block({r}, 7, 3)[0]);
  EXPECT_NE(draw_block({r}, 7, 2)[0], draw_block({r}, 8, 2)[0]);
}

// Sample mean and sd of `blocks` draws of one value.
std::pair<double, double> moments(const Distribution& distribution, std::size_t blocks) {
  const std::vector<UncertainValue> values{{"x", distribution}};
  double sum = 0, squares = 0;
  for (std::size_t b = 0; b < blocks; ++b) {
    const double x = draw_block(values, 11, b)[0];
    EXPECT_TRUE(distribution.range.contains(x)) << x;
    sum += x;
    squares += x * x;
  }
  const double mean = sum / static_cast<double>(blocks);
  return {mean, std::sqrt(squares / static_cast<double>(blocks) - mean * mean)};
}

// 4 standard errors: a false failure about once in 16,000 runs (the seed is fixed, so never).
constexpr double kStandardErrors = 4;

TEST(Distributions, DrawsFarFromTheRangesEndsAreTheNormal) {
  constexpr std::size_t kBlocks = 4000;
  const auto [mean, sd] = moments({5, 0.5, Range::positive()}, kBlocks);
  EXPECT_NEAR(mean, 5, kStandardErrors * 0.5 / std::sqrt(kBlocks));
  // The sd of a normal sample's sd is about sd / sqrt(2 n).
  EXPECT_NEAR(sd, 0.5, kStandardErrors * 0.5 / std::sqrt(2.0 * kBlocks));
}

TEST(Distributions, DrawsNearAnEndAreTheNormalTruncatedThere) {
  // A probability of 0.95 (sd 0.1): the normal truncated to [0, 1] has the mean
  // mu - sigma (phi(beta) - phi(alpha)) / (Phi(beta) - Phi(alpha)), beta = 0.5, alpha = -9.5.
  constexpr std::size_t kBlocks = 4000;
  const double beta = 0.5;
  const double phi = std::exp(-beta * beta / 2) / std::sqrt(2 * M_PI);
  const double mass = 0.5 * std::erfc(-beta / std::sqrt(2.0));
  const double expected = 0.95 - 0.1 * phi / mass;
  const auto [mean, sd] = moments({0.95, 0.1, Range::probability()}, kBlocks);
  EXPECT_NEAR(mean, expected, kStandardErrors * sd / std::sqrt(kBlocks));
  EXPECT_LT(mean, 0.95 - 0.03);  // the truncation moves the mean by 0.051
}

TEST(Distributions, MassInRange) {
  EXPECT_NEAR(mass_in_range({0.5, 2, Range::probability()}), 0.197, 0.001);
  EXPECT_EQ(mass_in_range({0.5, 0, Range::probability()}), 1);
  EXPECT_NEAR(mass_in_range({1e-9, 1, Range::positive()}), 0.5, 1e-6);
}

TEST(Distributions, Describe) {
  EXPECT_EQ(describe(Distribution{0.243, 0.013, Range::positive()}), "0.243 (sd 0.013)");
}

}  // namespace
}  // namespace xsellsim::scenarios

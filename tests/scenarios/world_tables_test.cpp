// [population], [segments], [categories], [products], [fatigue], [engagement], [money] and
// [policy] (scenarios/world_tables.hpp): each read into its parameters, each wrong value reported
// at its place.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "load_errors.hpp"
#include "scenario_text.hpp"
#include "scenarios/scenario.hpp"

namespace xsellsim::scenarios {
namespace {

using testing::errors_of;
using testing::inserted;
using testing::kMinimal;
using testing::minimal_text;
using testing::replaced;

TEST(WorldTables, ReadsTheStartMonth) {
  EXPECT_EQ(load_scenario(kMinimal).world.population.start_month, 1);
  const std::string text = minimal_text();
  Scenario s =
      load_scenario_text(inserted(text, "horizon = \"60d\"\n", "start_month = 11\n"), "s.toml");
  EXPECT_EQ(s.world.population.start_month, 11);
  auto errors = errors_of(inserted(text, "horizon = \"60d\"\n", "start_month = 13\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(
      errors[0],
      "s.toml:7:15: error: 13 is out of range: must be in [1, 12] (at population.start_month)");
}

TEST(WorldTables, ReadsSegmentPreferencesAndRates) {
  const models::Segment plain = load_scenario(kMinimal).world.segments[0];
  EXPECT_TRUE(plain.preferred_categories.empty());
  EXPECT_FALSE(plain.open_base.has_value());
  EXPECT_FALSE(plain.click_base.has_value());
  std::string text = inserted(minimal_text(), "[categories.gear]\n", "[categories.lenses]\n");
  text = inserted(text, "share = 1.0\n",
                  "preferred_categories = [\"lenses\", \"gear\", \"lenses\"]\n"
                  "open_rate = 0.25\nclick_rate = 0.1\n");
  const models::Segment segment = load_scenario_text(text, "s.toml").world.segments[0];
  // Categories are indexed by name (gear 0, lenses 1); a repeated name counts once.
  EXPECT_EQ(segment.preferred_categories, (std::vector<std::uint32_t>{1, 0}));
  ASSERT_TRUE(segment.open_base && segment.click_base);
  EXPECT_DOUBLE_EQ(*segment.open_base, std::log(0.25 / 0.75));  // as logits
  EXPECT_DOUBLE_EQ(*segment.click_base, std::log(0.1 / 0.9));
}

TEST(WorldTables, SegmentPreferencesAndRatesAreChecked) {
  auto errors = errors_of(inserted(minimal_text(), "share = 1.0\n",
                                   "preferred_categories = [\"gear\", \"gears\"]\n"
                                   "open_rate = 0\nclick_rate = 1\n"));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0],
            "s.toml:10:33: error: unknown category 'gears'; did you mean 'gear'? "
            "(at segments.all.preferred_categories)");
  EXPECT_EQ(
      errors[1],
      "s.toml:11:13: error: 0 is out of range: must be in (0, 1) (at segments.all.open_rate)");
  EXPECT_EQ(
      errors[2],
      "s.toml:12:14: error: 1 is out of range: must be in (0, 1) (at segments.all.click_rate)");
}

TEST(WorldTables, ReadsReleaseAndSeasonality) {
  const models::Product plain = load_scenario(kMinimal).world.products[1];
  EXPECT_EQ(plain.release, 0);
  EXPECT_EQ(plain.seasonality, (std::array<double, 12>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
  Scenario s = load_scenario_text(
      inserted(minimal_text(), "price = 80.0\n",
               "release = \"60d\"\nseasonality = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1.5, 2, 3]\n"),
      "s.toml");
  const models::Product& tripod = s.world.products[1];
  EXPECT_EQ(tripod.release, 60 * sim::kDay);
  EXPECT_EQ(tripod.seasonality, (std::array<double, 12>{0, 1, 1, 1, 1, 1, 1, 1, 1, 1.5, 2, 3}));
  EXPECT_EQ(s.world.products[0].release, 0);
}

TEST(WorldTables, SeasonalityNeedsTwelveNonNegativeNumbers) {
  const std::string text = minimal_text();
  const std::string price = "price = 80.0\n";  // line 30: products.tripod
  auto errors = errors_of(inserted(text, price, "seasonality = [1, 2]\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.toml:31:15: error: seasonality needs 12 numbers, one per month from January, not 2 "
            "(at products.tripod.seasonality)");
  errors =
      errors_of(inserted(text, price, "seasonality = [1, -1, \"x\", 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(
      errors[0],
      "s.toml:31:19: error: -1 is out of range: must be >= 0 (at products.tripod.seasonality)");
  EXPECT_EQ(
      errors[1],
      "s.toml:31:23: error: expected a number, got a string (at products.tripod.seasonality)");
  errors = errors_of(inserted(text, price, "seasonality = 3\nrelease = \"-1d\"\n"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0],
            "s.toml:31:15: error: expected an array of numbers, got an integer "
            "(at products.tripod.seasonality)");
  EXPECT_EQ(errors[1].rfind("s.toml:32:11: error: '-1d' is not a duration", 0), 0u) << errors[1];
}

// Issue 17, item 4: a refill edge, a product its own complement.
TEST(WorldTables, AProductMayComplementItself) {
  Scenario s = load_scenario_text(
      inserted(minimal_text(), "lag = \"10d\"\n",
               "[products.camera.complements.camera]\nprobability = 0.2\nlag = \"30d\"\n"),
      "s.toml");
  const auto& complements = s.world.products[0].complements;
  ASSERT_EQ(complements.size(), 2u);
  EXPECT_EQ(complements[0].to, 0u);  // by name: camera before tripod
  EXPECT_DOUBLE_EQ(complements[0].probability, 0.2);
  // An unknown product is one error, not one more per key of the edge.
  auto errors = errors_of(replaced(minimal_text(), "complements.tripod", "complements.tripd"));
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0],
            "s.toml:24:30: error: unknown product 'tripd'; did you mean 'tripod'? "
            "(at products.camera.complements.tripd)");
  for (const std::string& error : errors) {
    EXPECT_EQ(error.find("unknown key"), std::string::npos) << error;
  }
}

TEST(WorldTables, ReadsPolicyConsentAndReentry) {
  std::string text = minimal_text();
  auto insert_after = [&](const std::string& anchor, const std::string& more) {
    const auto at = text.find(anchor);
    ASSERT_NE(at, std::string::npos) << anchor;
    text.insert(at + anchor.size(), more);
  };
  insert_after("[segments.all]\n", "product_updates = 0.4\nutc_offset_hours = -5\n");
  insert_after("[sequences.xsell]\n", "reentry = \"30d\"\ntrigger.min_order_value = 100\n");
  insert_after("[sequences.xsell.steps.nudge]\n", "evergreen = true\n");
  text +=
      "\n[policy]\nfrequency_cap = { max = 2, window = \"7d\" }\ncapped = \"skip\"\n"
      "quiet_hours = { start = \"21:30\", end = \"08:00\" }\n";
  Scenario s = load_scenario_text(text, "s.toml");
  EXPECT_DOUBLE_EQ(s.world.segments[0].product_updates, 0.4);
  EXPECT_EQ(s.world.segments[0].utc_offset, -5 * sim::kHour);
  const models::Sequence& sequence = s.world.arms[0].sequences[0];
  EXPECT_EQ(sequence.reentry, models::Reentry::kAfterCooldown);
  EXPECT_EQ(sequence.cooldown, 30 * sim::kDay);
  EXPECT_DOUBLE_EQ(sequence.min_order_value, 100.0);
  EXPECT_TRUE(sequence.steps[0].evergreen);
  EXPECT_FALSE(sequence.steps[1].evergreen);
  EXPECT_EQ(s.world.policy.cap, 2);
  EXPECT_EQ(s.world.policy.cap_window, 7 * sim::kDay);
  EXPECT_FALSE(s.world.policy.capped_waits);
  EXPECT_EQ(s.world.policy.quiet_start, 21 * sim::kHour + 30 * sim::kMinute);
  EXPECT_EQ(s.world.policy.quiet_end, 8 * sim::kHour);
}

TEST(WorldTables, ReadsTheOfferCoefficients) {
  std::string text = minimal_text() +
                     "[engagement]\nbuy_trial = 2.0\ntrial_return = 0.1\n"
                     "create_need_demonstration = 0.2\nclick_preferred = 0.7\n";
  Scenario s = load_scenario_text(text, "s.toml");
  EXPECT_DOUBLE_EQ(s.world.engagement.buy_trial, 2.0);
  EXPECT_DOUBLE_EQ(s.world.engagement.trial_return, 0.1);
  EXPECT_DOUBLE_EQ(s.world.engagement.create_need_demonstration, 0.2);
  EXPECT_DOUBLE_EQ(s.world.engagement.click_preferred, 0.7);
  EXPECT_EQ(errors_of(minimal_text() + "[engagement]\ntrial_return = 1.5\n").size(), 1u);
}

}  // namespace
}  // namespace xsellsim::scenarios

// The pipeline (scenarios/loader.cpp): a scenario file and --set overrides in, every problem out
// in file order with its position; each table's reader has its own test file.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "load_errors.hpp"
#include "same_world.hpp"
#include "scenario_text.hpp"
#include "scenarios/scenario.hpp"

namespace xsellsim::scenarios {
namespace {

using testing::errors_of;
using testing::inserted;
using testing::kMinimal;
using testing::minimal_text;

TEST(Loader, LoadsTheMinimalScenario) {
  Scenario s = load_scenario(kMinimal);
  EXPECT_EQ(s.name, "minimal");
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.world.population.size, 100u);
  EXPECT_EQ(s.world.population.horizon, 60 * sim::kDay);
  ASSERT_EQ(s.world.products.size(), 2u);
  EXPECT_EQ(s.world.products[0].name, "camera");
  ASSERT_EQ(s.world.products[0].complements.size(), 1u);
  EXPECT_EQ(s.world.products[0].complements[0].to, 1u);
  EXPECT_EQ(s.world.products[0].complements[0].lag, 10 * sim::kDay);
  ASSERT_EQ(s.world.arms.size(), 2u);
  EXPECT_EQ(s.world.arms[0].name, "holdout");
  EXPECT_FALSE(s.world.arms[0].sends);
  EXPECT_EQ(s.world.arms[1].name, "late");
}

TEST(Loader, SetOverridesAValueWithTheSameChecks) {
  Scenario s =
      load_scenario(kMinimal, {"population.size=5000", "sequences.xsell.steps.nudge.delay=36h"});
  EXPECT_EQ(s.world.population.size, 5000u);
  EXPECT_EQ(s.world.arms[0].sequences[0].steps[0].delay, 36 * sim::kHour);
  EXPECT_NE(s.resolved_toml.find("size = 5000"), std::string::npos);
  auto errors = errors_of(minimal_text(), {"population.size=abc"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "--set:1:17: error: expected an integer, got a string (at population.size)");
}

TEST(Loader, SetOfAnUnknownKeySuggestsTheRightOne) {
  auto errors = errors_of(minimal_text(), {"population.sise=10"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "--set:1:12: error: unknown key 'sise'; did you mean 'size'? (at population.sise)");
}

TEST(Loader, MalformedSetIsAnInputError) {
  EXPECT_THROW(load_scenario(kMinimal, {"population.size"}), InputError);
  EXPECT_THROW(load_scenario(kMinimal, {"=3"}), InputError);
}

TEST(Loader, UnknownKeyNamesFileLineColumnAndKey) {
  std::string text = minimal_text();
  auto position = text.find("delay = \"2d\"");
  text.replace(position, 5, "dealy");
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0],
            "s.toml:35:1: error: missing required key 'delay' "
            "(at sequences.xsell.steps.nudge.delay)");
  EXPECT_EQ(errors[1],
            "s.toml:36:1: error: unknown key 'dealy'; did you mean 'delay'? "
            "(at sequences.xsell.steps.nudge.dealy)");
}

TEST(Loader, ReportsEveryProblemInFileOrder) {
  std::string text = minimal_text();
  text.replace(text.find("size = 100"), 10, "size = -1");
  text.replace(text.find("price = 80.0"), 12, "price = \"x\"");
  text.replace(text.find("lag = \"10d\""), 11, "lag = \"-2d\"");
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(
      errors[0],
      "s.toml:5:8: error: -1 is out of range: must be in [1, 1000000000] (at population.size)");
  EXPECT_NE(errors[1].find("s.toml:26:7: error: '-2d' is not a duration"), std::string::npos)
      << errors[1];
  EXPECT_EQ(errors[2],
            "s.toml:30:9: error: expected a number, got a string (at products.tripod.price)");
}

TEST(Loader, SetNamingAMissingSequenceOrStepIsAnError) {
  auto errors = errors_of(minimal_text(), {"sequences.acessories.steps.nudge.delay=2d"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "--set:1:11: error: unknown sequence 'acessories' (--set changes what the scenario "
            "has; it adds nothing) (at sequences.acessories)");
  errors = errors_of(minimal_text(), {"arms.late.sequences.xsell.steps.nuge.delay=2d"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "--set:1:33: error: unknown step 'nuge' of sequence 'xsell'; did you mean 'nudge'? "
            "(--set changes what the scenario has; it adds nothing) "
            "(at arms.late.sequences.xsell.steps.nuge)");
  for (const char* missing :
       {"arms.erly.description=x", "products.camera.complements.tripd.lag=1d",
        "segments.al.share=1", "categories.gearr.browse_rate=1", "products.camra.price=3"}) {
    EXPECT_EQ(errors_of(minimal_text(), {missing}).size(), 1u) << missing;
  }
  // What exists, implicit arms included, may be set.
  for (const char* exists :
       {"arms.late.sequences.xsell.steps.offer.delay=3d", "arms.holdout.description=x",
        "products.camera.complements.tripod.lag=1d", "policy.capped=skip"}) {
    EXPECT_TRUE(errors_of(minimal_text(), {exists}).empty()) << exists;
  }
}

// A sweep point reads again only the tables its axes set and what depends on them, and takes the
// rest from the base: each point, swept on one key of each kind of table, must be exactly the
// scenario loaded whole with that value set. A product's category decides which products a
// trigger by category names (products -> sequences), and arms merge over sequences.
TEST(Loader, ASweepPointIsTheScenarioLoadedWholeWithItsValuesSet) {
  const std::string base =
      inserted(minimal_text(), "[categories.gear]\n", "[categories.other]\n") +
      "[products.lens]\ncategory = \"other\"\nprice = 10.0\n"
      "[sequences.bycat]\ntrigger.categories = [\"other\"]\n"
      "[sequences.bycat.steps.only]\ndelay = \"1d\"\nrecommend = \"best_seller\"\n";
  const std::vector<std::pair<std::string, std::vector<std::string>>> axes = {
      {"population.size", {"200", "300"}},
      {"seed", {"3", "4"}},
      {"replications", {"2", "3"}},
      {"categories.gear.browse_rate", {"0.1", "0.2"}},
      {"segments.all.subscribed", {"0.5", "0.6"}},
      {"products.camera.category", {"\"gear\"", "\"other\""}},
      {"products.tripod.price", {"70", "90"}},
      {"fatigue.half_life", {"\"3d\"", "\"5d\""}},
      {"engagement.open_base", {"0.1", "0.2"}},
      {"money.send_cost", {"0.01", "0.02"}},
      {"policy.capped", {"\"skip\"", "\"delay\""}},
      {"sequences.xsell.steps.offer.discount", {"0.2", "0.3"}},
      {"arms.late.sequences.xsell.steps.offer.delay", {"\"1d\"", "\"9d\""}},
  };
  for (const auto& [key, values] : axes) {
    std::string sweep =
        "\n[sweep.grid]\n\"" + key + "\" = [" + values[0] + ", " + values[1] + "]\n";
    Scenario swept = load_scenario_text(base + sweep, "s.toml");
    ASSERT_EQ(swept.sweep.size(), 2u) << key;
    for (std::size_t k = 0; k < 2; ++k) {
      Scenario whole = load_scenario_text(base, "s.toml", {key + "=" + values[k]});
      EXPECT_TRUE(testing::same_world(swept.sweep[k].world, whole.world)) << key << " " << k;
      EXPECT_EQ(swept.sweep[k].replications, whole.replications) << key;
    }
  }
  // The category sweep moves the camera into "other", so the trigger by category names it (the
  // products in key order: camera, lens, tripod).
  Scenario moved = load_scenario_text(base, "s.toml", {"products.camera.category=other"});
  EXPECT_EQ(testing::sequence_named(moved.world.arms[0], "bycat").trigger_products,
            (std::vector<models::ProductIndex>{0, 1}));
}

TEST(Loader, SyntaxErrorsHaveAPosition) {
  auto errors = errors_of("[population\nsize = 3\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("s.toml:1:", 0), 0u) << errors[0];
}

TEST(Loader, UnreadableFileIsAnInputError) {
  EXPECT_THROW(load_scenario("/nonexistent/scenario.toml"), InputError);
}

}  // namespace
}  // namespace xsellsim::scenarios

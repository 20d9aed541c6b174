// An arm's indexes, built once per point: which sequences each trigger enters, where each
// sequence's steps start in the tallies, and each segment's coefficients.
#include "models/compiled_arm.hpp"

#include <gtest/gtest.h>

#include "test_world.hpp"

namespace xsellsim::models {
namespace {

TEST(CompiledArm, IndexesTriggersStepsAndSegments) {
  World world = testing::camera_world(10);
  Sequence browse = world.arms[1].sequences[0];
  browse.name = "browse";
  browse.trigger_event = TriggerEvent::kBrowse;
  browse.trigger_products = {1};
  Sequence off = browse;
  off.name = "off";
  off.enabled = false;
  world.arms[1].sequences.push_back(browse);
  world.arms[1].sequences.push_back(off);
  world.segments[0].open_base = 1.25;
  world.segments[0].preferred_categories = {1};
  const Catalog catalog(world.products);
  const CompiledArm arm(world, catalog, world.arms[1]);
  EXPECT_EQ(arm.by_purchase[0], std::vector<std::uint16_t>{0});  // the camera enters sequence 0
  EXPECT_TRUE(arm.by_purchase[1].empty());
  EXPECT_EQ(arm.by_visit[1], std::vector<std::uint16_t>{1});  // a disabled one enters nobody
  EXPECT_EQ(arm.first_step, (std::vector<std::size_t>{0, 3, 6}));
  EXPECT_TRUE(arm.records_visits);
  EXPECT_EQ(arm.engagement[0].open_base, 1.25);
  EXPECT_EQ(arm.engagement[0].click_base, world.engagement.click_base);
  EXPECT_TRUE(arm.prefers(0, 1));   // the tripod's category
  EXPECT_FALSE(arm.prefers(0, 0));  // the camera's
}

}  // namespace
}  // namespace xsellsim::models

#include "models/catalog.hpp"

#include <gtest/gtest.h>

#include "models/complement_graph.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

TEST(Catalog, BuildsTheComplementGraph) {
  World world = testing::camera_world();
  Catalog catalog(world.products);
  EXPECT_EQ(boost::num_vertices(catalog.graph()), 2u);
  EXPECT_EQ(boost::num_edges(catalog.graph()), 1u);
  EXPECT_TRUE(catalog.is_complement(0, 1));
  EXPECT_FALSE(catalog.is_complement(1, 0));
  ASSERT_NE(catalog.edge(0, 1), nullptr);
  EXPECT_EQ(catalog.edge(1, 0), nullptr);
}

TEST(Catalog, TopComplementHasTheHighestNeedProbability) {
  World world = testing::camera_world();
  Complement weaker = world.products[0].complements[0];
  world.products.push_back(testing::product("bag", 1, 40.0, 0.3, 0.0, 1.0, 0.0));
  weaker.to = 2;
  weaker.probability = 0.2;
  world.products[0].complements.push_back(weaker);
  Catalog catalog(world.products);
  EXPECT_EQ(catalog.top_complement(0), ProductIndex{1});
  EXPECT_FALSE(catalog.top_complement(1).has_value());
}

// Issue 17, item 4: a refill edge, beans needing beans, is an edge of the graph like any other.
TEST(Catalog, AProductMayBeItsOwnComplement) {
  World world = testing::camera_world();
  Complement refill;
  refill.to = 1;  // the tripod needs a tripod
  world.products[1].complements.push_back(refill);
  Catalog catalog(world.products);
  EXPECT_EQ(boost::num_edges(catalog.graph()), 2u);
  EXPECT_TRUE(catalog.is_complement(1, 1));
  EXPECT_FALSE(catalog.is_complement(0, 0));
  ASSERT_NE(catalog.edge(1, 1), nullptr);
  EXPECT_EQ(catalog.top_complement(1), ProductIndex{1});
}

}  // namespace
}  // namespace xsellsim::models

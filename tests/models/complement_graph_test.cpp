#include "models/complement_graph.hpp"

#include <gtest/gtest.h>

namespace xsellsim::models {
namespace {

// The graph is Boost.Graph's adjacency list under its own name: the algorithms and the edge
// properties work on it as on the list itself.
TEST(ComplementGraph, CarriesEachComplementOnItsEdge) {
  ComplementGraph graph(3);
  Complement refill;
  refill.to = 2;
  refill.probability = 0.25;
  boost::add_edge(0, 2, refill, graph);
  EXPECT_EQ(boost::num_vertices(graph), 3u);
  ASSERT_EQ(boost::num_edges(graph), 1u);
  const auto [edge, end] = boost::edges(graph);
  EXPECT_EQ(boost::source(*edge, graph), 0u);
  EXPECT_EQ(boost::target(*edge, graph), 2u);
  EXPECT_EQ(graph[*edge].probability, 0.25);
  EXPECT_EQ(boost::out_degree(1, graph), 0u);
}

}  // namespace
}  // namespace xsellsim::models

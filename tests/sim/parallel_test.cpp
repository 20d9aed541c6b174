#include "sim/parallel.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace xsellsim::sim {
namespace {

// Folding strings is not commutative: the result shows the fold order.
std::string fold_in_order(unsigned threads) {
  std::string folded;
  map_fold_ordered<std::string>(
      200, threads, [](std::size_t block) { return std::to_string(block) + ","; },
      [&](std::string&& part) { folded += part; });
  return folded;
}

TEST(MapFoldOrdered, FoldsInBlockOrderForAnyThreadCount) {
  std::string expected;
  for (int i = 0; i < 200; ++i) expected += std::to_string(i) + ",";
  for (unsigned threads : {1u, 2u, 3u, 8u}) EXPECT_EQ(fold_in_order(threads), expected);
}

TEST(MapFoldOrdered, RethrowsTheFirstError) {
  auto produce = [](std::size_t block) -> int {
    if (block == 17) throw std::runtime_error("block 17 failed");
    return 0;
  };
  EXPECT_THROW(map_fold_ordered<int>(100, 2, produce, [](int&&) {}), std::runtime_error);
}

TEST(MapFoldOrdered, ZeroBlocksDoNothing) {
  int calls = 0;
  map_fold_ordered<int>(
      0, 4, [&](std::size_t) { return ++calls; }, [](int&&) {});
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace xsellsim::sim

#include "sim/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

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

// A fold that fails (say, a checkpoint write past a file-size limit) must be the last: other
// threads holding finished blocks drop them, not fold them into what failed. Folding block 0
// again, or any later block, is what crashed `xsellsim run` under `ulimit -f`.
TEST(MapFoldOrdered, NothingIsFoldedAfterAFoldFails) {
  std::atomic<int> folds{0};
  auto produce = [](std::size_t block) { return static_cast<int>(block); };
  auto fold = [&](int&&) {
    if (folds++ == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // others finish theirs
      throw std::runtime_error("the disk is full");
    }
  };
  for (int attempt = 0; attempt < 5; ++attempt) {
    folds = 0;
    EXPECT_THROW(map_fold_ordered<int>(1000, 4, produce, fold), std::runtime_error);
    EXPECT_EQ(folds, 1);
  }
}

TEST(MapFoldOrdered, AFailedBlockStopsTheOtherThreads) {
  std::atomic<int> produced{0};
  auto produce = [&](std::size_t block) -> int {
    ++produced;
    if (block == 5) throw std::runtime_error("block 5 failed");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 0;
  };
  try {
    map_fold_ordered<int>(100000, 4, produce, [](int&&) {});
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "block 5 failed");
  }
  EXPECT_LT(produced, 100);  // each thread starts at most one block after the failure
}

TEST(MapFoldOrdered, ZeroBlocksDoNothing) {
  int calls = 0;
  map_fold_ordered<int>(
      0, 4, [&](std::size_t) { return ++calls; }, [](int&&) {});
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace xsellsim::sim

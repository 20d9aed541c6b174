#include "sim/event_queue.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace xsellsim::sim {
namespace {

TEST(EventQueue, PopsInTimeOrder) {
  EventQueue<int> queue;
  queue.push(30, 3);
  queue.push(10, 1);
  queue.push(20, 2);
  EXPECT_EQ(queue.pop().payload, 1);
  EXPECT_EQ(queue.pop().payload, 2);
  EXPECT_EQ(queue.pop().payload, 3);
  EXPECT_TRUE(queue.empty());
}

TEST(EventQueue, TiesKeepInsertionOrder) {
  EventQueue<int> queue;
  for (int i = 0; i < 50; ++i) queue.push(i % 2 == 0 ? 100 : 50, i);
  std::vector<int> popped;
  while (!queue.empty()) popped.push_back(queue.pop().payload);
  std::vector<int> expected;
  for (int i = 1; i < 50; i += 2) expected.push_back(i);
  for (int i = 0; i < 50; i += 2) expected.push_back(i);
  EXPECT_EQ(popped, expected);
}

TEST(EventQueue, MatchesAStableSortOfRandomInsertions) {
  std::mt19937_64 generator(7);
  std::uniform_int_distribution<Time> time(0, 20);  // many ties
  EventQueue<int> queue;
  std::vector<std::pair<Time, int>> reference;
  for (int i = 0; i < 500; ++i) {
    Time t = time(generator);
    queue.push(t, i);
    reference.emplace_back(t, i);
  }
  std::stable_sort(reference.begin(), reference.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [t, payload] : reference) {
    ASSERT_EQ(queue.peek().time, t);
    ASSERT_EQ(queue.pop().payload, payload);
  }
}

TEST(EventQueue, ClearForgetsEventsAndRestartsSequence) {
  EventQueue<int> queue;
  queue.push(5, 1);
  queue.clear();
  EXPECT_TRUE(queue.empty());
  queue.push(5, 2);
  EXPECT_EQ(queue.peek().sequence, 0u);
}

}  // namespace
}  // namespace xsellsim::sim

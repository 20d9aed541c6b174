// One customer's life as a whole: what the kernel sees of it (each occasion buys one product; the
// holdout's purchases are exactly its occasions) and that a life starts afresh for each customer.
#include "models/customer_life.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "one_life.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

TEST(CustomerLife, TheHoldoutBuysExactlyAtItsOccasions) {
  const World world = testing::camera_world(1);
  testing::OneLife holdout(world, 0);
  ArmTally tally = holdout.tally();
  std::int64_t occasions = 0;
  for (std::uint64_t c = 0; c < 3000; ++c) {
    holdout.simulate({3, 0, c}, tally);
    occasions += static_cast<std::int64_t>(holdout.timeline().purchases.size());
  }
  const auto& purchases = tally.series(Daily::kPurchases);
  EXPECT_EQ(std::accumulate(purchases.begin(), purchases.end(), std::int64_t{0}), occasions);
  EXPECT_EQ(tally.customers, 3000);
}

TEST(CustomerLife, ACustomerSimulatedTwiceGivesTheSameTallyTwice) {
  // Everything a life keeps is reset for the next customer: the same customer again adds the
  // same counts again.
  const World world = testing::camera_world(1);
  testing::OneLife email(world, 1);
  ArmTally once = email.tally(), twice = email.tally();
  for (std::uint64_t c = 0; c < 500; ++c) {
    const CustomerKey key{4, 0, c};
    email.simulate(key, once);
    email.again(key, twice);
    email.again(key, twice);
  }
  ArmTally doubled = once;
  doubled.merge(once);
  EXPECT_EQ(flat_counts({twice}), flat_counts({doubled}));
}

}  // namespace
}  // namespace xsellsim::models

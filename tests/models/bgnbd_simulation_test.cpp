// The simulator's organic purchasing against the BG/NBD closed forms (Fader, Hardie & Lee 2005),
// for CDNOW's published estimates and for a quite different parameter set.
//
// Tolerances: means within 4 standard errors (sample sd / sqrt(n)); the distribution of X(39)
// over x = 0..6, 7+ by Pearson's chi-square with 7 degrees of freedom at significance 0.001
// (critical value 24.32). Seeds are fixed, so the tests are deterministic; with a correct model
// and fresh seeds they would fail about once in 10,000 runs (means) and once in 1,000 (chi-square).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "cdnow_fit.hpp"
#include "models/bgnbd.hpp"
#include "models/catalog.hpp"
#include "models/customer.hpp"
#include "one_life.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

constexpr int kCustomers = 40000;

// Repeat transactions of each simulated customer by each of `weeks`, all acquired at time 0.
std::vector<std::vector<int>> simulate_repeat_counts(const Purchasing& purchasing,
                                                     const std::vector<int>& weeks) {
  World world = testing::camera_world(kCustomers);
  world.segments[0].purchasing = purchasing;
  world.population.acquisition = 0;
  world.population.horizon = (weeks.back() + 1) * sim::kWeek;
  Catalog catalog(world.products);
  std::vector<std::vector<int>> counts(weeks.size(), std::vector<int>(kCustomers, 0));
  OrganicTimeline timeline;
  for (int c = 0; c < kCustomers; ++c) {
    CustomerKey key{2005, 0, static_cast<std::uint64_t>(c)};
    Traits traits = draw_traits(world, key);
    draw_organic_timeline(world, catalog, traits, key, timeline);
    for (std::size_t w = 0; w < weeks.size(); ++w) {
      for (std::size_t i = 1; i < timeline.purchases.size(); ++i) {  // 0: the first purchase
        if (timeline.purchases[i].time <= weeks[w] * sim::kWeek) ++counts[w][c];
      }
    }
  }
  return counts;
}

// The same, counted as the purchases a whole holdout life makes in a world whose purchases create
// complement needs (the camera needs a tripod, which an occasion buys while it lasts): needs decide
// what an occasion buys, never add purchases, so the totals are BG/NBD's.
std::vector<std::vector<int>> simulate_holdout_repeat_counts(const Purchasing& purchasing,
                                                             const std::vector<int>& weeks) {
  World world = testing::camera_world(kCustomers);
  world.segments[0].purchasing = purchasing;
  world.products[0].complements[0].lag = 3 * sim::kDay;  // needs formed during the horizon
  world.population.acquisition = 0;
  world.population.horizon = (weeks.back() + 1) * sim::kWeek;
  testing::OneLife holdout(world, 0);
  ArmTally tally = holdout.tally();
  std::vector<std::vector<int>> counts(weeks.size(), std::vector<int>(kCustomers, 0));
  const auto& purchases = tally.series(Daily::kPurchases);
  std::int64_t complements = 0;
  for (int c = 0; c < kCustomers; ++c) {
    std::vector<std::int64_t> before = purchases;
    holdout.simulate({2005, 0, static_cast<std::uint64_t>(c)}, tally);
    for (std::size_t w = 0; w < weeks.size(); ++w) {
      // Days 0 .. 7 w - 1 hold the purchases before the end of week w, day 0 the first one.
      for (std::size_t d = 0; d < static_cast<std::size_t>(7 * weeks[w]); ++d) {
        counts[w][c] += static_cast<int>(purchases[d] - before[d]);
      }
      counts[w][c] -= 1;
    }
  }
  for (auto n : tally.series(Daily::kCrossSellPurchases)) complements += n;
  EXPECT_GT(complements, kCustomers / 20) << "the complement needs took part";
  return counts;
}

void expect_means_match(const Purchasing& purchasing, bool whole_life = false) {
  const std::vector<int> weeks{13, 26, 39, 52, 78};
  auto counts = whole_life ? simulate_holdout_repeat_counts(purchasing, weeks)
                           : simulate_repeat_counts(purchasing, weeks);
  for (std::size_t w = 0; w < weeks.size(); ++w) {
    double sum = 0, sum_squares = 0;
    for (int x : counts[w]) sum += x, sum_squares += static_cast<double>(x) * x;
    double mean = sum / kCustomers;
    double standard_error = std::sqrt((sum_squares / kCustomers - mean * mean) / kCustomers);
    double expected = expected_repeat_transactions(purchasing, weeks[w]);
    EXPECT_NEAR(mean, expected, 4 * standard_error) << "week " << weeks[w];
  }
}

void expect_distribution_matches(const Purchasing& purchasing, bool whole_life = false) {
  auto counts = whole_life ? simulate_holdout_repeat_counts(purchasing, {39}).front()
                           : simulate_repeat_counts(purchasing, {39}).front();
  std::vector<double> observed(8, 0.0);
  for (int x : counts) observed[std::min(x, 7)] += 1;
  double chi_square = 0, below_seven = 0;
  for (int x = 0; x < 8; ++x) {
    double p = x < 7 ? probability_of_repeat_count(purchasing, 39, x) : 1.0 - below_seven;
    below_seven += p;
    double expected = p * kCustomers;
    ASSERT_GT(expected, 5.0) << "bin " << x << " too small for a chi-square test";
    chi_square += (observed[x] - expected) * (observed[x] - expected) / expected;
  }
  EXPECT_LT(chi_square, 24.32);
}

using testing::kCdnow;
const Purchasing kFrequentBuyers{1.2, 15.0, 1.5, 4.0, sim::kWeek};

TEST(BgnbdSimulation, CdnowMeanRepeatTransactionsMatchTheClosedForm) { expect_means_match(kCdnow); }
TEST(BgnbdSimulation, CdnowDistributionOfRepeatTransactionsAtWeek39) {
  expect_distribution_matches(kCdnow);
}
TEST(BgnbdSimulation, FrequentBuyersMeanRepeatTransactionsMatchTheClosedForm) {
  expect_means_match(kFrequentBuyers);
}
TEST(BgnbdSimulation, FrequentBuyersDistributionOfRepeatTransactionsAtWeek39) {
  expect_distribution_matches(kFrequentBuyers);
}

// One purchase process: the holdout's whole life, complements included, makes BG/NBD's repeat
// transactions (docs/model.md, "One purchase process").
TEST(OnePurchaseProcess, HoldoutWithComplementsMatchesTheMeanRepeatTransactions) {
  expect_means_match(kFrequentBuyers, true);
}
TEST(OnePurchaseProcess, HoldoutWithComplementsMatchesTheDistributionAtWeek39) {
  expect_distribution_matches(kFrequentBuyers, true);
}

}  // namespace
}  // namespace xsellsim::models

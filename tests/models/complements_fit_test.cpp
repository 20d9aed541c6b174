// The complement estimator on synthetic stores whose truth is known: order occasions are a
// daily Bernoulli(h) process, each occasion buys A and B with fixed chances (B's baseline), and a
// first purchase of A makes a need for B as the simulator does (probability p, a lag of L days,
// an exponential life D, met at the next occasion). Tolerances are 4 standard errors (a false
// failure about once in 16,000 for a normal estimate) at a fixed seed.
#include "models/complements_fit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <utility>

namespace xsellsim::models {
namespace {

constexpr int kA = 0, kB = 1, kFiller = 2;

struct Store {
  int customers = 20000;
  long days = 365;
  double occasion_rate = 0.05;  // h, per day
  double a_share = 0.08;        // chance an occasion buys A
  double b_share = 0.03;        // chance an occasion buys B anyway
  NeedEstimate need{0.4, 10, 40};
  // Days [season_start, season_end) multiply both A's and B's chances by `season`.
  long season_start = 0, season_end = 0;
  double season = 1;
  std::uint64_t seed = 2026;
};

// The first occasion after `formed` before `fades`, or -1.
long meeting_day(const std::vector<long>& occasions, double formed, double fades) {
  auto it = std::upper_bound(occasions.begin(), occasions.end(), static_cast<long>(formed));
  return it != occasions.end() && static_cast<double>(*it) <= fades ? *it : -1;
}

void add_line(OrderHistory& log, int customer, int product, long day) {
  log.lines.push_back(OrderLine{customer, product, day, 1, 10});
}

OrderHistory simulate(const Store& store) {
  OrderHistory log;
  log.products = {"A", "B", "filler"};
  std::mt19937_64 random(store.seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::exponential_distribution<double> life(1 / store.need.duration_days);
  for (int c = 0; c < store.customers; ++c) {
    log.customers.push_back(std::to_string(c));
    std::vector<long> occasions;
    for (long day = 0; day < store.days; ++day) {
      if (uniform(random) < store.occasion_rate) occasions.push_back(day);
    }
    bool bought_a = false;
    std::vector<long> need_days;
    for (long day : occasions) {
      add_line(log, c, kFiller, day);
      const bool in_season = day >= store.season_start && day < store.season_end;
      const double boost = in_season ? store.season : 1;
      if (uniform(random) < store.b_share * boost) add_line(log, c, kB, day);
      if (uniform(random) >= store.a_share * boost) continue;
      add_line(log, c, kA, day);
      if (std::exchange(bought_a, true) || uniform(random) >= store.need.probability) continue;
      const double formed = static_cast<double>(day) + store.need.lag_days;
      const long met = meeting_day(occasions, formed, formed + life(random));
      if (met >= 0) add_line(log, c, kB, met);
    }
  }
  return log;
}

ComplementFit fit(const OrderHistory& log, long end_day) {
  return fit_complements(log, end_day, {kA, kB}, ComplementOptions{});
}

const ComplementEstimate* edge_from_a_to_b(const ComplementFit& f) {
  for (const auto& e : f.edges) {
    if (e.comparison.from == kA && e.comparison.to == kB) return &e;
  }
  return nullptr;
}

TEST(ComplementsFit, RecoversTheNeedOfAKnownStore) {
  const Store store;
  const ComplementFit f = fit(simulate(store), store.days - 1);
  const ComplementEstimate* edge = edge_from_a_to_b(f);
  ASSERT_NE(edge, nullptr);
  // The excess within the window: N(W) (1 - F_0(W)), F_0 the chance of B anyway in W days. Orders
  // that buy A again are not compared (a share a_share of them), on either side: B's baseline is
  // over the others, and a need met at one of them is not counted.
  const double w = 60;
  const double compared = 1 - store.a_share;
  const double baseline = 1 - std::pow(1 - store.occasion_rate * compared * store.b_share, w);
  const double expected_excess =
      need_met_by(store.need, -std::log(1 - store.occasion_rate), w) * compared * (1 - baseline);
  EXPECT_NEAR(edge->comparison.baseline_rate, baseline, 0.01);
  EXPECT_NEAR(edge->comparison.excess, expected_excess, 4 * edge->comparison.excess_se);
  EXPECT_NEAR(edge->occasion_rate, store.occasion_rate, 0.005);
  EXPECT_NEAR(edge->need.probability, store.need.probability, 4 * edge->standard_error.probability);
  // Occasions fall on whole days: a need is met up to a day later than in continuous time.
  EXPECT_NEAR(edge->need.lag_days, store.need.lag_days, 4 * edge->standard_error.lag_days + 1);
  EXPECT_NEAR(edge->need.duration_days, store.need.duration_days,
              4 * edge->standard_error.duration_days);
  // The estimate says something: its standard errors are well below the values.
  EXPECT_LT(edge->standard_error.probability, store.need.probability / 4);
  EXPECT_LT(edge->standard_error.duration_days, store.need.duration_days / 4);
  // Two pairs only, one of them the edge: the spread of the excesses is the edge's, which keeps
  // it nearly whole (empirical Bayes shrinks what the other pairs say is rare).
  EXPECT_GT(edge->shrinkage, 0.9);
  EXPECT_LE(edge->shrinkage, 1.0);
  EXPECT_LE(edge->shrunk_excess, edge->comparison.excess);
  EXPECT_NEAR(shrunk_probability(*edge),
              edge->need.probability * edge->shrunk_excess / edge->comparison.excess, 1e-12);
  // B -> A has no need behind it: no edge.
  for (const auto& e : f.edges) EXPECT_FALSE(e.comparison.from == kB) << e.comparison.excess;
}

// A and B both sell six times as much for two months and nothing links them: buyers of A buy B
// far more often than the store's customers on average, but no more than customers ordering on
// the same days. The same-dates excess is within 4 standard errors of 0 and no edge is kept.
TEST(ComplementsFit, ASeasonSharedByTwoProductsIsNoComplement) {
  Store store;
  store.need.probability = 0;
  store.season_start = 150;
  store.season_end = 210;
  store.season = 6;
  const OrderHistory log = simulate(store);
  const ComplementFit f = fit(log, store.days - 1);
  ASSERT_EQ(f.pairs.size(), 2u);
  for (const auto& p : f.pairs) {
    EXPECT_NEAR(p.excess, 0, 4 * p.excess_se) << p.from << " -> " << p.to;
    // The naive comparison, the buyers against B's rate over the year at orders without A (the
    // orders compared), sees a large lift.
    const double in_season = 60.0 / 365;
    const double b_per_day =
        store.occasion_rate *
        ((1 - in_season) * (1 - store.a_share) * store.b_share +
         in_season * (1 - store.season * store.a_share) * store.season * store.b_share);
    const double yearly = 1 - std::pow(1 - b_per_day, 60);
    if (p.from == kA) {
      EXPECT_GT(p.buyer_rate - yearly, 8 * p.excess_se);
    }
  }
  EXPECT_EQ(edge_from_a_to_b(f), nullptr);
}

TEST(ComplementsFit, PairsNeedTheSupportAndAWholeWindow) {
  Store store;
  store.customers = 300;  // about 100 first buyers of A, too few for 30 in the last 60 days
  const OrderHistory log = simulate(store);
  ComplementOptions options;
  options.min_buyers = 1000;
  EXPECT_TRUE(fit_complements(log, store.days - 1, {kA, kB}, options).pairs.empty());
  // Buyers whose window would pass the end are not followed: with the end 59 days after the
  // start, nobody is.
  options.min_buyers = 1;
  EXPECT_TRUE(fit_complements(log, 59, {kA, kB}, options).pairs.empty());
  EXPECT_FALSE(fit_complements(log, 120, {kA, kB}, options).pairs.empty());
}

TEST(ComplementsFit, NeedMetByFollowsTheCompetingRisks) {
  const NeedEstimate need{0.5, 0, 20};
  // No lag: p h/(h+m) (1 - exp(-(h+m) t)).
  const double h = 0.05, m = 1.0 / 20;
  EXPECT_NEAR(need_met_by(need, h, 30), 0.5 * h / (h + m) * (1 - std::exp(-(h + m) * 30)), 1e-12);
  EXPECT_NEAR(need_met_by(need, h, 1e6), 0.25, 1e-12);
  const NeedEstimate later{0.5, 10, 20};
  EXPECT_LT(need_met_by(later, h, 30), need_met_by(need, h, 30));
}

}  // namespace
}  // namespace xsellsim::models

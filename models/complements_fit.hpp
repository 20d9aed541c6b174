#pragma once
// Estimating the complement graph from order lines (`xsellsim calibrate orders`): for a pair
// A -> B, how much more often a buyer of A buys B in the following window than comparable
// customers at the same dates, and the need (probability, lag, duration) that explains it.
//
// The comparison (docs/calibration.md, "Complements"): a *buyer* is a customer whose first
// purchase of A is on day d, with the whole window (d, d + W] inside the data, who had not bought
// B on or before d. What they would have bought without A is read off their own order occasions
// in the window: at each occasion o, the baseline q_B(o) is the share of the repeat occasions of
// other customers at the same dates (o +- 3 days, or more until 200) that bought B for the first
// time, among those who had not bought B before and had not bought A in the 2W days before (so A's
// own effect is not in the baseline). The buyer's baseline chance of B within the window is then 1
// - prod_o (1 - q_B(o)): matched on the calendar (seasons, releases) and on the customer's own
// purchase state (how active they are, whether they are still alive, their age), which a
// comparison with "customers ordering that day" is not. The excess is the mean over buyers of
// y - baseline (y = 1 when they bought B within the window), with the standard error of that
// paired mean.
//
// The need model of the simulator (docs/model.md): a purchase of A makes a need for B with
// probability p, formed L days later, which then lasts an exponential time of mean D = 1 / m; the
// customer buys it at their next order occasion if that comes first, and any purchase of B meets
// it. Given the buyer's occasions, only the first occasion after the need formed says anything of
// it: it buys B with probability q + p exp(-m s) (1 - q), s the days from the forming to it, and
// every other occasion with its baseline q. Which occasion is the first after the forming is
// uncertain by the lag's own spread (the scenario writes lag_shape = 100: a standard deviation of
// L / 10) and the rounding of times to days; the likelihood weighs each candidate by its chance.
// Conditional on each buyer's own occasions it needs no model of how often they order
// (heterogeneity and drop-out are in the occasions themselves); it is maximised over L in whole
// days 0..W-1, m from 1/365 per day, p in [0, 1]. Standard errors come from a bootstrap over
// buyers. The lag barely varies rather than being exponential: an exponential lag could not be
// told apart from the need's life.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/order_history.hpp"

namespace xsellsim::models {

struct ComplementOptions {
  long window_days = 60;
  long min_buyers = 30;  // support of a pair: buyers followed for the whole window
  // One-sided z of the excess for an edge to be kept. At 4, a pair with no effect passes with
  // probability 3.2e-5: about 0.2 false edges among the 6,320 pairs of 80 products.
  double min_z = 4;
  std::size_t max_edges = 30;
  int bootstrap = 40;  // resamples of buyers for the standard errors of p, L and D
  std::uint64_t seed = 1;
};

// The same-dates comparison of one pair over the buyers whose first A is in [first_day, last_day].
struct PairComparison {
  int from = 0, to = 0;
  long buyers = 0;           // support
  long buyers_buying = 0;    // of them, buying B within the window
  double buyer_rate = 0;     // F_A(W)
  double baseline_rate = 0;  // mean over buyers of 1 - prod_o (1 - q_B(o))
  double excess = 0;         // F_A(W) - F_0(W)
  double excess_se = 0;      // sd of (y_i - baseline_i) / sqrt(buyers)
  long occasions = 0;        // the buyers' order occasions in their windows
  long comparisons = 0;      // other customers' repeat occasions behind the baseline rates
};

struct NeedEstimate {
  double probability = 0, lag_days = 0, duration_days = 0;
};

struct ComplementEstimate {
  PairComparison comparison;
  // Empirical Bayes over every compared pair (the edges are the largest of thousands: selected
  // high): the excess's posterior mean under a normal prior of the pairs' median and the spread
  // of their excesses beyond their standard errors, and the factor that takes it there.
  double shrunk_excess = 0;
  double shrinkage = 1;      // tau^2 / (tau^2 + se^2)
  double occasion_rate = 0;  // h: the buyers' order occasions per day in the window
  NeedEstimate need;
  NeedEstimate standard_error;
  double mean_delay_days = 0;  // mean days from A to the excess purchases of B within the window
};

struct ComplementFit {
  std::vector<PairComparison> pairs;      // every ordered pair of candidates with the support
  std::vector<ComplementEstimate> edges;  // the pairs kept, largest excess first
  double median_excess = 0;               // over `pairs`: the prior's mean
  double excess_spread = 0;  // tau: sqrt(max(0, var(excess) - mean(se^2))) over `pairs`
};

// The need probability the scenario uses: p times the shrinkage of the excess.
double shrunk_probability(const ComplementEstimate& edge);

// The out-of-time check of the edges: the buyers of each A whose first purchase is in
// [first_day, last_day], followed for the window, and how many bought B, against the forecast of
// the learned need met, excess / (1 - baseline), on top of their own baselines at those dates:
// sum of 1 - (1 - baseline) (1 - met).
struct EdgeForecast {
  double buyers = 0, bought = 0;
  double baseline = 0;  // with no complement effect
  double raw = 0;       // with the excess as measured
  double shrunk = 0;    // with the shrunk excess
};
EdgeForecast forecast_edges(const OrderHistory& log, const std::vector<ComplementEstimate>& edges,
                            long first_day, long last_day, long window_days);

// Estimates over ordered pairs of `candidates` (product indices), buyers' first A up to
// `end_day` - window.
ComplementFit fit_complements(const OrderHistory& log, long end_day,
                              const std::vector<int>& candidates, const ComplementOptions& options);

// The same-dates comparison of A -> B for first purchases of A in [first_day, last_day], each
// followed for the window (data after `last_day` is read): for an out-of-time check.
PairComparison compare_pair(const OrderHistory& log, int from, int to, long first_day,
                            long last_day, long window_days);

// N(t) of the need model at t days: the share of buyers whose need for B was met by t.
double need_met_by(const NeedEstimate& need, double occasion_rate, double t);

}  // namespace xsellsim::models

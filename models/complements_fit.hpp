#pragma once
// Estimating the complement graph from order lines (`xsellsim calibrate orders`): for a pair
// A -> B, how much more often a buyer of A buys B in the following window than comparable
// customers at the same dates, and the need (probability, lag, duration) that explains it.
//
// The comparison (docs/calibration.md, "Complements"): a *buyer* is a customer whose first
// purchase of A is on day d, with the whole window (d, d + W] inside the data, who had not bought
// B on or before d. The *comparison group* of that buyer is every other customer who placed an
// order on the same day d and had bought neither A nor B by then: same calendar time, so seasons
// and product releases move both sides alike. F_A(t) is the share of buyers who buy B within t
// days, F_0(t) the mean over buyers of the share of their comparison group who do, by Kaplan-Meier
// with each customer censored when they buy A (their later purchases of B may be A's doing).
// The excess F_A(W) - F_0(W) is the headline figure, with the standard error of a paired mean.
//
// The need model of the simulator (docs/model.md): a purchase of A makes a need for B with
// probability p, formed L days later, which then lasts an exponential time of mean D; the
// customer buys it at their next order occasion (rate h) if that comes first, and any purchase
// of B meets it. The share of buyers whose need was met by t is then
//   N(t) = (F_A(t) - F_0(t)) / (1 - F_0(t))      (a purchase of B anyway also meets the need)
//   N(t) = p h / (h + m) * (1 - exp(-(h + m) (t - L)))  for t > L,  m = 1 / D,
// which is fitted by least squares on t = 1..W days (grid over L and h + m, the scale in closed
// form). h is the buyers' mean order occasions per day in the window. Standard errors of p, L and
// D come from a bootstrap over buyers. The lag is fixed rather than exponential because
// Exp(1/L) + Exp(h + m) is symmetric in its two rates: the lag and the need's life could not be
// told apart. The scenario writes it with lag_shape = 100 (a standard deviation of L / 10).
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
  double baseline_rate = 0;  // F_0(W)
  double excess = 0;         // F_A(W) - F_0(W)
  double excess_se = 0;      // sd of (y_i - baseline_i) / sqrt(buyers)
  long comparisons = 0;      // customer-dates in the comparison groups
};

struct NeedEstimate {
  double probability = 0, lag_days = 0, duration_days = 0;
};

struct ComplementEstimate {
  PairComparison comparison;
  double occasion_rate = 0;  // h: the buyers' order occasions per day in the window
  NeedEstimate need;
  NeedEstimate standard_error;
  double mean_delay_days = 0;  // mean days from A to the excess purchases of B within the window
};

struct ComplementFit {
  std::vector<PairComparison> pairs;      // every ordered pair of candidates with the support
  std::vector<ComplementEstimate> edges;  // the pairs kept, largest excess first
  double median_excess = 0;               // over `pairs`
};

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

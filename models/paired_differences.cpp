// Paired differences of an arm and its baseline (models/paired_differences.hpp).
#include "models/paired_differences.hpp"

#include <algorithm>
#include <numeric>

namespace xsellsim::models {

// The variance between customers of a total, n / (n - 1) (sum of squares - sum^2 / n), times n:
// the variance of the total over populations of n customers.
double total_spread(double n, double sum, double squares) {
  return n > 1 ? n / (n - 1) * (squares - sum * sum / n) : 0.0;
}

// The product sums of arms a and b are kept by the earlier of the two.
const PairedTally& keeper(const std::vector<ArmTally>& r, std::size_t a, std::size_t b) {
  return r[std::min(a, b)].paired;
}
std::size_t partner(std::size_t a, std::size_t b) { return std::max(a, b) - std::min(a, b); }

namespace {

// Sums over the customers of one replication of a figure x of one arm and y of another, of their
// squares and of their products (the same customers under both arms unless split).
struct PairSums {
  double customers_x = 0, customers_y = 0;
  double x = 0, y = 0, xx = 0, yy = 0, xy = 0;
  bool paired = true;
};

// Variance of wx X - wy Y, X and Y totals over customers. Paired: of the per-customer difference
// (written so that identical arms give exactly 0); split: the two variances added.
double difference_variance(const PairSums& s, double wx, double wy) {
  if (s.paired) {
    const double sum = wx * s.x - wy * s.y;
    const double squares = wx * wx * s.xx + wy * wy * s.yy - 2.0 * (wx * wy * s.xy);
    return std::max(0.0, total_spread(s.customers_x, sum, squares));
  }
  return std::max(0.0, wx * wx * total_spread(s.customers_x, s.x, s.xx) +
                           wy * wy * total_spread(s.customers_y, s.y, s.yy));
}

PairSums pair_sums(const RunResult& result, const std::vector<ArmTally>& r, std::size_t a,
                   std::size_t b, Paired figure) {
  auto as_double = [](std::int64_t v) { return static_cast<double>(v); };
  return {as_double(r[a].customers),
          as_double(r[b].customers),
          as_double(r[a].paired.sum(figure)),
          as_double(r[b].paired.sum(figure)),
          as_double(r[a].paired.product(0, figure)),
          as_double(r[b].paired.product(0, figure)),
          as_double(keeper(r, a, b).product(partner(a, b), figure)),
          !result.split_arms};
}

// Converted by `day` since entry, as 0/1 figures of arms a and b.
PairSums converted_sums(const RunResult& result, const std::vector<ArmTally>& r, std::size_t a,
                        std::size_t b, std::size_t day) {
  auto by_day = [day](const std::vector<std::int64_t>& series) {
    const auto end = series.begin() + static_cast<std::ptrdiff_t>(std::min(day + 1, series.size()));
    return static_cast<double>(std::accumulate(series.begin(), end, std::int64_t{0}));
  };
  const double x = by_day(r[a].conversion.events), y = by_day(r[b].conversion.events);
  return {static_cast<double>(r[a].customers),
          static_cast<double>(r[b].customers),
          x,
          y,
          x,
          y,
          by_day(keeper(r, a, b).both_converted[partner(a, b)]),
          !result.split_arms};
}

// Each replication's difference and its variance, pooled: the mean of the R differences, with
// variance sum / R^2 (the replications are independent populations).
struct Pooled {
  double values = 0, variances = 0, count = 0;
  void add(double value, double variance) {
    values += value;
    variances += variance;
    ++count;
  }
  [[nodiscard]] Estimate estimate() const {
    return with_normal_interval(values / count, variances / (count * count));
  }
};

// The arm's total of a figure minus the baseline's (scaled to the arm's customers when split), per
// entrant of the arm, times `unit` (cents to currency).
Estimate total_difference(const RunResult& result, std::size_t arm, std::size_t base, Paired figure,
                          double unit) {
  Pooled pooled;
  for (const auto& r : result.tallies) {
    const PairSums s = pair_sums(result, r, arm, base, figure);
    const double scale = s.paired ? 1.0 : ratio(s.customers_x, s.customers_y);
    const double per_entrant = unit * ratio(1.0, static_cast<double>(r[arm].entrants));
    pooled.add(per_entrant * (s.x - scale * s.y),
               difference_variance(s, per_entrant, per_entrant * scale));
  }
  return pooled.estimate();
}

// A rate per entrant (unsubscribes, complaints) against a baseline that has none (a holdout sends
// no email): the difference is the arm's own rate, so it gets the arm's Wilson interval and never
// goes below 0.
Estimate rate_difference(const RunResult& result, std::size_t arm, std::size_t base,
                         Paired figure) {
  Estimate difference = total_difference(result, arm, base, figure, 1.0);
  const bool baseline_has_none =
      std::all_of(result.tallies.begin(), result.tallies.end(),
                  [&](const auto& r) { return r[base].paired.product(0, figure) == 0; });
  // No spread at all (an arm identical to the baseline): exactly 0, as the pairing says.
  if (!baseline_has_none || !difference.low || *difference.high == *difference.low) {
    return difference;
  }
  const double half = *difference.high - difference.value;
  const double variance = half * half / (kZ975 * kZ975);
  return wilson(difference.value, variance, total_entrants(result, arm), kZ975);
}

}  // namespace

// Arm minus baseline conversion by `day` (Kaplan-Meier), absolute and relative (the delta
// method on the same paired sums).
std::pair<Estimate, Estimate> lifts(const RunResult& result, std::size_t arm, std::size_t base,
                                    std::size_t day) {
  Pooled absolute, relative;
  for (const auto& r : result.tallies) {
    const double pa = kaplan_meier(r[arm].conversion, day).incidence;
    const double pb = kaplan_meier(r[base].conversion, day).incidence;
    const auto na = static_cast<double>(r[arm].entrants);
    const auto nb = static_cast<double>(r[base].entrants);
    const PairSums s = converted_sums(result, r, arm, base, day);
    absolute.add(pa - pb, difference_variance(s, ratio(1.0, na), ratio(1.0, nb)));
    relative.add(
        ratio(pa, pb) - 1.0,
        pb > 0 ? difference_variance(s, ratio(1.0, na * pb), ratio(pa, pb * pb * nb)) : 0.0);
  }
  return {absolute.estimate(), relative.estimate()};
}

// Net value per entrant against the baseline (docs/model.md, "Money") and its parts, all of the
// arm's customers' totals minus the baseline's, per entrant of the arm.
void net_value(const RunResult& result, std::size_t arm, std::size_t base, ArmFigures& figures) {
  constexpr double kCents = 0.01;
  figures.incremental_margin_per_entrant =
      total_difference(result, arm, base, Paired::kOrderMarginCents, kCents);
  figures.send_cost_per_entrant =
      total_difference(result, arm, base, Paired::kEmails, result.send_cost);
  figures.subscriber_value_lost_per_entrant =
      total_difference(result, arm, base, Paired::kSubscriberValueCents, -kCents);
  // The per-customer net values are rounded to the cent: the point estimate comes from the exact
  // parts, the interval from the rounded figures' spread.
  Estimate net = total_difference(result, arm, base, Paired::kNetValueCents, kCents);
  const double exact = figures.incremental_margin_per_entrant->value -
                       figures.send_cost_per_entrant->value -
                       figures.subscriber_value_lost_per_entrant->value;
  if (net.low) {
    *net.low += exact - net.value;
    *net.high += exact - net.value;
  }
  net.value = exact;
  figures.net_value_per_entrant = net;
  figures.incremental_revenue_per_entrant =
      total_difference(result, arm, base, Paired::kRevenueCents, kCents);
  figures.incremental_cross_sell_margin_per_entrant =
      total_difference(result, arm, base, Paired::kMarginCents, kCents);
  figures.incremental_emails_per_entrant =
      total_difference(result, arm, base, Paired::kEmails, 1.0);
  figures.incremental_unsubscribes_per_entrant =
      rate_difference(result, arm, base, Paired::kUnsubscribes);
  figures.incremental_complaints_per_entrant =
      rate_difference(result, arm, base, Paired::kComplaints);
}

}  // namespace xsellsim::models

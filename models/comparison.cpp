#include "models/comparison.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>

#include "models/parameters.hpp"
#include "sim/random.hpp"

namespace xsellsim::models {

namespace {

using PerReplication = std::function<double(const std::vector<ArmTally>&)>;

double ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : 0.0;
}

std::int64_t total(const std::vector<std::int64_t>& series) {
  return std::accumulate(series.begin(), series.end(), std::int64_t{0});
}

constexpr double kZ975 = 1.959963984540054;

// Mean over replications of a figure, with its variance over replications (when R >= 2).
struct ReplicationSpread {
  double mean = 0;
  std::optional<double> variance_of_mean;
};
ReplicationSpread spread_over_replications(const RunResult& result, const PerReplication& figure) {
  std::vector<double> values;
  for (const auto& replication : result.tallies) values.push_back(figure(replication));
  const auto n = static_cast<double>(values.size());
  ReplicationSpread spread;
  spread.mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  if (values.size() < 2) return spread;
  double squares = 0;
  for (double v : values) squares += (v - spread.mean) * (v - spread.mean);
  spread.variance_of_mean = squares / (n - 1) / n;
  return spread;
}

// Mean over replications of a figure, with a t interval when there are two or more.
Estimate over_replications(const RunResult& result, const PerReplication& figure) {
  const ReplicationSpread spread = spread_over_replications(result, figure);
  Estimate estimate{spread.mean, std::nullopt, std::nullopt};
  if (!spread.variance_of_mean) return estimate;
  const double half =
      t_quantile_975(result.tallies.size() - 1) * std::sqrt(*spread.variance_of_mean);
  estimate.low = estimate.value - half;
  estimate.high = estimate.value + half;
  return estimate;
}

// Kaplan-Meier share with the event by the end of `day`, and Greenwood's variance of it.
struct KaplanMeier {
  double incidence = 0;
  double variance = 0;
};
KaplanMeier kaplan_meier(const SurvivalTally& tally, std::size_t day) {
  std::int64_t at_risk = 0;
  for (std::size_t d = 0; d < tally.events.size(); ++d)
    at_risk += tally.events[d] + tally.censored[d];
  double survival = 1.0, greenwood = 0.0;
  for (std::size_t d = 0; d <= day && d < tally.events.size(); ++d) {
    const auto n = static_cast<double>(at_risk), events = static_cast<double>(tally.events[d]);
    if (n > events && n > 0) greenwood += events / (n * (n - events));
    if (n > 0) survival *= 1.0 - events / n;
    at_risk -= tally.events[d] + tally.censored[d];
  }
  return {1.0 - survival, survival * survival * greenwood};
}

Estimate with_normal_interval(double value, double variance) {
  const double half = kZ975 * std::sqrt(variance);
  return {value, value - half, value + half};
}

double total_entrants(const RunResult& result, std::size_t arm) {
  double entrants = 0;
  for (const auto& r : result.tallies) entrants += static_cast<double>(r[arm].entrants);
  return entrants;
}

// A share or rate of an arm: Wilson's interval on the variance over replications (R >= 2, z from
// t) or on `one_run_variance` of the single replication.
Estimate share_figure(const RunResult& result, std::size_t arm, const PerReplication& figure,
                      const std::function<double(const std::vector<ArmTally>&)>& one_run_variance) {
  const double entrants = total_entrants(result, arm);
  const ReplicationSpread spread = spread_over_replications(result, figure);
  if (spread.variance_of_mean) {
    return wilson(spread.mean, *spread.variance_of_mean, entrants,
                  t_quantile_975(result.tallies.size() - 1));
  }
  return wilson(spread.mean, one_run_variance(result.tallies[0]), entrants, kZ975);
}

// A Kaplan-Meier share of an arm by `day`: Greenwood's variance within one replication.
Estimate survival_figure(const RunResult& result, std::size_t arm, std::size_t day,
                         SurvivalTally ArmTally::*which) {
  return share_figure(
      result, arm,
      [&](const std::vector<ArmTally>& r) { return kaplan_meier(r[arm].*which, day).incidence; },
      [&](const std::vector<ArmTally>& r) { return kaplan_meier(r[arm].*which, day).variance; });
}

// ---------------------------------------------------------------------------------------------
// Paired differences

// Sums over the customers of one replication of a figure x of one arm and y of another, of their
// squares and of their products (the same customers under both arms unless split).
struct PairSums {
  double customers_x = 0, customers_y = 0;
  double x = 0, y = 0, xx = 0, yy = 0, xy = 0;
  bool paired = true;
};

// The variance between customers of a total, n / (n - 1) (sum of squares - sum^2 / n), times n:
// the variance of the total over populations of n customers.
double total_spread(double n, double sum, double squares) {
  return n > 1 ? n / (n - 1) * (squares - sum * sum / n) : 0.0;
}

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

// The product sums of arms a and b are kept by the earlier of the two.
const PairedTally& keeper(const std::vector<ArmTally>& r, std::size_t a, std::size_t b) {
  return r[std::min(a, b)].paired;
}
std::size_t partner(std::size_t a, std::size_t b) { return std::max(a, b) - std::min(a, b); }

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

// ---------------------------------------------------------------------------------------------
// Choosing

// Net value per entrant of arm a against the base, a linear form of the two totals per customer:
// alpha x_a - beta x_base.
struct NetForm {
  std::size_t arm;
  double alpha, beta;
};

NetForm net_form(const RunResult& result, const std::vector<ArmTally>& r, std::size_t arm,
                 std::size_t base) {
  const double scale = result.split_arms ? ratio(static_cast<double>(r[arm].customers),
                                                 static_cast<double>(r[base].customers))
                                         : 1.0;
  const double per_entrant = ratio(0.01, static_cast<double>(r[arm].entrants));
  return {arm, per_entrant, per_entrant * scale};
}

// Sum over customers of x_i y_i for the net values of arms i and j.
double net_product(const std::vector<ArmTally>& r, std::size_t i, std::size_t j) {
  return static_cast<double>(keeper(r, i, j).product(partner(i, j), Paired::kNetValueCents));
}

// Covariance of two arms' net values against the base within one replication.
double net_covariance(const RunResult& result, const std::vector<ArmTally>& r, const NetForm& f,
                      const NetForm& g, std::size_t base) {
  auto sum = [&](std::size_t i) {
    return static_cast<double>(r[i].paired.sum(Paired::kNetValueCents));
  };
  auto spread = [&](std::size_t i) {
    return total_spread(static_cast<double>(r[i].customers), sum(i), net_product(r, i, i));
  };
  if (result.split_arms) {  // no customer under two arms: only the shared base covaries
    return (f.arm == g.arm ? f.alpha * g.alpha * spread(f.arm) : 0.0) +
           f.beta * g.beta * spread(base);
  }
  const auto n = static_cast<double>(r[base].customers);
  if (n <= 1) return 0.0;
  const double sum_f = f.alpha * sum(f.arm) - f.beta * sum(base);
  const double sum_g = g.alpha * sum(g.arm) - g.beta * sum(base);
  const double products = f.alpha * g.alpha * net_product(r, f.arm, g.arm) -
                          f.alpha * g.beta * net_product(r, f.arm, base) -
                          f.beta * g.alpha * net_product(r, base, g.arm) +
                          f.beta * g.beta * net_product(r, base, base);
  return n / (n - 1) * (products - sum_f * sum_g / n);
}

// The covariance matrix of the candidates' net values (the base's row and column are 0), pooled
// over replications.
std::vector<std::vector<double>> net_covariances(const RunResult& result, std::size_t base) {
  const std::size_t arms = result.arm_names.size();
  std::vector<std::vector<double>> covariance(arms, std::vector<double>(arms, 0.0));
  const auto replications = static_cast<double>(result.tallies.size());
  for (const auto& r : result.tallies) {
    for (std::size_t i = 0; i < arms; ++i) {
      for (std::size_t j = 0; j < arms; ++j) {
        if (i == base || j == base) continue;
        covariance[i][j] += net_covariance(result, r, net_form(result, r, i, base),
                                           net_form(result, r, j, base), base) /
                            (replications * replications);
      }
    }
  }
  return covariance;
}

// Lower-triangular L with L L^T = the matrix, dropping directions without variance.
std::vector<std::vector<double>> cholesky(const std::vector<std::vector<double>>& matrix) {
  const std::size_t n = matrix.size();
  std::vector<std::vector<double>> lower(n, std::vector<double>(n, 0.0));
  for (std::size_t j = 0; j < n; ++j) {
    double diagonal = matrix[j][j];
    for (std::size_t k = 0; k < j; ++k) diagonal -= lower[j][k] * lower[j][k];
    if (diagonal <= 1e-300) continue;  // a fixed candidate (the base, an identical arm)
    lower[j][j] = std::sqrt(diagonal);
    for (std::size_t i = j + 1; i < n; ++i) {
      double value = matrix[i][j];
      for (std::size_t k = 0; k < j; ++k) value -= lower[i][k] * lower[j][k];
      lower[i][j] = value / lower[j][j];
    }
  }
  return lower;
}

// P(each candidate has the highest net value) under the normal approximation of the estimates,
// from `draws` draws of a Philox stream with a fixed key (the same numbers every time).
std::vector<double> probabilities_best(const std::vector<double>& values,
                                       const std::vector<std::vector<double>>& covariance,
                                       std::size_t draws) {
  const std::size_t n = values.size();
  const auto lower = cholesky(covariance);
  sim::RandomStream stream(sim::StreamKey{16, 0, 0, sim::mix(16, 4)});
  std::vector<double> wins(n, 0.0), z(n), draw(n);
  for (std::size_t d = 0; d < draws; ++d) {
    for (std::size_t i = 0; i < n; ++i) z[i] = stream.normal();
    for (std::size_t i = 0; i < n; ++i) {
      draw[i] = values[i];
      for (std::size_t k = 0; k <= i; ++k) draw[i] += lower[i][k] * z[k];
    }
    // Ties (candidates without variance at the same value) share the win.
    const double top = *std::max_element(draw.begin(), draw.end());
    const auto tied = static_cast<double>(std::count(draw.begin(), draw.end(), top));
    for (std::size_t i = 0; i < n; ++i) {
      if (draw[i] == top) wins[i] += 1.0 / tied;
    }
  }
  for (double& w : wins) w /= static_cast<double>(draws);
  return wins;
}

}  // namespace

std::vector<double> holm(const std::vector<double>& p) {
  std::vector<std::size_t> order(p.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> adjusted(p.size(), 1.0);
  double running = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    running = std::max(running, std::min(1.0, static_cast<double>(p.size() - k) * p[order[k]]));
    adjusted[order[k]] = running;
  }
  return adjusted;
}

namespace {

double two_sided_p(double value, double variance) {
  if (variance <= 0) return value == 0 ? 1.0 : 0.0;
  return 2 * boost::math::cdf(boost::math::complement(boost::math::normal(),
                                                      std::abs(value) / std::sqrt(variance)));
}

// The candidates are the arms `shown` (indices of the result's arms: no twins), against the arm
// `base_arm` (every one, not each arm's twin: net value counts all customers, whoever enters).
Choice choose(const RunResult& result, const std::vector<std::size_t>& shown,
              std::size_t base_arm) {
  constexpr std::size_t kDraws = 100000;
  const auto all = net_covariances(result, base_arm);
  const std::size_t arms = shown.size();
  std::vector<std::vector<double>> covariance(arms, std::vector<double>(arms, 0.0));
  std::vector<double> values(arms, 0.0);
  std::size_t base = 0;
  for (std::size_t i = 0; i < arms; ++i) {
    for (std::size_t j = 0; j < arms; ++j) covariance[i][j] = all[shown[i]][shown[j]];
    if (shown[i] == base_arm) {
      base = i;
      continue;
    }
    ArmFigures against_base;
    net_value(result, shown[i], base_arm, against_base);
    values[i] = against_base.net_value_per_entrant->value;
  }
  Choice choice;
  choice.draws = kDraws;
  const auto best = probabilities_best(values, covariance, kDraws);
  std::vector<double> raw;
  for (std::size_t a = 0; a < arms; ++a) {
    if (a != base) raw.push_back(two_sided_p(values[a], covariance[a][a]));
  }
  const auto adjusted = holm(raw);
  // Bonferroni over the m arms against the base: simultaneous coverage of at least 95%.
  const double z =
      boost::math::quantile(boost::math::normal(), 1 - 0.05 / (2 * static_cast<double>(arms - 1)));
  for (std::size_t a = 0, k = 0; a < arms; ++a) {
    ArmChoice arm{result.arm_names[shown[a]], {values[a], 0.0, 0.0}, 1.0, best[a]};
    if (a != base) {
      const double half = z * std::sqrt(covariance[a][a]);
      arm.net_value = {values[a], values[a] - half, values[a] + half};
      arm.holm_p = adjusted[k++];
    }
    choice.arms.push_back(arm);
  }
  std::vector<std::size_t> ranked(arms);
  std::iota(ranked.begin(), ranked.end(), std::size_t{0});
  std::stable_sort(ranked.begin(), ranked.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
  choice.best = ranked[0];
  choice.runner_up = ranked[1];
  const std::size_t t = ranked[0], r = ranked[1];
  const double lead_variance =
      std::max(0.0, covariance[t][t] + covariance[r][r] - 2 * covariance[t][r]);
  choice.lead = with_normal_interval(values[t] - values[r], lead_variance);
  choice.separated = *choice.lead.low > 0;
  const double lead = values[t] - values[r];
  if (!choice.separated && lead > 0) {
    const double z_sum = kZ975 + boost::math::quantile(boost::math::normal(), 0.8);
    choice.scale_needed = z_sum * z_sum * lead_variance / (lead * lead);
  }
  return choice;
}

// A figure per entrant of one arm (money or a rate) from the spread between its customers.
double per_customer_variance(const std::vector<ArmTally>& r, std::size_t arm, Paired figure,
                             double unit) {
  const PairedTally& paired = r[arm].paired;
  const auto entrants = static_cast<double>(r[arm].entrants);
  if (entrants <= 0) return 0.0;
  const double spread =
      total_spread(static_cast<double>(r[arm].customers), static_cast<double>(paired.sum(figure)),
                   static_cast<double>(paired.product(0, figure)));
  return unit * unit * std::max(0.0, spread) / (entrants * entrants);
}

// A money figure per entrant: t over replications, or normal on the spread between customers.
Estimate money_figure(const RunResult& result, std::size_t arm, Paired figure,
                      const PerReplication& per_replication) {
  if (result.tallies.size() >= 2) return over_replications(result, per_replication);
  const double value = per_replication(result.tallies[0]);
  return with_normal_interval(value, per_customer_variance(result.tallies[0], arm, figure, 0.01));
}

void level_figures(const RunResult& result, std::size_t arm, ArmFigures& figures) {
  auto per_entrant = [arm](auto amount) {
    return [arm, amount](const std::vector<ArmTally>& r) {
      return ratio(amount(r[arm]), static_cast<double>(r[arm].entrants));
    };
  };
  figures.complaints = share_figure(
      result, arm, per_entrant([](const ArmTally& t) {
        return static_cast<double>(total(t.series(Daily::kComplaints)));
      }),
      [arm](const auto& r) { return per_customer_variance(r, arm, Paired::kComplaints, 1.0); });
  figures.revenue_per_entrant =
      money_figure(result, arm, Paired::kRevenueCents, per_entrant([](const ArmTally& t) {
                     return static_cast<double>(t.entrant_cross_sell_cents) / 100.0;
                   }));
  figures.margin_per_entrant =
      money_figure(result, arm, Paired::kMarginCents, per_entrant([](const ArmTally& t) {
                     return static_cast<double>(t.entrant_cross_sell_margin_cents) / 100.0;
                   }));
  const auto retention =
      per_entrant([](const ArmTally& t) { return static_cast<double>(t.retained); });
  figures.retention = share_figure(result, arm, retention, [&](const auto& r) {
    const double p = retention(r);
    return ratio(p * (1 - p), static_cast<double>(r[arm].entrants));
  });
  figures.average_order_value = over_replications(result, [arm](const std::vector<ArmTally>& r) {
    return ratio(static_cast<double>(r[arm].entrant_cross_sell_cents) / 100.0,
                 static_cast<double>(total(r[arm].series(Daily::kCrossSellPurchases))));
  });
}

ArmFigures arm_figures(const RunResult& result, std::size_t arm, std::optional<std::size_t> base,
                       std::size_t lift_day) {
  ArmFigures figures;
  figures.arm = result.arm_names[arm];
  if (base && *base != arm) figures.baseline = result.arm_names[*base];
  figures.entrants = over_replications(result, [arm](const auto& r) {
                       return static_cast<double>(r[arm].entrants);
                     }).value;
  figures.emails_sent = over_replications(result, [arm](const auto& r) {
                          return static_cast<double>(total(r[arm].series(Daily::kSends)));
                        }).value;
  for (std::size_t i = 0; i < kConversionDays.size(); ++i) {
    if (kConversionDays[i] < result.days) {
      figures.conversion[i] =
          survival_figure(result, arm, kConversionDays[i], &ArmTally::conversion);
    }
  }
  const bool day_in_run = lift_day < result.days;
  if (day_in_run) {
    figures.unsubscribe = survival_figure(result, arm, lift_day, &ArmTally::unsubscribe);
    figures.conversion_at_lift_day = over_replications(result, [&](const auto& r) {
                                       return kaplan_meier(r[arm].conversion, lift_day).incidence;
                                     }).value;
  }
  level_figures(result, arm, figures);
  if (base && arm != *base) net_value(result, arm, *base, figures);
  if (!base || arm == *base || !day_in_run) return figures;
  std::tie(figures.lift, figures.relative_lift) = lifts(result, arm, *base, lift_day);
  Estimate incremental = *figures.lift;  // in converted customers: lift x entrants
  incremental.value *= figures.entrants;
  if (incremental.low) {
    *incremental.low *= figures.entrants;
    *incremental.high *= figures.entrants;
  }
  figures.incremental_conversions = incremental;
  if (incremental.value > 0) {
    figures.emails_per_incremental_conversion =
        Estimate{figures.emails_sent / incremental.value, std::nullopt, std::nullopt};
  }
  return figures;
}

std::vector<StepFigures> step_figures(const RunResult& result, std::size_t arm) {
  std::vector<StepFigures> steps;
  for (std::size_t s = 0; s < result.step_names[arm].size(); ++s) {
    StepFigures figures;
    figures.arm = result.arm_names[arm];
    figures.step = result.step_names[arm][s];
    auto mean = [&](auto field) {
      return over_replications(result,
                               [&](const std::vector<ArmTally>& r) {
                                 return static_cast<double>(field(r[arm].steps[s]));
                               })
          .value;
    };
    figures.sends = mean([](const StepTally& t) { return t.sends; });
    figures.opens = mean([](const StepTally& t) { return t.opens; });
    figures.clicks = mean([](const StepTally& t) { return t.clicks; });
    figures.orders = mean([](const StepTally& t) { return t.orders; });
    figures.delivered = mean([](const StepTally& t) { return t.delivered; });
    figures.exposure_orders = mean([](const StepTally& t) { return t.exposure_orders; });
    figures.unsubscribes = mean([](const StepTally& t) { return t.unsubscribes; });
    figures.complaints = mean([](const StepTally& t) { return t.complaints; });
    figures.capped_delayed = mean([](const StepTally& t) { return t.capped_delayed; });
    figures.capped_skipped = mean([](const StepTally& t) { return t.capped_skipped; });
    figures.quiet_delayed = mean([](const StepTally& t) { return t.quiet_delayed; });
    for (std::size_t m = 0; m < kAttributionCount; ++m) {
      figures.attributed[m] =
          mean([m](const StepTally& t) { return t.attributed_cents[m]; }) / 100.0;
    }
    // Only steps that sent have a counterfactual (the holdout's never send).
    if (result.attribution && figures.sends > 0) {
      figures.incremental = over_replications(result, [&](const std::vector<ArmTally>& r) {
        return static_cast<double>(r[arm].entrant_cross_sell_cents -
                                   r[arm].steps[s].without_step_cents) /
               100.0;
      });
    }
    steps.push_back(std::move(figures));
  }
  return steps;
}

}  // namespace

double t_quantile_975(std::size_t degrees) {
  return boost::math::quantile(boost::math::students_t(static_cast<double>(degrees)), 0.975);
}

Estimate wilson(double p, double variance, double fallback_n, double z) {
  const double n = variance > 0 && p > 0 && p < 1 ? p * (1 - p) / variance : fallback_n;
  if (!(n > 0)) return {p, std::nullopt, std::nullopt};
  const double z2 = z * z;
  const double denominator = 1 + z2 / n;
  const double center = (p + z2 / (2 * n)) / denominator;
  const double half =
      z / denominator * std::sqrt(std::max(0.0, p * (1 - p)) / n + z2 / (4 * n * n));
  return {p, std::max(0.0, center - half), std::min(1.0, center + half)};
}

namespace {

const std::string& twin_of(const RunResult& result, std::size_t arm) {
  static const std::string kNone;
  return arm < result.twin_of.size() ? result.twin_of[arm] : kNone;
}

// The no-send twin of `arm`, if the runner simulated one.
std::optional<std::size_t> twin_index(const RunResult& result, std::size_t arm) {
  for (std::size_t t = 0; t < result.twin_of.size(); ++t) {
    if (result.twin_of[t] == result.arm_names[arm]) return t;
  }
  return std::nullopt;
}

}  // namespace

std::string describe(IntervalMethod method, std::size_t replications) {
  const std::string over =
      std::to_string(replications) + (replications == 1 ? " replication" : " replications");
  switch (method) {
    case IntervalMethod::kOverReplications:
      return "t over " + over;
    case IntervalMethod::kPerCustomer:
      return "the spread between the customers of the one replication";
    case IntervalMethod::kPairedPerCustomer:
      return "paired per customer (the same customers under both arms), pooled over " + over;
    case IntervalMethod::kUnpairedPerCustomer:
      return "unpaired (the arms split the customers: the two arms' variances add), over " + over;
  }
  return "";
}

Comparison compare(const RunResult& result, std::size_t lift_day,
                   const std::optional<std::string>& baseline) {
  Comparison comparison;
  comparison.replications = result.tallies.size();
  comparison.lift_day = lift_day;
  comparison.levels = comparison.replications >= 2 ? IntervalMethod::kOverReplications
                                                   : IntervalMethod::kPerCustomer;
  comparison.differences =
      result.split_arms ? IntervalMethod::kUnpairedPerCustomer : IntervalMethod::kPairedPerCustomer;
  const std::string wanted = baseline.value_or(std::string(kHoldoutArm));
  std::optional<std::size_t> base;
  std::vector<std::size_t> shown;  // the scenario's arms, not the runner's no-send twins
  for (std::size_t a = 0; a < result.arm_names.size(); ++a) {
    if (result.arm_names[a] == wanted) base = a;
    if (twin_of(result, a).empty()) shown.push_back(a);
  }
  if (baseline && !base) {
    std::string arms;
    for (std::size_t a : shown) arms += (arms.empty() ? "" : ", ") + result.arm_names[a];
    throw std::invalid_argument("--baseline: no arm named " + *baseline +
                                " to compare against (arms: " + arms + ")");
  }
  if (base) comparison.baseline = wanted;
  for (std::size_t a : shown) {
    // By default an arm whose entry rules differ from the holdout's is compared with its twin.
    const auto twin = baseline ? std::nullopt : twin_index(result, a);
    comparison.arms.push_back(arm_figures(result, a, twin ? twin : base, lift_day));
    auto steps = step_figures(result, a);
    comparison.steps.insert(comparison.steps.end(), steps.begin(), steps.end());
  }
  if (base && shown.size() >= 2) comparison.choice = choose(result, shown, *base);
  return comparison;
}

}  // namespace xsellsim::models

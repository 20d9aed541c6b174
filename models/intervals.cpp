// Intervals of one arm's figures (models/intervals.hpp).
#include "models/intervals.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <numeric>

namespace xsellsim::models {

double ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : 0.0;
}

std::int64_t total(const std::vector<std::int64_t>& series) {
  return std::accumulate(series.begin(), series.end(), std::int64_t{0});
}

namespace {

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

}  // namespace

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

}  // namespace xsellsim::models

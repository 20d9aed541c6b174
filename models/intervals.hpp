#pragma once
// The intervals of one arm's own figures (docs/compare.md, "Intervals"): with R >= 2 replications
// over replications (t with R - 1 degrees of freedom); with one, from the spread between the
// customers (Greenwood's variance for a Kaplan-Meier share). Shares and rates get Wilson's score
// interval on the effective sample size, so that they never leave [0, 1].
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "models/metrics.hpp"

namespace xsellsim::models {

struct Estimate {
  double value = 0;
  std::optional<double> low, high;  // the 95% interval, when there is one
};

inline constexpr double kZ975 = 1.959963984540054;

// A figure of one replication (its arms' tallies).
using PerReplication = std::function<double(const std::vector<ArmTally>&)>;

double ratio(double numerator, double denominator);  // 0 when the denominator is not positive
std::int64_t total(const std::vector<std::int64_t>& series);

// Mean over replications of a figure, with a t interval when there are two or more.
Estimate over_replications(const RunResult& result, const PerReplication& figure);

// Kaplan-Meier share with the event by the end of `day`, and Greenwood's variance of it.
struct KaplanMeier {
  double incidence = 0;
  double variance = 0;
};
KaplanMeier kaplan_meier(const SurvivalTally& tally, std::size_t day);

Estimate with_normal_interval(double value, double variance);

double total_entrants(const RunResult& result, std::size_t arm);  // summed over replications

// A share or rate of an arm: Wilson's interval on the variance over replications (R >= 2, z from
// t) or on `one_run_variance` of the single replication.
Estimate share_figure(const RunResult& result, std::size_t arm, const PerReplication& figure,
                      const PerReplication& one_run_variance);

// A Kaplan-Meier share of an arm by `day` (conversion or unsubscribe).
Estimate survival_figure(const RunResult& result, std::size_t arm, std::size_t day,
                         SurvivalTally ArmTally::*which);

// The Wilson score interval of a share `p` whose estimate has `variance`, on the effective sample
// size p (1 - p) / variance (`fallback_n` when that is undefined: p = 0 or 1, or no variance), with
// the normal quantile `z`. Always within [0, 1].
Estimate wilson(double p, double variance, double fallback_n, double z);

// t quantile for a two-sided 95% interval with `degrees` degrees of freedom.
double t_quantile_975(std::size_t degrees);

}  // namespace xsellsim::models

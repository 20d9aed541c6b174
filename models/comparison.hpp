#pragma once
// What `xsellsim compare` reports: each arm's figures with 95% confidence intervals, its lift over
// the holdout, and each step's attributed and true incremental revenue (docs/compare.md).
//
// Intervals cover the simulation error of each figure for this population (the customers a run
// draws), not the error of a live test nor the uncertainty of the parameters (docs/compare.md).
// - Levels (one arm's figures): with R >= 2 replications, over replications (t with R - 1
//   degrees of freedom); with one, from the spread between customers (Greenwood's variance for a
//   Kaplan-Meier share). Shares and rates (conversion, unsubscribes, complaints, retention) get
//   the Wilson score interval on the effective sample size p (1 - p) / variance, so that they
//   never leave [0, 1]; money gets a normal interval.
// - Differences (an arm minus its baseline): from the per-customer paired sums of the run
//   (ArmTally::paired), pooled over replications: the variance of the per-customer difference,
//   var(x) + var(y) - 2 cov(x, y), so that one replication gives a paired interval and an arm that
//   changes nothing shows exactly [0, 0]. With split arms (customers not paired) the two arms'
//   variances add. A per-entrant figure's denominator, the arm's entrants, is taken as fixed.
// The computation is split by job: models/intervals.hpp (levels), models/paired_differences.hpp
// (differences), models/choice.hpp (choosing), models/curves.hpp (the same by day since entry).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/intervals.hpp"
#include "models/metrics.hpp"

namespace xsellsim::models {

inline constexpr std::array<std::size_t, 4> kConversionDays{30, 60, 90, 180};

// An arm's forecast intervals (run --parameter-draws K): the figure a run would show at parameters
// drawn from the scenario's distributions, parameter uncertainty and simulation error together
// (models/forecast_interval.hpp). Beside the simulation-only intervals, never instead of them.
struct Forecast {
  std::optional<Estimate> lift, incremental_conversions, net_value_per_entrant;
};

struct ArmFigures {
  std::string arm;
  // What the differences are against: the baseline, or the arm's no-send twin when its entry
  // rules differ from the holdout's (docs/compare.md, "Matched twins"). None for the baseline.
  std::optional<std::string> baseline;
  double entrants = 0;                                                     // mean over replications
  std::array<std::optional<Estimate>, kConversionDays.size()> conversion;  // none past the horizon
  std::optional<double> conversion_at_lift_day;  // Kaplan-Meier, mean over replications
  std::optional<Estimate> lift;                  // conversion minus the baseline's, at the lift day
  std::optional<Estimate> relative_lift;         // lift / holdout conversion
  std::optional<Estimate> incremental_conversions;  // lift x entrants
  std::optional<Estimate> unsubscribe;              // Kaplan-Meier share by the lift day
  Estimate complaints;                              // complaints per entrant
  Estimate revenue_per_entrant;  // entrants' cross-sell revenue, net of discounts, refunds
  Estimate average_order_value;  // that revenue per cross-sell order
  Estimate margin_per_entrant;   // revenue less the goods' cost
  Estimate retention;            // share of entrants buying again 91-180 days after entry
  std::optional<Estimate> emails_per_incremental_conversion;  // none unless the lift is positive
  double emails_sent = 0;                                     // mean over replications
  // Net value per entrant against the holdout (docs/model.md, "Money"): incremental margin of all
  // the arm's orders, less send costs, less the value of the subscribers lost. None for the
  // holdout itself or without one.
  std::optional<Estimate> net_value_per_entrant;
  std::optional<Estimate> incremental_margin_per_entrant;
  std::optional<Estimate> send_cost_per_entrant;
  std::optional<Estimate> subscriber_value_lost_per_entrant;
  // The arm's totals minus the baseline's, per entrant of the arm: entrants' cross-sell revenue
  // and margin, emails, unsubscribes, complaints. None for the baseline itself.
  std::optional<Estimate> incremental_revenue_per_entrant;
  std::optional<Estimate> incremental_cross_sell_margin_per_entrant;
  std::optional<Estimate> incremental_emails_per_entrant;
  std::optional<Estimate> incremental_unsubscribes_per_entrant;
  std::optional<Estimate> incremental_complaints_per_entrant;
  std::optional<Forecast>
      forecast;  // with parameter draws (2 blocks or more), not for the baseline
};

struct StepFigures {
  std::string arm;
  std::string step;                                     // "sequence.step"
  double sends = 0, opens = 0, clicks = 0, orders = 0;  // means over replications
  double delivered = 0, exposure_orders = 0, unsubscribes = 0, complaints = 0;
  double capped_delayed = 0, capped_skipped = 0, quiet_delayed = 0;  // emails held or dropped
  std::array<double, kAttributionCount> attributed{};  // revenue, means over replications
  std::optional<Estimate> incremental;  // the arm's revenue minus the revenue without the step
};

// How an interval was computed, for the footnote and json.
enum class IntervalMethod : std::uint8_t {
  kOverReplications,    // t over replications
  kPerCustomer,         // the spread between customers of one replication
  kPairedPerCustomer,   // differences: paired per customer, pooled over replications
  kUnpairedPerCustomer  // differences of split arms: the two arms' variances added
};

// Which arm to launch, on net value per entrant (docs/compare.md, "Choosing"). The candidates are
// every arm, the baseline included (its net value against itself is 0: "send nothing" or keep
// the baseline's cadence).
struct ArmChoice {
  std::string arm;
  Estimate net_value;  // against the baseline, with the simultaneous (Bonferroni) interval
  double holm_p = 1;   // Holm-adjusted p-value of "no difference from the baseline"
  double probability_best = 0;
};
struct Choice {
  std::vector<ArmChoice> arms;  // in arm order, the baseline included
  std::size_t best = 0;         // index in arms: the highest net value
  std::optional<std::size_t> runner_up;
  Estimate lead;           // best minus runner-up, paired, 95% (none without a runner-up)
  bool separated = false;  // the lead's interval excludes 0
  // How many times the customers (or the replications) would make the lead's interval exclude 0
  // with 80% power, (2.80 se / lead)^2, when it does not yet; none when the lead is 0.
  std::optional<double> scale_needed;
  std::size_t draws = 0;  // normal draws behind probability_best
};

struct Comparison {
  std::size_t replications = 0;
  std::size_t lift_day = 90;
  std::optional<std::string> baseline;  // the arm the differences are against (none without one)
  IntervalMethod levels = IntervalMethod::kPerCustomer;
  IntervalMethod differences = IntervalMethod::kPairedPerCustomer;
  std::vector<ArmFigures> arms;
  std::vector<StepFigures> steps;
  std::optional<Choice> choice;      // with a baseline and another arm
  std::size_t parameter_blocks = 0;  // K of run --parameter-draws K; 0 without
};

// `lift_day` is a day since entry; differences are against `baseline`, by default the arm named
// "holdout" (none without it). Throws std::invalid_argument if a baseline named is not an arm.
Comparison compare(const RunResult& result, std::size_t lift_day = 90,
                   const std::optional<std::string>& baseline = std::nullopt);

// Holm's step-down adjustment of p-values (Holm 1979): the k-th smallest times (m - k + 1), made
// monotone, at most 1.
std::vector<double> holm(const std::vector<double>& p);

// What an interval method means, in words (table footnotes, json).
std::string describe(IntervalMethod method, std::size_t replications);

}  // namespace xsellsim::models

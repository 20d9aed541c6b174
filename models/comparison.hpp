#pragma once
// What `xsellsim compare` reports: each arm's figures with 95% confidence intervals, its lift over
// the holdout, and each step's attributed and true incremental revenue (docs/compare.md).
//
// Intervals. With R >= 2 replications every figure is computed per replication and the interval
// is mean +- t(0.975, R-1) sd / sqrt(R); the lift is the mean of the per-replication differences
// arm - holdout, which the common random numbers make paired (same customers in both). With one
// replication, proportions get Greenwood's Kaplan-Meier interval and the lift the interval of a
// difference of independent estimates (conservative: the pairing only narrows it); figures with
// no within-run variance estimate (revenue, order value, margin) get none.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/metrics.hpp"

namespace xsellsim::models {

struct Estimate {
  double value = 0;
  std::optional<double> low, high;  // the 95% interval, when there is one
};

inline constexpr std::array<std::size_t, 4> kConversionDays{30, 60, 90, 180};

struct ArmFigures {
  std::string arm;
  double entrants = 0;                                                     // mean over replications
  std::array<std::optional<Estimate>, kConversionDays.size()> conversion;  // none past the horizon
  std::optional<Estimate> lift;           // conversion minus the holdout's, at the lift day
  std::optional<Estimate> relative_lift;  // lift / holdout conversion
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

struct Comparison {
  std::size_t replications = 0;
  std::size_t lift_day = 90;
  std::vector<ArmFigures> arms;
  std::vector<StepFigures> steps;
};

// `lift_day` is a day since entry; the holdout is the arm named "holdout" (no lift without one).
Comparison compare(const RunResult& result, std::size_t lift_day = 90);

// t quantile for a two-sided 95% interval with `degrees` degrees of freedom.
double t_quantile_975(std::size_t degrees);

}  // namespace xsellsim::models

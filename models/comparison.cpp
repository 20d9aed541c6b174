#include "models/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/choice.hpp"
#include "models/forecast_interval.hpp"
#include "models/intervals.hpp"
#include "models/paired_differences.hpp"
#include "models/parameters.hpp"

namespace xsellsim::models {

namespace {

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
  add_forecasts(result, lift_day, baseline, comparison);
  return comparison;
}

}  // namespace xsellsim::models

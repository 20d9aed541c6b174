#include "models/comparison.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <functional>
#include <numeric>

namespace xsellsim::models {

namespace {

using PerReplication = std::function<double(const std::vector<ArmTally>&)>;

double ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : 0.0;
}

std::int64_t total(const std::vector<std::int64_t>& series) {
  return std::accumulate(series.begin(), series.end(), std::int64_t{0});
}

// Mean over replications of a figure, with a t interval when there are two or more.
Estimate over_replications(const RunResult& result, const PerReplication& figure) {
  std::vector<double> values;
  for (const auto& replication : result.tallies) values.push_back(figure(replication));
  const double n = static_cast<double>(values.size());
  Estimate estimate;
  estimate.value = std::accumulate(values.begin(), values.end(), 0.0) / n;
  if (values.size() < 2) return estimate;
  double squares = 0;
  for (double v : values) squares += (v - estimate.value) * (v - estimate.value);
  const double half = t_quantile_975(values.size() - 1) * std::sqrt(squares / (n - 1) / n);
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
  const double half = 1.959963984540054 * std::sqrt(variance);
  return {value, value - half, value + half};
}

// A Kaplan-Meier figure of an arm: per replication when there are several, else Greenwood.
Estimate survival_figure(const RunResult& result, std::size_t arm, std::size_t day,
                         SurvivalTally ArmTally::*which) {
  if (result.tallies.size() >= 2) {
    return over_replications(result, [&](const std::vector<ArmTally>& r) {
      return kaplan_meier(r[arm].*which, day).incidence;
    });
  }
  const KaplanMeier km = kaplan_meier(result.tallies[0][arm].*which, day);
  return with_normal_interval(km.incidence, km.variance);
}

// Arm minus holdout conversion, absolute and relative: paired per replication when there are
// several; else the independent-difference interval (and the delta method for the ratio).
std::pair<Estimate, Estimate> lifts(const RunResult& result, std::size_t arm, std::size_t holdout,
                                    std::size_t day) {
  if (result.tallies.size() >= 2) {
    auto conversion = [&](const std::vector<ArmTally>& r, std::size_t a) {
      return kaplan_meier(r[a].conversion, day).incidence;
    };
    return {over_replications(
                result, [&](const auto& r) { return conversion(r, arm) - conversion(r, holdout); }),
            over_replications(result, [&](const auto& r) {
              return ratio(conversion(r, arm), conversion(r, holdout)) - 1.0;
            })};
  }
  const KaplanMeier a = kaplan_meier(result.tallies[0][arm].conversion, day);
  const KaplanMeier h = kaplan_meier(result.tallies[0][holdout].conversion, day);
  const double relative_variance =
      h.incidence > 0 ? a.variance / (h.incidence * h.incidence) +
                            a.incidence * a.incidence * h.variance / std::pow(h.incidence, 4)
                      : 0.0;
  return {with_normal_interval(a.incidence - h.incidence, a.variance + h.variance),
          with_normal_interval(ratio(a.incidence, h.incidence) - 1.0, relative_variance)};
}

// Each component per entrant of the arm, arm minus holdout within each replication (paired).
// The components are totals over all of an arm's customers; when arms split the customers, the
// holdout's is scaled to the arm's number of customers first.
void net_value(const RunResult& result, std::size_t arm, std::size_t holdout, ArmFigures& figures) {
  auto paired = [&](auto component) {
    return over_replications(result, [&, component](const std::vector<ArmTally>& r) {
      const double scale =
          ratio(static_cast<double>(r[arm].customers), static_cast<double>(r[holdout].customers));
      return ratio(component(r[arm]) - scale * component(r[holdout]),
                   static_cast<double>(r[arm].entrants));
    });
  };
  auto margin = [](const ArmTally& t) { return static_cast<double>(t.margin_cents) / 100.0; };
  auto send_costs = [cost = result.send_cost](const ArmTally& t) {
    return cost * static_cast<double>(total(t.series(Daily::kSends)));
  };
  auto subscribers = [](const ArmTally& t) {
    return static_cast<double>(t.subscriber_value_cents) / 100.0;
  };
  figures.incremental_margin_per_entrant = paired(margin);
  figures.send_cost_per_entrant = paired(send_costs);
  figures.subscriber_value_lost_per_entrant =
      paired([&](const ArmTally& t) { return -subscribers(t); });
  figures.net_value_per_entrant =
      paired([&](const ArmTally& t) { return margin(t) - send_costs(t) + subscribers(t); });
}

ArmFigures arm_figures(const RunResult& result, std::size_t arm, std::optional<std::size_t> holdout,
                       std::size_t lift_day) {
  ArmFigures figures;
  figures.arm = result.arm_names[arm];
  auto per_entrant = [arm](auto amount) {
    return [arm, amount](const std::vector<ArmTally>& r) {
      return ratio(amount(r[arm]), static_cast<double>(r[arm].entrants));
    };
  };
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
  }
  figures.complaints =
      over_replications(result, per_entrant([](const ArmTally& t) {
                          return static_cast<double>(total(t.series(Daily::kComplaints)));
                        }));
  figures.revenue_per_entrant =
      over_replications(result, per_entrant([](const ArmTally& t) {
                          return static_cast<double>(t.entrant_cross_sell_cents) / 100.0;
                        }));
  figures.margin_per_entrant =
      over_replications(result, per_entrant([](const ArmTally& t) {
                          return static_cast<double>(t.entrant_cross_sell_margin_cents) / 100.0;
                        }));
  figures.retention = over_replications(
      result, per_entrant([](const ArmTally& t) { return static_cast<double>(t.retained); }));
  figures.average_order_value = over_replications(result, [arm](const std::vector<ArmTally>& r) {
    return ratio(static_cast<double>(r[arm].entrant_cross_sell_cents) / 100.0,
                 static_cast<double>(total(r[arm].series(Daily::kCrossSellPurchases))));
  });
  if (holdout && arm != *holdout) net_value(result, arm, *holdout, figures);
  if (!holdout || arm == *holdout || !day_in_run) return figures;
  std::tie(figures.lift, figures.relative_lift) = lifts(result, arm, *holdout, lift_day);
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

Comparison compare(const RunResult& result, std::size_t lift_day) {
  Comparison comparison;
  comparison.replications = result.tallies.size();
  comparison.lift_day = lift_day;
  std::optional<std::size_t> holdout;
  for (std::size_t a = 0; a < result.arm_names.size(); ++a) {
    if (result.arm_names[a] == "holdout") holdout = a;
  }
  for (std::size_t a = 0; a < result.arm_names.size(); ++a) {
    comparison.arms.push_back(arm_figures(result, a, holdout, lift_day));
    auto steps = step_figures(result, a);
    comparison.steps.insert(comparison.steps.end(), steps.begin(), steps.end());
  }
  return comparison;
}

}  // namespace xsellsim::models

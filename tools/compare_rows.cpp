// The figures `compare` shows, named once for every rendering (tools/compare_rows.hpp).
#include "tools/compare_rows.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace xsellsim::tools {

using models::Estimate;

std::string number(double x, Unit unit) {
  switch (unit) {
    case Unit::kPercent:
      return fmt::format("{:.2f}%", 100 * x);
    case Unit::kPoints:
      return fmt::format("{:+.2f}", 100 * x);
    case Unit::kCount:
      return fmt::format("{:.0f}", x);
    case Unit::kMoney:
      return fmt::format("{:.2f}", x);
    case Unit::kSmallPercent:
      return fmt::format("{:.3f}%", 100 * x);
    case Unit::kDecimal:
      return fmt::format("{:.1f}", x);
  }
  return "";
}

std::string cell(const std::optional<Estimate>& e, Unit unit) {
  if (!e) return "-";
  std::string text = number(e->value, unit);
  if (e->low) text += fmt::format(" [{}, {}]", number(*e->low, unit), number(*e->high, unit));
  return text;
}

std::optional<Estimate> exact(double value) { return Estimate{value, std::nullopt, std::nullopt}; }

std::vector<Row> arm_rows(const models::Comparison& c, const std::string& currency) {
  std::vector<Row> rows;
  auto add = [&](std::string metric, std::string label, Unit unit, auto pick) {
    Row row{std::move(metric), std::move(label), unit, {}};
    for (const auto& arm : c.arms) row.values.push_back(pick(arm));
    rows.push_back(std::move(row));
  };
  const std::string day = std::to_string(c.lift_day);
  add("entrants", "entrants", Unit::kCount, [](const auto& a) { return exact(a.entrants); });
  add("net_value_per_entrant", "net value per entrant (" + currency + ")", Unit::kMoney,
      [](const auto& a) { return a.net_value_per_entrant; });
  const bool forecasts = c.parameter_blocks >= 2;  // the forecast interval beside each
  auto forecast = [](auto pick) {
    return [pick](const models::ArmFigures& a) {
      return a.forecast ? pick(*a.forecast) : std::optional<Estimate>();
    };
  };
  if (forecasts) {
    add("forecast_net_value_per_entrant", "  forecast (parameters too)", Unit::kMoney,
        forecast([](const models::Forecast& f) { return f.net_value_per_entrant; }));
  }
  add("incremental_margin_per_entrant", "  incremental margin", Unit::kMoney,
      [](const auto& a) { return a.incremental_margin_per_entrant; });
  add("send_cost_per_entrant", "  - send costs", Unit::kMoney,
      [](const auto& a) { return a.send_cost_per_entrant; });
  add("subscriber_value_lost_per_entrant", "  - subscribers lost", Unit::kMoney,
      [](const auto& a) { return a.subscriber_value_lost_per_entrant; });
  for (std::size_t i = 0; i < models::kConversionDays.size(); ++i) {
    const auto d = std::to_string(models::kConversionDays[i]);
    add("conversion_" + d, "conversion by day " + d, Unit::kPercent,
        [i](const auto& a) { return a.conversion[i]; });
  }
  add("lift_" + day, "lift at day " + day + " (points)", Unit::kPoints,
      [](const auto& a) { return a.lift; });
  if (forecasts) {
    add("forecast_lift_" + day, "  forecast (parameters too)", Unit::kPoints,
        forecast([](const models::Forecast& f) { return f.lift; }));
  }
  add("relative_lift_" + day, "relative lift", Unit::kPercent,
      [](const auto& a) { return a.relative_lift; });
  add("incremental_conversions_" + day, "incremental conversions", Unit::kCount,
      [](const auto& a) { return a.incremental_conversions; });
  if (forecasts) {
    add("forecast_incremental_conversions_" + day, "  forecast (parameters too)", Unit::kCount,
        forecast([](const models::Forecast& f) { return f.incremental_conversions; }));
  }
  add("unsubscribe_" + day, "unsubscribed by day " + day, Unit::kPercent,
      [](const auto& a) { return a.unsubscribe; });
  add("incremental_revenue_per_entrant", "incremental revenue per entrant", Unit::kMoney,
      [](const auto& a) { return a.incremental_revenue_per_entrant; });
  add("incremental_cross_sell_margin_per_entrant", "incremental cross-sell margin", Unit::kMoney,
      [](const auto& a) { return a.incremental_cross_sell_margin_per_entrant; });
  add("incremental_emails_per_entrant", "extra emails per entrant", Unit::kMoney,
      [](const auto& a) { return a.incremental_emails_per_entrant; });
  add("incremental_unsubscribes_per_entrant", "extra unsubscribes per entrant", Unit::kSmallPercent,
      [](const auto& a) { return a.incremental_unsubscribes_per_entrant; });
  add("incremental_complaints_per_entrant", "extra complaints per entrant", Unit::kSmallPercent,
      [](const auto& a) { return a.incremental_complaints_per_entrant; });
  add("complaints_per_entrant", "complaints per entrant", Unit::kSmallPercent,
      [](const auto& a) { return std::optional(a.complaints); });
  add("revenue_per_entrant", "revenue per entrant (" + currency + ")", Unit::kMoney,
      [](const auto& a) { return std::optional(a.revenue_per_entrant); });
  add("average_order_value", "average order (" + currency + ")", Unit::kMoney,
      [](const auto& a) { return std::optional(a.average_order_value); });
  add("margin_per_entrant", "margin per entrant (" + currency + ")", Unit::kMoney,
      [](const auto& a) { return std::optional(a.margin_per_entrant); });
  add("retention", "bought again days 91-180", Unit::kPercent,
      [](const auto& a) { return std::optional(a.retention); });
  add("emails_sent", "emails sent", Unit::kCount,
      [](const auto& a) { return exact(a.emails_sent); });
  add("emails_per_incremental_conversion", "emails per incremental conv.", Unit::kDecimal,
      [](const auto& a) { return a.emails_per_incremental_conversion; });
  return rows;
}

std::string recommendation(const models::Comparison& c, const std::string& currency) {
  const models::Choice& choice = *c.choice;
  const auto& best = choice.arms[choice.best];
  const auto& next = choice.arms[*choice.runner_up];
  const std::string lead =
      fmt::format("{:+.2f} [{:+.2f}, {:+.2f}] {} per entrant", choice.lead.value, *choice.lead.low,
                  *choice.lead.high, currency);
  if (choice.separated) {
    const std::string what = best.arm == *c.baseline ? fmt::format("Keep {}", best.arm)
                                                     : fmt::format("Launch {}", best.arm);
    return fmt::format("{}: ahead of {} by {} in net value (P(best) {:.1f}%).", what, next.arm,
                       lead, 100 * best.probability_best);
  }
  std::string text = fmt::format(
      "No arm can be told apart at this precision: {} leads {} by {} in net value (P(best) "
      "{:.1f}%)",
      best.arm, next.arm, lead, 100 * best.probability_best);
  if (choice.scale_needed) {
    const double entrants = c.arms[choice.best].entrants;
    text += fmt::format(
        "; about {:.1f} times the customers would separate them with 80% power ({:.0f} entrants "
        "per arm, or {:.0f} replications)",
        *choice.scale_needed, std::ceil(entrants * *choice.scale_needed),
        std::ceil(static_cast<double>(c.replications) * *choice.scale_needed));
  }
  return text + ".";
}
IntervalNotes interval_notes(const models::Comparison& c) {
  std::vector<std::string> twinned;
  for (const auto& arm : c.arms) {
    if (arm.baseline && c.baseline && *arm.baseline != *c.baseline) twinned.push_back(arm.arm);
  }
  const std::string twins =
      twinned.empty()
          ? std::string()
          : fmt::format(
                "; {} against {} no-send twin (the same entry rules on the same customers, "
                "sending nothing: {} who enters)",
                fmt::join(twinned, ", "), twinned.size() == 1 ? "its" : "their",
                twinned.size() == 1 ? "it changes" : "they change");
  return {
      "the simulation error of each figure for this population (not a live test's sampling "
      "error, not parameter uncertainty: see --live)",
      models::describe(c.levels, c.replications) +
          "; shares and rates: Wilson score interval on the effective sample size",
      c.baseline ? fmt::format("against {}{}, day {} since entry for the lift: {}", *c.baseline,
                               twins, c.lift_day, models::describe(c.differences, c.replications))
                 : std::string("none: no holdout (name one with --baseline)")};
}
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

std::string optional_number(const std::optional<double>& x) {
  return x ? fmt::format("{:.10g}", *x) : std::string();
}

std::vector<std::pair<const char*, double>> step_counts(const models::StepFigures& step) {
  return {{"sends", step.sends},
          {"delivered", step.delivered},
          {"opens", step.opens},
          {"clicks", step.clicks},
          {"orders", step.orders},
          {"exposure_orders", step.exposure_orders},
          {"unsubscribes", step.unsubscribes},
          {"complaints", step.complaints},
          {"capped_delayed", step.capped_delayed},
          {"capped_skipped", step.capped_skipped},
          {"quiet_delayed", step.quiet_delayed}};
}

std::vector<LivePlan> live_plans(const models::Comparison& c,
                                 const models::LiveTestDesign& design) {
  std::vector<LivePlan> plans;
  const auto base = std::find_if(c.arms.begin(), c.arms.end(),
                                 [&](const auto& a) { return c.baseline && a.arm == *c.baseline; });
  if (base == c.arms.end() || !base->conversion_at_lift_day) return plans;
  for (const auto& arm : c.arms) {
    if (&arm == &*base || !arm.conversion_at_lift_day) continue;
    plans.push_back({arm.arm, models::plan_live_test(*arm.conversion_at_lift_day,
                                                     *base->conversion_at_lift_day, design)});
  }
  return plans;
}

std::string needed(const models::LiveTestPlan& plan) {
  return plan.customers_needed ? fmt::format("{:.0f}", *plan.customers_needed)
                               : std::string("never (no lift)");
}

}  // namespace xsellsim::tools

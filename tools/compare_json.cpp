// `compare --format json` (tools/compare_json.hpp).
#include "tools/compare_json.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

#include "models/forecast_interval.hpp"
#include "scenarios/quoted_string.hpp"
#include "tools/compare_rows.hpp"

namespace xsellsim::tools {

using models::Estimate;

std::string json_string(const std::string& text) { return scenarios::quoted_string(text); }

namespace {

// A swept value as json: numbers as numbers, strings as strings, other TOML as its text.
std::string json_parameter(const std::string& toml) {
  const output::ParameterValue value = output::parse_parameter(toml);
  switch (value.kind) {
    case output::ParameterValue::Kind::kInteger:
      return std::to_string(value.integer);
    case output::ParameterValue::Kind::kReal:
      return fmt::format("{}", value.real);
    default:
      return json_string(value.text);
  }
}

}  // namespace

std::string json_estimate(const std::optional<Estimate>& e) {
  if (!e) return "null";
  auto value = [](const std::optional<double>& x) {
    return x && std::isfinite(*x) ? fmt::format("{:.10g}", *x) : std::string("null");
  };
  return fmt::format(R"({{"value": {}, "low": {}, "high": {}}})", value(e->value), value(e->low),
                     value(e->high));
}

namespace {

// An arm's forecast intervals: {"method", "blocks", and per figure {"value", "low", "high"}}.
std::string json_forecast(const models::Comparison& c, const models::ArmFigures& arm) {
  if (!arm.forecast) return "null";
  const std::string day = std::to_string(c.lift_day);
  return fmt::format(
      R"({{"method": {}, "blocks": {}, "lift_{}": {}, "incremental_conversions_{}": {}, )"
      R"("net_value_per_entrant": {}}})",
      json_string(models::describe_forecast(c.parameter_blocks, c.replications)),
      c.parameter_blocks, day, json_estimate(arm.forecast->lift), day,
      json_estimate(arm.forecast->incremental_conversions),
      json_estimate(arm.forecast->net_value_per_entrant));
}

std::string json_choice(const models::Comparison& c, const std::string& currency) {
  if (!c.choice) return "null";
  std::vector<std::string> arms;
  for (const auto& arm : c.choice->arms) {
    arms.push_back(fmt::format(
        R"({}: {{"net_value": {}, "holm_p": {:.10g}, "probability_best": {:.10g}}})",
        json_string(arm.arm), json_estimate(arm.net_value), arm.holm_p, arm.probability_best));
  }
  const auto& choice = *c.choice;
  return fmt::format(
      R"({{"method": {}, "arms": {{{}}}, "best": {}, "runner_up": {}, "lead": {}, "separated": {}, )"
      R"("scale_needed": {}, "recommendation": {}}})",
      json_string(kChoiceMethod), fmt::join(arms, ", "), json_string(choice.arms[choice.best].arm),
      json_string(choice.arms[*choice.runner_up].arm), json_estimate(choice.lead),
      choice.separated ? "true" : "false",
      choice.scale_needed ? fmt::format("{:.10g}", *choice.scale_needed) : std::string("null"),
      json_string(recommendation(c, currency)));
}

std::string json_point(const models::Comparison& c, const std::string& currency, std::size_t index,
                       const output::ResultsPoint& point, const std::string& live) {
  std::vector<std::string> parameters, arms, steps;
  for (const auto& [key, value] : point.parameters) {
    parameters.push_back(fmt::format("{}: {}", json_string(key), json_parameter(value)));
  }
  const auto rows = arm_rows(c, currency);
  for (std::size_t a = 0; a < c.arms.size(); ++a) {
    std::vector<std::string> metrics;
    metrics.reserve(rows.size());
    for (const auto& row : rows) {
      metrics.push_back(
          fmt::format("{}: {}", json_string(row.metric), json_estimate(row.values[a])));
    }
    arms.push_back(
        fmt::format(R"({{"arm": {}, "baseline": {}, "metrics": {{{}}}, "forecast": {}}})",
                    json_string(c.arms[a].arm),
                    c.arms[a].baseline ? json_string(*c.arms[a].baseline) : std::string("null"),
                    fmt::join(metrics, ", "), json_forecast(c, c.arms[a])));
  }
  for (const auto& step : c.steps) {
    std::vector<std::string> attributed;
    for (std::size_t m = 0; m < kRuleNames.size(); ++m) {
      attributed.push_back(fmt::format("\"{}\": {:.10g}", kRuleNames[m], step.attributed[m]));
    }
    std::vector<std::string> counts;
    for (auto [metric, value] : step_counts(step)) {
      counts.push_back(fmt::format("\"{}\": {}", metric, value));
    }
    steps.push_back(fmt::format(
        R"({{"arm": {}, "step": {}, {}, "revenue": {{{}}}, "incremental_revenue": {}}})",
        json_string(step.arm), json_string(step.step), fmt::join(counts, ", "),
        fmt::join(attributed, ", "), json_estimate(step.incremental)));
  }
  const IntervalNotes notes = interval_notes(c);
  const std::string intervals = fmt::format(
      R"({{"covers": {}, "levels": {}, "differences": {}, "paired": {}}})",
      json_string(notes.covers), json_string(notes.levels), json_string(notes.differences),
      c.differences == models::IntervalMethod::kPairedPerCustomer ? "true" : "false");
  return fmt::format(
      R"({{"point": {}, "parameters": {{{}}}, "baseline": {}, "intervals": {}, "arms": [{}], "steps": [{}], )"
      R"("live": {}, "choice": {}}})",
      index, fmt::join(parameters, ", "),
      c.baseline ? json_string(*c.baseline) : std::string("null"), intervals, fmt::join(arms, ", "),
      fmt::join(steps, ", "), live, json_choice(c, currency));
}

std::string json_live(const models::Comparison& c,
                      const std::optional<models::LiveTestDesign>& design) {
  if (!design) return "null";
  std::vector<std::string> arms;
  for (const auto& [arm, plan] : live_plans(c, *design)) {
    arms.push_back(fmt::format(
        R"({}: {{"interval": {{"value": {:.10g}, "low": {:.10g}, "high": {:.10g}}}, "power": {:.10g}, "mde": {:.10g}, "customers_needed": {}}})",
        json_string(arm), plan.lift, plan.low, plan.high, plan.power,
        plan.minimum_detectable_effect,
        plan.customers_needed ? fmt::format("{:.0f}", *plan.customers_needed) : "null"));
  }
  const std::string covers =
      "population sampling error of a live test: two-proportion normal approximation with the "
      "simulated rates";
  return fmt::format(
      R"({{"customers": {:.10g}, "holdout_share": {:.10g}, "alpha": {:.10g}, "power": {:.10g}, )"
      R"("covers": {}, "arms": {{{}}}}})",
      design->customers, design->holdout_share, design->alpha, design->power, json_string(covers),
      fmt::join(arms, ", "));
}

}  // namespace

std::string compare_json(const output::ResultsFile& file,
                         const std::vector<models::Comparison>& comparisons,
                         const std::vector<std::size_t>& shown, std::size_t day,
                         const std::optional<models::LiveTestDesign>& design) {
  const std::string& currency = file.metadata.currency;
  std::vector<std::string> points;
  points.reserve(shown.size());
  for (std::size_t k : shown) {
    points.push_back(
        json_point(comparisons[k], currency, k, file.points[k], json_live(comparisons[k], design)));
  }
  return fmt::format(
      "{{\"format_version\": 2, \"currency\": {}, \"replications\": {}, \"lift_day\": {}, "
      "\"points\": [{}]}}",
      json_string(currency), comparisons[shown[0]].replications, day, fmt::join(points, ", "));
}

}  // namespace xsellsim::tools

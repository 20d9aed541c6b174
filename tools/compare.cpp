// `xsellsim compare OUT.h5`: every arm with 95% intervals, its lift over the holdout, and each
// step's attributed revenue beside its true incremental revenue (models/comparison.hpp), as an
// aligned table, CSV or JSON, for every point of a sweep.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>

#include "models/comparison.hpp"
#include "models/live_test.hpp"
#include "output/results_file.hpp"
#include "output/schema.hpp"
#include "scenarios/quoted_string.hpp"
#include "tools/commands.hpp"
#include "tools/summary.hpp"
#include "tools/terminal.hpp"

namespace xsellsim::tools {

namespace {

using models::Estimate;

// One row of figures: a name and, per arm, an estimate (or nothing) in a unit.
enum class Unit { kPercent, kSmallPercent, kPoints, kCount, kMoney, kDecimal };

struct Row {
  std::string metric;  // machine name (csv, json)
  std::string label;   // for people (table)
  Unit unit;
  std::vector<std::optional<Estimate>> values;  // [arm]
};

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
  add("relative_lift_" + day, "relative lift", Unit::kPercent,
      [](const auto& a) { return a.relative_lift; });
  add("incremental_conversions_" + day, "incremental conversions", Unit::kCount,
      [](const auto& a) { return a.incremental_conversions; });
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

constexpr std::array<const char*, models::kAttributionCount> kRuleNames{"last_touch", "first_touch",
                                                                        "linear", "time_decay"};

// What the frequency cap and quiet hours did to each step's emails: a cap that never binds shows
// as one that held nothing.
void print_policy_table(const models::Comparison& c) {
  auto held = [](const models::StepFigures& step) {
    return step.capped_delayed + step.capped_skipped + step.quiet_delayed > 0;
  };
  if (std::none_of(c.steps.begin(), c.steps.end(), held)) {
    fmt::print("\nPolicy: the frequency cap and quiet hours held or dropped no email.\n");
    return;
  }
  std::size_t width = 28;
  for (const auto& step : c.steps) width = std::max(width, step.arm.size() + 2 + step.step.size());
  fmt::print("\nPolicy: emails held or dropped, per replication\n");
  fmt::print("{:<{}} {:>8} {:>12} {:>12} {:>13}\n", "arm: step", width, "sends", "cap delayed",
             "cap skipped", "quiet delayed");
  for (const auto& step : c.steps) {
    if (!held(step)) continue;
    fmt::print("{:<{}} {:>8.0f} {:>12.0f} {:>12.0f} {:>13.0f}\n", step.arm + ": " + step.step,
               width, step.sends, step.capped_delayed, step.capped_skipped, step.quiet_delayed);
  }
}

// ---------------------------------------------------------------------------------------------
// Choosing

constexpr const char* kChoiceMethod =
    "net value per entrant against the baseline: simultaneous 95% intervals over the arms "
    "(Bonferroni), Holm-adjusted p-values of no difference, the probability of being best from "
    "100000 draws of the normal approximation of the paired estimates (their covariances "
    "included)";

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

void print_choice(const models::Comparison& c, const std::string& currency) {
  if (!c.choice) return;
  fmt::print("\nChoosing on net value per entrant ({}) against {}\n", currency, *c.baseline);
  fmt::print("{:<16} {:>28} {:>10} {:>8}\n", "arm", "net value [simultaneous 95%]", "Holm p",
             "P(best)");
  for (const auto& arm : c.choice->arms) {
    const bool base = arm.arm == *c.baseline;
    fmt::print("{:<16} {:>28} {:>10} {:>7.1f}%\n", arm.arm,
               base ? std::string("0 (baseline)")
                    : fmt::format("{:+.2f} [{:+.2f}, {:+.2f}]", arm.net_value.value,
                                  *arm.net_value.low, *arm.net_value.high),
               base                 ? std::string("-")
               : arm.holm_p < 1e-16 ? std::string("<1e-16")  // below double precision near 1
                                    : fmt::format("{:.2g}", arm.holm_p),
               100 * arm.probability_best);
  }
  fmt::print("{}\n{}\n", kChoiceMethod, recommendation(c, currency));
}

// What the intervals cover and how they were computed (the same words as json's "intervals").
struct IntervalNotes {
  std::string covers, levels, differences;
};
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

void print_interval_notes(const models::Comparison& c) {
  const IntervalNotes notes = interval_notes(c);
  fmt::print(
      "95% intervals cover {}.\n  levels: {}.\n  differences (net value, incremental, "
      "lift): {}.\n",
      notes.covers, notes.levels, notes.differences);
}

void print_table(const models::Comparison& c, const std::string& currency) {
  const auto rows = arm_rows(c, currency);
  constexpr int kLabel = 30;
  std::vector<std::size_t> widths;
  for (std::size_t a = 0; a < c.arms.size(); ++a) {
    std::size_t width = c.arms[a].arm.size();
    for (const auto& row : rows) width = std::max(width, cell(row.values[a], row.unit).size());
    widths.push_back(width + 2);
  }
  fmt::print("{:<{}}", "", kLabel);
  for (std::size_t a = 0; a < c.arms.size(); ++a) fmt::print("{:>{}}", c.arms[a].arm, widths[a]);
  fmt::print("\n");
  for (const auto& row : rows) {
    fmt::print("{:<{}}", row.label, kLabel);
    for (std::size_t a = 0; a < row.values.size(); ++a) {
      fmt::print("{:>{}}", cell(row.values[a], row.unit), widths[a]);
    }
    fmt::print("\n");
  }
  print_interval_notes(c);
  print_choice(c, currency);
  bool any_sends = false;
  for (const auto& step : c.steps) any_sends |= step.sends > 0;
  if (!any_sends) return;
  fmt::print(
      "\nSteps: cross-sell revenue ({}) credited by each rule, against the true "
      "incremental revenue\n",
      currency);
  fmt::print("{:<28} {:>8} {:>8} {:>7} {:>7} {:>10} {:>10} {:>10} {:>10}  {}\n", "arm: step",
             "sends", "opens", "clicks", "orders", "last", "first", "linear", "decay",
             "incremental [95%]");
  for (const auto& step : c.steps) {
    if (step.sends == 0) continue;
    fmt::print(
        "{:<28} {:>8.0f} {:>8.0f} {:>7.0f} {:>7.0f} {:>10.2f} {:>10.2f} {:>10.2f} {:>10.2f}  {}\n",
        step.arm + ": " + step.step, step.sends, step.opens, step.clicks, step.orders,
        step.attributed[0], step.attributed[1], step.attributed[2], step.attributed[3],
        step.incremental ? cell(step.incremental, Unit::kMoney)
                         : std::string("(set attribution = true)"));
  }
  print_policy_table(c);
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

// A step's counts (means over replications), by their names in csv and json.
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

// A swept value as a csv cell: numbers as they are, strings without their TOML quotes.
std::string csv_parameter(const std::string& toml) {
  return csv_field(output::parse_parameter(toml).text);
}

// The columns every csv row of a point starts with: its index and its parameters' values.
std::string csv_prefix(std::size_t k, const output::ResultsPoint& point) {
  std::string prefix = std::to_string(k);
  for (const auto& [key, value] : point.parameters) {
    prefix += ',';
    prefix += csv_parameter(value);
  }
  return prefix;
}

std::string csv_header_parameters(const output::ResultsFile& file) {
  std::string header;
  for (const auto& [key, value] : file.points[0].parameters) {
    header += ',';
    header += csv_field(key);
  }
  return header;
}

void print_csv_rows(const models::Comparison& c, const std::string& currency,
                    const std::string& point) {
  auto line = [&](const std::string& arm, const std::string& step, const std::string& metric,
                  const std::optional<Estimate>& e) {
    if (!e) return;
    fmt::print("{},{},{},{},{},{},{}\n", point, csv_field(arm), csv_field(step), metric,
               optional_number(e->value), optional_number(e->low), optional_number(e->high));
  };
  for (const auto& row : arm_rows(c, currency)) {
    for (std::size_t a = 0; a < c.arms.size(); ++a)
      line(c.arms[a].arm, "", row.metric, row.values[a]);
  }
  if (c.choice) {
    for (const auto& arm : c.choice->arms) {
      if (arm.arm != *c.baseline) line(arm.arm, "", "net_value_simultaneous", arm.net_value);
      line(arm.arm, "", "holm_p", exact(arm.holm_p));
      line(arm.arm, "", "probability_best", exact(arm.probability_best));
    }
    fmt::print("{},,,recommendation,{},,\n", point, csv_field(recommendation(c, currency)));
  }
  for (const auto& step : c.steps) {
    for (auto [metric, value] : step_counts(step)) line(step.arm, step.step, metric, exact(value));
    for (std::size_t m = 0; m < kRuleNames.size(); ++m) {
      line(step.arm, step.step, std::string("revenue_") + kRuleNames[m], exact(step.attributed[m]));
    }
    line(step.arm, step.step, "revenue_incremental", step.incremental);
  }
}

std::string json_string(const std::string& text) { return scenarios::quoted_string(text); }

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

std::string json_estimate(const std::optional<Estimate>& e) {
  if (!e) return "null";
  auto value = [](const std::optional<double>& x) {
    return x && std::isfinite(*x) ? fmt::format("{:.10g}", *x) : std::string("null");
  };
  return fmt::format(R"({{"value": {}, "low": {}, "high": {}}})", value(e->value), value(e->low),
                     value(e->high));
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
    arms.push_back(fmt::format(
        R"({{"arm": {}, "baseline": {}, "metrics": {{{}}}}})", json_string(c.arms[a].arm),
        c.arms[a].baseline ? json_string(*c.arms[a].baseline) : std::string("null"),
        fmt::join(metrics, ", ")));
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

// The live-test plan of each arm against the baseline, from the simulated conversion at the lift
// day (none for the baseline, or without one).
struct LivePlan {
  std::string arm;
  models::LiveTestPlan plan;
};
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

void print_live_table(const models::Comparison& c, const models::LiveTestDesign& design) {
  const auto plans = live_plans(c, design);
  if (plans.empty()) return;
  fmt::print(
      "\nLive test of {:.0f} entrants, {:.0f}% held out ({}), alpha {}, power {}: conversion lift "
      "at day {} (points)\n",
      design.customers, 100 * design.holdout_share, *c.baseline, design.alpha, design.power,
      c.lift_day);
  fmt::print("{:<16} {:>10} {:>22} {:>8} {:>8} {:>18}\n", "arm", "lift", "interval a test shows",
             "power", "MDE", "entrants needed");
  for (const auto& [arm, plan] : plans) {
    fmt::print("{:<16} {:>+10.2f} {:>22} {:>7.1f}% {:>8.2f} {:>18}\n", arm, 100 * plan.lift,
               fmt::format("[{:+.2f}, {:+.2f}]", 100 * plan.low, 100 * plan.high), 100 * plan.power,
               100 * plan.minimum_detectable_effect, needed(plan));
  }
  fmt::print(
      "Population sampling error of a real test (two-proportion normal approximation with the "
      "simulated rates), not simulation error. MDE: the lift detected with power {}; entrants "
      "needed to detect the simulated lift with that power.\n",
      design.power);
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

struct CompareArguments {
  std::string file;
  std::string format = "table";
  std::size_t day = 90;
  std::optional<std::string> baseline;
  std::optional<std::size_t> point;
  std::optional<double> live;
  double holdout_share = 0.5, alpha = 0.05, power = 0.8;
  [[nodiscard]] std::optional<models::LiveTestDesign> design() const {
    if (!live) return std::nullopt;
    return models::LiveTestDesign{*live, holdout_share, alpha, power};
  }
};

void print_live_csv(const models::Comparison& c, const models::LiveTestDesign& design,
                    const std::string& point) {
  for (const auto& [arm, plan] : live_plans(c, design)) {
    fmt::print("{},{},,live_lift_{},{:.10g},{:.10g},{:.10g}\n", point, csv_field(arm), c.lift_day,
               plan.lift, plan.low, plan.high);
    fmt::print("{},{},,live_power,{:.10g},,\n", point, csv_field(arm), plan.power);
    fmt::print("{},{},,live_mde,{:.10g},,\n", point, csv_field(arm),
               plan.minimum_detectable_effect);
    if (plan.customers_needed) {
      fmt::print("{},{},,live_customers_needed,{:.0f},,\n", point, csv_field(arm),
                 *plan.customers_needed);
    }
  }
}

// The points to show: all, or the one --point names.
std::optional<std::vector<std::size_t>> chosen_points(const CompareArguments& args,
                                                      const output::ResultsFile& file) {
  std::vector<std::size_t> points;
  if (!args.point) {
    for (std::size_t k = 0; k < file.points.size(); ++k) points.push_back(k);
    return points;
  }
  if (*args.point >= file.points.size()) {
    fmt::print(stderr,
               "xsellsim: {} {}: --point {} is out of range: the file has {} point(s), 0..{}\n",
               error_label(), args.file, *args.point, file.points.size(), file.points.size() - 1);
    return std::nullopt;
  }
  return std::vector<std::size_t>{*args.point};
}

// Bad options (--baseline naming no arm, a --live design out of range) exit 2 before anything is
// printed. [k]: the comparison of point k (empty for the points not shown).
std::optional<std::vector<models::Comparison>> comparisons_of(
    const CompareArguments& args, const output::ResultsFile& file,
    const std::vector<std::size_t>& points) {
  std::vector<models::Comparison> comparisons(file.points.size());
  try {
    if (const auto design = args.design()) models::plan_live_test(0.5, 0.5, *design);
    for (std::size_t k : points) {
      comparisons[k] = models::compare(file.points[k].result, args.day, args.baseline);
    }
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "xsellsim: {} {}: {}\n", error_label(), args.file, e.what());
    return std::nullopt;
  }
  return comparisons;
}

void print_json(const CompareArguments& args, const output::ResultsFile& file,
                const std::vector<models::Comparison>& comparisons,
                const std::vector<std::size_t>& shown) {
  const std::string& currency = file.metadata.currency;
  std::vector<std::string> points;
  points.reserve(shown.size());
  for (std::size_t k : shown) {
    points.push_back(json_point(comparisons[k], currency, k, file.points[k],
                                json_live(comparisons[k], args.design())));
  }
  fmt::print(
      "{{\"format_version\": 2, \"currency\": {}, \"replications\": {}, \"lift_day\": {}, "
      "\"points\": [{}]}}\n",
      json_string(currency), comparisons[shown[0]].replications, args.day, fmt::join(points, ", "));
}

void print_csv(const CompareArguments& args, const output::ResultsFile& file,
               const std::vector<models::Comparison>& comparisons,
               const std::vector<std::size_t>& shown) {
  fmt::print("point{},arm,step,metric,value,low,high\n", csv_header_parameters(file));
  for (std::size_t k : shown) {
    const std::string prefix = csv_prefix(k, file.points[k]);
    print_csv_rows(comparisons[k], file.metadata.currency, prefix);
    if (const auto design = args.design()) print_live_csv(comparisons[k], *design, prefix);
  }
}

// One tidy row: a point's columns, then an arm's replication's value of a metric on a day.
struct TidyRow {
  const std::string& prefix;
  const std::string& arm;
  std::size_t replication;
  void operator()(const char* metric, const char* clock, std::size_t day,
                  const std::string& value) const {
    fmt::print("{},{},{},{},{},{},{}\n", prefix, arm, replication, metric, clock, day, value);
  }
};

// The Kaplan-Meier curves as written, by day since entry.
void print_tidy_curves(const TidyRow& row, const output::ArmCurves& curves) {
  for (const auto& [name, curve] : {std::pair{"conversion", &curves.conversion},
                                    std::pair{"unsubscribe", &curves.unsubscribe}}) {
    const auto& values = (*curve)[row.replication];
    for (std::size_t d = 0; d < values.size(); ++d) {
      row(name, "since_entry", d, fmt::format("{:.10g}", values[d]));
    }
  }
}

// The calendar-day series as the file holds them (money in the currency, subscribers as the
// number at the end of each day).
void print_tidy_daily(const TidyRow& row, const models::ArmTally& tally) {
  for (const auto& series : output::schema::kDailySeries) {
    const auto& values = tally.series(series.metric);
    std::int64_t running = 0;
    for (std::size_t d = 0; d < values.size(); ++d) {
      running += values[d];
      std::string value = std::to_string(values[d]);
      if (series.metric == models::Daily::kSubscriberChange) value = std::to_string(running);
      if (series.money) value = fmt::format("{:.2f}", static_cast<double>(values[d]) / 100.0);
      row(series.name, "since_start", d, value);
    }
  }
}

// Every arm x point x metric x day, one value per row (replications apart), for pandas and R:
// the Kaplan-Meier curves by day since entry and the calendar-day series.
void print_tidy(const output::ResultsFile& file, const std::vector<std::size_t>& shown) {
  fmt::print("point{},arm,replication,metric,clock,day,value\n", csv_header_parameters(file));
  for (std::size_t k : shown) {
    const output::ResultsPoint& point = file.points[k];
    const models::RunResult& result = point.result;
    const std::string prefix = csv_prefix(k, point);
    for (std::size_t a = 0; a < result.arm_names.size(); ++a) {
      if (a < result.twin_of.size() && !result.twin_of[a].empty()) continue;
      const std::string arm = csv_field(result.arm_names[a]);
      for (std::size_t r = 0; r < result.tallies.size(); ++r) {
        const TidyRow row{prefix, arm, r};
        print_tidy_curves(row, point.curves[a]);
        print_tidy_daily(row, result.tallies[r][a]);
      }
    }
  }
}

void print_tables(const CompareArguments& args, const output::ResultsFile& file,
                  const std::vector<models::Comparison>& comparisons,
                  const std::vector<std::size_t>& shown) {
  for (std::size_t k : shown) {
    if (!file.points[k].parameters.empty()) {
      fmt::print("{}{}\n", k == shown.front() ? "" : "\n", point_label(file.points[k].parameters));
    }
    print_table(comparisons[k], file.metadata.currency);
    if (const auto design = args.design()) print_live_table(comparisons[k], *design);
  }
}

int compare_file(const CompareArguments& args) {
  const output::ResultsFile file = output::read_results(args.file);
  const auto shown = chosen_points(args, file);
  if (!shown) return 2;
  if (args.format == "tidy") {
    print_tidy(file, *shown);
    return 0;
  }
  const auto comparisons = comparisons_of(args, file, *shown);
  if (!comparisons) return 2;
  if (args.format == "json") {
    print_json(args, file, *comparisons, *shown);
  } else if (args.format == "csv") {
    print_csv(args, file, *comparisons, *shown);
  } else {
    print_tables(args, file, *comparisons, *shown);
  }
  return 0;
}

}  // namespace

void add_compare_command(CLI::App& app, int& status) {
  auto args = std::make_shared<CompareArguments>();
  CLI::App* compare = app.add_subcommand(
      "compare",
      "Arms side by side with 95% intervals; paired differences against the holdout (or an arm's "
      "no-send twin, or --baseline); which arm to launch; the plan of a live test (--live); "
      "attribution against the truth");
  compare->add_option("results", args->file, "Results file (HDF5) written by `xsellsim run`")
      ->required();
  compare
      ->add_option("--format", args->format,
                   "table, csv, json, or tidy (every arm x point x replication x metric x "
                   "day, one value per row)")
      ->check(CLI::IsMember({"table", "csv", "json", "tidy"}));
  compare->add_option("--point", args->point, "Only point K of a sweep (0, 1, ...)");
  compare->add_option("--day", args->day, "Day since entry for lift and unsubscribes (default 90)");
  compare->add_option("--baseline", args->baseline,
                      "Arm the differences are against (default: holdout); differences are "
                      "paired per customer");
  compare->add_option("--live", args->live,
                      "Plan a live test of N entrants: the interval it would show on the lift, "
                      "its power, the minimum detectable effect, the entrants needed");
  compare->add_option("--holdout-share", args->holdout_share,
                      "With --live: share of the entrants held out (default 0.5)");
  compare->add_option("--alpha", args->alpha,
                      "With --live: two-sided significance level (default 0.05)");
  compare->add_option("--power", args->power,
                      "With --live: power for the minimum detectable effect and the entrants "
                      "needed (default 0.8)");
  compare->callback([args, &status] { status = compare_file(*args); });
}

}  // namespace xsellsim::tools

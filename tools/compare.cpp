// `xsellsim compare OUT.h5`: every arm with 95% intervals, its lift over the holdout, and each
// step's attributed revenue beside its true incremental revenue (models/comparison.hpp), as an
// aligned table, CSV or JSON, for every point of a sweep.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "models/comparison.hpp"
#include "output/results_file.hpp"
#include "tools/commands.hpp"
#include "tools/summary.hpp"

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
  fmt::print("95% intervals: {}; lift against the holdout, day {} since entry.\n",
             c.replications >= 2
                 ? fmt::format("t over {} replications of the arm-minus-holdout difference",
                               c.replications)
                 : std::string("one replication, Greenwood (none for money)"),
             c.lift_day);
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

void print_csv_rows(const models::Comparison& c, const std::string& currency, std::size_t point) {
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
  for (const auto& step : c.steps) {
    for (auto [metric, value] : step_counts(step)) line(step.arm, step.step, metric, exact(value));
    for (std::size_t m = 0; m < kRuleNames.size(); ++m) {
      line(step.arm, step.step, std::string("revenue_") + kRuleNames[m], exact(step.attributed[m]));
    }
    line(step.arm, step.step, "revenue_incremental", step.incremental);
  }
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(ch));
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string json_estimate(const std::optional<Estimate>& e) {
  if (!e) return "null";
  auto value = [](const std::optional<double>& x) {
    return x && std::isfinite(*x) ? fmt::format("{:.10g}", *x) : std::string("null");
  };
  return fmt::format(R"({{"value": {}, "low": {}, "high": {}}})", value(e->value), value(e->low),
                     value(e->high));
}

std::string json_point(const models::Comparison& c, const std::string& currency,
                       const output::ResultsPoint& point) {
  std::vector<std::string> parameters, arms, steps;
  for (const auto& [key, value] : point.parameters) {
    parameters.push_back(fmt::format("{}: {}", json_string(key), json_string(value)));
  }
  const auto rows = arm_rows(c, currency);
  for (std::size_t a = 0; a < c.arms.size(); ++a) {
    std::vector<std::string> metrics;
    metrics.reserve(rows.size());
    for (const auto& row : rows) {
      metrics.push_back(
          fmt::format("{}: {}", json_string(row.metric), json_estimate(row.values[a])));
    }
    arms.push_back(fmt::format(R"({{"arm": {}, "metrics": {{{}}}}})", json_string(c.arms[a].arm),
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
  return fmt::format(R"({{"parameters": {{{}}}, "arms": [{}], "steps": [{}]}})",
                     fmt::join(parameters, ", "), fmt::join(arms, ", "), fmt::join(steps, ", "));
}

struct CompareArguments {
  std::string file;
  std::string format = "table";
  std::size_t day = 90;
};

int compare_file(const CompareArguments& args) {
  const output::ResultsFile file = output::read_results(args.file);
  const std::string& currency = file.metadata.currency;
  std::vector<models::Comparison> comparisons;
  for (const auto& point : file.points)
    comparisons.push_back(models::compare(point.result, args.day));
  if (args.format == "json") {
    std::vector<std::string> points;
    for (std::size_t k = 0; k < comparisons.size(); ++k) {
      points.push_back(json_point(comparisons[k], currency, file.points[k]));
    }
    fmt::print(
        "{{\"format_version\": 1, \"currency\": {}, \"replications\": {}, \"lift_day\": {}, "
        "\"points\": [{}]}}\n",
        json_string(currency), comparisons[0].replications, args.day, fmt::join(points, ", "));
  } else if (args.format == "csv") {
    fmt::print("point,arm,step,metric,value,low,high\n");
    for (std::size_t k = 0; k < comparisons.size(); ++k)
      print_csv_rows(comparisons[k], currency, k);
  } else {
    for (std::size_t k = 0; k < comparisons.size(); ++k) {
      if (!file.points[k].parameters.empty()) {
        fmt::print("{}{}\n", k == 0 ? "" : "\n", point_label(file.points[k].parameters));
      }
      print_table(comparisons[k], currency);
    }
  }
  return 0;
}

}  // namespace

void add_compare_command(CLI::App& app, int& status) {
  auto args = std::make_shared<CompareArguments>();
  CLI::App* compare = app.add_subcommand(
      "compare", "Arms side by side with 95% intervals, lift over the holdout, attribution");
  compare->add_option("results", args->file, "Results file (HDF5) written by `xsellsim run`")
      ->required();
  compare->add_option("--format", args->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  compare->add_option("--day", args->day, "Day since entry for lift and unsubscribes (default 90)");
  compare->callback([args, &status] { status = compare_file(*args); });
}

}  // namespace xsellsim::tools

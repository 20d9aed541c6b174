// `compare --format table` (tools/compare_table.hpp).
#include "tools/compare_table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "models/forecast_interval.hpp"
#include "tools/compare_rows.hpp"

namespace xsellsim::tools {

namespace {

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

void print_interval_notes(const models::Comparison& c) {
  const IntervalNotes notes = interval_notes(c);
  fmt::print(
      "95% intervals cover {}.\n  levels: {}.\n  differences (net value, incremental, "
      "lift): {}.\n",
      notes.covers, notes.levels, notes.differences);
  if (c.parameter_blocks >= 2) {
    fmt::print("  forecast (parameters too): {}.\n",
               models::describe_forecast(c.parameter_blocks, c.replications));
  }
}

}  // namespace

void print_table(const models::Comparison& c, const std::string& currency) {
  const auto rows = arm_rows(c, currency);
  // At least 30, and one space after the longest label, so that every column lines up.
  std::size_t label = 30;
  for (const auto& row : rows) label = std::max(label, row.label.size() + 1);
  std::vector<std::size_t> widths;
  for (std::size_t a = 0; a < c.arms.size(); ++a) {
    std::size_t width = c.arms[a].arm.size();
    for (const auto& row : rows) width = std::max(width, cell(row.values[a], row.unit).size());
    widths.push_back(width + 2);
  }
  fmt::print("{:<{}}", "", label);
  for (std::size_t a = 0; a < c.arms.size(); ++a) fmt::print("{:>{}}", c.arms[a].arm, widths[a]);
  fmt::print("\n");
  for (const auto& row : rows) {
    fmt::print("{:<{}}", row.label, label);
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

}  // namespace xsellsim::tools

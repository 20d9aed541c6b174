// `compare --format csv` and `--format tidy` (tools/compare_csv.hpp).
#include "tools/compare_csv.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "output/schema.hpp"
#include "tools/compare_rows.hpp"

namespace xsellsim::tools {

using models::Estimate;

namespace {

// A swept value as a csv cell: numbers as they are, strings without their TOML quotes.
std::string csv_parameter(const std::string& toml) {
  return csv_field(output::parse_parameter(toml).text);
}

}  // namespace

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

namespace {

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

}  // namespace

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

}  // namespace xsellsim::tools

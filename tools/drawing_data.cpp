// The json `plot` and `report` draw from (tools/drawing_data.hpp).
#include "tools/drawing_data.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "models/comparison.hpp"
#include "models/curves.hpp"
#include "models/live_test.hpp"
#include "scenarios/scenario.hpp"
#include "tools/assumptions.hpp"
#include "tools/compare_json.hpp"
#include "tools/describe.hpp"

namespace xsellsim::tools {

namespace {

std::string number(double x) { return std::isfinite(x) ? fmt::format("{:.10g}", x) : "null"; }

std::string optional_number(const std::optional<double>& x) {
  return x ? number(*x) : std::string("null");
}

std::string json_band(const models::DailyBand& band) {
  std::vector<std::string> value, low, high;
  for (std::size_t d = 0; d < band.value.size(); ++d) {
    value.push_back(number(band.value[d]));
    low.push_back(optional_number(band.low[d]));
    high.push_back(optional_number(band.high[d]));
  }
  return fmt::format(R"({{"value": [{}], "low": [{}], "high": [{}]}})", fmt::join(value, ","),
                     fmt::join(low, ","), fmt::join(high, ","));
}

std::string json_curves(const models::RunResult& result, const models::Comparison& c) {
  std::vector<std::string> arms;
  for (const models::CurveFigures& arm : models::curves(result, c)) {
    arms.push_back(fmt::format(
        R"({{"arm": {}, "baseline": {}, "conversion": {}, "unsubscribe": {}, "lift": {}}})",
        json_string(arm.arm), arm.baseline ? json_string(*arm.baseline) : "null",
        json_band(arm.conversion), json_band(arm.unsubscribe),
        arm.lift ? json_band(*arm.lift) : "null"));
  }
  return fmt::format("[{}]", fmt::join(arms, ", "));
}

std::size_t arm_index(const models::RunResult& result, const std::string& name) {
  return static_cast<std::size_t>(
      std::find(result.arm_names.begin(), result.arm_names.end(), name) - result.arm_names.begin());
}

// An arm's calendar-day series, mean over replications (subscribers as the number at the end of
// each day, unsubscribes also as a centred 7-day mean).
std::vector<double> mean_series(const models::RunResult& result, std::size_t arm,
                                models::Daily metric) {
  std::vector<double> mean(result.days, 0.0);
  const auto replications = static_cast<double>(result.tallies.size());
  for (const auto& r : result.tallies) {
    const auto& values = r[arm].series(metric);
    double running = 0;
    for (std::size_t d = 0; d < values.size() && d < mean.size(); ++d) {
      running += static_cast<double>(values[d]);
      const double v =
          metric == models::Daily::kSubscriberChange ? running : static_cast<double>(values[d]);
      mean[d] += v / replications;
    }
  }
  return mean;
}

std::vector<double> week_mean(const std::vector<double>& daily) {
  std::vector<double> smooth(daily.size(), 0.0);
  for (std::size_t d = 0; d < daily.size(); ++d) {
    const std::size_t from = d >= 3 ? d - 3 : 0, to = std::min(daily.size(), d + 4);
    double sum = 0;
    for (std::size_t k = from; k < to; ++k) sum += daily[k];
    smooth[d] = sum / 7.0;  // as a 7-day window with zeros beyond the run (numpy's "same")
  }
  return smooth;
}

double sum(const std::vector<double>& values) {
  double total = 0;
  for (double v : values) total += v;
  return total;
}

std::string json_numbers(const std::vector<double>& values) {
  std::vector<std::string> text;
  text.reserve(values.size());
  for (double v : values) text.push_back(number(v));
  return fmt::format("[{}]", fmt::join(text, ","));
}

// The funnel's totals and the calendar-day pictures, for every arm of the comparison; subscribers
// and cross-sell orders also against the comparison's baseline.
std::string json_daily(const models::RunResult& result, const models::Comparison& c) {
  using models::Daily;
  std::optional<std::size_t> base;
  if (c.baseline) base = arm_index(result, *c.baseline);
  std::vector<std::string> arms;
  for (const models::ArmFigures& figures : c.arms) {
    const std::size_t a = arm_index(result, figures.arm);
    auto series = [&](Daily metric) { return mean_series(result, a, metric); };
    const auto subscribers = series(Daily::kSubscriberChange);
    std::vector<double> versus(subscribers.size(), 0.0);
    double orders_versus = 0;
    if (base) {
      const auto base_subscribers = mean_series(result, *base, Daily::kSubscriberChange);
      for (std::size_t d = 0; d < versus.size(); ++d)
        versus[d] = subscribers[d] - base_subscribers[d];
      orders_versus = sum(series(Daily::kCrossSellPurchases)) -
                      sum(mean_series(result, *base, Daily::kCrossSellPurchases));
    }
    const auto unsubscribes = series(Daily::kUnsubscribes);
    arms.push_back(fmt::format(
        R"({{"arm": {}, "totals": {{"sends": {}, "opens": {}, "clicks": {}, "email_purchases": {}, )"
        R"("cross_sell_purchases": {}, "cross_sell_purchases_vs_baseline": {}}}, )"
        R"("sends": {}, "unsubscribes_week_mean": {}, "subscribers_vs_baseline": {}}})",
        json_string(figures.arm), number(sum(series(Daily::kSends))),
        number(sum(series(Daily::kOpens))), number(sum(series(Daily::kClicks))),
        number(sum(series(Daily::kEmailPurchases))),
        number(sum(series(Daily::kCrossSellPurchases))), base ? number(orders_versus) : "null",
        json_numbers(series(Daily::kSends)), json_numbers(week_mean(unsubscribes)),
        base ? json_numbers(versus) : "null"));
  }
  return fmt::format("[{}]", fmt::join(arms, ", "));
}

// A table header's dotted path, split ("arms.late.sequences" -> arms, late, sequences).
std::vector<std::string> header_path(const std::string& line) {
  std::vector<std::string> path;
  const auto open = line.find('['), close = line.rfind(']');
  std::string inside = line.substr(open + 1, close - open - 1);
  std::erase(inside, '\'');
  std::erase(inside, '"');
  for (std::size_t from = 0;;) {
    const auto dot = inside.find('.', from);
    path.push_back(inside.substr(from, dot - from));
    if (dot == std::string::npos) return path;
    from = dot + 1;
  }
}

// The stored scenario as the run read it. The results file holds it as TOML++ writes a table,
// its keys sorted; but the loader reads arms, sequences and steps in file order (a step's delay
// counts from the step before). The run's own orders, its arm names and "sequence.step" names,
// put the `[table]` blocks back: every other block keeps its place among its siblings.
std::string in_run_order(const std::string& toml, const models::RunResult& result) {
  std::vector<std::string> order(result.arm_names.begin(), result.arm_names.end());
  for (const auto& steps : result.step_names) {
    for (const std::string& step : steps) {
      order.push_back(step.substr(0, step.find('.')));  // the sequence
      order.push_back(step);
    }
  }
  auto rank = [&](const std::string& name) {
    const auto it = std::find(order.begin(), order.end(), name);
    return static_cast<std::size_t>(it - order.begin());  // unknown names after, alphabetically
  };
  struct Block {
    std::vector<std::pair<std::size_t, std::string>> key;
    std::string text;
  };
  std::string preamble;
  std::vector<Block> blocks;
  std::istringstream lines(toml);
  for (std::string line; std::getline(lines, line);) {
    const auto first = line.find_first_not_of(' ');
    if (first != std::string::npos && line[first] == '[' && line.find("[[") == std::string::npos) {
      const std::vector<std::string> path = header_path(line);
      Block block;
      for (std::size_t i = 0; i < path.size(); ++i) {
        const bool ordered = i > 0 && (path[i - 1] == "arms" || path[i - 1] == "sequences");
        const bool step = i > 1 && path[i - 1] == "steps";
        const std::size_t r = ordered ? rank(path[i])
                              : step  ? rank(path[i - 2] + "." + path[i])
                                      : 0;
        block.key.emplace_back(r, path[i]);
      }
      blocks.push_back(std::move(block));
    }
    (blocks.empty() ? preamble : blocks.back().text) += line + "\n";
  }
  std::stable_sort(blocks.begin(), blocks.end(),
                   [](const Block& a, const Block& b) { return a.key < b.key; });
  for (const Block& block : blocks) preamble += block.text;
  return preamble;
}

// The scenario as point k ran it: `describe`'s words and what was assumed.
std::string json_scenario(const std::filesystem::path& results, const output::ResultsFile& file,
                          std::size_t k) {
  const std::string toml = in_run_order(file.metadata.scenario_toml, file.points[k].result);
  try {
    scenarios::Scenario s = scenarios::load_scenario_text(toml, results.string());
    if (!s.sweep.empty()) {
      s.world = s.sweep.at(k).world;
    } else if (!file.points[k].parameters.empty()) {  // a sweep file without its [sweep]
      std::vector<std::string> overrides;
      for (const auto& [key, value] : file.points[k].parameters) {
        std::string assignment = key;
        overrides.push_back((assignment += '=') += value);
      }
      s = scenarios::load_scenario_text(toml, results.string(), overrides);
    }
    std::vector<std::string> assumed;
    for (const Assumption& a : assumptions(s.world, toml, s.description)) {
      assumed.push_back(fmt::format(R"({{"key": {}, "value": {}, "origin": "{}", "note": {}}})",
                                    json_string(a.key), json_string(a.value), origin_name(a.origin),
                                    json_string(a.note)));
    }
    return fmt::format(
        R"({{"name": {}, "description": {}, "words": {}, "population": {}, "assumptions": [{}]}})",
        json_string(s.name), json_string(s.description), json_string(describe_text(s)),
        s.world.population.size, fmt::join(assumed, ", "));
  } catch (const scenarios::InputError& e) {
    // A file written by an older xsellsim may hold a scenario this one no longer reads.
    return fmt::format(
        R"({{"name": null, "description": "", "words": {}, "assumptions": []}})",
        json_string(std::string("The scenario in this file no longer loads: ") + e.what()));
  }
}

// A live test as large as the run's entrants of the baseline, when no size is given.
models::LiveTestDesign live_design(const models::Comparison& c, const DrawingOptions& options) {
  double customers = options.live.value_or(0);
  if (!options.live) {
    for (const auto& arm : c.arms) {
      if (c.baseline && arm.arm == *c.baseline) customers = std::round(arm.entrants);
    }
  }
  models::LiveTestDesign design{std::max(customers, 1.0), options.holdout_share, 0.05, 0.8};
  models::plan_live_test(0.5, 0.5, design);  // throws std::invalid_argument when out of range
  return design;
}

}  // namespace

std::string drawing_json(const std::filesystem::path& results, const output::ResultsFile& file,
                         const DrawingOptions& options) {
  const std::size_t k = options.point;
  if (k >= file.points.size()) throw std::invalid_argument("no such point");
  const models::RunResult& result = file.points[k].result;
  // The day the table reads: 90 since entry, or the last day of a shorter run.
  const std::size_t day = std::min<std::size_t>(90, result.days - 1);
  std::vector<models::Comparison> comparisons(file.points.size());
  std::vector<std::size_t> shown;
  for (std::size_t p = 0; p < file.points.size(); ++p) {
    comparisons[p] = models::compare(file.points[p].result, day);
    shown.push_back(p);
  }
  const models::LiveTestDesign design = live_design(comparisons[k], options);
  return fmt::format(
      R"({{"file": {}, "version": {}, "seed": {}, "point": {}, "points": {}, "days": {}, )"
      R"("live_default": {}, "compare": {}, "curves": {}, "daily": {}, "scenario": {}}})"
      "\n",
      json_string(results.filename().string()), json_string(file.metadata.xsellsim_version),
      file.metadata.seed, k, file.points.size(), result.days, options.live ? "false" : "true",
      compare_json(file, comparisons, shown, day, design), json_curves(result, comparisons[k]),
      json_daily(result, comparisons[k]), json_scenario(results, file, k));
}

}  // namespace xsellsim::tools

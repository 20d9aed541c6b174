#include "models/forecast_interval.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

namespace xsellsim::models {

Estimate prediction_interval(const std::vector<double>& values) {
  const std::size_t k = values.size();
  if (k == 0) return {};
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(k);
  if (k < 2) return {mean, std::nullopt, std::nullopt};
  double squares = 0;
  for (const double x : values) squares += (x - mean) * (x - mean);
  const double sd = std::sqrt(squares / static_cast<double>(k - 1));
  const double half = t_quantile_975(k - 1) * sd * std::sqrt(1 + 1 / static_cast<double>(k));
  return {mean, mean - half, mean + half};
}

RunResult block_result(const RunResult& result, std::size_t block) {
  RunResult part = result;
  const std::size_t per_block =
      result.tallies.size() / std::max<std::size_t>(1, result.parameter_blocks);
  const auto first = result.tallies.begin() + static_cast<std::ptrdiff_t>(block * per_block);
  part.tallies.assign(first, first + static_cast<std::ptrdiff_t>(per_block));
  part.parameter_blocks = 0;
  return part;
}

namespace {

using Pick = std::function<const std::optional<Estimate>&(const ArmFigures&)>;

// The block estimates of one figure of arm `a`; none when a block has none.
std::optional<Estimate> forecast_of(const std::vector<Comparison>& blocks, std::size_t a,
                                    const Pick& pick) {
  std::vector<double> values;
  for (const Comparison& block : blocks) {
    const std::optional<Estimate>& estimate = pick(block.arms[a]);
    if (!estimate) return std::nullopt;
    values.push_back(estimate->value);
  }
  return prediction_interval(values);
}

}  // namespace

void add_forecasts(const RunResult& result, std::size_t lift_day,
                   const std::optional<std::string>& baseline, Comparison& comparison) {
  const std::size_t k = result.parameter_blocks;
  if (k < 2 || result.tallies.size() % k != 0) return;
  comparison.parameter_blocks = k;
  std::vector<Comparison> blocks;
  for (std::size_t b = 0; b < k; ++b) {
    blocks.push_back(compare(block_result(result, b), lift_day, baseline));
  }
  for (std::size_t a = 0; a < comparison.arms.size(); ++a) {
    if (!comparison.arms[a].lift && !comparison.arms[a].net_value_per_entrant) continue;
    Forecast forecast;
    forecast.lift = forecast_of(
        blocks, a, [](const ArmFigures& arm) -> const auto& { return arm.lift; });
    forecast.incremental_conversions = forecast_of(
        blocks, a,
        [](const ArmFigures& arm) -> const auto& { return arm.incremental_conversions; });
    forecast.net_value_per_entrant = forecast_of(
        blocks, a, [](const ArmFigures& arm) -> const auto& { return arm.net_value_per_entrant; });
    comparison.arms[a].forecast = forecast;
  }
}

std::string describe_forecast(std::size_t blocks, std::size_t replications) {
  const std::string k = std::to_string(blocks);
  return "the figure a run of " + std::to_string(replications / std::max<std::size_t>(1, blocks)) +
         " replication(s) of this population would show at parameters drawn from the "
         "scenario's distributions (parameter uncertainty and simulation error): a 95% "
         "prediction interval over the " +
         k + " parameter blocks, mean +/- t(" + std::to_string(blocks - 1) + ") s sqrt(1 + 1/" + k +
         "), s the sd of the block estimates";
}

}  // namespace xsellsim::models

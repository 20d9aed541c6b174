#pragma once
// The forecast interval of `run --parameter-draws K` (docs/compare.md, "Forecast intervals"): the
// replications are K blocks, each run at its own draw of the scenario's distributions, so the K
// block estimates of a figure are K independent draws of what a run of one block's size shows
// when the parameters are as uncertain as the scenario says. Their spread holds both the
// parameter uncertainty and the simulation error; a new such run falls in
//     mean +/- t(0.975, K - 1) s sqrt(1 + 1/K)
// (s: the sd of the K block estimates) with probability 95% when they are near normal: the
// prediction interval of one more draw. It needs K >= 2.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "models/comparison.hpp"
#include "models/metrics.hpp"

namespace xsellsim::models {

// The 95% prediction interval of one more draw from the population `values` come from: their
// mean, and mean +/- t(K - 1) s sqrt(1 + 1/K). No interval for fewer than 2 values.
Estimate prediction_interval(const std::vector<double>& values);

// The replications of block `block` of `result` (result.parameter_blocks blocks of equal size),
// as a result of their own (without parameter blocks).
RunResult block_result(const RunResult& result, std::size_t block);

// With 2 parameter blocks or more: each arm's forecast of its lift, incremental conversions and
// net value per entrant against the baseline, from compare() of every block on its own (the same
// lift day and baseline), and comparison.parameter_blocks. Otherwise nothing changes.
void add_forecasts(const RunResult& result, std::size_t lift_day,
                   const std::optional<std::string>& baseline, Comparison& comparison);

// What the forecast intervals are, in words (table footnote, json "method").
std::string describe_forecast(std::size_t blocks, std::size_t replications);

}  // namespace xsellsim::models

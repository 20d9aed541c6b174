#pragma once
// What `compare` reads at one day, by every day since entry, for the pictures of `plot` and
// `report`: each arm's conversion and unsubscribe shares with their intervals, and its lift over
// its baseline (the comparison's: the holdout, its no-send twin or --baseline) with the paired
// interval. Day d of a curve is the figure `compare --day d` shows.
#include <optional>
#include <string>
#include <vector>

#include "models/comparison.hpp"

namespace xsellsim::models {

// A figure by day since entry, with its 95% interval (none where the figure has none).
struct DailyBand {
  std::vector<double> value;
  std::vector<std::optional<double>> low, high;
  void add(const Estimate& e);
};

struct CurveFigures {
  std::string arm;
  std::optional<std::string> baseline;  // as in the comparison's ArmFigures
  DailyBand conversion, unsubscribe;    // Kaplan-Meier shares, Wilson intervals
  std::optional<DailyBand> lift;        // arm minus baseline conversion, paired
};

// One entry per arm of `comparison` (which was computed from `result`), in its order.
std::vector<CurveFigures> curves(const RunResult& result, const Comparison& comparison);

}  // namespace xsellsim::models

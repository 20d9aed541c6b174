// Figures by day since entry (models/curves.hpp).
#include "models/curves.hpp"

#include <algorithm>
#include <stdexcept>

#include "models/intervals.hpp"
#include "models/paired_differences.hpp"

namespace xsellsim::models {

namespace {

std::size_t arm_index(const RunResult& result, const std::string& name) {
  const auto it = std::find(result.arm_names.begin(), result.arm_names.end(), name);
  if (it == result.arm_names.end()) throw std::invalid_argument("no arm named " + name);
  return static_cast<std::size_t>(it - result.arm_names.begin());
}

}  // namespace

void DailyBand::add(const Estimate& e) {
  value.push_back(e.value);
  low.push_back(e.low);
  high.push_back(e.high);
}

std::vector<CurveFigures> curves(const RunResult& result, const Comparison& comparison) {
  std::vector<CurveFigures> all;
  for (const ArmFigures& figures : comparison.arms) {
    CurveFigures arm{figures.arm, figures.baseline, {}, {}, std::nullopt};
    const std::size_t a = arm_index(result, figures.arm);
    for (std::size_t day = 0; day < result.days; ++day) {
      arm.conversion.add(survival_figure(result, a, day, &ArmTally::conversion));
      arm.unsubscribe.add(survival_figure(result, a, day, &ArmTally::unsubscribe));
    }
    if (figures.baseline) {
      const std::size_t base = arm_index(result, *figures.baseline);
      arm.lift.emplace();
      for (std::size_t day = 0; day < result.days; ++day) {
        arm.lift->add(lifts(result, a, base, day).first);
      }
    }
    all.push_back(std::move(arm));
  }
  return all;
}

}  // namespace xsellsim::models

#pragma once
// Which arm to launch, on net value per entrant (docs/compare.md, "Choosing"): simultaneous
// (Bonferroni) intervals, Holm-adjusted p-values, the probability that each candidate is best and
// the lead of the best over the runner-up.
#include <cstddef>
#include <vector>

#include "models/comparison.hpp"

namespace xsellsim::models {

// The candidates are the arms `shown` (indices of the result's arms: no twins), against the arm
// `base_arm` (every one, not each arm's twin: net value counts all customers, whoever enters).
Choice choose(const RunResult& result, const std::vector<std::size_t>& shown, std::size_t base_arm);

}  // namespace xsellsim::models

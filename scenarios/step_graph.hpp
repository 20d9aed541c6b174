#pragma once
// The shape of one sequence (Boost.Graph): a vertex per step, an edge to where the step goes when
// it is done (its `next`, by default the step after it in the file) and, for a step whose
// condition branches (on_fail = STEP), an edge to that step. Sequences may loop; this finds the
// two shapes that are mistakes: steps nothing leads to, and loops that take no time.
#include <cstddef>
#include <string>
#include <vector>

#include "models/parameters.hpp"

namespace xsellsim::scenarios {

struct StepGraphProblem {
  std::size_t step = 0;  // the step to report it at
  std::string key;       // that step's key to report it at ("next", "on_fail"); "": the step
  std::string message;
  bool operator==(const StepGraphProblem&) const = default;
};

// Problems of one sequence's steps (whose `next` and `branch_to` name steps of `steps`):
// - a step that cannot be reached from the first step, reported at the step;
// - a loop in which every step has delay 0 (it would repeat forever at one instant), reported at
//   the key that closes it: the `next` or `on_fail` of the loop's last step, which leads back to
//   its first (its earliest step in the file).
// Loops with a delay are fine: they repeat until the horizon.
std::vector<StepGraphProblem> check_step_graph(const std::vector<models::Step>& steps);

}  // namespace xsellsim::scenarios

#pragma once
// `compare --format table`: the arms side by side, the choice, the steps, what the policy held
// and the live-test plan, aligned for a terminal.
#include <string>

#include "models/comparison.hpp"
#include "models/live_test.hpp"

namespace xsellsim::tools {

void print_table(const models::Comparison& c, const std::string& currency);
void print_live_table(const models::Comparison& c, const models::LiveTestDesign& design);

}  // namespace xsellsim::tools

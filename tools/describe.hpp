#pragma once
// The scenario in plain language, as `describe` prints it; `report` shows the same words.
#include <string>

#include "scenarios/scenario.hpp"

namespace xsellsim::tools {

void describe_scenario(const scenarios::Scenario& s);     // to stdout
std::string describe_text(const scenarios::Scenario& s);  // the same text

}  // namespace xsellsim::tools

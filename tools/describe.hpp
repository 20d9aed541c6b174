#pragma once
// The scenario in plain language, as `describe` prints it; `report` shows the same words.
// The flags of `describe` are in tools/command_line.cpp.
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

namespace xsellsim::tools {

void describe_scenario(const scenarios::Scenario& s);     // to stdout
std::string describe_text(const scenarios::Scenario& s);  // the same text

struct DescribeArguments {
  std::string scenario;
  std::vector<std::string> overrides;  // --set KEY=VALUE
};

// `xsellsim describe`: loads the scenario and describes it; returns 0.
int describe_command(const DescribeArguments& args);

}  // namespace xsellsim::tools

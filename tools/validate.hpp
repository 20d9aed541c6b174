#pragma once
// `xsellsim validate`: load and check a scenario without running it (flags: command_line.cpp).
#include <string>
#include <vector>

namespace xsellsim::tools {

struct ValidateArguments {
  std::string scenario;
  std::vector<std::string> overrides;  // --set KEY=VALUE
};

// Prints "ok" and returns 0; a scenario with problems throws scenarios::InputError.
int validate_scenario(const ValidateArguments& args);

}  // namespace xsellsim::tools

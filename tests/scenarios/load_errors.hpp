#pragma once
// The diagnostics of loading a scenario text (as file "s.toml"), formatted as the program prints
// them; empty when it loads.
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

namespace xsellsim::scenarios::testing {

inline std::vector<std::string> errors_of(const std::string& text,
                                          const std::vector<std::string>& overrides = {}) {
  try {
    load_scenario_text(text, "s.toml", overrides);
  } catch (const InputError& e) {
    std::vector<std::string> formatted;
    for (const auto& d : e.diagnostics()) formatted.push_back(d.format());
    return formatted;
  }
  return {};
}

}  // namespace xsellsim::scenarios::testing

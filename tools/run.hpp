#pragma once
// `xsellsim run`: load a scenario, simulate every arm, write the HDF5 results, print a summary.
// The flags that fill RunArguments are in tools/command_line.cpp.
#include <optional>
#include <string>
#include <vector>

#include "sim/parallel.hpp"

namespace xsellsim::tools {

struct RunArguments {
  std::string scenario;
  std::string output;
  std::vector<std::string> overrides;
  unsigned threads = sim::hardware_threads();
  std::optional<int> replications;
  std::optional<int> parameter_draws;  // K replication blocks, each at its own parameter draws
  std::optional<std::string> seed;     // checked as the scenario's `seed` is: 0 .. 2^63 - 1
  bool force = false;
  bool stats = false;
  bool quiet = false;
  bool resume = false;
  bool resume_if_possible = false;
  bool restart = false;
  std::optional<std::string> export_directory;
};

// The exit status: 0, or 128 + the signal that stopped the run. Bad input throws.
int run_scenario(const RunArguments& args);

}  // namespace xsellsim::tools

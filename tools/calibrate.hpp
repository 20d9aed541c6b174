#pragma once
// `xsellsim calibrate LOG`: fit BG/NBD to a transaction log and print a scenario fragment. The
// flags are in tools/calibrate_command_line.cpp.
#include <string>

#include "scenarios/transaction_log.hpp"

namespace xsellsim::tools {

struct CalibrateArguments {
  scenarios::TransactionLogOptions log;
  std::string file;
  std::string time_unit = "week";
};

// 0, or 1 when the optimiser did not converge; bad input throws.
int calibrate(CalibrateArguments& args);

}  // namespace xsellsim::tools

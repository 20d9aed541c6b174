#pragma once
// `xsellsim compare OUT.h5`: every arm with 95% intervals, its lift over the holdout and each
// step's attributed revenue, as a table, CSV or JSON. The flags are in tools/command_line.cpp.
#include <cstddef>
#include <optional>
#include <string>

#include "models/live_test.hpp"

namespace xsellsim::tools {

struct CompareArguments {
  std::string file;
  std::string format = "table";  // table, csv, json or tidy
  std::size_t day = 90;
  std::optional<std::string> baseline;
  std::optional<std::size_t> point;
  std::optional<double> live;
  double holdout_share = 0.5, alpha = 0.05, power = 0.8;
  [[nodiscard]] std::optional<models::LiveTestDesign> design() const {
    if (!live) return std::nullopt;
    return models::LiveTestDesign{*live, holdout_share, alpha, power};
  }
};

// 0, or 2 after printing why an option does not fit the file (--point, --baseline, --live).
int compare_file(const CompareArguments& args);

}  // namespace xsellsim::tools

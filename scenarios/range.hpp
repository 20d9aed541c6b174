#pragma once
// The valid values of a numeric scenario key (scenarios/table_reader.hpp checks them).
#include <limits>
#include <string>

namespace xsellsim::scenarios {

struct Range {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  bool max_open = false;
  [[nodiscard]] bool contains(double x) const;
  [[nodiscard]] std::string describe() const;
  // "35 is out of range: must be in [0, 1]", and for a share or probability written as a percent
  // (a range ending at 1, a value in (1, 100]), "; did you mean 0.35?".
  [[nodiscard]] std::string out_of_range(double x) const;
  static Range probability() { return {0, 1}; }
  static Range positive() { return {0, std::numeric_limits<double>::infinity(), true}; }
  static Range non_negative() { return {0}; }
};

}  // namespace xsellsim::scenarios

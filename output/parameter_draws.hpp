#pragma once
// /parameter_draws (docs/output-format.md): the parameter vector of each replication block of a
// `run --parameter-draws K`, one row per block, one column per uncertain scenario key.
#include <string>
#include <vector>

namespace xsellsim::output {

struct ParameterDraws {
  std::vector<std::string> keys;  // dotted paths of the values written as {mean, sd}
  std::vector<double> means, sds;
  std::vector<std::vector<double>> values;  // [block][key]
};

}  // namespace xsellsim::output

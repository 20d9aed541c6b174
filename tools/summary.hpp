#pragma once
// The per-arm summary table printed after a run (the scenario's arms; an arm that changes who
// enters has its lift against its no-send twin, as in `compare`).
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "models/metrics.hpp"

namespace xsellsim::tools {

void print_summary(std::FILE* out, const models::RunResult& result, const std::string& currency);

// "point: key = value, key = value" for a sweep point's parameters.
std::string point_label(const std::vector<std::pair<std::string, std::string>>& parameters);

}  // namespace xsellsim::tools

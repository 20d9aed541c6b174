#pragma once
// The per-arm summary table printed after a run.
#include <cstdio>

#include "models/metrics.hpp"

namespace xsellsim::tools {

void print_summary(std::FILE* out, const models::RunResult& result, const std::string& currency);

}  // namespace xsellsim::tools

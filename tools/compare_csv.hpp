#pragma once
// `compare --format csv` (one figure per line) and `--format tidy` (every arm x point x
// replication x metric x day, one value per row); a sweep's swept keys are columns of both.
#include <cstddef>
#include <string>
#include <vector>

#include "models/comparison.hpp"
#include "models/live_test.hpp"
#include "output/results_file.hpp"

namespace xsellsim::tools {

// The columns every csv row of a point starts with: its index and its parameters' values.
std::string csv_prefix(std::size_t k, const output::ResultsPoint& point);
std::string csv_header_parameters(const output::ResultsFile& file);

void print_csv_rows(const models::Comparison& c, const std::string& currency,
                    const std::string& point);
void print_live_csv(const models::Comparison& c, const models::LiveTestDesign& design,
                    const std::string& point);
void print_tidy(const output::ResultsFile& file, const std::vector<std::size_t>& shown);

}  // namespace xsellsim::tools

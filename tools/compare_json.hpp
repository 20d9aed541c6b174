#pragma once
// `compare --format json`, which `plot` and `report` also hand their Python (docs/compare.md,
// "Formats"): one document for the points shown.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "models/comparison.hpp"
#include "models/live_test.hpp"
#include "output/results_file.hpp"

namespace xsellsim::tools {

std::string json_string(const std::string& text);
std::string json_estimate(const std::optional<models::Estimate>& e);

// The whole document: `comparisons[k]` is point k's comparison for every k in `shown`.
std::string compare_json(const output::ResultsFile& file,
                         const std::vector<models::Comparison>& comparisons,
                         const std::vector<std::size_t>& shown, std::size_t day,
                         const std::optional<models::LiveTestDesign>& design);

}  // namespace xsellsim::tools

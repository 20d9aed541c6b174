#pragma once
// What `plot` and `report` hand their Python (docs/report.md, "How they run"): one json document
// with everything computed here, so that the scripts only draw and lay out. It holds `compare`,
// the document `compare --format json --live N` prints for every point of the file, and for the
// point drawn: each arm's curves by day since entry with their intervals (models/curves.hpp), the
// calendar-day series the pictures show, the scenario in `describe`'s words and what was assumed.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "output/results_file.hpp"

namespace xsellsim::tools {

struct DrawingOptions {
  std::size_t point = 0;
  // The live test planned: N entrants; by default as many as entered the baseline in the run.
  std::optional<double> live;
  double holdout_share = 0.5;
};

// Throws std::invalid_argument for a point out of range or a live design out of range.
std::string drawing_json(const std::filesystem::path& results, const output::ResultsFile& file,
                         const DrawingOptions& options);

}  // namespace xsellsim::tools

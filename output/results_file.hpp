#pragma once
// HDF5 results (docs/output-format.md): written atomically, read back for compare/plot/report.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/metrics.hpp"

namespace xsellsim::output {

inline constexpr int kFormatVersion = 1;

struct RunMetadata {
  std::string scenario_toml;  // the scenario after overrides
  std::uint64_t seed = 0;
  std::string xsellsim_version;
  std::string currency = "USD";
};

// One point of a sweep: its parameter values (dotted key -> value as TOML text) and its result.
struct SweepPoint {
  std::vector<std::pair<std::string, std::string>> parameters;
  models::RunResult result;
};

struct ResultsFile {
  RunMetadata metadata;
  std::vector<SweepPoint> points;
};

// Writing failed (unwritable directory, full disk): nothing is left behind.
class WriteError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The file is not a results file of this format version (foreign, truncated or older).
class FormatError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes a temporary file beside `target`, flushes it to disk and renames it into place. One point
// with no parameters goes at /arms/...; several go at /points/<k>/arms/... .
void write_results(const std::filesystem::path& target, const RunMetadata& metadata,
                   const std::vector<SweepPoint>& points);

ResultsFile read_results(const std::filesystem::path& path);

}  // namespace xsellsim::output

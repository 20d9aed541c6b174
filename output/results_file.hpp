#pragma once
// HDF5 results (docs/output-format.md): written atomically, read back for compare/plot/report.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/metrics.hpp"
#include "output/parameter_draws.hpp"

namespace xsellsim::output {

inline constexpr int kFormatVersion = 4;

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

// A swept value as TOML text ("3", "0.25", "\"2d\"", "[1, 2]") read as what it is: an integer,
// a real, a plain string (a TOML basic string without escapes, unquoted), or other TOML (kept
// as text). /points/table stores a column of integers as int64, of numbers as float64, of
// strings as strings, and anything else as TOML text (docs/output-format.md).
struct ParameterValue {
  enum class Kind : std::uint8_t { kInteger, kReal, kString, kToml };
  Kind kind = Kind::kToml;
  std::int64_t integer = 0;
  double real = 0;
  std::string text;  // kString: the string; kToml: the TOML text
};
ParameterValue parse_parameter(const std::string& toml_text);
// The TOML text of a value, as a sweep point's parameters hold it ("3", "0.25", "\"2d\"").
std::string toml_text(const ParameterValue& value);

// A curve as stored in the file: [replication][day_since_entry].
using Curve = std::vector<std::vector<double>>;
struct ArmCurves {
  Curve conversion;   // Kaplan-Meier share of entrants converted by each day since entry
  Curve unsubscribe;  // the same for unsubscribing
};

// A point read back. `result` holds, per replication and arm, the entrants, the Kaplan-Meier raw
// counts and the calendar-day series exactly as the run tallied them (money in cents, subscribers
// as daily changes), so summaries computed from it match those of the run itself.
struct ResultsPoint : SweepPoint {
  std::vector<ArmCurves> curves;  // [arm], in result.arm_names order, as written
};

struct ResultsFile {
  RunMetadata metadata;
  std::vector<ResultsPoint> points;  // exactly one for a run without a sweep
  ParameterDraws parameter_draws;    // run --parameter-draws K: K rows; none otherwise
};

// Writing failed (bad input, unwritable directory, full disk): nothing is left behind, and the
// message names the target.
class WriteError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The file is not a results file of this format version (foreign, truncated, older or newer); the
// message names the file and what is wrong.
class FormatError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes a temporary file beside `target` (target + ".tmp-" + pid), flushes it to disk and renames
// it into place, so readers never see a partial file. One point with no parameters goes at
// /arms/...; otherwise every point goes at /points/<k>/arms/... with the parameters in
// /points/table. Every point must name the same parameters in the same order. The draws of a run
// with --parameter-draws go at /parameter_draws (none without).
void write_results(const std::filesystem::path& target, const RunMetadata& metadata,
                   const std::vector<SweepPoint>& points, const ParameterDraws& draws = {});

// Reads a whole results file back, checking its format_version and its schema.
ResultsFile read_results(const std::filesystem::path& path);

}  // namespace xsellsim::output

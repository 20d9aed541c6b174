#pragma once
// `plot` and `report` draw with matplotlib. The C++ side checks what it can (the arguments, the
// results file) so that bad input exits 2 with the usual message, computes every figure
// (tools/drawing_data.hpp), then runs a Python script that is embedded in the binary
// (tools/python/, see tools/python/embed.cmake) with Debian's python3 on that json: Python only
// draws and lays out.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "output/results_file.hpp"
#include "tools/drawing_data.hpp"

namespace xsellsim::tools {

// Reads the whole results file with output::read_results and checks that it has point `point`.
// Throws scenarios::InputError (exit status 2) for a missing, foreign, truncated or out-of-date
// file, or a point out of range.
output::ResultsFile check_results_file(const std::filesystem::path& results, long point);

// Throws an error (exit status 1) when `output` cannot be written: its directory does not exist.
void check_output_directory(const std::filesystem::path& output);

// The interpreter: $XSELLSIM_PYTHON when set, else /usr/bin/python3 (Debian's, which sees the
// python3-matplotlib and python3-numpy packages; another python3 on PATH may not).
std::string python_interpreter();

// Writes the embedded scripts and `data` (as data.json) to a private temporary directory, runs
// `script` there with the interpreter, the json's path and `arguments`, removes the directory and
// returns the script's exit status. Throws (exit status 1) when the interpreter is missing, naming
// the Debian packages to install.
int run_embedded_python(const std::string& script, const std::string& data,
                        const std::vector<std::string>& arguments);

struct DrawingRequest {
  std::string script;  // xsellsim_plot.py or xsellsim_report.py
  std::filesystem::path results, output;
  long point = 0;
  std::optional<double> live;  // the live test's entrants (report)
  std::filesystem::path data;  // where to keep a copy of the json drawn from (none when empty)
};

// What `plot` and `report` share: checks the results file and the output's directory, computes
// the json, runs the script on it, and says what it wrote. Returns the script's exit status.
int draw_with_python(const DrawingRequest& request);

}  // namespace xsellsim::tools

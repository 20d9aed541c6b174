#pragma once
// `xsellsim report`: one self-contained HTML page about a results file. The flags are in
// tools/command_line.cpp.
#include <optional>
#include <string>

namespace xsellsim::tools {

struct ReportArguments {
  std::string results;
  std::string output;  // default: RESULTS with .html
  long point = 0;
  std::optional<double> live;
  std::string data;  // with it, the json the page is drawn from
};

int report(const ReportArguments& args);  // the drawing script's exit status

}  // namespace xsellsim::tools

#pragma once
// `xsellsim plot`: conversion, unsubscribe and lift curves of a results file as PNG or SVG. The
// flags are in tools/command_line.cpp.
#include <string>

namespace xsellsim::tools {

struct PlotArguments {
  std::string results;
  std::string output;  // default: RESULTS with .png
  long point = 0;
  std::string data;  // with it, the json the picture is drawn from
};

int plot(const PlotArguments& args);  // the drawing script's exit status

}  // namespace xsellsim::tools

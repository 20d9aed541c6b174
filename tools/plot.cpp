// `xsellsim plot`: conversion, unsubscribe and lift curves of a results file as PNG or SVG: the
// curves computed here (models/curves.hpp), drawn by tools/python/xsellsim_plot.py (embedded in
// the binary) with matplotlib.
#include "tools/plot.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "scenarios/diagnostics.hpp"
#include "tools/python_command.hpp"

namespace xsellsim::tools {

namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

int plot(const PlotArguments& args) {
  std::filesystem::path output = args.output;
  if (output.empty()) output = std::filesystem::path(args.results).replace_extension(".png");
  const std::string extension = lowercase(output.extension().string());
  if (extension != ".png" && extension != ".svg") {
    throw scenarios::InputError(
        scenarios::Diagnostic{output.string(), 0, 0, "the picture must be .png or .svg", ""});
  }
  return draw_with_python(
      {"xsellsim_plot.py", args.results, output, args.point, std::nullopt, args.data});
}

}  // namespace xsellsim::tools

// `xsellsim plot`: conversion, unsubscribe and lift curves of a results file as PNG or SVG: the
// curves computed here (models/curves.hpp), drawn by tools/python/xsellsim_plot.py (embedded in
// the binary) with matplotlib.

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>

#include "scenarios/diagnostics.hpp"
#include "tools/commands.hpp"
#include "tools/python_command.hpp"

namespace xsellsim::tools {

namespace {

struct PlotArguments {
  std::string results;
  std::string output;
  long point = 0;
  std::string data;
};

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

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

}  // namespace

void add_plot_command(CLI::App& app, int& status) {
  auto args = std::make_shared<PlotArguments>();
  CLI::App* command = app.add_subcommand(
      "plot", "Draw conversion, unsubscribe and lift curves with 95% bands (PNG or SVG)");
  command->add_option("results", args->results, "Results file (HDF5) written by `run`")->required();
  command->add_option("-o,--output", args->output,
                      "Picture to write, FILE.png or FILE.svg (default: RESULTS with .png)");
  command->add_option("--point", args->point, "Point of a sweep to draw (default: 0)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--data", args->data,
                      "Also write the json the picture is drawn from (every figure computed by "
                      "xsellsim; docs/report.md)");
  command->callback([args, &status] { status = plot(*args); });
}

}  // namespace xsellsim::tools

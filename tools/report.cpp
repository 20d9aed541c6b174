// `xsellsim report`: one self-contained HTML page about a results file (docs/report.md), written by
// tools/python/xsellsim_report.py (embedded in the binary).

#include <filesystem>
#include <memory>

#include "tools/commands.hpp"
#include "tools/python_command.hpp"

namespace xsellsim::tools {

namespace {

struct ReportArguments {
  std::string results;
  std::string output;
  long point = 0;
};

int report(const ReportArguments& args) {
  std::filesystem::path output = args.output;
  if (output.empty()) output = std::filesystem::path(args.results).replace_extension(".html");
  return draw_with_python("xsellsim_report.py", args.results, output, args.point);
}

}  // namespace

void add_report_command(CLI::App& app, int& status) {
  auto args = std::make_shared<ReportArguments>();
  CLI::App* command = app.add_subcommand(
      "report", "Write one self-contained HTML page: scenario, arms table, curves, funnel");
  command->add_option("results", args->results, "Results file (HDF5) written by `run`")->required();
  command->add_option("-o,--output", args->output, "Page to write (default: RESULTS with .html)");
  command->add_option("--point", args->point, "Point of a sweep to describe (default: 0)")
      ->check(CLI::NonNegativeNumber);
  command->callback([args, &status] { status = report(*args); });
}

}  // namespace xsellsim::tools

// `xsellsim report`: one self-contained HTML page about a results file (docs/report.md): every
// figure computed here (tools/drawing_data.hpp, the same as `compare`), laid out by
// tools/python/xsellsim_report.py (embedded in the binary).

#include <filesystem>
#include <memory>
#include <optional>

#include "tools/commands.hpp"
#include "tools/python_command.hpp"

namespace xsellsim::tools {

namespace {

struct ReportArguments {
  std::string results;
  std::string output;
  long point = 0;
  std::optional<double> live;
  std::string data;
};

int report(const ReportArguments& args) {
  std::filesystem::path output = args.output;
  if (output.empty()) output = std::filesystem::path(args.results).replace_extension(".html");
  return draw_with_python(
      {"xsellsim_report.py", args.results, output, args.point, args.live, args.data});
}

}  // namespace

void add_report_command(CLI::App& app, int& status) {
  auto args = std::make_shared<ReportArguments>();
  CLI::App* command = app.add_subcommand(
      "report",
      "Write one self-contained HTML page: the recommendation, net value and margin per arm, the "
      "trade-off, the live-test plan, what was assumed; then the scenario, arms, curves, funnel");
  command->add_option("results", args->results, "Results file (HDF5) written by `run`")->required();
  command->add_option("-o,--output", args->output, "Page to write (default: RESULTS with .html)");
  command->add_option("--point", args->point, "Point of a sweep to describe (default: 0)")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--live", args->live,
                   "Plan a live test of N entrants, half held out (default: as many as entered "
                   "the baseline in the run)")
      ->check(CLI::PositiveNumber);
  command->add_option("--data", args->data,
                      "Also write the json the page is drawn from (the figures of compare --format "
                      "json and the curves; docs/report.md)");
  command->callback([args, &status] { status = report(*args); });
}

}  // namespace xsellsim::tools

// The program's command line: the app, the unknown-command message, and the flags of run,
// validate, describe, compare, plot and report (calibrate's are in calibrate_command_line.cpp).
// Each binding fills a command's plain arguments struct and, when the user picks the command,
// stores what it returns in `status`. Only flags and their checks belong here: what a command
// does is in its own file (tools/run.cpp, ...), which does not include CLI11.
#include "tools/command_line.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "scenarios/limits.hpp"
#include "scenarios/table_reader.hpp"
#include "tools/calibrate_command_line.hpp"
#include "tools/compare.hpp"
#include "tools/describe.hpp"
#include "tools/plot.hpp"
#include "tools/report.hpp"
#include "tools/run.hpp"
#include "tools/terminal.hpp"
#include "tools/validate.hpp"

namespace xsellsim::tools {

namespace {

// The flags of `run` after --seed: what to print and overwrite, checkpoints, --export.
void add_run_flags(CLI::App& run, RunArguments& args) {
  run.add_flag("--force", args.force, "Overwrite an existing results file");
  run.add_flag("--stats", args.stats, "Print events, customers, wall time and rates");
  run.add_flag("-q,--quiet", args.quiet, "Print nothing but errors (and --stats)");
  CLI::Option* resume = run.add_flag(
      "--resume", args.resume,
      "Continue an interrupted run from OUT.h5.checkpoint (same scenario and options); an error "
      "when there is none");
  CLI::Option* if_possible = run.add_flag(
      "--resume-if-possible", args.resume_if_possible,
      "Continue from OUT.h5.checkpoint if there is one, else start afresh (for batch scripts)");
  CLI::Option* restart =
      run.add_flag("--restart", args.restart,
                   "Discard OUT.h5.checkpoint of an interrupted run and start afresh (without "
                   "one of these, a run refuses to overwrite a checkpoint)");
  run.add_option("--export", args.export_directory,
                 "Also write replication 1's simulated logs to DIR: order lines, email events "
                 "and each customer's arm and true effects (docs/export.md)");
  resume->excludes(if_possible)->excludes(restart);
  if_possible->excludes(restart);
}

void add_run_command(CLI::App& app, int& status) {
  auto args = std::make_shared<RunArguments>();
  CLI::App* run =
      app.add_subcommand("run", "Simulate every arm of a scenario and write HDF5 results");
  run->add_option("scenario", args->scenario, "Scenario file (TOML)")->required();
  run->add_option("-o,--output", args->output, "Results file (default: SCENARIO-STEM.h5)");
  run->add_option("--set", args->overrides, "Override a scenario value: KEY=VALUE (dotted path)")
      ->allow_extra_args(false);  // one KEY=VALUE per --set, so it cannot swallow the scenario
  run->add_option("--threads", args->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 4096u));
  run->add_option("--replications", args->replications, "Independent replications")
      ->check(CLI::Range(1, scenarios::kMostReplications));
  run->add_option("--parameter-draws", args->parameter_draws,
                  "Cut the replications into K blocks, each run at its own draw of the "
                  "scenario's distributions ({mean, sd}); all arms share a block's draw")
      ->check(CLI::Range(1, scenarios::kMostReplications));
  run->add_option("--seed", args->seed, "Seed, 0 or more (default: the scenario's `seed`)");
  add_run_flags(*run, *args);
  run->callback([args, &status] { status = run_scenario(*args); });
}

void add_validate_command(CLI::App& app, int& status) {
  auto args = std::make_shared<ValidateArguments>();
  CLI::App* validate = app.add_subcommand("validate", "Check a scenario file without running it");
  validate->add_option("scenario", args->scenario, "Scenario file (TOML)")->required();
  validate->add_option("--set", args->overrides, "Override a scenario value: KEY=VALUE")
      ->allow_extra_args(false);
  validate->callback([args, &status] { status = validate_scenario(*args); });
}

void add_describe_command(CLI::App& app, int& status) {
  auto args = std::make_shared<DescribeArguments>();
  CLI::App* describe = app.add_subcommand("describe", "Explain a scenario in plain language");
  describe->add_option("scenario", args->scenario, "Scenario file (TOML)")->required();
  describe->add_option("--set", args->overrides, "Override a scenario value: KEY=VALUE")
      ->allow_extra_args(false);
  describe->callback([args, &status] { status = describe_command(*args); });
}

// The options of `compare` that plan a live test.
void add_live_options(CLI::App& compare, CompareArguments& args) {
  compare.add_option("--live", args.live,
                     "Plan a live test of N entrants: the interval it would show on the lift, "
                     "its power, the minimum detectable effect, the entrants needed");
  compare.add_option("--holdout-share", args.holdout_share,
                     "With --live: share of the entrants held out (default 0.5)");
  compare.add_option("--alpha", args.alpha,
                     "With --live: two-sided significance level (default 0.05)");
  compare.add_option("--power", args.power,
                     "With --live: power for the minimum detectable effect and the entrants "
                     "needed (default 0.8)");
}

void add_compare_command(CLI::App& app, int& status) {
  auto args = std::make_shared<CompareArguments>();
  CLI::App* compare = app.add_subcommand(
      "compare",
      "Arms side by side with 95% intervals; paired differences against the holdout (or an arm's "
      "no-send twin, or --baseline); which arm to launch; the plan of a live test (--live); "
      "attribution against the truth");
  compare->add_option("results", args->file, "Results file (HDF5) written by `xsellsim run`")
      ->required();
  compare
      ->add_option("--format", args->format,
                   "table, csv, json, or tidy (every arm x point x replication x metric x "
                   "day, one value per row)")
      ->check(CLI::IsMember({"table", "csv", "json", "tidy"}));
  compare->add_option("--point", args->point, "Only point K of a sweep (0, 1, ...)");
  compare->add_option("--day", args->day, "Day since entry for lift and unsubscribes (default 90)");
  compare->add_option("--baseline", args->baseline,
                      "Arm the differences are against (default: holdout); differences are "
                      "paired per customer");
  add_live_options(*compare, *args);
  compare->callback([args, &status] { status = compare_file(*args); });
}

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

// "unknown command 'runn'; did you mean 'run'?" when the first argument names no subcommand
// (CLI11 would say only that a subcommand is required); nullopt otherwise.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv) {
  const std::span<char*> arguments(argv, static_cast<std::size_t>(argc));
  if (arguments.size() < 2) return std::nullopt;
  const std::string word = arguments[1];
  if (word.empty() || word.front() == '-') return std::nullopt;
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (command->check_name(word)) return std::nullopt;
    names.push_back(command->get_name());
  }
  std::string message = fmt::format("unknown command '{}'", word);
  if (auto match = scenarios::closest_match(word, names)) {
    message += fmt::format("; did you mean '{}'?", *match);
  } else {
    message += fmt::format("; the commands are {}", fmt::join(names, ", "));
  }
  return message;
}

}  // namespace

int run_command_line(int argc, char** argv) {
  CLI::App app{"xsellsim: simulate cross-sell email sequences over synthetic customers"};
  app.set_version_flag("--version", std::string("xsellsim ") + XSELLSIM_VERSION);
  app.require_subcommand(1);
  int status = 0;
  add_run_command(app, status);
  add_validate_command(app, status);
  add_describe_command(app, status);
  add_calibrate_command(app, status);
  add_compare_command(app, status);
  add_plot_command(app, status);
  add_report_command(app, status);
  if (auto unknown = unknown_command(app, argc, argv)) {
    fmt::print(stderr, "xsellsim: {} {}\n", error_label(), *unknown);
    return 2;
  }
  try {
    app.parse(argc, argv);
    return status;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // --help and --version are ParseErrors of code 0
  }
}

}  // namespace xsellsim::tools

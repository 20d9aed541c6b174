// xsellsim: simulate cross-sell email sequences. This file only wires subcommands and maps errors
// to exit codes: 0 success, 2 bad input, 1 anything else.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <csignal>
#include <cstdio>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "output/results_file.hpp"
#include "scenarios/diagnostics.hpp"
#include "scenarios/table_reader.hpp"
#include "tools/cluster.hpp"
#include "tools/commands.hpp"
#include "tools/terminal.hpp"

namespace xsellsim::tools {

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

}  // namespace xsellsim::tools

namespace {

int run_program(int argc, char** argv) {
  // Past a file-size limit (ulimit -f) a write then fails with EFBIG, which the writer reports and
  // cleans up after, instead of SIGXFSZ killing the program and leaving its temporary file.
  std::signal(SIGXFSZ, SIG_IGN);
  xsellsim::tools::Cluster cluster(argc, argv);
  xsellsim::tools::set_cluster(&cluster);
  CLI::App app{"xsellsim: simulate cross-sell email sequences over synthetic customers"};
  app.set_version_flag("--version", std::string("xsellsim ") + XSELLSIM_VERSION);
  app.require_subcommand(1);
  int status = 0;
  xsellsim::tools::add_run_command(app, status);
  xsellsim::tools::add_validate_command(app, status);
  xsellsim::tools::add_describe_command(app, status);
  xsellsim::tools::add_calibrate_command(app, status);
  xsellsim::tools::add_compare_command(app, status);
  xsellsim::tools::add_plot_command(app, status);
  xsellsim::tools::add_report_command(app, status);
  if (auto unknown = xsellsim::tools::unknown_command(app, argc, argv)) {
    fmt::print(stderr, "xsellsim: {} {}\n", xsellsim::tools::error_label(), *unknown);
    return 2;
  }
  try {
    app.parse(argc, argv);
    return status;
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const xsellsim::scenarios::InputError& e) {
    for (const auto& d : e.diagnostics()) {
      fmt::print(stderr, "{}\n", xsellsim::tools::colour_error(d.format()));
    }
    return 2;
  } catch (const xsellsim::output::FormatError& e) {
    fmt::print(stderr, "xsellsim: {} {}\n", xsellsim::tools::error_label(), e.what());
    return 2;  // a file that is not a results file of this version is bad input
  } catch (const std::exception& e) {
    fmt::print(stderr, "xsellsim: {} {}\n", xsellsim::tools::error_label(), e.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_program(argc, argv);
  } catch (const std::exception& e) {
    // Thrown before the subcommands ran (starting MPI, building the command line), or while
    // printing an error: say what, without anything that could throw again.
    std::fputs("xsellsim: error: ", stderr);
    std::fputs(e.what(), stderr);
    std::fputs("\n", stderr);
  } catch (...) {
    std::fputs("xsellsim: error: an unknown exception\n", stderr);
  }
  return 1;
}

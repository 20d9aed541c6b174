// xsellsim: simulate cross-sell email sequences. This file only starts the program and maps
// errors to exit codes: 0 success, 2 bad input, 1 anything else. The command line is parsed in
// tools/command_line.cpp.
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <exception>

#include "output/results_file.hpp"
#include "scenarios/diagnostics.hpp"
#include "tools/cluster.hpp"
#include "tools/command_line.hpp"
#include "tools/terminal.hpp"

namespace {

int run_program(int argc, char** argv) {
  // Past a file-size limit (ulimit -f) a write then fails with EFBIG, which the writer reports and
  // cleans up after, instead of SIGXFSZ killing the program and leaving its temporary file.
  std::signal(SIGXFSZ, SIG_IGN);
  xsellsim::tools::Cluster cluster(argc, argv);
  xsellsim::tools::set_cluster(&cluster);
  try {
    return xsellsim::tools::run_command_line(argc, argv);
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
    // Thrown while starting MPI, or while printing an error: say what, without anything that
    // could throw again.
    std::fputs("xsellsim: error: ", stderr);
    std::fputs(e.what(), stderr);
    std::fputs("\n", stderr);
  } catch (...) {
    std::fputs("xsellsim: error: an unknown exception\n", stderr);
  }
  return 1;
}

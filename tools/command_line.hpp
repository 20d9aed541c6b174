#pragma once
// The program's command line. Which flags each command has lives in tools/command_line.cpp and
// tools/calibrate_command_line.cpp, the only files that include CLI11 (its header costs every
// includer seconds of compiling and of clang-tidy); what each command does lives in its own file
// behind a CLI11-free header (tools/run.hpp, tools/compare.hpp, ...).

namespace xsellsim::tools {

// Parses the arguments and runs the command they name: its exit status, or 0 after --help or
// --version and 2 after a usage error (each printed here). Library errors propagate as
// exceptions; main.cpp maps them to exit codes (docs/architecture.md, "Errors").
int run_command_line(int argc, char** argv);

}  // namespace xsellsim::tools

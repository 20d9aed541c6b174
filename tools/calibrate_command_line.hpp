#pragma once
// The flags of `calibrate` and of its subcommands orders, emails and campaign
// (tools/calibrate_command_line.cpp). CLI::App is only named here, so that including this header
// does not cost CLI11's.

namespace CLI {
class App;
}  // namespace CLI

namespace xsellsim::tools {

// Adds `calibrate` to the program's app. When the user picks it or one of its subcommands, the
// callback stores the command's exit status in `status`.
void add_calibrate_command(CLI::App& app, int& status);

}  // namespace xsellsim::tools

#pragma once
// Each subcommand lives in its own file and registers itself on the program's CLI11 app. When the
// user picks it, its callback stores the exit status in `status`. Library errors propagate as
// exceptions; main.cpp maps them to exit codes (docs/architecture.md, "Errors").
#include <CLI/CLI.hpp>

namespace xsellsim::tools {

void add_run_command(CLI::App& app, int& status);
void add_validate_command(CLI::App& app, int& status);
void add_describe_command(CLI::App& app, int& status);  // tools/describe.cpp
void add_calibrate_command(CLI::App& app, int& status);
void add_calibrate_orders_command(CLI::App& calibrate, int& status);  // tools/calibrate_orders.cpp
void add_calibrate_emails_command(CLI::App& calibrate, int& status);  // tools/calibrate_emails.cpp
void add_calibrate_campaign_command(CLI::App& calibrate,
                                    int& status);      // tools/calibrate_campaign.cpp
void add_compare_command(CLI::App& app, int& status);  // tools/compare.cpp
void add_plot_command(CLI::App& app, int& status);     // tools/plot.cpp
void add_report_command(CLI::App& app, int& status);   // tools/report.cpp

}  // namespace xsellsim::tools

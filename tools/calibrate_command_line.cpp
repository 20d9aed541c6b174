// The flags of `calibrate` and of its subcommands orders, emails and campaign: each binding fills
// the command's plain arguments struct (tools/calibrate.hpp, calibrate_orders.hpp,
// calibrate_emails.hpp, calibrate_campaign.hpp) and stores what the command returns in `status`.
#include "tools/calibrate_command_line.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "tools/calibrate.hpp"
#include "tools/calibrate_campaign.hpp"
#include "tools/calibrate_emails.hpp"
#include "tools/calibrate_orders.hpp"

namespace xsellsim::tools {

namespace {

void add_column_options(CLI::App& command, scenarios::OrderLogOptions& log) {
  const char* help = "column: a header name or a 1-based number";
  command.add_option("--customer", log.customer, fmt::format("Customer {}", help))
      ->capture_default_str();
  command.add_option("--order", log.order, fmt::format("Order id {}", help))->capture_default_str();
  command.add_option("--time", log.time, fmt::format("Order time {}", help))->capture_default_str();
  command.add_option("--product", log.product, fmt::format("Product code {}", help))
      ->capture_default_str();
  command.add_option("--quantity", log.quantity, fmt::format("Quantity {}", help))
      ->capture_default_str();
  command.add_option("--price", log.price, fmt::format("Unit price {}", help))
      ->capture_default_str();
  command.add_option("--description", log.description,
                     fmt::format("Product description {} (optional: shown in comments)", help));
}

// How the order lines are read, after the columns: times, cancellations, product codes.
void add_reading_options(CLI::App& command, scenarios::OrderLogOptions& log) {
  command
      .add_option("--time-format", log.time_format,
                  "Date format of the time column (%Y %m %d, optionally %H %M %S)")
      ->capture_default_str();
  command.add_option("--cancel-prefix", log.cancel_prefix,
                     "An order id starting with this is a cancellation (its lines are returns)");
  command
      .add_option("--product-codes", log.product_codes,
                  "digit: a product code starts with a digit (postage, fees, vouchers are left "
                  "out); any: every code is a product")
      ->capture_default_str();
}

// Which products keep their names, and which ordered pairs become complement edges.
void add_catalog_options(CLI::App& command, OrdersArguments& args) {
  command
      .add_option("--products", args.products,
                  "Top products by revenue net of returns kept by name")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  command
      .add_option("--candidates", args.candidates,
                  "The most-bought products whose ordered pairs are compared")
      ->capture_default_str()
      ->check(CLI::Range(2, 1000));
  command.add_option("--window", args.complements.window_days, "Complement window in days")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  command
      .add_option("--min-buyers", args.complements.min_buyers,
                  "Support a pair needs: buyers of A followed for the whole window")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  command
      .add_option("--min-z", args.complements.min_z,
                  "One-sided z of the excess for an edge to be kept")
      ->capture_default_str();
  command.add_option("--max-edges", args.complements.max_edges, "At most this many edges")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
}

void add_calibrate_orders_command(CLI::App& calibrate, int& status) {
  auto args = std::make_shared<OrdersArguments>();
  CLI::App* command = calibrate.add_subcommand(
      "orders", "Learn a runnable scenario (purchasing, catalog, complements) from order lines");
  command->add_option("log", args->file, "Order lines: CSV, optionally gzipped")->required();
  command->add_option("-o,--output", args->output, "The scenario to write")->required();
  add_column_options(*command, args->log);
  add_reading_options(*command, args->log);
  command->add_option("--calibration-end", args->calibration_end,
                      "Last day of the calibration period, YYYY-MM-DD (default: the last order)");
  command->add_option("--forecast-end", args->forecast_end,
                      "Check the forecast against the log from the calibration end to this day");
  command->add_option("--pairs", args->pairs,
                      "Also write every compared pair (buyers, rates, excess) to this CSV file");
  command->add_option("--currency", args->currency, "Currency label of the scenario")
      ->capture_default_str();
  add_catalog_options(*command, *args);
  command->callback([args, &status] { status = calibrate_orders(*args); });
}

void add_calibrate_emails_command(CLI::App& calibrate, int& status) {
  auto args = std::make_shared<EmailsArguments>();
  CLI::App* command = calibrate.add_subcommand(
      "emails",
      "Fit the email response (inbox, opens, clicks, fatigue, unsubscribes, "
      "complaints) to an email-events log and print [engagement] and [fatigue]");
  command->add_option("log", args->file, "Email events (docs/export.md's email_events.csv.gz)")
      ->required();
  command
      ->add_option("--complaint-threshold", args->complaint_threshold,
                   "The complaint term's fatigue threshold (the scenario's complaint_threshold)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1000.0));
  command->callback([args, &status] { status = calibrate_emails(*args); });
}

// The columns of a campaign log beside the group: outcomes and covariates.
void add_campaign_columns(CLI::App& command, CampaignArguments& args) {
  command.add_option("--segments", args.segments,
                     "A covariate to cut segments by: COLUMN (its values) or COLUMN:CUT,... "
                     "(bands of a number); repeat to cross them");
  command.add_option("--visit", args.columns.visit, "The 0/1 visit column")->capture_default_str();
  command.add_option("--conversion", args.columns.conversion, "The 0/1 conversion column")
      ->capture_default_str();
  command.add_option("--spend", args.columns.spend, "The spend column")->capture_default_str();
}

void add_calibrate_campaign_command(CLI::App& calibrate, int& status) {
  auto args = std::make_shared<CampaignArguments>();
  CLI::App* command = calibrate.add_subcommand(
      "campaign",
      "Fit the organic rates and the email's effect to a past randomized campaign (one row per "
      "customer: group, covariates, visit, conversion, spend) and write a scenario replaying it");
  command->add_option("log", args->file, "The campaign: CSV (gzip or plain) with a header")
      ->required();
  command->add_option("--group", args->columns.group, "The column of the randomized groups")
      ->required();
  command->add_option("--control", args->columns.control, "Its value for the group sent nothing")
      ->required();
  command->add_option("--window", args->window, "The window the outcomes cover")
      ->capture_default_str();
  command->add_option("-o,--output", args->output, "The scenario to write")->required();
  add_campaign_columns(*command, *args);
  command->add_option("--split-seed", args->split_seed,
                      "Calibrate on a random half (this seed) and check the lifts predicted for "
                      "the other half");
  command->add_flag("--replay", args->replay,
                    "Run the written scenario and compare each group's rates with the data's");
  command->callback([args, &status] { status = calibrate_campaign(*args); });
}

// The options of `calibrate LOG` itself, returned so that its callback can require them.
struct LogOptions {
  CLI::Option* log;
  CLI::Option* customer;
  CLI::Option* date;
  CLI::Option* end;
};

LogOptions add_log_options(CLI::App& command, CalibrateArguments& args) {
  LogOptions options{};
  options.log = command.add_option("log", args.file, "Transaction log: one purchase per line");
  options.customer =
      command
          .add_option("--customer-column", args.log.customer_column, "Customer id column (1-based)")
          ->check(CLI::Range(1, 1000));
  options.date = command.add_option("--date-column", args.log.date_column, "Date column (1-based)")
                     ->check(CLI::Range(1, 1000));
  command
      .add_option(
          "--date-format", args.log.date_format,
          "Date format: %Y %m %d, optionally %H %M %S (a time of day after the date is ignored)")
      ->capture_default_str();
  options.end = command.add_option("--calibration-end", args.log.calibration_end,
                                   "Last day of the calibration period, YYYY-MM-DD");
  command.add_option("--time-unit", args.time_unit, "week or day")->capture_default_str();
  return options;
}

}  // namespace

void add_calibrate_command(CLI::App& app, int& status) {
  auto args = std::make_shared<CalibrateArguments>();
  CLI::App* command = app.add_subcommand(
      "calibrate",
      "Fit BG/NBD purchasing to a transaction log and print a scenario fragment; "
      "`calibrate orders` learns a whole scenario from order lines, `calibrate emails` the email "
      "response from email events");
  add_calibrate_orders_command(*command, status);
  add_calibrate_emails_command(*command, status);
  add_calibrate_campaign_command(*command, status);
  // Required only without a subcommand, so these are checked in the callback rather than by
  // CLI11, which would ask for them beside the subcommand too.
  const LogOptions options = add_log_options(*command, *args);
  command->callback([args, command, options, &status] {
    if (command->got_subcommand("orders") || command->got_subcommand("emails") ||
        command->got_subcommand("campaign")) {
      return;
    }
    for (const CLI::Option* option : {options.log, options.customer, options.date, options.end}) {
      if (option->count() == 0) throw CLI::RequiredError(option->get_name());
    }
    status = calibrate(*args);
  });
}

}  // namespace xsellsim::tools

// `xsellsim calibrate`: fit BG/NBD to a transaction log and print a scenario fragment.
// The report goes to stderr; stdout gets only the TOML fragment, so it can be redirected.
#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <memory>

#include "models/bgnbd.hpp"
#include "scenarios/transaction_log.hpp"
#include "tools/commands.hpp"

namespace xsellsim::tools {

namespace {

struct CalibrateArguments {
  scenarios::TransactionLogOptions log;
  std::string file;
  std::string time_unit = "week";
};

// Expected cumulative repeat transactions of the cohort k periods after the calibration end, as
// the model forecasts them for a new cohort (sum over customers of E[X(T_i + k)] - E[X(T_i)]) and
// given what each customer did in the calibration period (sum of E[Y(k) | x, t_x, T], FHL eq. 10).
struct Forecast {
  double unconditional = 0;
  double conditional = 0;
};
Forecast forecast_after_end(const models::Purchasing& p,
                            const std::vector<models::CustomerHistory>& histories, double k) {
  Forecast total;
  for (const auto& h : histories) {
    total.unconditional += models::expected_repeat_transactions(p, h.T + k) -
                           models::expected_repeat_transactions(p, h.T);
    total.conditional += models::conditional_expected_transactions(p, h, k);
  }
  return total;
}

void print_report(const scenarios::CalibrationData& data, const models::BgnbdFit& fit,
                  const std::string& unit) {
  const models::Purchasing& p = fit.estimate;
  fmt::print(stderr, "BG/NBD maximum likelihood: {} customers, {} transactions read\n",
             data.histories.size(), data.rows);
  const std::array<const char*, 4> names{"r", "alpha", "a", "b"};
  const std::array<double, 4> values{p.r, p.alpha, p.a, p.b};
  for (std::size_t i = 0; i < names.size(); ++i) {
    fmt::print(stderr, "  {:<6} = {:.4f}  (standard error {:.4f})\n", names[i], values[i],
               fit.standard_errors[i]);
  }
  fmt::print(stderr, "  log-likelihood = {:.2f}{}\n", fit.log_likelihood,
             fit.converged ? "" : "  (WARNING: the optimiser did not converge)");
  fmt::print(stderr, "\nRepeat transactions after the calibration end (cumulative):\n");
  fmt::print(stderr, "  {:>6} {:>10} {:>10} {:>12}\n", unit, "actual", "expected", "conditional");
  long actual = 0;
  for (std::size_t k = 0; k < data.holdout_repeats.size(); ++k) {
    actual += data.holdout_repeats[k];
    auto forecast = forecast_after_end(p, data.histories, static_cast<double>(k + 1));
    fmt::print(stderr, "  {:>6} {:>10} {:>10.1f} {:>12.1f}\n", k + 1, actual,
               forecast.unconditional, forecast.conditional);
  }
}

int calibrate(CalibrateArguments& args) {
  args.log.file = args.file;
  if (args.time_unit != "week" && args.time_unit != "day") {
    throw scenarios::InputError(scenarios::Diagnostic{
        "--time-unit", 1, 1, fmt::format("'{}' is not day or week", args.time_unit), ""});
  }
  args.log.time_unit = args.time_unit == "week" ? sim::kWeek : sim::kDay;
  scenarios::CalibrationData data = scenarios::read_transaction_log(args.log);
  models::BgnbdFit fit = models::fit_bgnbd(data.histories, args.log.time_unit);
  print_report(data, fit, args.time_unit);
  const models::Purchasing& p = fit.estimate;
  fmt::print(
      "[segments.calibrated.purchasing]\nmodel = \"bgnbd\"\nr = {:.4f}\nalpha = {:.4f}\n"
      "a = {:.4f}\nb = {:.4f}\ntime_unit = \"{}\"\nlog_likelihood = {:.2f}\n",
      p.r, p.alpha, p.a, p.b, args.time_unit, fit.log_likelihood);
  return fit.converged ? 0 : 1;
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
  CLI::Option* log =
      command->add_option("log", args->file, "Transaction log: one purchase per line");
  CLI::Option* customer = command
                              ->add_option("--customer-column", args->log.customer_column,
                                           "Customer id column (1-based)")
                              ->check(CLI::Range(1, 1000));
  CLI::Option* date =
      command->add_option("--date-column", args->log.date_column, "Date column (1-based)")
          ->check(CLI::Range(1, 1000));
  command
      ->add_option(
          "--date-format", args->log.date_format,
          "Date format: %Y %m %d, optionally %H %M %S (a time of day after the date is ignored)")
      ->capture_default_str();
  CLI::Option* end = command->add_option("--calibration-end", args->log.calibration_end,
                                         "Last day of the calibration period, YYYY-MM-DD");
  command->add_option("--time-unit", args->time_unit, "week or day")->capture_default_str();
  command->callback([args, command, log, customer, date, end, &status] {
    if (command->got_subcommand("orders") || command->got_subcommand("emails") ||
        command->got_subcommand("campaign")) {
      return;
    }
    for (const CLI::Option* option : {log, customer, date, end}) {
      if (option->count() == 0) throw CLI::RequiredError(option->get_name());
    }
    status = calibrate(*args);
  });
}

}  // namespace xsellsim::tools

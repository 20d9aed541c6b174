// `xsellsim calibrate`: fit BG/NBD to a transaction log and print a scenario fragment.
// The report goes to stderr; stdout gets only the TOML fragment, so it can be redirected.
#include "tools/calibrate.hpp"

#include <fmt/format.h>

#include <array>
#include <cstddef>

#include "models/bgnbd.hpp"
#include "scenarios/transaction_log.hpp"

namespace xsellsim::tools {

namespace {

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

}  // namespace

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

}  // namespace xsellsim::tools

// `xsellsim calibrate orders LOG -o SCENARIO.toml`: learn a runnable scenario from order lines:
// BG/NBD purchasing on order occasions, the catalog, the complement graph, a starting sequence.
// The report goes to stderr; the scenario is written to a temporary file renamed at the end, so a
// failure leaves nothing behind (docs/calibration.md).
#include "tools/calibrate_orders.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "models/bgnbd.hpp"
#include "models/complements_fit.hpp"
#include "models/order_history.hpp"
#include "scenarios/order_log.hpp"
#include "scenarios/transaction_log.hpp"

namespace xsellsim::tools {

namespace {

constexpr double kDaysPerWeek = 7;

long day_option(const std::string& text, const char* option) {
  auto day = scenarios::parse_date(text, "%Y-%m-%d");
  if (!day) {
    throw scenarios::InputError(scenarios::Diagnostic{
        option, 1, 1, fmt::format("'{}' is not a date YYYY-MM-DD", text), ""});
  }
  return *day;
}

// The calibration end: on or before the last order (after it, T would count days the log does
// not cover as days without purchases) and late enough for a whole complement window.
long calibration_end(const OrdersArguments& args, const scenarios::OrderLog& log) {
  if (args.calibration_end.empty()) return log.last_day;
  const long end = day_option(args.calibration_end, "--calibration-end");
  if (end > log.last_day) {
    throw scenarios::InputError(scenarios::Diagnostic{
        "--calibration-end", 1, 1,
        fmt::format("{} is after the last order in {} ({}): choose a date on or before it",
                    args.calibration_end, args.file, scenarios::date_of_day(log.last_day)),
        ""});
  }
  return end;
}

// The scenario is written to a temporary file beside the output, opened before the work starts
// (so an unwritable place fails at once) and renamed at the end; a failure removes it, leaving
// nothing.
class ScenarioFile {
 public:
  explicit ScenarioFile(const std::string& output)
      : target_(output), temporary_(output + ".partial"), out_(temporary_) {
    if (!out_) {
      throw scenarios::InputError(
          scenarios::Diagnostic{output, 0, 0, "cannot write the scenario here", ""});
    }
  }
  ~ScenarioFile() {
    if (committed_) return;
    out_.close();
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
  }
  ScenarioFile(const ScenarioFile&) = delete;
  ScenarioFile& operator=(const ScenarioFile&) = delete;

  void commit(const Calibration& c) {
    write_scenario(out_, c);
    out_.close();
    if (!out_) throw std::runtime_error(fmt::format("{}: writing the scenario failed", target_));
    std::filesystem::rename(temporary_, target_);
    committed_ = true;
  }

 private:
  std::string target_;
  std::filesystem::path temporary_;
  std::ofstream out_;
  bool committed_ = false;
};

void report_pairs(const Calibration& c) {
  const auto& names = c.log.history.products;
  const long w = c.args.complements.window_days;
  fmt::print(stderr,
             "\nComplements: {} ordered pairs of the {} most-bought products with at least {} "
             "buyers; median excess {:+.2f} points within {} days, spread beyond their standard "
             "errors {:.2f} points (the edges' shrinkage).\n",
             c.complements.pairs.size(), std::min(c.args.candidates, names.size()),
             c.args.complements.min_buyers, 100 * c.complements.median_excess, w,
             100 * c.complements.excess_spread);
  fmt::print(stderr, "  {:<12} {:<12} {:>6} {:>7} {:>8} {:>7} {:>6} {:>6} {:>6} {:>6}  {}\n", "A",
             "B", "buyers", "buyers%", "compare%", "excess", "shrunk", "p", "lag", "dur",
             "descriptions");
  for (const auto& e : c.complements.edges) {
    const auto& p = e.comparison;
    fmt::print(
        stderr,
        "  {:<12} {:<12} {:>6} {:>7.1f} {:>8.1f} {:>+7.1f} {:>+6.1f} {:>6.3f} {:>6.1f} {:>6.1f}  "
        "{}{}{}\n",
        names[static_cast<std::size_t>(p.from)], names[static_cast<std::size_t>(p.to)], p.buyers,
        100 * p.buyer_rate, 100 * p.baseline_rate, 100 * p.excess, 100 * e.shrunk_excess,
        e.need.probability, e.need.lag_days, e.need.duration_days,
        description_of(c.log.history, p.from), c.log.history.descriptions.empty() ? "" : " -> ",
        description_of(c.log.history, p.to));
  }
}

// The out-of-time check: the cohort's repeat occasions after the end, and for each edge the
// buyers of A after the end who buy B within the window, against what the calibration says.
void report_forecast(const Calibration& c, long forecast_end) {
  const double weeks = static_cast<double>(forecast_end - c.end) / kDaysPerWeek;
  double expected = 0;
  for (const auto& h : c.cohort.histories) {
    expected += models::conditional_expected_transactions(c.purchasing.estimate, h, weeks);
  }
  const long actual =
      models::repeat_occasions_between(c.log.history, c.cohort, c.end, forecast_end);
  fmt::print(stderr,
             "\nOut of time, {} .. {}: the cohort's repeat order occasions {} against {:.1f} "
             "forecast (error {:+.1f}%)\n",
             scenarios::date_of_day(c.end + 1), scenarios::date_of_day(forecast_end), actual,
             expected,
             100 * (expected - static_cast<double>(actual)) / static_cast<double>(actual));
  const long w = c.args.complements.window_days;
  const auto f =
      models::forecast_edges(c.log.history, c.complements.edges, c.end + 1, forecast_end - w, w);
  const auto error = [&](double forecast) {
    return f.bought > 0 ? 100 * (forecast - f.bought) / f.bought : 0.0;
  };
  fmt::print(stderr,
             "  A-then-B purchases over the {} edges ({:.0f} buyers of A from {} to {}, each "
             "followed {} days): {:.0f} against {:.1f} forecast (error {:+.1f}%, Poisson "
             "standard error of the count {:.1f}); with the excesses as measured, before their "
             "shrinkage, {:.1f} ({:+.1f}%); the baselines alone, with no complement effect, give "
             "{:.1f}\n",
             c.complements.edges.size(), f.buyers, scenarios::date_of_day(c.end + 1),
             scenarios::date_of_day(forecast_end - w), w, f.bought, f.shrunk, error(f.shrunk),
             std::sqrt(f.bought), f.raw, error(f.raw), f.baseline);
}

// Every compared pair, for analyses beyond the scenario's edges (docs/calibration.md's check
// across years): written beside the scenario, through a temporary file too.
void write_pairs(const std::string& output, const Calibration& c) {
  const std::string temporary = output + ".partial";
  {
    std::ofstream out(temporary);
    if (!out) {
      throw scenarios::InputError(
          scenarios::Diagnostic{output, 0, 0, "cannot write the pairs here", ""});
    }
    out << "from,to,buyers,buyers_buying,buyer_rate,baseline_rate,excess,excess_se\n";
    const auto& names = c.log.history.products;
    for (const auto& p : c.complements.pairs) {
      out << fmt::format("\"{}\",\"{}\",{},{},{:.6f},{:.6f},{:.6f},{:.6f}\n",
                         names[static_cast<std::size_t>(p.from)],
                         names[static_cast<std::size_t>(p.to)], p.buyers, p.buyers_buying,
                         p.buyer_rate, p.baseline_rate, p.excess, p.excess_se);
    }
    out.close();
    if (!out) {
      std::filesystem::remove(temporary);
      throw std::runtime_error(fmt::format("{}: writing the pairs failed", output));
    }
  }
  std::filesystem::rename(temporary, output);
}

std::vector<int> most_bought(const std::vector<models::ProductEstimate>& all, std::size_t count) {
  std::vector<models::ProductEstimate> by_lines = all;
  std::stable_sort(by_lines.begin(), by_lines.end(),
                   [](const auto& x, const auto& y) { return x.lines > y.lines; });
  std::vector<int> products;
  for (std::size_t i = 0; i < std::min(count, by_lines.size()); ++i) {
    products.push_back(by_lines[i].product);
  }
  return products;
}

}  // namespace

int calibrate_orders(OrdersArguments& args) {
  args.log.file = args.file;
  ScenarioFile scenario(args.output);
  const scenarios::OrderLog log = scenarios::read_order_log(args.log);
  if (log.history.lines.empty()) {
    throw scenarios::InputError(scenarios::Diagnostic{
        args.file, 0, 0,
        fmt::format("no order line with a customer, a product code and a price among the {} rows",
                    log.rows),
        ""});
  }
  Calibration c{args, log, 0, {}, {}, {}, {}};
  c.end = calibration_end(args, log);
  const long forecast_end =
      args.forecast_end.empty() ? 0 : day_option(args.forecast_end, "--forecast-end");
  if (!args.forecast_end.empty() &&
      (forecast_end <= c.end + args.complements.window_days || forecast_end > log.last_day)) {
    throw scenarios::InputError(scenarios::Diagnostic{
        "--forecast-end", 1, 1,
        fmt::format("{} must be more than a window ({} days) after the calibration end and on or "
                    "before the last order ({})",
                    args.forecast_end, args.complements.window_days,
                    scenarios::date_of_day(log.last_day)),
        ""});
  }
  c.cohort = models::occasion_histories(log.history, c.end, kDaysPerWeek);
  if (c.cohort.histories.empty()) {
    throw scenarios::InputError(scenarios::Diagnostic{
        "--calibration-end", 1, 1,
        fmt::format("no customer ordered by {} (the first order is on {})",
                    scenarios::date_of_day(c.end), scenarios::date_of_day(log.first_day)),
        ""});
  }
  c.purchasing = models::fit_bgnbd(c.cohort.histories, sim::kWeek);
  const auto products = models::product_estimates(log.history, c.end);
  c.complements = models::fit_complements(log.history, c.end,
                                          most_bought(products, args.candidates), args.complements);
  if (c.complements.edges.empty()) {
    throw scenarios::InputError(scenarios::Diagnostic{
        args.file, 0, 0,
        fmt::format("no complement pair has the support: of {} pairs with at least {} buyers "
                    "followed for {} days by {}, none has an excess with z >= {} (lower "
                    "--min-buyers or --min-z, or give a longer log)",
                    c.complements.pairs.size(), args.complements.min_buyers,
                    args.complements.window_days, scenarios::date_of_day(c.end),
                    args.complements.min_z),
        ""});
  }
  c.catalog = build_catalog(products, c.complements, log.history, args.products);
  const auto& p = c.purchasing.estimate;
  fmt::print(
      stderr,
      "Read {} rows of {}: {} without a customer, {} of non-product codes, {} purchases "
      "without a price, {} returns.\nBG/NBD on order occasions of {} customers to {}: r = "
      "{:.6g}, alpha = {:.6g}, a = {:.6g}, b = {:.6g} (weeks), log-likelihood {:.2f}{}\n"
      "Catalog: {} products by name, {} pooled as '{}'.\n",
      log.rows, args.file, log.without_customer, log.non_products, log.without_price, log.returns,
      c.cohort.histories.size(), scenarios::date_of_day(c.end), p.r, p.alpha, p.a, p.b,
      c.purchasing.log_likelihood,
      c.purchasing.converged ? "" : " (WARNING: the optimiser did not converge; exit status 1)",
      c.catalog.kept.size(), c.catalog.rest_products, c.catalog.rest_name);
  report_pairs(c);
  if (!args.forecast_end.empty()) report_forecast(c, forecast_end);
  if (!args.pairs.empty()) write_pairs(args.pairs, c);
  scenario.commit(c);
  fmt::print(stderr, "\nWrote {}\n", args.output);
  return c.purchasing.converged ? 0 : 1;
}

}  // namespace xsellsim::tools

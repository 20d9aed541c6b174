// `xsellsim calibrate orders LOG -o SCENARIO.toml`: learn a runnable scenario from order lines:
// BG/NBD purchasing on order occasions, the catalog, the complement graph, a starting sequence.
// The report goes to stderr; the scenario is written to a temporary file renamed at the end, so a
// failure leaves nothing behind (docs/calibration.md).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "models/bgnbd.hpp"
#include "models/complements_fit.hpp"
#include "models/order_history.hpp"
#include "scenarios/distributions.hpp"
#include "scenarios/order_log.hpp"
#include "scenarios/transaction_log.hpp"
#include "tools/commands.hpp"

namespace xsellsim::tools {

namespace {

constexpr double kDaysPerWeek = 7;

struct OrdersArguments {
  scenarios::OrderLogOptions log;
  std::string file;
  std::string output;
  std::string calibration_end;  // default: the last day of the log
  std::string forecast_end;     // with it, an out-of-time check of the forecast
  std::string currency = "USD";
  std::string pairs;            // with it, every compared pair as CSV
  std::size_t products = 40;    // the top products by net revenue kept by name
  std::size_t candidates = 80;  // the most-bought products whose pairs are compared
  models::ComplementOptions complements;
};

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

// Product names: the log's codes with every character outside [A-Za-z0-9_-] made '_', so that
// each is a bare TOML key and a dotted path for --set; a clash gets a suffix.
std::string toml_safe(const std::string& code, std::set<std::string>& taken) {
  std::string name;
  for (char c : code) {
    const bool bare = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
    name += bare ? c : '_';
  }
  if (name.empty()) name = "_";
  std::string unique = name;
  for (int k = 2; taken.contains(unique); ++k) unique = fmt::format("{}_{}", name, k);
  taken.insert(unique);
  return unique;
}

struct Catalog {
  std::vector<models::ProductEstimate> kept;  // by name
  std::map<int, std::string> names;           // product index -> scenario name
  models::ProductEstimate rest;               // pooled, when rest_lines > 0
  std::string rest_name;
  std::size_t rest_products = 0;
};

// The top products by net revenue and every product of an edge keep their names; the rest are one
// pooled product (documented in docs/calibration.md, "Catalog").
Catalog build_catalog(const std::vector<models::ProductEstimate>& all,
                      const models::ComplementFit& fit, const models::OrderHistory& history,
                      std::size_t top) {
  std::set<int> in_edges;
  for (const auto& e : fit.edges) in_edges.insert({e.comparison.from, e.comparison.to});
  Catalog catalog;
  std::set<std::string> taken;
  std::vector<std::size_t> rest;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i < top || in_edges.contains(all[i].product)) {
      catalog.kept.push_back(all[i]);
      catalog.names[all[i].product] =
          toml_safe(history.products[static_cast<std::size_t>(all[i].product)], taken);
    } else {
      rest.push_back(i);
    }
  }
  catalog.rest = models::pooled_estimate(all, rest);
  catalog.rest_products = rest.size();
  std::string name = "other";
  while (taken.contains(name)) name += "_";
  catalog.rest_name = name;
  return catalog;
}

std::string days(double d) { return fmt::format("\"{:.1f}d\"", std::max(0.0, d)); }

// A fitted value and its standard error as a distribution, {mean, sd} (the estimate alone when the
// error is unknown or too wide for the key's range).
std::string positive(double estimate, double se) {
  return scenarios::fitted_value(fmt::format("{:.6g}", estimate), estimate, se,
                                 scenarios::Range::positive());
}

void write_purchasing(std::ostream& out, const models::BgnbdFit& fit, std::size_t customers) {
  const auto& p = fit.estimate;
  const auto& se = fit.standard_errors;
  out << fmt::format(
      "[segments.calibrated]\nshare = 1.0\n"
      "[segments.calibrated.purchasing]   # BG/NBD on order occasions: {} customers\n"
      "model = \"bgnbd\"\nr = {}       # standard error {:.6g}\nalpha = {}   # standard "
      "error {:.6g}\na = {}       # standard error {:.6g}\nb = {}       # standard error "
      "{:.6g}\ntime_unit = \"week\"\nlog_likelihood = {:.2f}\n\n",
      customers, positive(p.r, se[0]), se[0], positive(p.alpha, se[1]), se[1], positive(p.a, se[2]),
      se[2], positive(p.b, se[3]), se[3], fit.log_likelihood);
}

void write_product(std::ostream& out, const std::string& name, const models::ProductEstimate& e,
                   const std::string& what) {
  out << fmt::format("[products.{}]   # {}\ncategory = \"catalog\"\n", name, what);
  out << fmt::format(
      "price = {:.4f}   # mean value of a line (revenue / lines); standard error {:.4f}; {} lines, "
      "{} customers; mean unit price {:.4f}\n",
      e.line_value, e.line_value_se, e.lines, e.customers, e.unit_price);
  out << fmt::format("popularity = {:.6f}   # share of purchase lines; standard error {:.6f}\n",
                     e.popularity, e.popularity_se);
  out << fmt::format(
      "acquisition = {:.6f}   # share of the lines of first orders; standard error {:.6f}; {:.0f} "
      "lines\n",
      e.acquisition, e.acquisition_se, e.first_order_lines);
  out << fmt::format(
      "return_rate = {:.6f}   # units returned / units bought; standard error {:.6f}\n",
      e.return_rate, e.return_rate_se);
}

// A product's description, or "" when the log has none.
std::string description_of(const models::OrderHistory& history, int product) {
  const auto p = static_cast<std::size_t>(product);
  return p < history.descriptions.size() ? history.descriptions[p] : "";
}

void write_edge(std::ostream& out, const Catalog& catalog, const models::OrderHistory& history,
                const models::ComplementEstimate& e, long window) {
  const auto& c = e.comparison;
  const std::string from = description_of(history, c.from), to = description_of(history, c.to);
  out << fmt::format("[products.{}.complements.{}]{}\n", catalog.names.at(c.from),
                     catalog.names.at(c.to),
                     from.empty() && to.empty() ? "" : fmt::format("   # {} -> {}", from, to));
  out << fmt::format(
      "# {} buyers: {:.1f}% bought it within {} days against {:.1f}% of comparable customers at "
      "the same dates ({} customer-dates): excess {:+.1f} points, standard error {:.1f}\n",
      c.buyers, 100 * c.buyer_rate, window, 100 * c.baseline_rate, c.comparisons, 100 * c.excess,
      100 * c.excess_se);
  out << fmt::format(
      "probability = {}   # standard error {:.4f} (bootstrap over buyers)\n",
      scenarios::fitted_value(fmt::format("{:.4f}", e.need.probability), e.need.probability,
                              e.standard_error.probability, scenarios::Range::probability()),
      e.standard_error.probability);
  out << fmt::format(
      "lag = {}   # standard error {:.1f} days\nlag_shape = 100.0   # a fixed lag, as estimated\n",
      days(e.need.lag_days), e.standard_error.lag_days);
  out << fmt::format(
      "duration = {}   # standard error {:.1f} days; buyers' order occasions per day {:.4f}\n\n",
      days(std::max(e.need.duration_days, 0.1)), e.standard_error.duration_days, e.occasion_rate);
}

void write_sequence(std::ostream& out, const Catalog& catalog,
                    const models::ComplementEstimate& strongest) {
  const std::string& trigger = catalog.names.at(strongest.comparison.from);
  out << fmt::format(
      "# A starting sequence on the strongest complement: one email when the need has usually\n"
      "# formed (the estimated lag), against a holdout that gets none.\n"
      "[sequences.top_complement]\ntrigger.products = [\"{}\"]\n"
      "[sequences.top_complement.steps.nudge]\ndelay = {}\nrecommend = \"top_complement\"\n\n"
      "[arms.holdout]\ndescription = \"receives no email\"\n\n"
      "[arms.email]\ndescription = \"one email about {}'s top complement after its lag\"\n",
      trigger, days(std::round(strongest.need.lag_days)), trigger);
}

struct Calibration {
  const OrdersArguments& args;
  const scenarios::OrderLog& log;
  long end = 0;
  models::CohortHistories cohort;
  models::BgnbdFit purchasing;
  models::ComplementFit complements;
  Catalog catalog;
};

// "log code 23199: JUMBO BAG APPLES" (the description when the log has one).
std::string code_and_description(const models::OrderHistory& history, int product) {
  const auto p = static_cast<std::size_t>(product);
  std::string text = fmt::format("log code {}", history.products[p]);
  if (p < history.descriptions.size() && !history.descriptions[p].empty()) {
    text += ": " + history.descriptions[p];
  }
  return text;
}

void write_scenario(std::ostream& out, const Calibration& c) {
  const auto& log = c.log;
  out << fmt::format(
      "# Calibrated by `xsellsim calibrate orders` from {}\n# {} rows: {} without a customer, {} "
      "of non-product codes, {} purchases without a price, {} returns or cancellations.\n"
      "# Calibration period {} .. {}. Each estimate's comment gives its standard error and "
      "support.\n",
      c.args.file, log.rows, log.without_customer, log.non_products, log.without_price, log.returns,
      scenarios::date_of_day(log.first_day), scenarios::date_of_day(c.end));
  const long span = std::clamp(c.end - log.first_day, 0L, 364L);
  out << fmt::format(
      "name = \"{}\"\ndescription = \"Calibrated from {}\"\ncurrency = \"{}\"\nseed = 1\n\n"
      "[population]   # the calibration cohort, first orders spread as in the log\nsize = {}\n"
      "horizon = \"365d\"\nacquisition = \"{}d\"\nstart_month = {}\n\n",
      std::filesystem::path(c.args.output).stem().string(),
      std::filesystem::path(c.args.file).filename().string(), c.args.currency,
      c.cohort.histories.size(), span,
      std::stoi(scenarios::date_of_day(log.first_day).substr(5, 2)));
  write_purchasing(out, c.purchasing, c.cohort.histories.size());
  out << "[categories.catalog]\ndescription = \"every product of the log (it has no "
         "categories)\"\n\n";
  for (const auto& e : c.catalog.kept) {
    write_product(out, c.catalog.names.at(e.product), e,
                  code_and_description(c.log.history, e.product));
  }
  if (c.catalog.rest.lines > 0) {
    write_product(out, c.catalog.rest_name, c.catalog.rest,
                  fmt::format("the other {} products of the log, pooled", c.catalog.rest_products));
  }
  out << "\n";
  for (const auto& e : c.complements.edges)
    write_edge(out, c.catalog, c.log.history, e, c.args.complements.window_days);
  write_sequence(out, c.catalog, c.complements.edges.front());
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
             "buyers; median excess {:+.2f} points within {} days.\n",
             c.complements.pairs.size(), std::min(c.args.candidates, names.size()),
             c.args.complements.min_buyers, 100 * c.complements.median_excess, w);
  fmt::print(stderr, "  {:<12} {:<12} {:>6} {:>7} {:>8} {:>7} {:>6} {:>6} {:>6}  {}\n", "A", "B",
             "buyers", "buyers%", "compare%", "excess", "p", "lag", "dur", "descriptions");
  for (const auto& e : c.complements.edges) {
    const auto& p = e.comparison;
    fmt::print(
        stderr,
        "  {:<12} {:<12} {:>6} {:>7.1f} {:>8.1f} {:>+7.1f} {:>6.3f} {:>6.1f} {:>6.1f}  {}{}{}\n",
        names[static_cast<std::size_t>(p.from)], names[static_cast<std::size_t>(p.to)], p.buyers,
        100 * p.buyer_rate, 100 * p.baseline_rate, 100 * p.excess, e.need.probability,
        e.need.lag_days, e.need.duration_days, description_of(c.log.history, p.from),
        c.log.history.descriptions.empty() ? "" : " -> ", description_of(c.log.history, p.to));
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
  double forecast = 0, actual_pairs = 0, buyers = 0, baseline = 0;
  for (const auto& e : c.complements.edges) {
    const auto& learned = e.comparison;
    const auto later = models::compare_pair(c.log.history, learned.from, learned.to, c.end + 1,
                                            forecast_end - w, w);
    const double met = learned.excess / std::max(1e-9, 1 - learned.baseline_rate);
    forecast += static_cast<double>(later.buyers) * (1 - (1 - later.baseline_rate) * (1 - met));
    actual_pairs += static_cast<double>(later.buyers_buying);
    buyers += static_cast<double>(later.buyers);
    baseline += static_cast<double>(later.buyers) * later.baseline_rate;
  }
  fmt::print(stderr,
             "  A-then-B purchases over the {} edges ({:.0f} buyers of A from {} to {}, each "
             "followed {} days): {:.0f} against {:.1f} forecast (error {:+.1f}%, Poisson "
             "standard error of the count {:.1f}); the comparison groups' rates alone, with no "
             "complement effect, give {:.1f}\n",
             c.complements.edges.size(), buyers, scenarios::date_of_day(c.end + 1),
             scenarios::date_of_day(forecast_end - w), w, actual_pairs, forecast,
             actual_pairs > 0 ? 100 * (forecast - actual_pairs) / actual_pairs : 0.0,
             std::sqrt(actual_pairs), baseline);
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

}  // namespace

void add_calibrate_orders_command(CLI::App& calibrate, int& status) {
  auto args = std::make_shared<OrdersArguments>();
  CLI::App* command = calibrate.add_subcommand(
      "orders", "Learn a runnable scenario (purchasing, catalog, complements) from order lines");
  command->add_option("log", args->file, "Order lines: CSV, optionally gzipped")->required();
  command->add_option("-o,--output", args->output, "The scenario to write")->required();
  add_column_options(*command, args->log);
  command
      ->add_option("--time-format", args->log.time_format,
                   "Date format of the time column (%Y %m %d, optionally %H %M %S)")
      ->capture_default_str();
  command->add_option("--cancel-prefix", args->log.cancel_prefix,
                      "An order id starting with this is a cancellation (its lines are returns)");
  command
      ->add_option("--product-codes", args->log.product_codes,
                   "digit: a product code starts with a digit (postage, fees, vouchers are left "
                   "out); any: every code is a product")
      ->capture_default_str();
  command->add_option("--calibration-end", args->calibration_end,
                      "Last day of the calibration period, YYYY-MM-DD (default: the last order)");
  command->add_option("--forecast-end", args->forecast_end,
                      "Check the forecast against the log from the calibration end to this day");
  command->add_option("--pairs", args->pairs,
                      "Also write every compared pair (buyers, rates, excess) to this CSV file");
  command->add_option("--currency", args->currency, "Currency label of the scenario")
      ->capture_default_str();
  command
      ->add_option("--products", args->products,
                   "Top products by revenue net of returns kept by name")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  command
      ->add_option("--candidates", args->candidates,
                   "The most-bought products whose ordered pairs are compared")
      ->capture_default_str()
      ->check(CLI::Range(2, 1000));
  command->add_option("--window", args->complements.window_days, "Complement window in days")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  command
      ->add_option("--min-buyers", args->complements.min_buyers,
                   "Support a pair needs: buyers of A followed for the whole window")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  command
      ->add_option("--min-z", args->complements.min_z,
                   "One-sided z of the excess for an edge to be kept")
      ->capture_default_str();
  command->add_option("--max-edges", args->complements.max_edges, "At most this many edges")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  command->callback([args, &status] { status = calibrate_orders(*args); });
}

}  // namespace xsellsim::tools

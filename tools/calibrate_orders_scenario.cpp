// The scenario `xsellsim calibrate orders` writes: purchasing, the catalog, the complement graph
// and a starting sequence, each estimate's standard error and support in a comment beside it
// (docs/calibration.md).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <set>

#include "scenarios/distributions.hpp"
#include "scenarios/transaction_log.hpp"
#include "tools/calibrate_orders.hpp"

namespace xsellsim::tools {

namespace {

// Product names: the log's codes with every character outside [A-Za-z0-9_-] made '_', so that
// each is a bare TOML key and a dotted path for --set; a clash gets a suffix.
std::string toml_safe(const std::string& code, std::set<std::string>& taken) {
  std::string name;
  for (char c : code) {
    const bool bare = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
    name += bare ? c : '_';
  }
  if (name.empty()) name.push_back('_');
  std::string unique = name;
  for (int k = 2; taken.contains(unique); ++k) unique = fmt::format("{}_{}", name, k);
  taken.insert(unique);
  return unique;
}

}  // namespace

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

namespace {

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

}  // namespace

std::string description_of(const models::OrderHistory& history, int product) {
  const auto p = static_cast<std::size_t>(product);
  return p < history.descriptions.size() ? history.descriptions[p] : "";
}

namespace {

// The edge's shrunk probability with its standard error, as a distribution.
std::string probability_of(const models::ComplementEstimate& e) {
  const double p = models::shrunk_probability(e);
  return scenarios::fitted_value(fmt::format("{:.4f}", p), p,
                                 std::sqrt(e.shrinkage) * e.standard_error.probability,
                                 scenarios::Range::probability());
}

void write_edge(std::ostream& out, const Catalog& catalog, const models::OrderHistory& history,
                const models::ComplementEstimate& e, long window) {
  const auto& c = e.comparison;
  const std::string from = description_of(history, c.from), to = description_of(history, c.to);
  out << fmt::format("[products.{}.complements.{}]{}\n", catalog.names.at(c.from),
                     catalog.names.at(c.to),
                     from.empty() && to.empty() ? "" : fmt::format("   # {} -> {}", from, to));
  out << fmt::format(
      "# {} buyers: {:.1f}% bought it within {} days against {:.1f}% expected of their {} orders "
      "at B's rate in other customers' orders at the same dates ({} compared): excess {:+.1f} "
      "points, standard error {:.1f}\n",
      c.buyers, 100 * c.buyer_rate, window, 100 * c.baseline_rate, c.occasions, c.comparisons,
      100 * c.excess, 100 * c.excess_se);
  out << fmt::format(
      "probability = {}   # standard error {:.4f}; the maximum-likelihood {:.4f} (standard "
      "error {:.4f}, bootstrap over buyers) shrunk as the excess, {:+.1f} to {:+.1f} points "
      "(empirical Bayes over the pairs compared)\n",
      probability_of(e), std::sqrt(e.shrinkage) * e.standard_error.probability, e.need.probability,
      e.standard_error.probability, 100 * c.excess, 100 * e.shrunk_excess);
  out << fmt::format(
      "lag = {}   # standard error {:.1f} days\nlag_shape = 100.0   # the spread the estimate "
      "assumed (a standard deviation of lag / 10)\n",
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

// "log code 23199: JUMBO BAG APPLES" (the description when the log has one).
std::string code_and_description(const models::OrderHistory& history, int product) {
  const auto p = static_cast<std::size_t>(product);
  std::string text = fmt::format("log code {}", history.products[p]);
  if (p < history.descriptions.size() && !history.descriptions[p].empty()) {
    text += ": " + history.descriptions[p];
  }
  return text;
}

}  // namespace

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

}  // namespace xsellsim::tools

#include "models/order_history.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace xsellsim::models {

namespace {

// Each customer's distinct purchase days, sorted.
std::vector<std::vector<long>> purchase_days(const OrderHistory& log) {
  std::vector<std::vector<long>> days(log.customers.size());
  for (const OrderLine& line : log.lines) {
    if (line.quantity > 0) days[static_cast<std::size_t>(line.customer)].push_back(line.day);
  }
  for (auto& d : days) {
    std::sort(d.begin(), d.end());
    d.erase(std::unique(d.begin(), d.end()), d.end());
  }
  return days;
}

double binomial_se(double share, double n) {
  return n > 0 ? std::sqrt(std::max(0.0, share * (1 - share)) / n) : 0;
}

struct Tally {
  long lines = 0;
  double units = 0, revenue = 0, value_squares = 0, returned = 0, first_order_lines = 0;
  std::vector<int> buyers;
};

std::vector<Tally> tally_products(const OrderHistory& log, long end_day) {
  std::vector<Tally> tallies(log.products.size());
  const auto days = purchase_days(log);
  for (const OrderLine& line : log.lines) {
    if (line.day > end_day) continue;
    Tally& t = tallies[static_cast<std::size_t>(line.product)];
    if (line.quantity < 0) {
      t.returned -= line.quantity;
      continue;
    }
    const double value = line.quantity * line.unit_price;
    ++t.lines;
    t.units += line.quantity;
    t.revenue += value;
    t.value_squares += value * value;
    t.buyers.push_back(line.customer);
    if (line.day == days[static_cast<std::size_t>(line.customer)].front()) ++t.first_order_lines;
  }
  return tallies;
}

ProductEstimate estimate_of(const Tally& t, int product, double all_lines, double first_lines) {
  ProductEstimate e;
  e.product = product;
  e.lines = t.lines;
  auto buyers = t.buyers;
  std::sort(buyers.begin(), buyers.end());
  e.customers = std::unique(buyers.begin(), buyers.end()) - buyers.begin();
  e.revenue = t.revenue;
  const auto n = static_cast<double>(t.lines);
  e.line_value = t.revenue / n;
  const double variance = std::max(0.0, t.value_squares / n - e.line_value * e.line_value);
  e.line_value_se = std::sqrt(variance / n);
  e.unit_price = t.units > 0 ? t.revenue / t.units : 0;
  e.popularity = n / all_lines;
  e.popularity_se = binomial_se(e.popularity, all_lines);
  e.acquisition = first_lines > 0 ? t.first_order_lines / first_lines : 0;
  e.acquisition_se = binomial_se(e.acquisition, first_lines);
  e.first_order_lines = first_lines;
  e.units = t.units;
  e.return_rate = t.units > 0 ? std::min(1.0, t.returned / t.units) : 0;
  e.net_revenue = t.revenue * (1 - e.return_rate);
  e.return_rate_se = binomial_se(e.return_rate, n);
  return e;
}

}  // namespace

CohortHistories occasion_histories(const OrderHistory& log, long end_day, double unit_days) {
  CohortHistories cohort;
  const auto days = purchase_days(log);
  for (std::size_t c = 0; c < days.size(); ++c) {
    if (days[c].empty() || days[c].front() > end_day) continue;
    const long first = days[c].front();
    CustomerHistory h;
    h.T = static_cast<double>(end_day - first) / unit_days;
    for (long day : days[c]) {
      if (day == first || day > end_day) continue;
      ++h.x;
      h.t_x = static_cast<double>(day - first) / unit_days;
    }
    cohort.histories.push_back(h);
    cohort.customers.push_back(static_cast<int>(c));
  }
  return cohort;
}

long repeat_occasions_between(const OrderHistory& log, const CohortHistories& cohort, long from_day,
                              long to_day) {
  const auto days = purchase_days(log);
  long count = 0;
  for (int c : cohort.customers) {
    for (long day : days[static_cast<std::size_t>(c)]) count += day > from_day && day <= to_day;
  }
  return count;
}

std::vector<ProductEstimate> product_estimates(const OrderHistory& log, long end_day) {
  const auto tallies = tally_products(log, end_day);
  double all_lines = 0, first_lines = 0;
  for (const Tally& t : tallies) {
    all_lines += static_cast<double>(t.lines);
    first_lines += t.first_order_lines;
  }
  std::vector<ProductEstimate> estimates;
  for (std::size_t p = 0; p < tallies.size(); ++p) {
    if (tallies[p].lines > 0) {
      estimates.push_back(estimate_of(tallies[p], static_cast<int>(p), all_lines, first_lines));
    }
  }
  std::stable_sort(estimates.begin(), estimates.end(),
                   [](const auto& x, const auto& y) { return x.net_revenue > y.net_revenue; });
  return estimates;
}

ProductEstimate pooled_estimate(const std::vector<ProductEstimate>& all,
                                const std::vector<std::size_t>& rest) {
  ProductEstimate pooled;
  pooled.product = -1;
  double returned = 0, value_squares = 0, all_lines = 0;
  for (const auto& e : all) all_lines += static_cast<double>(e.lines);
  for (std::size_t i : rest) {
    const ProductEstimate& e = all[i];
    const auto n = static_cast<double>(e.lines);
    pooled.lines += e.lines;
    pooled.customers += e.customers;  // an upper bound: a customer may buy several
    pooled.revenue += e.revenue;
    pooled.net_revenue += e.net_revenue;
    pooled.units += e.units;
    pooled.popularity += e.popularity;
    pooled.acquisition += e.acquisition;
    returned += e.return_rate * e.units;
    // sum of squares back from the mean and its standard error
    value_squares += n * (e.line_value * e.line_value + e.line_value_se * e.line_value_se * n);
  }
  const auto n = static_cast<double>(pooled.lines);
  if (n == 0) return pooled;
  pooled.line_value = pooled.revenue / n;
  pooled.line_value_se =
      std::sqrt(std::max(0.0, value_squares / n - pooled.line_value * pooled.line_value) / n);
  pooled.unit_price = pooled.units > 0 ? pooled.revenue / pooled.units : 0;
  pooled.popularity_se = binomial_se(pooled.popularity, all_lines);
  pooled.first_order_lines = all.empty() ? 0 : all.front().first_order_lines;
  pooled.acquisition_se = binomial_se(pooled.acquisition, pooled.first_order_lines);
  pooled.return_rate = pooled.units > 0 ? std::min(1.0, returned / pooled.units) : 0;
  pooled.return_rate_se = binomial_se(pooled.return_rate, n);
  return pooled;
}

}  // namespace xsellsim::models

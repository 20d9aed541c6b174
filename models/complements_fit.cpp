#include "models/complements_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>

namespace xsellsim::models {

namespace {

using Days = std::vector<long>;

// The purchase days the comparisons look up, per candidate product and customer, and who ordered
// on each day.
class PurchaseIndex {
 public:
  PurchaseIndex(const OrderHistory& log, const std::vector<int>& products)
      : slot_(log.products.size(), -1),
        by_product_(products.size(), std::vector<Days>(log.customers.size())),
        occasions_(log.customers.size()) {
    for (std::size_t s = 0; s < products.size(); ++s) {
      slot_[static_cast<std::size_t>(products[s])] = static_cast<int>(s);
    }
    for (const OrderLine& line : log.lines) {
      if (line.quantity <= 0) continue;
      occasions_[static_cast<std::size_t>(line.customer)].push_back(line.day);
      const int s = slot_[static_cast<std::size_t>(line.product)];
      if (s >= 0) {
        by_product_[static_cast<std::size_t>(s)][static_cast<std::size_t>(line.customer)].push_back(
            line.day);
      }
    }
    for (auto& customers : by_product_) {
      for (Days& d : customers) sort_unique(d);
    }
    for (std::size_t c = 0; c < occasions_.size(); ++c) {
      sort_unique(occasions_[c]);
      for (long day : occasions_[c]) ordering_[day].push_back(static_cast<int>(c));
    }
  }

  [[nodiscard]] const Days& days(int product, int customer) const {
    return by_product_[static_cast<std::size_t>(slot_[static_cast<std::size_t>(product)])]
                      [static_cast<std::size_t>(customer)];
  }
  [[nodiscard]] const std::vector<int>& ordering_on(long day) const {
    static const std::vector<int> nobody;
    auto it = ordering_.find(day);
    return it == ordering_.end() ? nobody : it->second;
  }
  [[nodiscard]] const Days& occasions(int customer) const {
    return occasions_[static_cast<std::size_t>(customer)];
  }
  [[nodiscard]] std::size_t customers() const { return occasions_.size(); }

 private:
  static void sort_unique(Days& d) {
    std::sort(d.begin(), d.end());
    d.erase(std::unique(d.begin(), d.end()), d.end());
  }
  std::vector<int> slot_;
  std::vector<std::vector<Days>> by_product_;
  std::vector<Days> occasions_;
  std::map<long, std::vector<int>> ordering_;
};

bool bought_by(const Days& days, long day) { return !days.empty() && days.front() <= day; }

// Days from `day` to the first purchase after it, when within `window`; window + 1 otherwise.
long delay_after(const Days& days, long day, long window) {
  auto it = std::upper_bound(days.begin(), days.end(), day);
  return it != days.end() && *it - day <= window ? *it - day : window + 1;
}

struct Buyer {
  long delay = 0;  // to the first B, window + 1 when none
  std::size_t group = 0;
  double occasions = 0;  // order days in the window
};

// Buyers of one pair and, per distinct day, their comparison group's cumulative share F_0(t).
struct PairData {
  long window = 0;
  std::vector<Buyer> buyers;
  std::vector<std::vector<double>> group_cdf;  // [group][t], t = 0..window
  long comparisons = 0;
};

std::vector<double> comparison_cdf(const PurchaseIndex& index, int from, int to, long day,
                                   long window, long& size) {
  std::vector<double> cdf(static_cast<std::size_t>(window + 1), 0.0);
  size = 0;
  for (int other : index.ordering_on(day)) {
    if (bought_by(index.days(from, other), day) || bought_by(index.days(to, other), day)) continue;
    ++size;
    const long delay = delay_after(index.days(to, other), day, window);
    if (delay <= window) cdf[static_cast<std::size_t>(delay)] += 1;
  }
  double running = 0;
  for (double& c : cdf) {
    running += c;
    c = size > 0 ? running / static_cast<double>(size) : 0;
  }
  return cdf;
}

PairData pair_data(const PurchaseIndex& index, int from, int to, long first_day, long last_day,
                   long window) {
  PairData data;
  data.window = window;
  std::map<long, std::size_t> group_of_day;
  for (std::size_t c = 0; c < index.customers(); ++c) {
    const int customer = static_cast<int>(c);
    const Days& a = index.days(from, customer);
    if (a.empty() || a.front() < first_day || a.front() > last_day) continue;
    const long day = a.front();
    if (bought_by(index.days(to, customer), day)) continue;
    auto [it, added] = group_of_day.try_emplace(day, data.group_cdf.size());
    if (added) {
      long size = 0;
      data.group_cdf.push_back(comparison_cdf(index, from, to, day, window, size));
      if (size == 0) {  // nobody to compare with that day: the buyer cannot be used
        data.group_cdf.pop_back();
        group_of_day.erase(it);
        continue;
      }
      data.comparisons += size;
    }
    Buyer buyer;
    buyer.group = it->second;
    buyer.delay = delay_after(index.days(to, customer), day, window);
    const Days& orders = index.occasions(customer);
    buyer.occasions =
        static_cast<double>(std::upper_bound(orders.begin(), orders.end(), day + window) -
                            std::upper_bound(orders.begin(), orders.end(), day));
    data.buyers.push_back(buyer);
  }
  return data;
}

// F_A(t) and F_0(t), t = 0..window, over the buyers `chosen` (indices into data.buyers).
struct Curves {
  std::vector<double> buyers, baseline;
  double occasion_rate = 0;
};

Curves curves_of(const PairData& data, const std::vector<std::size_t>& chosen) {
  const auto size = static_cast<std::size_t>(data.window + 1);
  Curves curves{std::vector<double>(size, 0.0), std::vector<double>(size, 0.0), 0};
  if (chosen.empty()) return curves;
  std::vector<double> bought_at(size + 1, 0.0);
  for (std::size_t i : chosen) {
    const Buyer& b = data.buyers[i];
    bought_at[static_cast<std::size_t>(b.delay)] += 1;
    const auto& cdf = data.group_cdf[b.group];
    for (std::size_t t = 0; t < size; ++t) curves.baseline[t] += cdf[t];
    curves.occasion_rate += b.occasions;
  }
  const auto n = static_cast<double>(chosen.size());
  double running = 0;
  for (std::size_t t = 0; t < size; ++t) {
    running += bought_at[t];
    curves.buyers[t] = running / n;
    curves.baseline[t] /= n;
  }
  curves.occasion_rate /= n * static_cast<double>(data.window);
  return curves;
}

// Hypoexponential CDF of Exp(g) + Exp(k); g = infinity (no lag) when lag is 0.
double hypoexponential_cdf(double lag, double k, double t) {
  if (lag <= 0) return 1 - std::exp(-k * t);
  const double g = 1 / lag;
  if (std::abs(k - g) < 1e-9 * k) return 1 - std::exp(-k * t) * (1 + k * t);
  return 1 - (k * std::exp(-g * t) - g * std::exp(-k * t)) / (k - g);
}

std::vector<double> geometric_grid(double low, double high, int count) {
  std::vector<double> grid;
  for (int i = 0; i < count; ++i) {
    grid.push_back(low * std::pow(high / low, static_cast<double>(i) / (count - 1)));
  }
  return grid;
}

// The need met by t, N(t) = (F_A - F_0) / (1 - F_0), fitted by P * Hypoexp(t; 1/L, k) on
// t = 1..W. Returns (P, L, k).
struct CurveFit {
  double scale = 0, lag = 0, rate = 0;
};

CurveFit fit_need_curve(const Curves& curves, long window) {
  std::vector<double> met;
  for (long t = 1; t <= window; ++t) {
    const auto i = static_cast<std::size_t>(t);
    met.push_back((curves.buyers[i] - curves.baseline[i]) / std::max(1e-9, 1 - curves.baseline[i]));
  }
  const auto w = static_cast<double>(window);
  std::vector<double> lags{0};
  for (double l : geometric_grid(0.5, w, 30)) lags.push_back(l);  // a later need is not seen
  const std::vector<double> rates = geometric_grid(1 / (20 * w), 2.0, 40);
  CurveFit best;
  double best_error = std::numeric_limits<double>::infinity();
  std::vector<double> shape(met.size());
  for (double lag : lags) {
    for (double rate : rates) {
      double cross = 0, squares = 0;
      for (std::size_t j = 0; j < met.size(); ++j) {
        shape[j] = hypoexponential_cdf(lag, rate, static_cast<double>(j + 1));
        cross += shape[j] * met[j];
        squares += shape[j] * shape[j];
      }
      const double scale = squares > 0 ? std::clamp(cross / squares, 0.0, 1.0) : 0;
      double error = 0;
      for (std::size_t j = 0; j < met.size(); ++j) {
        error += (met[j] - scale * shape[j]) * (met[j] - scale * shape[j]);
      }
      if (error < best_error) best_error = error, best = CurveFit{scale, lag, rate};
    }
  }
  return best;
}

// The longest need the estimate reports: beyond it a window of W days cannot tell durations apart.
constexpr double kLongestDurationDays = 365;

NeedEstimate need_of(const CurveFit& fit, double occasion_rate) {
  NeedEstimate need;
  const double fading = std::max(fit.rate - occasion_rate, 1 / kLongestDurationDays);
  need.duration_days = 1 / fading;
  need.lag_days = fit.lag;
  need.probability =
      occasion_rate > 0 ? std::min(1.0, fit.scale * (occasion_rate + fading) / occasion_rate) : 0;
  return need;
}

PairComparison comparison_of(const PairData& data, int from, int to) {
  PairComparison c;
  c.from = from;
  c.to = to;
  c.buyers = static_cast<long>(data.buyers.size());
  c.comparisons = data.comparisons;
  if (data.buyers.empty()) return c;
  const auto w = static_cast<std::size_t>(data.window);
  double sum = 0, squares = 0, baseline = 0;
  for (const Buyer& b : data.buyers) {
    const double y = b.delay <= data.window ? 1 : 0;
    c.buyers_buying += static_cast<long>(y);
    const double r = data.group_cdf[b.group][w];
    baseline += r;
    sum += y - r;
    squares += (y - r) * (y - r);
  }
  const auto n = static_cast<double>(c.buyers);
  c.buyer_rate = static_cast<double>(c.buyers_buying) / n;
  c.baseline_rate = baseline / n;
  c.excess = sum / n;
  const double variance =
      std::max(0.0, squares / n - c.excess * c.excess) * n / std::max(1.0, n - 1);
  c.excess_se = std::sqrt(variance / n);
  return c;
}

double mean_excess_delay(const Curves& curves) {
  double weighted = 0, total = 0;
  for (std::size_t t = 1; t < curves.buyers.size(); ++t) {
    const double added =
        (curves.buyers[t] - curves.buyers[t - 1]) - (curves.baseline[t] - curves.baseline[t - 1]);
    weighted += static_cast<double>(t) * added;
    total += added;
  }
  return total > 0 ? weighted / total : 0;
}

double standard_deviation(const std::vector<double>& values) {
  if (values.size() < 2) return 0;
  double mean = 0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

ComplementEstimate estimate_edge(const PairData& data, const PairComparison& comparison,
                                 const ComplementOptions& options, std::mt19937_64& random) {
  ComplementEstimate edge;
  edge.comparison = comparison;
  std::vector<std::size_t> all(data.buyers.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  const Curves curves = curves_of(data, all);
  edge.occasion_rate = curves.occasion_rate;
  edge.need = need_of(fit_need_curve(curves, data.window), curves.occasion_rate);
  edge.mean_delay_days = mean_excess_delay(curves);
  std::vector<double> p, lag, duration;
  std::uniform_int_distribution<std::size_t> pick(0, all.size() - 1);
  std::vector<std::size_t> sample(all.size());
  for (int b = 0; b < options.bootstrap; ++b) {
    for (std::size_t& s : sample) s = pick(random);
    const Curves resampled = curves_of(data, sample);
    const NeedEstimate need =
        need_of(fit_need_curve(resampled, data.window), resampled.occasion_rate);
    p.push_back(need.probability);
    lag.push_back(need.lag_days);
    duration.push_back(need.duration_days);
  }
  edge.standard_error =
      NeedEstimate{standard_deviation(p), standard_deviation(lag), standard_deviation(duration)};
  return edge;
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<long>(middle), values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  return (upper + *std::max_element(values.begin(), values.begin() + static_cast<long>(middle))) /
         2;
}

}  // namespace

ComplementFit fit_complements(const OrderHistory& log, long end_day,
                              const std::vector<int>& candidates,
                              const ComplementOptions& options) {
  const PurchaseIndex index(log, candidates);
  ComplementFit fit;
  std::vector<PairData> kept_data;
  const long last_first_purchase = end_day - options.window_days;
  for (int from : candidates) {
    for (int to : candidates) {
      if (from == to) continue;
      PairData data = pair_data(index, from, to, std::numeric_limits<long>::min(),
                                last_first_purchase, options.window_days);
      if (static_cast<long>(data.buyers.size()) < options.min_buyers) continue;
      fit.pairs.push_back(comparison_of(data, from, to));
    }
  }
  std::vector<double> excesses;
  for (const auto& p : fit.pairs) excesses.push_back(p.excess);
  fit.median_excess = median(excesses);

  std::vector<PairComparison> strong;
  for (const auto& p : fit.pairs) {
    if (p.excess_se > 0 && p.excess / p.excess_se >= options.min_z) strong.push_back(p);
  }
  std::sort(strong.begin(), strong.end(),
            [](const auto& x, const auto& y) { return x.excess > y.excess; });
  if (strong.size() > options.max_edges) strong.resize(options.max_edges);
  std::mt19937_64 random(options.seed);
  for (const auto& p : strong) {
    const PairData data = pair_data(index, p.from, p.to, std::numeric_limits<long>::min(),
                                    last_first_purchase, options.window_days);
    fit.edges.push_back(estimate_edge(data, p, options, random));
  }
  return fit;
}

PairComparison compare_pair(const OrderHistory& log, int from, int to, long first_day,
                            long last_day, long window_days) {
  const PurchaseIndex index(log, from == to ? std::vector<int>{from} : std::vector<int>{from, to});
  return comparison_of(pair_data(index, from, to, first_day, last_day, window_days), from, to);
}

double need_met_by(const NeedEstimate& need, double occasion_rate, double t) {
  const double fading = 1 / need.duration_days;
  const double rate = occasion_rate + fading;
  return need.probability * occasion_rate / rate * hypoexponential_cdf(need.lag_days, rate, t);
}

}  // namespace xsellsim::models

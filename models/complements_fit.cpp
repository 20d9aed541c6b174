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

// F_0(t), t = 0..window, of the customers who ordered on `day` and had bought neither A nor B by
// then: a Kaplan-Meier estimate of the time to B, each customer censored when they buy A (after
// that, their purchases of B may be A's doing). `size` is how many there were.
std::vector<double> comparison_cdf(const PurchaseIndex& index, int from, int to, long day,
                                   long window, long& size) {
  const auto slots = static_cast<std::size_t>(window + 2);
  std::vector<double> events(slots, 0.0), leaving(slots, 0.0);  // leaving: events and censored
  size = 0;
  for (int other : index.ordering_on(day)) {
    if (bought_by(index.days(from, other), day) || bought_by(index.days(to, other), day)) continue;
    ++size;
    const long b = delay_after(index.days(to, other), day, window);
    const long a = delay_after(index.days(from, other), day, window);
    if (b <= a && b <= window) events[static_cast<std::size_t>(b)] += 1;
    leaving[static_cast<std::size_t>(std::min(a, b))] += 1;
  }
  std::vector<double> cdf(static_cast<std::size_t>(window + 1), 0.0);
  double at_risk = static_cast<double>(size), survival = 1;
  for (std::size_t t = 1; t < cdf.size(); ++t) {
    if (at_risk > 0) survival *= 1 - events[t] / at_risk;
    at_risk -= leaving[t];
    cdf[t] = 1 - survival;
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

// The chance that a need formed `lag` days after A is met by t: 1 - exp(-k (t - lag)) after the
// lag.
double met_after_lag(double lag, double k, double t) {
  return t > lag ? 1 - std::exp(-k * (t - lag)) : 0;
}

std::vector<double> geometric_grid(double low, double high, int count) {
  std::vector<double> grid;
  grid.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    grid.push_back(low * std::pow(high / low, static_cast<double>(i) / (count - 1)));
  }
  return grid;
}

// The longest need the estimate reports: beyond it a window of W days cannot tell durations apart.
constexpr double kLongestDurationDays = 365;

// The need met by t, N(t) = (F_A - F_0) / (1 - F_0), fitted by least squares as
// P (1 - exp(-k (t - L))) after L, on t = 1..W: L on whole days 0..W-1, k = h + m with the fading
// rate m on a geometric grid from 1 / kLongestDurationDays, P in closed form clamped to
// [0, h / k] (the model's P is p h / k with p <= 1).
struct CurveFit {
  double scale = 0, lag = 0, rate = 0;
};

CurveFit fit_need_curve(const Curves& curves, long window) {
  const double h = curves.occasion_rate;
  const auto w = static_cast<std::size_t>(window);
  std::vector<double> met(w + 1, 0.0);
  for (std::size_t t = 1; t <= w; ++t) {
    met[t] = (curves.buyers[t] - curves.baseline[t]) / std::max(1e-9, 1 - curves.baseline[t]);
  }
  CurveFit best;
  double best_error = std::numeric_limits<double>::infinity();
  std::vector<double> decay(w + 1);
  for (double fading : geometric_grid(1 / kLongestDurationDays, 2.0, 60)) {
    const double rate = h + fading;
    for (std::size_t j = 0; j <= w; ++j) decay[j] = std::exp(-rate * static_cast<double>(j));
    for (std::size_t lag = 0; lag < w; ++lag) {
      double cross = 0, squares = 0, total = 0;
      for (std::size_t t = 1; t <= w; ++t) {
        const double shape = t > lag ? 1 - decay[t - lag] : 0;
        cross += shape * met[t];
        squares += shape * shape;
        total += met[t] * met[t];
      }
      const double scale = squares > 0 ? std::clamp(cross / squares, 0.0, h / rate) : 0;
      const double error = total - 2 * scale * cross + scale * scale * squares;
      if (error < best_error) {
        best_error = error;
        best = CurveFit{scale, static_cast<double>(lag), rate};
      }
    }
  }
  return best;
}

NeedEstimate need_of(const CurveFit& fit, double occasion_rate) {
  NeedEstimate need;
  const double fading = fit.rate - occasion_rate;
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
  return need.probability * occasion_rate / rate * met_after_lag(need.lag_days, rate, t);
}

}  // namespace xsellsim::models

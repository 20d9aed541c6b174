#include "models/complements_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace xsellsim::models {

namespace {

using Days = std::vector<long>;
constexpr long kNever = std::numeric_limits<long>::max();

void sort_unique(Days& d) {
  std::sort(d.begin(), d.end());
  d.erase(std::unique(d.begin(), d.end()), d.end());
}

// The purchase days the comparisons look up: per candidate product and customer, and each
// customer's order occasions (distinct days with a purchase line).
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
      first_day_ = std::min(first_day_, line.day);
      last_day_ = std::max(last_day_, line.day);
      const int s = slot_[static_cast<std::size_t>(line.product)];
      if (s >= 0) {
        by_product_[static_cast<std::size_t>(s)][static_cast<std::size_t>(line.customer)].push_back(
            line.day);
      }
    }
    for (auto& customers : by_product_) {
      for (Days& d : customers) sort_unique(d);
    }
    for (Days& d : occasions_) sort_unique(d);
  }

  [[nodiscard]] const Days& days(int product, int customer) const {
    return by_product_[static_cast<std::size_t>(slot_[static_cast<std::size_t>(product)])]
                      [static_cast<std::size_t>(customer)];
  }
  [[nodiscard]] long first(int product, int customer) const {
    const Days& d = days(product, customer);
    return d.empty() ? kNever : d.front();
  }
  [[nodiscard]] const Days& occasions(int customer) const {
    return occasions_[static_cast<std::size_t>(customer)];
  }
  [[nodiscard]] std::size_t customers() const { return occasions_.size(); }
  [[nodiscard]] long first_day() const { return first_day_; }
  [[nodiscard]] long last_day() const { return last_day_; }

 private:
  std::vector<int> slot_;
  std::vector<std::vector<Days>> by_product_;
  std::vector<Days> occasions_;
  long first_day_ = kNever, last_day_ = std::numeric_limits<long>::min();
};

// A purchase of A in [day - exclusion, day]: A may still be at work, or the occasion is an A one.
bool bought_recently(const Days& days, long day, long exclusion) {
  auto it = std::lower_bound(days.begin(), days.end(), day - exclusion);
  return it != days.end() && *it <= day;
}

bool bought_on(const Days& days, long day) {
  return std::binary_search(days.begin(), days.end(), day);
}

// The fewest comparison occasions a baseline rate rests on: below it the dates pooled widen.
constexpr double kFewestOccasions = 200;
constexpr long kHalfWeek = 3;

// q_B(day): the chance that a repeat order occasion at that date buys B for the first time, among
// the repeat occasions of customers who had not bought B before it nor A in the exclusion before
// it (docs/calibration.md, "Complements"). Occasions within 3 days either side are pooled (more
// when fewer than 200); k of n is k / n, except that none is 1/2 of n + 1 and all is n + 1/2 of
// n + 1, which keeps a rate off 0 and 1 (the need's likelihood divides by both).
class OccasionBaseline {
 public:
  OccasionBaseline(const PurchaseIndex& index, int from, int to, long exclusion)
      : first_day_(index.first_day()),
        buying_(static_cast<std::size_t>(index.last_day() - index.first_day() + 2), 0.0),
        total_(buying_.size(), 0.0) {
    for (std::size_t c = 0; c < index.customers(); ++c) {
      const int customer = static_cast<int>(c);
      const Days& orders = index.occasions(customer);
      const long first_b = index.first(to, customer);
      const Days& a = index.days(from, customer);
      for (std::size_t j = 1; j < orders.size() && orders[j] <= first_b; ++j) {
        if (bought_recently(a, orders[j], exclusion)) continue;
        const auto slot = static_cast<std::size_t>(orders[j] - first_day_ + 1);
        total_[slot] += 1;
        if (orders[j] == first_b) buying_[slot] += 1;
      }
    }
    for (std::size_t i = 1; i < total_.size(); ++i) {
      total_[i] += total_[i - 1];
      buying_[i] += buying_[i - 1];
    }
  }

  [[nodiscard]] double at(long day) const {
    const long last = static_cast<long>(total_.size()) - 1;
    for (long half = kHalfWeek;; half *= 2) {
      const long low = std::clamp(day - half - first_day_, 0L, last);
      const long high = std::clamp(day + half - first_day_ + 1, 0L, last);
      const double n =
          total_[static_cast<std::size_t>(high)] - total_[static_cast<std::size_t>(low)];
      if (n >= kFewestOccasions || (low == 0 && high == last)) {
        const double k =
            buying_[static_cast<std::size_t>(high)] - buying_[static_cast<std::size_t>(low)];
        return k == 0 ? 0.5 / (n + 1) : k == n ? (n + 0.5) / (n + 1) : k / n;
      }
    }
  }
  [[nodiscard]] long occasions() const { return static_cast<long>(total_.back()); }

 private:
  long first_day_;
  std::vector<double> buying_, total_;  // cumulative by day, slot 0 before the first day
};

// A buyer of A followed for the window: each order occasion after A, its baseline chance of B.
struct Buyer {
  std::vector<long> gaps;    // days from A to each occasion in (d, d + W]
  std::vector<double> rate;  // q_B at each
  std::size_t first_b = 0;   // the occasion that bought B first; gaps.size() when none did
  long orders = 0;           // every order occasion in the window, A's included
  double baseline = 0;       // 1 - prod (1 - q_B): B within the window by the baseline alone
  [[nodiscard]] bool bought() const { return first_b < gaps.size(); }
};

constexpr std::size_t kUnbought = std::numeric_limits<std::size_t>::max();

struct PairData {
  long window = 0;
  std::vector<Buyer> buyers;
  long comparisons = 0;  // repeat occasions behind the baseline rates
};

PairData pair_data(const PurchaseIndex& index, int from, int to, long first_day, long last_day,
                   long window) {
  PairData data;
  data.window = window;
  const OccasionBaseline baseline(index, from, to, 2 * window);
  data.comparisons = baseline.occasions();
  for (std::size_t c = 0; c < index.customers(); ++c) {
    const int customer = static_cast<int>(c);
    const long day = index.first(from, customer);
    if (day == kNever || day < first_day || day > last_day) continue;
    const long first_b = index.first(to, customer);
    if (first_b <= day) continue;
    Buyer buyer;
    const Days& orders = index.occasions(customer);
    double none = 1;
    buyer.first_b = kUnbought;
    for (auto it = std::upper_bound(orders.begin(), orders.end(), day);
         it != orders.end() && *it <= day + window; ++it) {
      ++buyer.orders;
      if (buyer.first_b == kUnbought && bought_on(index.days(to, customer), *it)) {
        buyer.first_b = buyer.gaps.size();
      }
      buyer.gaps.push_back(*it - day);
      buyer.rate.push_back(baseline.at(*it));
      none *= 1 - buyer.rate.back();
    }
    buyer.first_b = std::min(buyer.first_b, buyer.gaps.size());
    buyer.baseline = 1 - none;
    data.buyers.push_back(std::move(buyer));
  }
  return data;
}

PairComparison comparison_of(const PairData& data, int from, int to) {
  PairComparison c;
  c.from = from;
  c.to = to;
  c.buyers = static_cast<long>(data.buyers.size());
  c.comparisons = data.comparisons;
  if (data.buyers.empty()) return c;
  double sum = 0, squares = 0, baseline = 0;
  for (const Buyer& b : data.buyers) {
    const double y = b.bought() ? 1 : 0;
    c.buyers_buying += static_cast<long>(y);
    c.occasions += b.orders;
    baseline += b.baseline;
    sum += y - b.baseline;
    squares += (y - b.baseline) * (y - b.baseline);
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

// The longest need the estimate reports: beyond it a window of W days cannot tell durations apart.
constexpr double kLongestDurationDays = 365;

// The shape of the lag the scenario writes (a standard deviation of L / 10): the estimate is of a
// lag that barely varies, since an exponential one could not be told from the need's life.
constexpr double kLagShape = 100;

// The spread of the time from A to the need's forming as the log shows it: the lag's own,
// Gamma(kLagShape, L / kLagShape), and the rounding of A and of each occasion to whole days (each
// uniform within its day: their difference has variance 1/6). Normal, for the chance that the
// need had formed before an occasion g days after A: Phi((g - L) / spread).
double forming_spread(double lag) { return std::sqrt(lag * lag / kLagShape + 1.0 / 6); }

double formed_before(double gap, double lag, double spread) {
  return 0.5 * std::erfc(-(gap - lag) / (spread * std::sqrt(2.0)));
}

// What the need's likelihood reads of one buyer at a lag L. The need is met by the first occasion
// after it formed if it still lasts: occasion k is that one with probability w_k, the chance it
// formed between occasions k - 1 and k, up to the buyer's first purchase of B (once B was bought
// anyway the need, formed later, says nothing). Relative to the baseline alone, occasion k being
// the one has likelihood 1 + p e c, e = exp(-m s) the chance the need lasts the s days from its
// forming, c = (1 - q) / q when k bought B (B with probability q + p e (1 - q) against q) and -1
// when not (1 - q - p e (1 - q) against 1 - q); over the candidates 1 + p sum_k w_k e_k c_k, linear
// in p.
struct Candidate {
  double days = 0;         // s
  double coefficient = 0;  // w c
};
struct AfterLag {
  std::size_t begin = 0, end = 0;  // its candidates
  double weight = 1;               // bootstrap multiplicity
};
struct Seen {
  std::vector<AfterLag> buyers;
  std::vector<Candidate> candidates;
};

// The least time from the forming to an occasion that meets it (within a day after it).
constexpr double kLeastDays = 0.25;
// Candidates less likely than this are left out.
constexpr double kLeastChance = 1e-4;

Seen after_lag(const std::vector<Buyer>& buyers, const std::vector<double>& weights, long lag) {
  Seen seen;
  const auto l = static_cast<double>(lag);
  const double spread = forming_spread(l);
  for (std::size_t i = 0; i < buyers.size(); ++i) {
    if (weights[i] == 0) continue;
    const Buyer& b = buyers[i];
    AfterLag a{seen.candidates.size(), seen.candidates.size(), weights[i]};
    double before = 0;
    for (std::size_t k = 0; k < b.gaps.size() && k <= b.first_b; ++k) {
      const auto gap = static_cast<double>(b.gaps[k]);
      const double formed = formed_before(gap, l, spread);
      const double chance = formed - before;
      before = formed;
      if (chance < kLeastChance) continue;
      const double c = k == b.first_b ? (1 - b.rate[k]) / b.rate[k] : -1.0;
      seen.candidates.push_back(Candidate{std::max(gap - l, kLeastDays), chance * c});
    }
    a.end = seen.candidates.size();
    if (a.end > a.begin) seen.buyers.push_back(a);
  }
  return seen;
}

// At a fading rate m, each buyer's sum_k w_k e_k c_k.
std::vector<double> lasting(const Seen& seen, double m) {
  std::vector<double> c(seen.buyers.size(), 0.0);
  for (std::size_t i = 0; i < seen.buyers.size(); ++i) {
    for (std::size_t k = seen.buyers[i].begin; k < seen.buyers[i].end; ++k) {
      c[i] += seen.candidates[k].coefficient * std::exp(-m * seen.candidates[k].days);
    }
  }
  return c;
}

// The part of the log-likelihood that depends on the need: sum of log(1 + p c).
double need_log_likelihood(const Seen& seen, const std::vector<double>& c, double p) {
  double sum = 0;
  for (std::size_t i = 0; i < c.size(); ++i) sum += seen.buyers[i].weight * std::log1p(p * c[i]);
  return sum;
}

// The p in [0, 1] that maximises it: the function is concave in p (Newton from `start`).
double best_probability(const Seen& seen, const std::vector<double>& c, double start) {
  double p = start;
  for (int iteration = 0; iteration < 30; ++iteration) {
    double slope = 0, curvature = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
      const double d = c[i] / (1 + p * c[i]);
      slope += seen.buyers[i].weight * d;
      curvature -= seen.buyers[i].weight * d * d;
    }
    if (curvature >= 0) break;
    const double next = std::clamp(p - slope / curvature, 0.0, 1.0 - 1e-9);
    if (std::abs(next - p) < 1e-7) return next;
    p = next;
  }
  return p;
}

std::vector<double> geometric_grid(double low, double high, int count) {
  std::vector<double> grid;
  grid.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    grid.push_back(low * std::pow(high / low, static_cast<double>(i) / (count - 1)));
  }
  return grid;
}

// The fading rates searched: from 1 / kLongestDurationDays to 2 per day.
const std::vector<double>& fading_grid() {
  static const std::vector<double> grid = geometric_grid(1 / kLongestDurationDays, 2.0, 24);
  return grid;
}

// The best p and its log-likelihood at one lag and fading rate.
struct ProfilePoint {
  double probability = 0, log_likelihood = 0;
};
ProfilePoint profile_at(const Seen& seen, double m, double start) {
  const auto e = lasting(seen, m);
  const double p = best_probability(seen, e, start);
  return ProfilePoint{p, need_log_likelihood(seen, e, p)};
}

// Maximum likelihood of (p, L, m): L on whole days 0..W-1, m on the grid and then refined by a
// golden-section search on log m between the grid point's neighbours, p by Newton at each.
NeedEstimate fit_need(const std::vector<Buyer>& buyers, const std::vector<double>& weights,
                      long window) {
  const auto& grid = fading_grid();
  double best = -std::numeric_limits<double>::infinity();
  long best_lag = 0;
  std::size_t best_index = 0;
  for (long lag = 0; lag < window; ++lag) {
    const auto seen = after_lag(buyers, weights, lag);
    if (seen.buyers.empty()) continue;
    double p = 0.5;
    for (std::size_t i = 0; i < grid.size(); ++i) {
      const ProfilePoint point = profile_at(seen, grid[i], p);
      p = point.probability;
      if (point.log_likelihood > best) {
        best = point.log_likelihood;
        best_lag = lag;
        best_index = i;
      }
    }
  }
  const auto seen = after_lag(buyers, weights, best_lag);
  double low = std::log(grid[best_index == 0 ? 0 : best_index - 1]);
  double high = std::log(grid[std::min(best_index + 1, grid.size() - 1)]);
  const double golden = (std::sqrt(5.0) - 1) / 2;
  for (int step = 0; step < 25; ++step) {
    const double left = high - golden * (high - low), right = low + golden * (high - low);
    if (profile_at(seen, std::exp(left), 0.5).log_likelihood >=
        profile_at(seen, std::exp(right), 0.5).log_likelihood) {
      high = right;
    } else {
      low = left;
    }
  }
  const double m = std::exp((low + high) / 2);
  return NeedEstimate{profile_at(seen, m, 0.5).probability, static_cast<double>(best_lag), 1 / m};
}

double mean_occasion_rate(const PairData& data) {
  double occasions = 0;
  for (const Buyer& b : data.buyers) occasions += static_cast<double>(b.orders);
  return occasions / (static_cast<double>(data.buyers.size()) * static_cast<double>(data.window));
}

// Mean days from A to the excess purchases of B: the increments of F_A(t) - F_0(t).
double mean_excess_delay(const PairData& data) {
  std::vector<double> added(static_cast<std::size_t>(data.window + 1), 0.0);
  for (const Buyer& b : data.buyers) {
    if (b.bought()) added[static_cast<std::size_t>(b.gaps[b.first_b])] += 1;
    double none = 1;
    for (std::size_t j = 0; j < b.gaps.size(); ++j) {
      added[static_cast<std::size_t>(b.gaps[j])] -= none * b.rate[j];
      none *= 1 - b.rate[j];
    }
  }
  double weighted = 0, total = 0;
  for (std::size_t t = 1; t < added.size(); ++t) {
    weighted += static_cast<double>(t) * added[t];
    total += added[t];
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
  edge.occasion_rate = mean_occasion_rate(data);
  const std::size_t n = data.buyers.size();
  edge.need = fit_need(data.buyers, std::vector<double>(n, 1.0), data.window);
  edge.mean_delay_days = mean_excess_delay(data);
  std::vector<double> p, lag, duration;
  std::uniform_int_distribution<std::size_t> pick(0, n - 1);
  std::vector<double> weights(n);
  for (int b = 0; b < options.bootstrap; ++b) {
    std::fill(weights.begin(), weights.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) weights[pick(random)] += 1;
    const NeedEstimate need = fit_need(data.buyers, weights, data.window);
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
  double squares = 0, sum = 0, variances = 0;
  for (const auto& p : fit.pairs) {
    excesses.push_back(p.excess);
    sum += p.excess;
    squares += p.excess * p.excess;
    variances += p.excess_se * p.excess_se;
  }
  fit.median_excess = median(excesses);
  if (!fit.pairs.empty()) {
    const auto n = static_cast<double>(fit.pairs.size());
    const double spread = squares / n - (sum / n) * (sum / n) - variances / n;
    fit.excess_spread = std::sqrt(std::max(0.0, spread));
  }

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
    ComplementEstimate edge = estimate_edge(data, p, options, random);
    const double prior = fit.excess_spread * fit.excess_spread;
    edge.shrinkage =
        prior + p.excess_se * p.excess_se > 0 ? prior / (prior + p.excess_se * p.excess_se) : 1;
    edge.shrunk_excess = fit.median_excess + edge.shrinkage * (p.excess - fit.median_excess);
    fit.edges.push_back(edge);
  }
  return fit;
}

double shrunk_probability(const ComplementEstimate& edge) {
  const double excess = edge.comparison.excess;
  return excess > 0 ? edge.need.probability * std::max(0.0, edge.shrunk_excess) / excess : 0;
}

EdgeForecast forecast_edges(const OrderHistory& log, const std::vector<ComplementEstimate>& edges,
                            long first_day, long last_day, long window_days) {
  EdgeForecast f;
  for (const auto& e : edges) {
    const auto& learned = e.comparison;
    const auto later =
        compare_pair(log, learned.from, learned.to, first_day, last_day, window_days);
    const auto n = static_cast<double>(later.buyers);
    const double unmet = 1 - later.baseline_rate;
    const double room = std::max(1e-9, 1 - learned.baseline_rate);
    f.buyers += n;
    f.bought += static_cast<double>(later.buyers_buying);
    f.baseline += n * later.baseline_rate;
    f.raw += n * (1 - unmet * (1 - learned.excess / room));
    f.shrunk += n * (1 - unmet * (1 - std::max(0.0, e.shrunk_excess) / room));
  }
  return f;
}

PairComparison compare_pair(const OrderHistory& log, int from, int to, long first_day,
                            long last_day, long window_days) {
  const PurchaseIndex index(log, from == to ? std::vector<int>{from} : std::vector<int>{from, to});
  return comparison_of(pair_data(index, from, to, first_day, last_day, window_days), from, to);
}

double need_met_by(const NeedEstimate& need, double occasion_rate, double t) {
  const double fading = 1 / need.duration_days;
  const double rate = occasion_rate + fading;
  return t > need.lag_days
             ? need.probability * occasion_rate / rate * (1 - std::exp(-rate * (t - need.lag_days)))
             : 0;
}

}  // namespace xsellsim::models

#include "models/bgnbd.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace xsellsim::models {

namespace {
double log_beta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }
}  // namespace

double hypergeometric_2f1(double a, double b, double c, double z) {
  double term = 1.0, sum = 1.0;
  for (int n = 0; n < 1000000; ++n) {
    term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
    sum += term;
    if (std::abs(term) <= 1e-15 * std::abs(sum)) break;
  }
  return sum;
}

double expected_repeat_transactions(const Purchasing& p, double t) {
  double z = t / (p.alpha + t);
  double scale = (p.a + p.b - 1.0) / (p.a - 1.0);
  return scale * (1.0 - std::pow(p.alpha / (p.alpha + t), p.r) *
                            hypergeometric_2f1(p.r, p.b, p.a + p.b - 1.0, z));
}

double conditional_expected_transactions(const Purchasing& p, const CustomerHistory& h, double t) {
  const double r = p.r + h.x;
  const double later = p.alpha + h.T + t;
  const double expected_if_alive =
      (p.a + p.b + h.x - 1.0) / (p.a - 1.0) *
      (1.0 - std::pow((p.alpha + h.T) / later, r) *
                 hypergeometric_2f1(r, p.b + h.x, p.a + p.b + h.x - 1.0, t / later));
  // The odds that a customer with repeat purchases dropped out after the last one.
  const double dropout_odds =
      h.x > 0 ? p.a / (p.b + h.x - 1.0) * std::pow((p.alpha + h.T) / (p.alpha + h.t_x), r) : 0.0;
  return expected_if_alive / (1.0 + dropout_odds);
}

double probability_of_repeat_count(const Purchasing& p, double t, int x) {
  const double log_still = std::log(p.alpha / (p.alpha + t));  // log(alpha/(alpha+t))
  const double log_z = std::log(t / (p.alpha + t));
  // Term of the negative binomial count of an active customer: Gamma(r+j)/(Gamma(r) j!) z^j.
  auto log_nbd = [&](int j) {
    return std::lgamma(p.r + j) - std::lgamma(p.r) - std::lgamma(j + 1.0) + j * log_z;
  };
  double probability =
      std::exp(log_beta(p.a, p.b + x) - log_beta(p.a, p.b) + log_nbd(x) + p.r * log_still);
  if (x == 0) return probability;
  double partial = 0;
  for (int j = 0; j < x; ++j) partial += std::exp(log_nbd(j));
  return probability + std::exp(log_beta(p.a + 1, p.b + x - 1) - log_beta(p.a, p.b)) *
                           (1.0 - std::exp(p.r * log_still) * partial);
}

namespace {

// The parts of a customer's log-likelihood that depend on x alone, so that a fit over thousands of
// customers computes each lgamma once per distinct x (the fit of `calibrate orders` on
// online-retail spent most of its time in lgamma). Each part is the same expression as it would
// be inline, so the result is the same to the bit.
struct TermsOfX {
  double common = 0;   // log Gamma(r+x) - log Gamma(r) + r log alpha
  double alive = 0;    // log B(a, b+x) - log B(a, b)
  double dropped = 0;  // log B(a+1, b+x-1) - log B(a, b), for x > 0
};

TermsOfX terms_of(const Purchasing& p, int x) {
  TermsOfX t;
  t.common = std::lgamma(p.r + x) - std::lgamma(p.r) + p.r * std::log(p.alpha);
  t.alive = log_beta(p.a, p.b + x) - log_beta(p.a, p.b);
  if (x > 0) t.dropped = log_beta(p.a + 1, p.b + x - 1) - log_beta(p.a, p.b);
  return t;
}

double log_likelihood_with(const Purchasing& p, const CustomerHistory& h, const TermsOfX& k) {
  const double alive = k.alive - (p.r + h.x) * std::log(p.alpha + h.T);
  if (h.x == 0) return k.common + alive;
  const double dropped = k.dropped - (p.r + h.x) * std::log(p.alpha + h.t_x);
  const double larger = std::max(alive, dropped);
  return k.common + larger + std::log(std::exp(alive - larger) + std::exp(dropped - larger));
}

}  // namespace

double bgnbd_log_likelihood(const Purchasing& p, const CustomerHistory& h) {
  // L = B(a, b+x)/B(a, b) * Gamma(r+x) alpha^r / (Gamma(r) (alpha+T)^(r+x))
  //   + [x > 0] B(a+1, b+x-1)/B(a, b) * Gamma(r+x) alpha^r / (Gamma(r) (alpha+t_x)^(r+x))
  return log_likelihood_with(p, h, terms_of(p, h.x));
}

double bgnbd_log_likelihood(const Purchasing& p, std::span<const CustomerHistory> histories) {
  std::vector<TermsOfX> terms;
  std::vector<bool> known;
  double total = 0;
  for (const CustomerHistory& h : histories) {
    const auto x = static_cast<std::size_t>(h.x);
    if (x >= known.size()) terms.resize(x + 1), known.resize(x + 1, false);
    if (!known[x]) terms[x] = terms_of(p, h.x), known[x] = true;
    total += log_likelihood_with(p, h, terms[x]);
  }
  return total;
}

namespace {

using Point = std::array<double, 4>;

Purchasing from_logs(const Point& logs, Time time_unit) {
  return {std::exp(logs[0]), std::exp(logs[1]), std::exp(logs[2]), std::exp(logs[3]), time_unit};
}

using Objective = std::function<double(const Point&)>;

// Nelder-Mead's five points in four dimensions, and f at each.
struct Simplex {
  std::array<Point, 5> points{};
  std::array<double, 5> values{};

  void set(int i, const Point& point, double value) {
    points[i] = point;
    values[i] = value;
  }
};

Simplex initial_simplex(const Objective& f, const Point& start) {
  Simplex simplex;
  for (int i = 0; i < 5; ++i) {
    Point point = start;
    if (i > 0) point[i - 1] += 0.5;
    simplex.set(i, point, f(point));
  }
  return simplex;
}

// The centroid of every point but `worst`, summed in `order` (the order fixes the last bits).
Point centroid_without(const Simplex& simplex, const std::array<int, 5>& order, int worst) {
  Point centroid{};
  for (int i : order) {
    if (i == worst) continue;
    for (int k = 0; k < 4; ++k) centroid[k] += simplex.points[i][k] / 4;
  }
  return centroid;
}

// Moves every point but `best` halfway towards it.
void shrink_towards(Simplex& simplex, const Objective& f, const std::array<int, 5>& order,
                    int best) {
  for (int i : order) {
    if (i == best) continue;
    for (int k = 0; k < 4; ++k) {
      simplex.points[i][k] =
          simplex.points[best][k] + 0.5 * (simplex.points[i][k] - simplex.points[best][k]);
    }
    simplex.values[i] = f(simplex.points[i]);
  }
}

// One step on the points ranked by `order` (best first): reflect the worst point through the
// others' centroid, expand further if that is the best yet, contract if it is still the worst, or
// else shrink towards the best.
void nelder_mead_step(Simplex& simplex, const Objective& f, const std::array<int, 5>& order) {
  const int best = order[0], worst = order[4], second_worst = order[3];
  const Point centroid = centroid_without(simplex, order, worst);
  auto along = [&](double step) {
    Point p{};
    for (int k = 0; k < 4; ++k) {
      p[k] = centroid[k] + step * (simplex.points[worst][k] - centroid[k]);
    }
    return p;
  };
  const Point reflected = along(-1);
  const double reflected_value = f(reflected);
  if (reflected_value < simplex.values[best]) {
    const Point expanded = along(-2);
    const double expanded_value = f(expanded);
    const bool expand = expanded_value < reflected_value;
    simplex.set(worst, expand ? expanded : reflected, expand ? expanded_value : reflected_value);
  } else if (reflected_value < simplex.values[second_worst]) {
    simplex.set(worst, reflected, reflected_value);
  } else {
    const Point contracted = along(0.5);
    const double contracted_value = f(contracted);
    if (contracted_value < simplex.values[worst]) {
      simplex.set(worst, contracted, contracted_value);
    } else {
      shrink_towards(simplex, f, order, best);
    }
  }
}

// Minimises f from `start` with the Nelder-Mead simplex (standard coefficients 1, 2, 0.5, 0.5).
Point nelder_mead(const Objective& f, const Point& start, int iterations) {
  Simplex simplex = initial_simplex(f, start);
  const auto& values = simplex.values;
  for (int iteration = 0; iteration < iterations; ++iteration) {
    std::array<int, 5> order{0, 1, 2, 3, 4};
    std::sort(order.begin(), order.end(), [&](int a, int b) { return values[a] < values[b]; });
    if (std::abs(values[order[4]] - values[order[0]]) < 1e-10) break;
    nelder_mead_step(simplex, f, order);
  }
  return simplex.points[static_cast<std::size_t>(std::min_element(values.begin(), values.end()) -
                                                 values.begin())];
}

// Inverts a symmetric positive-definite 4x4 matrix by Gauss-Jordan elimination.
std::array<Point, 4> invert(std::array<Point, 4> m) {
  std::array<Point, 4> inverse{};
  for (int i = 0; i < 4; ++i) inverse[i][i] = 1;
  for (int col = 0; col < 4; ++col) {
    double pivot = m[col][col];
    for (int k = 0; k < 4; ++k) m[col][k] /= pivot, inverse[col][k] /= pivot;
    for (int row = 0; row < 4; ++row) {
      if (row == col) continue;
      double factor = m[row][col];
      for (int k = 0; k < 4; ++k)
        m[row][k] -= factor * m[col][k], inverse[row][k] -= factor * inverse[col][k];
    }
  }
  return inverse;
}

}  // namespace

BgnbdFit fit_bgnbd(std::span<const CustomerHistory> histories, Time time_unit) {
  auto negative = [&](const Point& logs) {
    double value = -bgnbd_log_likelihood(from_logs(logs, time_unit), histories);
    return std::isfinite(value) ? value : 1e300;
  };
  Point logs{0, 0, 0, 0};
  double previous = negative(logs);
  BgnbdFit fit;
  for (int restart = 0; restart < 20; ++restart) {
    logs = nelder_mead(negative, logs, 5000);
    double value = negative(logs);
    if (previous - value < 1e-9) {
      fit.converged = true;
      break;
    }
    previous = value;
  }
  fit.estimate = from_logs(logs, time_unit);
  fit.log_likelihood = -negative(logs);
  // Observed information: the Hessian of -LL in the natural parameters, by central differences.
  Point natural{fit.estimate.r, fit.estimate.alpha, fit.estimate.a, fit.estimate.b};
  auto negative_natural = [&](Point q) {
    return -bgnbd_log_likelihood({q[0], q[1], q[2], q[3], time_unit}, histories);
  };
  std::array<Point, 4> hessian{};
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      double hi = 1e-4 * natural[i], hj = 1e-4 * natural[j];
      auto at = [&](double di, double dj) {
        Point q = natural;
        q[i] += di;
        q[j] += dj;
        return negative_natural(q);
      };
      hessian[i][j] = (at(hi, hj) - at(hi, -hj) - at(-hi, hj) + at(-hi, -hj)) / (4 * hi * hj);
    }
  }
  auto covariance = invert(hessian);
  for (int i = 0; i < 4; ++i) fit.standard_errors[i] = std::sqrt(std::max(0.0, covariance[i][i]));
  return fit;
}

}  // namespace xsellsim::models

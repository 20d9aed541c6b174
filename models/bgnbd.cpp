#include "models/bgnbd.hpp"

#include <cmath>

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

double probability_of_repeat_count(const Purchasing& p, double t, int x) {
  const double log_still = std::log(p.alpha / (p.alpha + t));  // log(alpha/(alpha+t))
  const double log_z = std::log(t / (p.alpha + t));
  // Term of the negative binomial count of an active customer: Gamma(r+j)/(Gamma(r) j!) z^j.
  auto log_nbd = [&](int j) {
    return std::lgamma(p.r + j) - std::lgamma(p.r) - std::lgamma(j + 1.0) + j * log_z;
  };
  double probability = std::exp(log_beta(p.a, p.b + x) - log_beta(p.a, p.b) + log_nbd(x) +
                                p.r * log_still);
  if (x == 0) return probability;
  double partial = 0;
  for (int j = 0; j < x; ++j) partial += std::exp(log_nbd(j));
  return probability + std::exp(log_beta(p.a + 1, p.b + x - 1) - log_beta(p.a, p.b)) *
                           (1.0 - std::exp(p.r * log_still) * partial);
}

}  // namespace xsellsim::models

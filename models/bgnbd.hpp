#pragma once
// BG/NBD closed forms (Fader, Hardie & Lee 2005): the expected number of repeat transactions
// E[X(t)] and its distribution P(X(t) = x) for a customer drawn from the population, t measured
// in the model's time_unit from the first purchase.
#include <array>
#include <span>

#include "models/parameters.hpp"

namespace xsellsim::models {

// Gauss hypergeometric 2F1(a, b; c; z) for 0 <= z < 1 by its power series, summed until a term
// no longer changes the sum (relative 1e-15), at most 10^6 terms.
double hypergeometric_2f1(double a, double b, double c, double z);

// E[X(t)] = (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))]  (FHL eq. 9).
double expected_repeat_transactions(const Purchasing& p, double t);

// P(X(t) = x)  (FHL eq. 8).
double probability_of_repeat_count(const Purchasing& p, double t, int x);

// One customer's calibration-period summary, in time units since their first purchase: x repeat
// transactions, the last at t_x, observed until T.
struct CustomerHistory {
  int x = 0;
  double t_x = 0;
  double T = 0;
};

// E[Y(t) | x, t_x, T]: the expected repeat transactions in the t time units after T of a customer
// with this history (FHL eq. 10).
double conditional_expected_transactions(const Purchasing& p, const CustomerHistory& history,
                                         double t);

// The customer's log-likelihood under BG/NBD (FHL eq. 6).
double bgnbd_log_likelihood(const Purchasing& p, const CustomerHistory& history);
double bgnbd_log_likelihood(const Purchasing& p, std::span<const CustomerHistory> histories);

struct BgnbdFit {
  Purchasing estimate;
  std::array<double, 4> standard_errors{};  // of r, alpha, a, b, from the inverse Hessian
  double log_likelihood = 0;
  bool converged = false;
};

// Maximum likelihood over log-parameters by Nelder-Mead (restarted until it stops improving);
// standard errors from the numerical Hessian of the log-likelihood at the optimum.
BgnbdFit fit_bgnbd(std::span<const CustomerHistory> histories, Time time_unit);

}  // namespace xsellsim::models

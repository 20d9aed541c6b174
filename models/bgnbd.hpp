#pragma once
// BG/NBD closed forms (Fader, Hardie & Lee 2005): the expected number of repeat transactions
// E[X(t)] and its distribution P(X(t) = x) for a customer drawn from the population, t measured
// in the model's time_unit from the first purchase.
#include "models/parameters.hpp"

namespace xsellsim::models {

// Gauss hypergeometric 2F1(a, b; c; z) for 0 <= z < 1 by its power series, summed until a term
// no longer changes the sum (relative 1e-15), at most 10^6 terms.
double hypergeometric_2f1(double a, double b, double c, double z);

// E[X(t)] = (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))]  (FHL eq. 9).
double expected_repeat_transactions(const Purchasing& p, double t);

// P(X(t) = x)  (FHL eq. 8).
double probability_of_repeat_count(const Purchasing& p, double t, int x);

}  // namespace xsellsim::models

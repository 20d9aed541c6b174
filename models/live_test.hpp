#pragma once
// The plan of a live test (`xsellsim compare --live N`): what a real randomized test of an arm
// against a holdout would show on the conversion lift, given the simulated conversion rates. This
// is population sampling error (which customers happen to land in each group), not the
// simulation error of `compare`'s other intervals. Two-proportion normal approximation, with the
// unpooled variance p_t (1 - p_t) / n_t + p_c (1 - p_c) / n_c (docs/compare.md, "Live test").
#include <cstdint>
#include <optional>

namespace xsellsim::models {

struct LiveTestDesign {
  double customers = 0;        // N: entrants in the test, arm and holdout together
  double holdout_share = 0.5;  // S: the share of them held out (n_c = S N, n_t = (1 - S) N)
  double alpha = 0.05;         // two-sided level of the test and 1 - the interval's coverage
  double power = 0.8;          // the power the minimum detectable effect and the N needed aim at
};

struct LiveTestPlan {
  double lift = 0;                         // p_t - p_c, the simulated lift
  double low = 0, high = 0;                // the interval a test would show around it
  double standard_error = 0;               // of the observed lift in such a test
  double power = 0;                        // chance that the test rejects "no lift" at alpha
  double minimum_detectable_effect = 0;    // the lift detected with the design's power
  std::optional<double> customers_needed;  // N to detect the simulated lift; none if it is 0
};

// Throws std::invalid_argument for rates outside [0, 1] or a design outside its ranges
// (customers > 0, 0 < holdout_share < 1, 0 < alpha < 1, 0 < power < 1).
LiveTestPlan plan_live_test(double treated_rate, double control_rate, const LiveTestDesign& design);

// The standard normal quantile and distribution function.
double normal_quantile(double probability);
double normal_cdf(double x);

}  // namespace xsellsim::models

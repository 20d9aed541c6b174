#include "models/live_test.hpp"

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

namespace xsellsim::models {

namespace {

void check_open_unit(double value, const char* name) {
  if (!(value > 0 && value < 1)) {
    throw std::invalid_argument(std::string(name) + " must be between 0 and 1 (exclusive), not " +
                                std::to_string(value));
  }
}

// p (1 - p) / share: the variance of one group's rate, times N.
double group_variance(double rate, double share) { return rate * (1 - rate) / share; }

}  // namespace

double normal_quantile(double probability) {
  return boost::math::quantile(boost::math::normal(), probability);
}

double normal_cdf(double x) { return boost::math::cdf(boost::math::normal(), x); }

LiveTestPlan plan_live_test(double treated_rate, double control_rate,
                            const LiveTestDesign& design) {
  if (!(treated_rate >= 0 && treated_rate <= 1 && control_rate >= 0 && control_rate <= 1)) {
    throw std::invalid_argument("conversion rates must be between 0 and 1");
  }
  if (!(design.customers > 0)) throw std::invalid_argument("--live needs a positive N");
  check_open_unit(design.holdout_share, "--holdout-share");
  check_open_unit(design.alpha, "--alpha");
  check_open_unit(design.power, "--power");
  // N times the variance of the observed lift.
  const double spread = group_variance(treated_rate, 1 - design.holdout_share) +
                        group_variance(control_rate, design.holdout_share);
  const double z_alpha = normal_quantile(1 - design.alpha / 2);
  const double z_power = normal_quantile(design.power);
  LiveTestPlan plan;
  plan.lift = treated_rate - control_rate;
  plan.standard_error = std::sqrt(spread / design.customers);
  plan.low = plan.lift - z_alpha * plan.standard_error;
  plan.high = plan.lift + z_alpha * plan.standard_error;
  if (plan.standard_error > 0) {
    const double shift = std::abs(plan.lift) / plan.standard_error;
    plan.power = normal_cdf(shift - z_alpha) + normal_cdf(-shift - z_alpha);
  } else {
    plan.power = plan.lift != 0 ? 1.0 : design.alpha;
  }
  plan.minimum_detectable_effect = (z_alpha + z_power) * plan.standard_error;
  if (plan.lift != 0) {
    plan.customers_needed =
        std::ceil(std::pow(z_alpha + z_power, 2) * spread / (plan.lift * plan.lift));
  }
  return plan;
}

}  // namespace xsellsim::models

#pragma once
// `xsellsim calibrate emails` (docs/calibration.md, "Email response"): maximum-likelihood
// estimates of the email-response coefficients of docs/model.md from an email-events log, one
// history per customer. What the log shows is fitted with the model's own equations:
//   inbox         delivered ~ logistic(inbox_base + inbox_ignored streak + inbox_complaint C)
//   open, click   opened ~ logistic(open_base + e + open_fatigue F + open_wearout W), and given
//                 the open, clicked ~ logistic(click_base + e + click_fatigue F + click_wearout W),
//                 e ~ N(0, engagement_sd^2) the customer's own, shared by both: the marginal
//                 likelihood integrates it out by Gauss-Hermite quadrature
//   unsubscribe   per delivered email without a complaint: logistic(unsubscribe_base +
//                 unsubscribe_open O + unsubscribe_fatigue (1 - exp(-F)))
//   complaint     per delivered email: logistic(complaint_base + complaint_open O +
//                 complaint_fatigue max(0, F - threshold)), the threshold given
// F is the fatigue stock (every earlier send, weight 1, halving every half-life), W = ln(1 + the
// earlier sends with the same lead product), the streak the inbox emails left unopened since the
// last open, C the earlier complaints. The half-life is profiled on the open-and-click and
// unsubscribe models: each value of a grid is fitted and the best kept, with the grid values
// inside the likelihood-ratio 95% interval.
// What the log cannot show is left out and absorbed into the bases: the relevance of the email to
// the customer's needs, personalization, social proof; an email's weight is taken as 1.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/time.hpp"

namespace xsellsim::models {

// One email of a customer's history, in send order.
struct SentEmail {
  sim::Time time = 0;
  std::uint32_t lead = 0;  // the lead product, as any identifier
  bool delivered = false, opened = false, clicked = false;
  bool unsubscribed = false, complained = false;
};
using EmailHistory = std::vector<SentEmail>;

struct Coefficient {
  std::string name;  // the scenario key in [engagement] (engagement_sd: the segments' key)
  double estimate = 0;
  double standard_error = 0;  // from the observed information at the optimum
  // NaN when the log cannot show it: a covariate that is 0 in every row (no fatigue stock above
  // the complaint threshold: an infinite standard error), or a standard error above 10 (too few
  // events: a handful of complaints).
  [[nodiscard]] bool estimable() const { return estimate == estimate; }
};

struct EmailFit {
  std::vector<Coefficient> coefficients;
  double half_life_days = 0;                               // the profile's best grid value
  double half_life_low_days = 0, half_life_high_days = 0;  // grid values within chi2(1)/2 of it
  double complaint_unsubscribes = 0;  // share of complaints that unsubscribed at once
  double complaint_unsubscribes_se = 0;
  double log_likelihood = 0;
  std::int64_t customers = 0, sends = 0, delivered = 0, opens = 0, clicks = 0;
  std::int64_t unsubscribes = 0, complaints = 0;

  [[nodiscard]] const Coefficient& operator[](const std::string& name) const;
};

struct EmailFitOptions {
  double complaint_threshold = 5.0;
  std::vector<double> half_life_grid_days{1, 2, 3, 4, 5, 7, 10, 14, 21, 30};
};

EmailFit fit_email_response(const std::vector<EmailHistory>& histories,
                            const EmailFitOptions& options = {});

}  // namespace xsellsim::models

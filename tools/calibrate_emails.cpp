// `xsellsim calibrate emails LOG`: fit the email response to an email-events log and print the
// [engagement] and [fatigue] tables of a scenario, each estimate with its standard error
// (docs/calibration.md, "Email response"). The report goes to stderr, the TOML to stdout.
#include "tools/calibrate_emails.hpp"

#include <fmt/format.h>

#include <string>

#include "models/email_fit.hpp"
#include "scenarios/distributions.hpp"
#include "scenarios/email_log.hpp"

namespace xsellsim::tools {

namespace {

std::string toml_fragment(const models::EmailFit& fit, const std::string& file) {
  std::string text = fmt::format(
      "# calibrate emails {}: {} customers, {} sends, {} delivered, {} opens, {} clicks, {} "
      "unsubscribes, {} complaints\n[engagement]\n",
      file, fit.customers, fit.sends, fit.delivered, fit.opens, fit.clicks, fit.unsubscribes,
      fit.complaints);
  std::string not_estimable;
  for (const models::Coefficient& c : fit.coefficients) {
    if (c.name == "engagement_sd") continue;  // a segment's key, below
    if (!c.estimable()) {
      not_estimable +=
          fmt::format("# {}: not estimable from this log; the default stays\n", c.name);
      continue;
    }
    text += fmt::format("{:<24}= {}  # standard error {:.4f}\n", c.name,
                        scenarios::fitted_value(fmt::format("{:.4f}", c.estimate), c.estimate,
                                                c.standard_error, {-50, 50}),
                        c.standard_error);
  }
  if (fit.complaints > 0) {
    text += fmt::format("{:<24}= {:.4f}  # standard error {:.4f}, of {} complaints\n",
                        "complaint_unsubscribes", fit.complaint_unsubscribes,
                        fit.complaint_unsubscribes_se, fit.complaints);
  }
  text += not_estimable;
  text += fmt::format(
      "\n[fatigue]\nhalf_life = \"{}d\"  # profile likelihood; grid values within its 95% "
      "interval: {} to {} days\n",
      fit.half_life_days, fit.half_life_low_days, fit.half_life_high_days);
  const models::Coefficient& sd = fit["engagement_sd"];
  text += fmt::format(
      "\n# The customers' own open-and-click offset: set in each [segments.NAME]\n"
      "# engagement_sd = {:.4f}  # standard error {:.4f}\n",
      sd.estimate, sd.standard_error);
  return text;
}

}  // namespace

int calibrate_emails(const EmailsArguments& args) {
  const scenarios::EmailLog log = scenarios::read_email_log(args.file);
  models::EmailFitOptions options;
  options.complaint_threshold = args.complaint_threshold;
  const models::EmailFit fit = models::fit_email_response(log.histories, options);
  fmt::print(stderr,
             "email response by maximum likelihood: {} events read, log-likelihood {:.2f}\n",
             log.rows, fit.log_likelihood);
  fmt::print("{}", toml_fragment(fit, args.file));
  return 0;
}

}  // namespace xsellsim::tools

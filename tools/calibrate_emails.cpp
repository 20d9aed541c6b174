// `xsellsim calibrate emails LOG`: fit the email response to an email-events log and print the
// [engagement] and [fatigue] tables of a scenario, each estimate with its standard error
// (docs/calibration.md, "Email response"). The report goes to stderr, the TOML to stdout.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "models/email_fit.hpp"
#include "scenarios/distributions.hpp"
#include "scenarios/email_log.hpp"
#include "tools/commands.hpp"

namespace xsellsim::tools {

namespace {

struct EmailsArguments {
  std::string file;
  double complaint_threshold = 5.0;
};

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

}  // namespace

void add_calibrate_emails_command(CLI::App& calibrate, int& status) {
  auto args = std::make_shared<EmailsArguments>();
  CLI::App* command = calibrate.add_subcommand(
      "emails",
      "Fit the email response (inbox, opens, clicks, fatigue, unsubscribes, "
      "complaints) to an email-events log and print [engagement] and [fatigue]");
  command->add_option("log", args->file, "Email events (docs/export.md's email_events.csv.gz)")
      ->required();
  command
      ->add_option("--complaint-threshold", args->complaint_threshold,
                   "The complaint term's fatigue threshold (the scenario's complaint_threshold)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1000.0));
  command->callback([args, &status] { status = calibrate_emails(*args); });
}

}  // namespace xsellsim::tools

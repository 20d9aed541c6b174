// `xsellsim calibrate campaign LOG --group COL --control VALUE --window 14d -o SCENARIO.toml`:
// fit the organic rates and the email's effect to a past randomized campaign (one row per
// customer) and write a runnable scenario that replays it: one broadcast arm per treated group,
// a holdout, a segment per group and covariate cell (docs/calibration.md, "Past campaigns"). The
// report goes to stderr; the scenario is written to a temporary file renamed at the end, so a
// failure leaves nothing.
#include "tools/calibrate_campaign.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "models/campaign_fit.hpp"
#include "models/runner.hpp"
#include "scenarios/campaign_log.hpp"
#include "scenarios/duration.hpp"
#include "scenarios/scenario.hpp"

namespace xsellsim::tools {

namespace {

double logit(double p) { return std::log(p / (1 - p)); }

// The scenario's duration for `seconds`, in whole hours when it is not whole days.
std::string duration_text(sim::Time seconds) {
  if (seconds % sim::kDay == 0) return fmt::format("{}d", seconds / sim::kDay);
  return fmt::format("{}h", (seconds + sim::kHour - 1) / sim::kHour);
}

// The segment of group g in cell c: its share, its organic purchasing and its click.
void write_segment(std::ofstream& out, const models::CampaignData& data,
                   const models::CampaignFit& fit, std::size_t g, std::size_t c) {
  const models::GroupRates rates = models::rates_of(data, g, c);
  if (rates.customers == 0) return;
  const double share = static_cast<double>(rates.customers) / static_cast<double>(data.rows.size());
  out << fmt::format("[segments.{}_{}]\nshare = {:.12g}  # {} customers\n",
                     models::safe_name(data.groups[g]), data.cells[c], share, rates.customers);
  out << "subscribed = 1.0\nengagement_sd = 0.0\nprice_tolerance = 1.0\nprice_tolerance_sd = 0.0\n";
  if (g != data.control) {
    // Only the click (a visit) is seen: opens are not in the log, so the open rate is the
    // default's and the click rate given an open carries the whole click.
    const models::SampleMean& click = fit.click[g][c];
    const double open = click.value < 0.495 ? 0.5 : 0.99;
    out << fmt::format(
        "open_rate = {}   # not in the log: the default\n"
        "click_rate = {:.6g}  # a click (a visit) for {:.4f} (standard error {:.4f}) of the "
        "customers: (visit - control's) / (1 - control's)\n",
        open, std::max(click.value, 1e-6) / open, click.value, click.se);
  }
  const double rate = fit.purchase_rate[c];
  out << fmt::format(
      "[segments.{}_{}.purchasing]  # a steady rate of {:.6g} a day: the control's conversion "
      "{:.4f} (standard error {:.4f}) in the window\nmodel = \"bgnbd\"\nr = 1000.0\nalpha = "
      "{:.8g}\n"
      "a = 0.001\nb = 1000000.0\ntime_unit = \"day\"\n\n",
      models::safe_name(data.groups[g]), data.cells[c], rate, fit.organic_conversion[c].value,
      fit.organic_conversion[c].se, 1000.0 / rate);
}

void write_scenario(std::ofstream& out, const CampaignArguments& args,
                    const models::CampaignData& data, const models::CampaignFit& fit,
                    sim::Time window) {
  out << fmt::format(
      "# xsellsim calibrate campaign {}: {} customers, groups {} (control '{}'), window {}, "
      "cells: {}.\n",
      args.file, data.rows.size(), fmt::join(data.groups, ", "), data.groups[data.control],
      args.window, fmt::join(data.cells, ", "));
  out << "# Method of moments per cell (docs/calibration.md, \"Past campaigns\"): the control's\n"
         "# conversion gives a steady purchase rate, each treated group's excess visits a click\n"
         "# share, one pooled buy-given-click the excess conversions, one price the spend.\n"
         "# Each treated group's arm broadcasts at 1h to its customers; the holdout picks every\n"
         "# group and sends nothing; `conversion` by the horizon is the window's conversion.\n";
  out << fmt::format(
      "name = \"campaign\"\nseed = 1\n\n[population]\nsize = {}\nhorizon = \"{}\"  # the send at "
      "1h and the window\nacquisition = \"0d\"\n\n",
      data.rows.size(), duration_text(window + sim::kHour));
  for (std::size_t g = 0; g < data.groups.size(); ++g) {
    for (std::size_t c = 0; c < data.cells.size(); ++c) write_segment(out, data, fit, g, c);
  }
  const models::SampleMean& q = fit.buy_given_click;
  out << fmt::format(
      "[engagement]  # one email, no offer: only the click and what it buys matter\n"
      "inbox_base = 20.0\nclick_relevance = 0.0\nbuy_base = {:.6g}  # buy given a click {:.4f} "
      "(standard error {:.4f}), pooled\nbuy_price = 0.0\nclick_order_later = 0.0\n"
      "exposure_open = 0.0\nexposure_delivered = 0.0\ndropout_base = -50.0\n\n",
      logit(std::clamp(q.value, 1e-6, 0.99)), q.value, q.se);
  out << fmt::format(
      "# Every customer has bought (`past`) and wants `merchandise`: an occasion or a click buys "
      "it, at the spend per conversion\n[categories.past]\nbrowse_rate = 0.0\n"
      "cart_probability = 0.0\n[categories.merchandise]\nbrowse_rate = 0.0\ncart_probability = "
      "0.0\n\n[products.past]\ncategory = \"past\"\nprice = {0:.2f}\nacquisition = 1.0\n"
      "popularity = 0.0\n[products.past.complements.merchandise]\nprobability = 1.0\nlag = "
      "\"1min\"\nduration = \"36500d\"\n\n[products.merchandise]\ncategory = \"merchandise\"\n"
      "price = {0:.2f}  # spend per conversion\npopularity = 1.0\n\n",
      fit.price);
  for (std::size_t g = 0; g < data.groups.size(); ++g) {
    const std::string name = models::safe_name(data.groups[g]);
    std::vector<std::string> audience;
    for (std::size_t c = 0; c < data.cells.size(); ++c) {
      if (models::rates_of(data, g, c).customers > 0) {
        audience.push_back(fmt::format("\"{}_{}\"", name, data.cells[c]));
      }
    }
    out << fmt::format(
        "[sequences.{0}]  # group '{1}'\ntrigger.event = \"broadcast\"\ntrigger.at = \"1h\"\n"
        "trigger.audience.segments = [{2}]\nexit_on = []\n[sequences.{0}.steps.email]\n"
        "at = \"0d\"\nrecommend = \"merchandise\"\n\n",
        name, data.groups[g], fmt::join(audience, ", "));
  }
  out << fmt::format("[arms.holdout]\ndescription = \"every group, no email: '{}'\"\n\n",
                     data.groups[data.control]);
  for (std::size_t g = 0; g < data.groups.size(); ++g) {
    if (g == data.control) continue;
    const std::string name = models::safe_name(data.groups[g]);
    out << fmt::format("[arms.{}]\ndescription = \"group '{}'\"\n", name, data.groups[g]);
    for (std::size_t h = 0; h < data.groups.size(); ++h) {
      if (h != g) {
        out << fmt::format("[arms.{}.sequences.{}]\nenabled = false\n", name,
                           models::safe_name(data.groups[h]));
      }
    }
    out << "\n";
  }
}

void report_rates(const models::CampaignData& data) {
  fmt::print(stderr, "{:<24} {:>9} {:>18} {:>18} {:>18}\n", "group", "customers", "visit",
             "conversion", "spend");
  for (std::size_t g = 0; g < data.groups.size(); ++g) {
    const models::GroupRates r = models::rates_of(data, g);
    fmt::print(stderr, "{:<24} {:>9} {:>8.4f} ({:.4f}) {:>8.5f} ({:.5f}) {:>8.4f} ({:.4f})\n",
               data.groups[g], r.customers, r.visit.value, r.visit.se, r.conversion.value,
               r.conversion.se, r.spend.value, r.spend.se);
  }
}

// Out of sample: the fit to one half predicts the other half's lifts.
void report_out_of_sample(const models::CampaignData& test,
                          const std::vector<models::LiftCheck>& checks) {
  fmt::print(stderr, "\nout of sample: the other half's lift over '{}', predicted [95%]\n",
             test.groups[test.control]);
  std::size_t covered = 0;
  for (const models::LiftCheck& check : checks) {
    covered += check.covers() ? 1 : 0;
    if (!check.cell.empty()) continue;
    fmt::print(stderr, "  {:<16} {:<10} predicted {:+.5f} [{:+.5f}, {:+.5f}], observed {:+.5f}\n",
               check.group, check.outcome, check.predicted, check.low, check.high, check.observed);
  }
  fmt::print(stderr, "  {} of {} intervals (groups and cells x visit, conversion, spend) cover\n",
             covered, checks.size());
}

// The written scenario run (its seed, two threads), each group's rates against the data's, with
// the difference in combined standard errors.
void report_replay(const std::string& scenario, const models::CampaignData& data,
                   const models::CampaignFit& fit) {
  const scenarios::Scenario loaded = scenarios::load_scenario(scenario);
  models::RunOptions options;
  options.seed = loaded.seed;
  options.threads = 2;
  const models::RunResult result = models::run(loaded.world, options);
  fmt::print(stderr,
             "\nreplay (the scenario run, seed {}): data, replay, difference in combined "
             "standard errors\n",
             loaded.seed);
  for (std::size_t g = 0; g < data.groups.size(); ++g) {
    const models::GroupRates observed = models::rates_of(data, g);
    const models::GroupRates replay = models::replay_rates(loaded.world, result, data, fit, g);
    auto z = [](const models::SampleMean& a, const models::SampleMean& b) {
      return (a.value - b.value) / std::hypot(a.se, b.se);
    };
    fmt::print(stderr,
               "  {:<16} visit {:.4f} {:.4f} ({:+.1f})  conversion {:.5f} {:.5f} ({:+.1f})  "
               "spend {:.4f} {:.4f} ({:+.1f})\n",
               data.groups[g], observed.visit.value, replay.visit.value,
               z(replay.visit, observed.visit), observed.conversion.value, replay.conversion.value,
               z(replay.conversion, observed.conversion), observed.spend.value, replay.spend.value,
               z(replay.spend, observed.spend));
  }
}

}  // namespace

int calibrate_campaign(CampaignArguments& args) {
  const auto window = scenarios::parse_duration(args.window);
  if (!window || *window <= 0) {
    throw scenarios::InputError(scenarios::Diagnostic{
        "--window", 0, 0, fmt::format("'{}' is not a duration like \"14d\"", args.window), ""});
  }
  for (const std::string& text : args.segments) {
    auto column = scenarios::parse_segment_column(text);
    if (!column) {
      throw scenarios::InputError(scenarios::Diagnostic{
          "--segments", 0, 0,
          fmt::format("'{}' is not COLUMN or COLUMN:CUT,CUT,... (increasing numbers)", text), ""});
    }
    args.columns.segments.push_back(*column);
  }
  const std::string temporary = args.output + ".partial";
  std::ofstream out(temporary);
  if (!out) {
    throw scenarios::InputError(
        scenarios::Diagnostic{args.output, 0, 0, "cannot write the scenario here", ""});
  }
  try {
    const models::CampaignData all = scenarios::read_campaign_log(args.file, args.columns);
    const double days = static_cast<double>(*window) / sim::kDay;
    models::CampaignData data = all;
    report_rates(all);
    if (args.split_seed) {
      auto [train, test] = models::split_halves(all, *args.split_seed);
      report_out_of_sample(test, models::check_lifts(train, test, days));
      data = train;
      fmt::print(stderr, "the scenario is fitted to the calibration half ({} customers)\n",
                 data.rows.size());
    }
    const models::CampaignFit fit = models::fit_campaign(data, days);
    write_scenario(out, args, data, fit, *window);
    out.close();
    if (!out) throw std::runtime_error(args.output + ": writing the scenario failed");
    std::filesystem::rename(temporary, args.output);
    fmt::print(stderr, "wrote {}\n", args.output);
    if (args.replay) report_replay(args.output, data, fit);
  } catch (...) {
    out.close();
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  return 0;
}

}  // namespace xsellsim::tools

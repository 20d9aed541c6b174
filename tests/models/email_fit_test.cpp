// Email-response estimates: the quadrature is exact where it must be, and a round trip recovers
// the coefficients of a simulated store from its own email events.
#include "models/email_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>

#include "models/export.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using sim::kDay;

// Collects each customer's emails from the life's events, as `calibrate emails` does from the
// email_events file: a send starts an email, the events after it until the next send are its.
struct HistorySink final : ExportSink {
  std::vector<EmailHistory> histories;
  void customer_begins(std::uint64_t, std::size_t) override { histories.emplace_back(); }
  void customer_ends(const ExportedCustomer&) override {}
  void order_line(const LoggedOrderLine&) override {}
  void email_event(const EmailEvent& event) override {
    EmailHistory& emails = histories.back();
    if (event.kind == EmailEventKind::kSend) {
      emails.push_back({event.time, event.lead});
      return;
    }
    SentEmail& email = emails.back();
    switch (event.kind) {
      case EmailEventKind::kDeliver:
        email.delivered = true;
        break;
      case EmailEventKind::kOpen:
        email.opened = true;
        break;
      case EmailEventKind::kClick:
        email.clicked = true;
        break;
      case EmailEventKind::kUnsubscribe:
        email.unsubscribed = true;
        break;
      case EmailEventKind::kComplaint:
        email.complained = true;
        break;
      default:
        break;  // later orders belong to no new email
    }
  }
};

// A store that emails its camera buyers eight times at uneven gaps (so the fatigue stock takes
// many values) about four products, with what the log cannot show switched off (relevance,
// personalization), and unsubscribes and complaints made common enough for 12,000 customers to
// carry them.
World emailing_store() {
  World world = testing::camera_world(12000, 3 * kDay, kDay, 8);
  world.population.acquisition = 60 * kDay;
  world.population.horizon = 150 * kDay;
  // Four products shown in an order that makes the wear-out count (earlier emails with the same
  // lead) move apart from the email's number, which the fatigue stock follows.
  for (const char* name : {"strap", "bag", "filter"}) {
    world.products.push_back(testing::product(name, 1, 30.0, 0.3, 0.0, 1.0, 0.0));
  }
  const Time gaps[] = {kDay, kDay, 3 * kDay, 2 * kDay, 7 * kDay, kDay, 5 * kDay, 2 * kDay};
  const ProductIndex leads[] = {1, 1, 1, 2, 3, 1, 4, 1};
  for (Arm& arm : world.arms) {
    arm.sequences[0].exit_on_cross_sell = false;
    for (std::size_t i = 0; i < 8; ++i) {
      Step& step = arm.sequences[0].steps[i];
      step.delay = gaps[i];
      step.recommendation = Recommendation::kProduct;
      step.product = leads[i];
    }
  }
  world.segments[0].subscribed = 1.0;
  world.segments[0].engagement_sd = 0.6;
  Engagement& e = world.engagement;
  e.click_relevance = 0;
  e.unsubscribe_irrelevant = 0;
  e.unsubscribe_base = -5.0;
  e.complaint_base = -6.5;
  e.inbox_base = 2.5;
  e.inbox_ignored = -0.2;
  return world;
}

TEST(EmailFit, RecoversASimulatedStoresCoefficientsFromItsEmailEvents) {
  const World world = emailing_store();
  HistorySink sink;
  export_lives(world, 3, 0, sink);
  // The grid brackets the truth (7 days) without the default grid's cost in a test.
  EmailFitOptions options;
  options.half_life_grid_days = {3, 5, 7, 10, 14};
  const EmailFit fit = fit_email_response(sink.histories, options);
  const Engagement& e = world.engagement;
  const std::map<std::string, double> truth{
      {"inbox_base", e.inbox_base},
      {"inbox_ignored", e.inbox_ignored},
      {"inbox_complaint", e.inbox_complaint},
      {"open_base", e.open_base},
      {"open_fatigue", e.open_fatigue},
      {"open_wearout", e.open_wearout},
      {"click_base", e.click_base},
      {"click_fatigue", e.click_fatigue},
      {"click_wearout", e.click_wearout},
      {"engagement_sd", world.segments[0].engagement_sd},
      {"unsubscribe_base", e.unsubscribe_base},
      {"unsubscribe_open", e.unsubscribe_open},
      {"unsubscribe_fatigue", e.unsubscribe_fatigue},
      {"complaint_base", e.complaint_base},
      {"complaint_open", e.complaint_open},
      {"complaint_fatigue", e.complaint_fatigue},
  };
  std::printf(
      "%lld customers, %lld sends, %lld opens, %lld clicks, %lld unsubscribes, %lld "
      "complaints; half-life %.0f days [%.0f, %.0f]\n",
      static_cast<long long>(fit.customers), static_cast<long long>(fit.sends),
      static_cast<long long>(fit.opens), static_cast<long long>(fit.clicks),
      static_cast<long long>(fit.unsubscribes), static_cast<long long>(fit.complaints),
      fit.half_life_days, fit.half_life_low_days, fit.half_life_high_days);
  // Each estimate within 4 standard errors of the truth: a false failure about once in a
  // thousand runs of these 16 coefficients (normal estimates; the seed is fixed).
  for (const Coefficient& c : fit.coefficients) {
    std::printf("  %-20s %+8.3f (se %.3f), truth %+.3f\n", c.name.c_str(), c.estimate,
                c.standard_error, truth.at(c.name));
    if (!c.estimable()) continue;  // said so: the scenario keeps its default
    EXPECT_LT(std::abs(c.estimate - truth.at(c.name)), 4 * c.standard_error) << c.name;
  }
  // The coefficients with data behind them are pinned down, not merely within a wide error.
  for (const char* pinned : {"inbox_base", "inbox_ignored", "open_base", "open_fatigue",
                             "click_base", "engagement_sd", "unsubscribe_base"}) {
    EXPECT_LT(fit[pinned].standard_error, 0.2) << pinned;
  }
  // Eight emails within 22 days never push the stock past 5: complaint fatigue is not estimable.
  EXPECT_FALSE(fit["complaint_fatigue"].estimable());
  const double half_life = static_cast<double>(world.fatigue.half_life) / kDay;
  EXPECT_LE(fit.half_life_low_days, half_life);
  EXPECT_GE(fit.half_life_high_days, half_life);
  EXPECT_NEAR(fit.complaint_unsubscribes, e.complaint_unsubscribes,
              4 * fit.complaint_unsubscribes_se + 1e-9);
}

TEST(EmailFit, ALogWithoutOpensIsAnError) {
  std::vector<EmailHistory> histories{{{0, 0, true, false, false, false, false}}};
  EXPECT_THROW(fit_email_response(histories), std::invalid_argument);
}

}  // namespace
}  // namespace xsellsim::models

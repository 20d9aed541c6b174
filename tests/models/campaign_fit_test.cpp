// The method-of-moments fit of a past campaign (models/campaign_fit.hpp): on rows drawn from the
// model it assumes, it recovers the organic rates, the click shares and the buy-given-click
// within their standard errors; halves split at random; lifts checked out of sample.
#include "models/campaign_fit.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "sim/random.hpp"

namespace xsellsim::models {
namespace {

constexpr double kPrice = 100;
constexpr double kBuy = 0.1;
constexpr std::array<double, 2> kVisit{0.1, 0.2}, kConversion{0.005, 0.01}, kClick{0.05, 0.12};

// Two cells, a control (group 1) and a treated group (group 0), n rows each per cell: organic
// visits and purchases, and for the treated a click (a visit) that buys with probability kBuy.
CampaignData model_rows(long n) {
  CampaignData data;
  data.groups = {"mail", "none"};
  data.cells = {"a", "b"};
  data.control = 1;
  sim::RandomStream stream({7, 0, 0, 1});
  for (std::size_t g = 0; g < 2; ++g) {
    for (std::size_t c = 0; c < 2; ++c) {
      for (long i = 0; i < n; ++i) {
        CampaignRow row{g, c};
        const bool click = g == 0 && stream.bernoulli(kClick[c]);
        row.visit = stream.bernoulli(kVisit[c]) || click;
        row.conversion = stream.bernoulli(kConversion[c]) || (click && stream.bernoulli(kBuy));
        row.spend = row.conversion ? kPrice : 0;
        data.rows.push_back(row);
      }
    }
  }
  return data;
}

// Within 4 standard errors: a false failure about once in 16,000 per figure.
void expect_within(const SampleMean& estimate, double truth, const char* what) {
  EXPECT_GT(estimate.se, 0) << what;
  EXPECT_LE(std::abs(estimate.value - truth), 4 * estimate.se)
      << what << ": " << estimate.value << " (se " << estimate.se << ") against " << truth;
}

TEST(CampaignFit, RecoversTheRatesOfRowsDrawnFromItsModel) {
  const CampaignData data = model_rows(40000);
  const CampaignFit fit = fit_campaign(data, 14);
  EXPECT_DOUBLE_EQ(fit.price, kPrice);
  for (std::size_t c = 0; c < 2; ++c) {
    expect_within(fit.organic_visit[c], kVisit[c], "organic visit");
    expect_within(fit.organic_conversion[c], kConversion[c], "organic conversion");
    // P(a purchase within 14 days) = 1 - exp(-rate 14): the control's conversion.
    EXPECT_NEAR(1 - std::exp(-fit.purchase_rate[c] * 14), fit.organic_conversion[c].value, 1e-12);
    expect_within(fit.click[0][c], kClick[c], "click");
    EXPECT_EQ(fit.click[1][c].value, 0);  // the control got no email
  }
  expect_within(fit.buy_given_click, kBuy, "buy given click");
  // The model's prediction for the treated group is what its rows did, within their error.
  for (std::size_t c = 0; c < 2; ++c) {
    const GroupRates observed = rates_of(data, 0, c);
    const GroupRates predicted = predicted_rates(fit, 0, c);
    EXPECT_LE(std::abs(predicted.visit.value - observed.visit.value), 4 * observed.visit.se);
    EXPECT_LE(std::abs(predicted.conversion.value - observed.conversion.value),
              4 * observed.conversion.se);
  }
}

TEST(CampaignFit, HalvesSplitEveryRowOnceAndTheOtherHalfIsCovered) {
  const CampaignData data = model_rows(20000);
  const auto [first, second] = split_halves(data, 3);
  EXPECT_EQ(first.rows.size() + second.rows.size(), data.rows.size());
  EXPECT_NEAR(static_cast<double>(first.rows.size()) / static_cast<double>(data.rows.size()), 0.5,
              4 * std::sqrt(0.25 / static_cast<double>(data.rows.size())));
  EXPECT_EQ(split_halves(data, 3).first.rows.size(), first.rows.size());  // one seed, one split
  const std::vector<LiftCheck> checks = check_lifts(first, second, 14);
  ASSERT_EQ(checks.size(), 9u);  // one treated group x (2 cells and all) x 3 outcomes
  std::size_t covered = 0;
  for (const LiftCheck& check : checks) {
    EXPECT_LT(check.low, check.high);
    covered += check.covers() ? 1 : 0;
  }
  // Drawn from the model, each 95% interval (conservative) covers: fewer than 7 of 9 would
  // happen by chance with probability under 0.1% were they exact and independent.
  EXPECT_GE(covered, 7u);
}

TEST(CampaignFit, SafeNamesAreLowerCaseWordsJoinedByUnderscores) {
  EXPECT_EQ(safe_name("Mens E-Mail"), "mens_e_mail");
  EXPECT_EQ(safe_name("6) $750 - $1,000"), "6_750_1_000");
  EXPECT_EQ(safe_name("--"), "none");
}

}  // namespace
}  // namespace xsellsim::models

// What an email shows and offers: release dates, best-sellers, dynamic recommendations from recent
// visits, bundles and their price, fixed and expiring discounts, demonstrations and trials. Each
// test switches the feature off (or its coefficient to zero) and sees its effect go.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/catalog.hpp"
#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using sim::kDay;

// Customers acquired over 100 days buy a camera, all subscribe and enter, and get one email a
// week later; no repeat purchases, no unsubscribes, and a cross-sell purchase does not end the
// sequence.
World steady_customers(std::uint64_t size = 20000) {
  World world = testing::camera_world(size, 3 * kDay, 7 * kDay, 1);
  world.population.acquisition = 100 * kDay;
  world.population.horizon = 160 * kDay;
  testing::everybody_enters_and_stays(world);
  return world;
}

// A second complement of the camera: a bag (index 2, category accessories).
void add_bag(World& world, double probability) {
  world.products.push_back(testing::product("bag", 1, 40.0, 0.3, 0.0, 1.0, 0.0));
  Complement bag = world.products[0].complements[0];
  bag.to = 2;
  bag.probability = probability;
  world.products[0].complements.push_back(bag);
}

template <class Change>
void for_every_step(World& world, Change change) {
  for (Arm& arm : world.arms) {
    for (Step& step : arm.sequences[0].steps) change(step);
  }
}

ArmTally email_arm(const World& world) {
  RunOptions options;
  options.threads = 2;
  return run(world, options).tallies[0][1];
}

std::int64_t total(const std::vector<std::int64_t>& series) {
  return std::accumulate(series.begin(), series.end(), std::int64_t{0});
}

std::int64_t before_day(const std::vector<std::int64_t>& series, std::size_t day) {
  return std::accumulate(series.begin(), series.begin() + static_cast<std::ptrdiff_t>(day),
                         std::int64_t{0});
}

TEST(Release, ChoicesSkipProductsNotYetReleased) {
  World world = steady_customers(10);
  add_bag(world, 0.9);  // the top complement, once released
  world.products[2].release = 60 * kDay;
  Catalog catalog(world.products);
  std::vector<ProductIndex> shown;
  catalog.top_released_complements(0, 59 * kDay, 1, shown);
  EXPECT_EQ(shown, std::vector<ProductIndex>{1});  // the tripod
  catalog.top_released_complements(0, 60 * kDay, 1, shown);
  EXPECT_EQ(shown, std::vector<ProductIndex>{2});
  catalog.top_released_complements(0, 60 * kDay, 5, shown);
  EXPECT_EQ(shown, (std::vector<ProductIndex>{2, 1}));    // best first
  EXPECT_EQ(catalog.best_seller(0, 0), ProductIndex{1});  // tripod and bag tie: lowest index
  world.products[1].release = 200 * kDay;
  EXPECT_EQ(Catalog(world.products).best_seller(0, 0), std::nullopt);
  EXPECT_EQ(Catalog(world.products).best_seller(60 * kDay, 0), ProductIndex{2});
}

TEST(Release, AProductReleasedOnDay60IsNeverShownOrBoughtBefore) {
  World world = steady_customers();
  testing::add_steady_occasions(world, 1.0 / 20);  // needs are bought at occasions too
  world.products[1].release = 60 * kDay;           // the tripod, the camera's only complement
  ArmTally arm = email_arm(world);
  EXPECT_EQ(before_day(arm.series(Daily::kSends), 60), 0);
  EXPECT_EQ(before_day(arm.series(Daily::kCrossSellPurchases), 60), 0);
  EXPECT_GT(total(arm.series(Daily::kSends)), 500);               // entrants from day 59 on
  EXPECT_GT(total(arm.series(Daily::kCrossSellPurchases)), 500);  // needs formed at the release
  world.products[1].release = 0;
  EXPECT_GT(before_day(email_arm(world).series(Daily::kSends), 60), 1000);
}

TEST(Recommendations, BestSellerShowsTheMostPopularOtherProduct) {
  World world = steady_customers();
  for_every_step(world, [](Step& s) { s.recommendation = Recommendation::kBestSeller; });
  // The tripod (popularity 1 against the camera's 0.2) is the best-seller: the same emails as
  // the top complement.
  const ArmTally best = email_arm(world);
  for_every_step(world, [](Step& s) { s.recommendation = Recommendation::kTopComplement; });
  EXPECT_EQ(flat_counts({best}), flat_counts({email_arm(world)}));
  // A more popular bag, which the camera does not need, takes its place.
  add_bag(world, 0.0);
  world.products[2].popularity = 5.0;
  for_every_step(world, [](Step& s) { s.recommendation = Recommendation::kBestSeller; });
  EXPECT_EQ(email_arm(world).steps[0].orders, 0);  // never needed, never bought
}

TEST(Recommendations, DynamicShowsWhatTheCustomerBrowsedLast) {
  // The camera creates needs for a tripod and, less often, a bag; a customer visits what they
  // need about daily. The top complement is always the tripod; the dynamic email shows the bag
  // to those browsing bags, so more of its emails are relevant and more bring orders (from a
  // click or without one).
  World world = steady_customers(40000);
  add_bag(world, 0.6);
  world.categories[1].browse_rate = 1.0;
  for_every_step(world, [](Step& s) { s.delay = 10 * kDay; });
  for (Complement& c : world.products[0].complements) c.probability = c.to == 1 ? 0.3 : 0.25;
  auto orders = [](const ArmTally& arm) {
    return arm.steps[0].orders + arm.steps[0].exposure_orders;
  };
  const std::int64_t top = orders(email_arm(world));
  for_every_step(world, [](Step& s) { s.recommendation = Recommendation::kDynamic; });
  const std::int64_t dynamic = orders(email_arm(world));
  EXPECT_GT(top, 30);
  // About twice as many orders; at least 5 standard errors (Poisson) apart.
  EXPECT_GT(static_cast<double>(dynamic - top),
            5.0 * std::sqrt(static_cast<double>(dynamic + top)));
}

TEST(Offers, ABundleSellsEveryItemAtTheBundlePrice) {
  World world = steady_customers();
  add_bag(world, 0.6);
  for_every_step(world, [](Step& s) {
    s.recommendation = Recommendation::kBundle;
    s.bundle_size = 2;
    s.bundle_price = 0.8;
  });
  const ArmTally arm = email_arm(world);
  EXPECT_GT(arm.steps[0].orders, 30);
  // Each order buys tripod and bag, 20% off their 120.00: 24.00 off per order.
  EXPECT_EQ(total(arm.series(Daily::kEmailPurchases)), 2 * arm.steps[0].orders);
  EXPECT_EQ(total(arm.series(Daily::kDiscountCents)), 2400 * arm.steps[0].orders);
  for_every_step(world, [](Step& s) { s.recommendation = Recommendation::kTopComplement; });
  const ArmTally single = email_arm(world);
  EXPECT_EQ(total(single.series(Daily::kEmailPurchases)), single.steps[0].orders);
}

// Email orders of the tripod, where nobody buys a tripod here on their own (no purchase
// occasions after the camera): the discount of every order is the email's.
World discounted() {
  World world = steady_customers();
  for_every_step(world, [](Step& s) { s.discount_amount = 20.0; });
  return world;
}

TEST(Offers, AFixedDiscountTakesItsAmountOff) {
  const ArmTally arm = email_arm(discounted());
  EXPECT_GT(arm.steps[0].orders, 30);
  EXPECT_EQ(total(arm.series(Daily::kDiscountCents)), 2000 * arm.steps[0].orders);
}

TEST(Offers, AnExpiringDiscountIsBoughtFromSoonerAndNotUsedLater) {
  World world = discounted();
  const std::int64_t lasting = email_arm(world).steps[0].orders;
  for_every_step(world, [](Step& s) { s.discount_expires = 3 * kDay; });
  const std::int64_t expiring = email_arm(world).steps[0].orders;
  // The same customers draw the same numbers, so urgency only adds the buyers whose draw falls
  // between the two buy probabilities: a binomial count, its standard error about its root.
  const double added = static_cast<double>(expiring - lasting);
  EXPECT_GT(added, 5.0 * std::sqrt(std::max(added, 1.0)));
  world.engagement.buy_expiring = 0;
  EXPECT_EQ(email_arm(world).steps[0].orders, lasting);

  // A clicked coupon stays usable on a later purchase here until it expires; a discount without
  // a validity is only the email's price.
  world = steady_customers();
  testing::add_steady_occasions(world, 1.0 / 20);  // needs are also bought at occasions here
  world.engagement.buy_expiring = 0;               // the same email orders in every case below
  auto redeemed_later = [&](Time expires) {
    for_every_step(world, [&](Step& s) {
      s.discount = 0.25;
      s.discount_expires = expires;
    });
    const ArmTally arm = email_arm(world);
    return total(arm.series(Daily::kDiscountCents)) - 2000 * arm.steps[0].orders;
  };
  EXPECT_GT(redeemed_later(60 * kDay), 20 * 2000);
  EXPECT_EQ(redeemed_later(1), 0);  // one second
  EXPECT_EQ(redeemed_later(0), 0);
}

TEST(Offers, ADemonstrationCreatesNeedsAndClicks) {
  // Purchases create no needs (probability 0): every cross-sell comes from a need an email's
  // click created, bought at a later occasion.
  World world = steady_customers();
  world.products[0].complements[0].probability = 0.0;
  testing::add_steady_occasions(world, 1.0 / 20);
  const ArmTally plain = email_arm(world);
  for_every_step(world, [](Step& s) { s.demonstration = true; });
  const ArmTally shown = email_arm(world);
  EXPECT_GT(shown.steps[0].clicks, plain.steps[0].clicks);
  const double converted_plain = static_cast<double>(total(plain.conversion.events));
  const double converted_shown = static_cast<double>(total(shown.conversion.events));
  EXPECT_GT(converted_shown - converted_plain, 5.0 * std::sqrt(converted_plain + converted_shown));
  world.engagement.click_demonstration = 0;
  world.engagement.create_need_demonstration = world.engagement.create_need;
  EXPECT_EQ(flat_counts({email_arm(world)}), flat_counts({plain}));
}

TEST(Offers, ATrialSellsMoreAndComesBackAtTheTrialRate) {
  World world = steady_customers();
  world.products[0].return_rate = 0.0;
  world.products[1].return_rate = 0.0;
  const std::int64_t bought = email_arm(world).steps[0].orders;
  for_every_step(world, [](Step& s) { s.trial = 14 * kDay; });
  world.engagement.trial_return = 1.0;
  ArmTally arm = email_arm(world);
  EXPECT_GT(arm.steps[0].orders, bought);
  // Every trial order comes back (within the run: the last entries are 60 days from its end).
  EXPECT_EQ(total(arm.series(Daily::kReturns)), arm.steps[0].orders);
  world.engagement.trial_return = 0.0;
  EXPECT_EQ(total(email_arm(world).series(Daily::kReturns)), 0);
}

}  // namespace
}  // namespace xsellsim::models

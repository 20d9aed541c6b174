#include "models/order_history.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace xsellsim::models {
namespace {

// Two customers, two products. Customer 0 orders on days 0 (A x2 at 5, B at 10), 7 (A) and 20
// (A, after the end) and returns one A on day 8; customer 1 orders B on days 3 and 3 again.
OrderHistory two_customers() {
  OrderHistory log;
  log.customers = {"c0", "c1"};
  log.products = {"A", "B"};
  log.lines = {{0, 0, 0, 2, 5}, {0, 1, 0, 1, 10}, {1, 1, 3, 1, 10}, {1, 1, 3, 3, 10},
               {0, 0, 7, 1, 5}, {0, 0, 8, -1, 5}, {0, 0, 20, 1, 5}};
  return log;
}

TEST(OrderHistory, OccasionsAreDistinctPurchaseDays) {
  const auto cohort = occasion_histories(two_customers(), 14, 7);
  ASSERT_EQ(cohort.histories.size(), 2u);
  EXPECT_EQ(cohort.histories[0].x, 1);  // day 7; day 0 is the first, day 20 after the end
  EXPECT_DOUBLE_EQ(cohort.histories[0].t_x, 1.0);
  EXPECT_DOUBLE_EQ(cohort.histories[0].T, 2.0);
  EXPECT_EQ(cohort.histories[1].x, 0);  // two lines on day 3 are one occasion
  EXPECT_DOUBLE_EQ(cohort.histories[1].T, 11.0 / 7);
  EXPECT_EQ(repeat_occasions_between(two_customers(), cohort, 14, 30), 1);
  // A customer whose first order is after the end is not in the cohort.
  EXPECT_EQ(occasion_histories(two_customers(), 2, 7).histories.size(), 1u);
}

TEST(OrderHistory, ProductsHavePriceShareAndReturnsUpToTheEnd) {
  const auto products = product_estimates(two_customers(), 14);
  ASSERT_EQ(products.size(), 2u);
  const ProductEstimate& b = products[0];  // revenue 50 against A's 15: first
  const ProductEstimate& a = products[1];
  EXPECT_EQ(b.product, 1);
  EXPECT_DOUBLE_EQ(b.revenue, 50);
  EXPECT_DOUBLE_EQ(a.net_revenue, 10);  // 15 less one unit of three returned
  EXPECT_EQ(a.lines, 2);
  EXPECT_EQ(a.customers, 1);
  EXPECT_DOUBLE_EQ(a.line_value, 7.5);  // lines of 10 and 5
  EXPECT_DOUBLE_EQ(a.line_value_se, std::sqrt(6.25 / 2));
  EXPECT_DOUBLE_EQ(a.unit_price, 5);
  EXPECT_DOUBLE_EQ(a.popularity, 2.0 / 5);
  EXPECT_DOUBLE_EQ(a.return_rate, 1.0 / 3);  // 1 of 3 units
  EXPECT_DOUBLE_EQ(a.acquisition, 1.0 / 4);  // of the 4 lines of first orders (days 0 and 3)
  EXPECT_DOUBLE_EQ(a.acquisition_se, std::sqrt(0.25 * 0.75 / 4));
  EXPECT_EQ(b.customers, 2);
}

TEST(OrderHistory, PoolingKeepsTotals) {
  const auto products = product_estimates(two_customers(), 14);
  const ProductEstimate pooled = pooled_estimate(products, {0, 1});
  EXPECT_EQ(pooled.lines, 5);
  EXPECT_DOUBLE_EQ(pooled.revenue, 65);
  EXPECT_DOUBLE_EQ(pooled.line_value, 13);
  EXPECT_DOUBLE_EQ(pooled.popularity, 1);
  EXPECT_DOUBLE_EQ(pooled.return_rate, 1.0 / 8);  // 1 of 8 units
  // The pooled sum of squares is the lines' own: 10^2 + 5^2 + 10^2 + 30^2 + 10^2 over 5.
  const double mean_square = (100.0 + 25 + 100 + 900 + 100) / 5;
  EXPECT_NEAR(pooled.line_value_se, std::sqrt((mean_square - 169) / 5), 1e-12);
}

}  // namespace
}  // namespace xsellsim::models

#pragma once
// A store's order lines as plain data (read by scenarios/order_log.hpp), and the estimates of
// `xsellsim calibrate orders` that need no model beyond counting: the BG/NBD summaries of each
// customer's order occasions, and each product's price, popularity and return rate. Days are
// whole days since 1970-01-01.
#include <cstddef>
#include <string>
#include <vector>

#include "models/bgnbd.hpp"

namespace xsellsim::models {

struct OrderLine {
  int customer = 0;  // index into OrderHistory::customers
  int product = 0;   // index into OrderHistory::products
  long day = 0;
  double quantity = 0;  // units; a return or cancellation has quantity < 0
  double unit_price = 0;
};

struct OrderHistory {
  std::vector<std::string> customers;
  std::vector<std::string> products;
  std::vector<std::string> descriptions;  // by product, when the log has them; may be shorter
  std::vector<OrderLine> lines;           // in the log's order
};

// One customer's BG/NBD summary from their order occasions (distinct days with a purchase line),
// in time units of `unit_days` days: x repeat occasions up to `end_day` (inclusive), the last at
// t_x, observed until T. Customers whose first purchase is after `end_day` are not in the cohort.
struct CohortHistories {
  std::vector<CustomerHistory> histories;
  std::vector<int> customers;  // the customer index of each history
};
CohortHistories occasion_histories(const OrderHistory& log, long end_day, double unit_days);

// The cohort's repeat occasions in (from_day, to_day].
long repeat_occasions_between(const OrderHistory& log, const CohortHistories& cohort, long from_day,
                              long to_day);

// What the catalog says of one product over the purchase lines up to the calibration end, each
// with its standard error.
struct ProductEstimate {
  int product = 0;
  long lines = 0;                // purchase lines: the support of every estimate below
  long customers = 0;            // distinct buyers
  double revenue = 0;            // sum of quantity x unit price
  double net_revenue = 0;        // revenue x (1 - return_rate)
  double line_value = 0;         // mean revenue of a line: the price of one purchase
  double line_value_se = 0;      // sd / sqrt(lines)
  double unit_price = 0;         // revenue / units
  double popularity = 0;         // share of all purchase lines
  double popularity_se = 0;      // binomial
  double acquisition = 0;        // share of the lines of customers' first orders
  double acquisition_se = 0;     // binomial over those lines
  double first_order_lines = 0;  // all customers' first-order lines: the support of acquisition
  double return_rate = 0;        // units returned / units bought, at most 1
  double return_rate_se = 0;     // binomial over the lines
  double units = 0;
};

// Every product with a purchase line by `end_day`, by net revenue, highest first (by gross
// revenue, one 80,995-unit order cancelled the same day made online-retail's 23843 the top seller).
std::vector<ProductEstimate> product_estimates(const OrderHistory& log, long end_day);

// The pooled estimate of the products not in `kept` (indices into `all`): the rest of the
// catalog as one product, each figure a line-weighted mean (product is -1).
ProductEstimate pooled_estimate(const std::vector<ProductEstimate>& all,
                                const std::vector<std::size_t>& rest);

}  // namespace xsellsim::models

#pragma once
// Reading an order-lines log (one product line of an order per row, CSV, optionally gzipped) into
// plain order history, for `xsellsim calibrate orders`. Problems are InputErrors naming the
// file, line and column (or the option).
#include <filesystem>
#include <string>

#include "models/order_history.hpp"
#include "scenarios/diagnostics.hpp"

namespace xsellsim::scenarios {

// How to read the log. Each column is a header name or a 1-based number.
struct OrderLogOptions {
  std::filesystem::path file;
  std::string customer = "CustomerID";
  std::string order = "InvoiceNo";
  std::string time = "InvoiceDate";
  std::string product = "StockCode";
  std::string quantity = "Quantity";
  std::string price = "UnitPrice";
  std::string description;  // optional: a product's description, shown in the scenario's comments
  // %Y, %m, %d, optionally %H %M %S; a time of day after a date the format lacks is ignored.
  std::string time_format = "%Y-%m-%d";
  // An order id starting with it is a cancellation: its lines are returns whatever their sign.
  std::string cancel_prefix;
  // "digit": a product code must start with a digit, so that postage, fees, vouchers and
  // adjustments (POST, DOT, M, C2, BANK CHARGES, AMAZONFEE, gift_0001_10, ADJUST, TEST001) are
  // left out; "any": every code is a product.
  std::string product_codes = "digit";
};

// What was read, and what was left out and why (the report states each count).
struct OrderLog {
  models::OrderHistory history;
  long rows = 0;              // data rows
  long without_customer = 0;  // rows with an empty customer: they cannot be followed
  long non_products = 0;      // rows of codes the product-code rule leaves out
  long without_price = 0;     // purchase rows with a price of 0 or less (samples, adjustments)
  long returns = 0;           // rows read as returns or cancellations
  long first_day = 0, last_day = 0;  // of the rows kept
};

OrderLog read_order_log(const OrderLogOptions& options);

// Whether `code` passes the rule of OrderLogOptions::product_codes.
bool is_product_code(const std::string& code, const std::string& rule);

}  // namespace xsellsim::scenarios

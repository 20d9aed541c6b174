#pragma once
// `xsellsim calibrate orders`: what the command learns (tools/calibrate_orders.cpp) and the
// scenario it writes from it (tools/calibrate_orders_scenario.cpp). The flags that fill
// OrdersArguments are in tools/calibrate_command_line.cpp.
#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "models/bgnbd.hpp"
#include "models/complements_fit.hpp"
#include "models/order_history.hpp"
#include "scenarios/order_log.hpp"

namespace xsellsim::tools {

struct OrdersArguments {
  scenarios::OrderLogOptions log;
  std::string file;
  std::string output;
  std::string calibration_end;  // default: the last day of the log
  std::string forecast_end;     // with it, an out-of-time check of the forecast
  std::string currency = "USD";
  std::string pairs;            // with it, every compared pair as CSV
  std::size_t products = 40;    // the top products by net revenue kept by name
  std::size_t candidates = 80;  // the most-bought products whose pairs are compared
  models::ComplementOptions complements;
};

struct Catalog {
  std::vector<models::ProductEstimate> kept;  // by name
  std::map<int, std::string> names;           // product index -> scenario name
  models::ProductEstimate rest;               // pooled, when rest_lines > 0
  std::string rest_name;
  std::size_t rest_products = 0;
};

struct Calibration {
  const OrdersArguments& args;
  const scenarios::OrderLog& log;
  long end = 0;
  models::CohortHistories cohort;
  models::BgnbdFit purchasing;
  models::ComplementFit complements;
  Catalog catalog;
};

// Learns the scenario and writes it to args.output: 0, or 1 when the BG/NBD optimiser did not
// converge (the scenario is written all the same); bad input throws, leaving no file.
int calibrate_orders(OrdersArguments& args);

// The top products by net revenue and every product of an edge keep their names; the rest are one
// pooled product (docs/calibration.md, "Catalog").
Catalog build_catalog(const std::vector<models::ProductEstimate>& all,
                      const models::ComplementFit& fit, const models::OrderHistory& history,
                      std::size_t top);

// A product's description, or "" when the log has none.
std::string description_of(const models::OrderHistory& history, int product);

// The runnable scenario, each estimate with its standard error and support in a comment.
void write_scenario(std::ostream& out, const Calibration& c);

}  // namespace xsellsim::tools

#pragma once
// Simulated logs for `xsellsim run --export` (docs/export.md). Each customer lives under one arm:
// the split's, or in a paired design one drawn with equal chances. That life's order lines and
// email events go to an ExportSink, customer after customer. Beside them, for researchers, the
// customer's true individual treatment effect of every arm against the baseline: the same
// customer (the same draws) lives under every arm, so each difference is exact, not estimated.
#include <cstdint>
#include <optional>
#include <vector>

#include "models/life_log.hpp"
#include "models/parameters.hpp"

namespace xsellsim::models {

// What one customer's life was, under each arm ([arm]).
struct ExportedCustomer {
  std::uint64_t customer = 0;
  std::size_t segment = 0;
  std::size_t arm = 0;                         // the arm whose life the log holds
  std::vector<bool> entered;                   // entered a sequence
  std::vector<std::int64_t> margin_cents;      // margin of all orders, net of discounts and returns
  std::vector<std::int64_t> cross_sell_cents;  // cross-sell revenue after the first entry
};

class ExportSink : public LifeLog {
 public:
  // Order lines and email events between these two calls are the customer's.
  virtual void customer_begins(std::uint64_t customer, std::size_t arm) = 0;
  virtual void customer_ends(const ExportedCustomer& customer) = 0;
};

// The baseline of the treatment effects: the first arm that sends nothing (the holdout); none
// when every arm sends.
std::optional<std::size_t> baseline_arm(const World& world);

// The arm whose life a customer's log shows.
std::size_t exported_arm(const World& world, std::uint64_t seed, std::size_t replication,
                         std::uint64_t customer);

// Simulates replication `replication` of `world` with `seed`, one customer at a time (memory
// independent of the population), and reports each to `sink` in customer order.
void export_lives(const World& world, std::uint64_t seed, std::size_t replication,
                  ExportSink& sink);

}  // namespace xsellsim::models

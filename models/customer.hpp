#pragma once
// A customer's traits and organic purchase timeline: pure functions of (seed, replication,
// customer id), drawn when the customer is simulated and never stored for the whole population.
#include <optional>
#include <vector>

#include "models/catalog.hpp"
#include "models/parameters.hpp"
#include "models/streams.hpp"

namespace xsellsim::models {

struct Traits {
  std::uint32_t segment = 0;
  Time acquired = 0;             // time of the first purchase
  double rate_per_second = 0;    // BG/NBD transaction rate lambda
  double dropout = 0;            // BG/NBD p: chance of becoming inactive after a repeat purchase
  double engagement = 0;         // logit offset for opening and clicking
  double price_tolerance = 1;    // accepted price, as a multiple of list price
  bool subscribed = false;       // consents to marketing email at acquisition
  bool product_updates = false;  // and to product updates (else only evergreen emails)
};

// A purchase occasion of the BG/NBD process, with the product it buys when the customer has no
// active need then (drawn by popularity).
struct OrganicPurchase {
  Time time;
  ProductIndex product;
};

struct OrganicTimeline {
  std::vector<OrganicPurchase> purchases;  // the first purchase, then the repeat occasions
  bool active_at_horizon = false;          // not dropped out by the horizon
};

Traits draw_traits(const World& world, const CustomerKey& key);

// With split arms, the arm the customer is assigned to (by Arm::share); nullopt otherwise.
std::optional<std::size_t> assigned_arm(const World& world, const CustomerKey& key);

// The first purchase at `traits.acquired`, then BG/NBD repeat occasions up to the horizon: waiting
// times Exp(lambda), and after each repeat occasion the customer drops out with probability p.
// This is the whole of the customer's organic purchasing: needs decide what an occasion buys.
void draw_organic_timeline(const World& world, const Catalog& catalog, const Traits& traits,
                           const CustomerKey& key, OrganicTimeline& timeline);

// Expected repeat occasions in `span` after now of a customer still active, E[X(span) | lambda, p,
// alive] = (1 - exp(-lambda p span)) / p (lambda span when p = 0).
double expected_occasions(const Traits& traits, Time span);

}  // namespace xsellsim::models

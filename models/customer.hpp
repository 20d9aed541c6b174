#pragma once
// A customer's traits and organic purchase timeline: pure functions of (seed, replication,
// customer id), drawn when the customer is simulated and never stored for the whole population.
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

struct OrganicPurchase {
  Time time;
  ProductIndex product;
};

Traits draw_traits(const World& world, const CustomerKey& key);

// The first purchase at `traits.acquired`, then BG/NBD repeat purchases up to the horizon: waiting
// times Exp(lambda), and after each repeat purchase the customer drops out with probability p.
void draw_organic_timeline(const World& world, const Catalog& catalog, const Traits& traits,
                           const CustomerKey& key, std::vector<OrganicPurchase>& timeline);

}  // namespace xsellsim::models

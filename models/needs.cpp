// Purchasing and needs (docs/model.md, "One purchase process"): the BG/NBD occasions are the
// customer's whole organic purchasing; a complement need decides what an occasion during its life
// buys, and emits the category visits that browse and cart triggers listen to.
#include <algorithm>

#include "models/customer_life.hpp"
#include "models/season.hpp"

namespace xsellsim::models {

namespace {
// Keys that identify purchases across arms: the same occasion or need has the same key in every
// arm, so its needs and return draw the same numbers (common random numbers).
std::uint64_t occasion_key(std::uint32_t position) { return sim::mix(0x0a, position); }
}  // namespace

void CustomerLife::occasion(CustomerSimulation& simulation, std::uint32_t position) {
  // An email that drove the customer away ended their organic purchasing here (the first
  // purchase, at acquisition, comes before any email).
  if (dropped_out_) return;
  const Time now = simulation.now();
  const OrganicPurchase& organic = timeline_->purchases[position];
  ProductIndex product = organic.product;
  if (auto need = need_for_occasion(now)) product = needs_[*need].product;
  if (product == kNoProduct) return;  // nothing on sale, nothing needed
  purchase(simulation, priced_purchase(now, product, occasion_key(position)));
}

std::optional<std::uint32_t> CustomerLife::need_for_occasion(Time now) const {
  std::optional<std::uint32_t> first;
  for (std::uint32_t i = 0; i < needs_.size(); ++i) {
    const Need& need = needs_[i];
    if (need.done || need.formed > now || need.ends <= now) continue;
    if (!first || need.formed < needs_[*first].formed) first = i;
  }
  return first;
}

void CustomerLife::create_needs(CustomerSimulation& simulation, ProductIndex product,
                                std::uint64_t purchase_key) {
  const auto& complements = arm_.catalog.complements(product);
  for (std::size_t i = 0; i < complements.size(); ++i) {
    const Complement& edge = complements[i];
    auto stream = key_.stream(purpose_key(Purpose::kNeed, purchase_key, i));
    const Product& wanted = arm_.catalog.product(edge.to);
    const double u = stream.uniform();
    if (u >= edge.probability * arm_.catalog.peak_demand(edge.to)) continue;
    const double lag =
        edge.lag > 0 ? stream.gamma(edge.lag_shape, static_cast<double>(edge.lag) / edge.lag_shape)
                     : 0.0;
    // A need for a product not yet released forms at its release.
    const double formed =
        std::max(static_cast<double>(simulation.now()) + lag, static_cast<double>(wanted.release));
    // Written so that a NaN (a degenerate Gamma draw) is dropped too, never cast to a time.
    if (!(formed <= static_cast<double>(world_.population.horizon))) continue;
    // Seasonal demand thins the needs: one with probability p forms in a month with multiplier m
    // with probability min(1, p m). The same u decides, so a season only adds or removes needs.
    if (u >= edge.probability * demand_at(wanted, world_.population, static_cast<Time>(formed))) {
      continue;
    }
    add_need(simulation, static_cast<Time>(formed), edge, sim::mix(purchase_key, i + 1), stream);
  }
}

void CustomerLife::add_need(CustomerSimulation& simulation, Time formed, const Complement& edge,
                            std::uint64_t key, sim::RandomStream& stream) {
  // The need's life is exponential: when it ends unbought here, the customer bought it elsewhere
  // or lost interest.
  const double life = stream.exponential(static_cast<double>(edge.duration));
  const double ends = static_cast<double>(formed) + life;
  const Time last = world_.population.horizon + 1;
  Need need{edge.to, formed, ends >= static_cast<double>(last) ? last : static_cast<Time>(ends),
            key};
  needs_.push_back(need);
  schedule_visit(simulation, static_cast<std::uint32_t>(needs_.size() - 1), formed);
}

// Visits are a Poisson process over the need's life. Each visit's stream, keyed by the need and
// the visit's number, draws both the gap before the visit and whether it adds to the cart (one
// counter block for both), so visits are the same in every arm until a purchase ends the need.
void CustomerLife::schedule_visit(CustomerSimulation& simulation, std::uint32_t index, Time after) {
  const Need& need = needs_[index];
  const Category& category = world_.categories[arm_.catalog.product(need.product).category];
  if (category.browse_rate <= 0) return;
  auto stream = key_.stream(purpose_key(Purpose::kBrowse, need.key, need.visits));
  const double gap = stream.exponential(static_cast<double>(sim::kDay) / category.browse_rate);
  const bool adds_to_cart = stream.bernoulli(category.cart_probability);
  const double when = static_cast<double>(after) + gap;
  if (when < static_cast<double>(need.ends)) {
    simulation.schedule(static_cast<Time>(when), Event::browse(index, adds_to_cart));
  }
}

void CustomerLife::browse(CustomerSimulation& simulation, std::uint32_t index, bool adds_to_cart) {
  Need& need = needs_[index];
  if (need.done) return;  // bought since the visit was scheduled
  const Time now = simulation.now();
  tally_->add_daily(Daily::kBrowses, day(now));
  if (adds_to_cart) {
    tally_->add_daily(Daily::kCartAdds, day(now));
    last_cart_add_[need.product] = now;
  }
  ++need.visits;
  const ProductIndex product = need.product;  // copied: entering may schedule, not add needs
  schedule_visit(simulation, index, now);
  browse_triggers(simulation, product, adds_to_cart);
  wake_waiting(simulation);
}

bool CustomerLife::consume_need(Time now, ProductIndex product) {
  bool would_have_bought_here = false;
  for (Need& need : needs_) {
    if (need.done || need.product != product || need.formed > now || need.ends <= now) continue;
    need.done = true;
    // Pulled forward: an occasion of the customer's would have come within the need's life
    // (ignoring other needs competing for that occasion).
    would_have_bought_here |= !dropped_out_ && occasion_within(now, need.ends);
  }
  return would_have_bought_here;
}

bool CustomerLife::occasion_within(Time after, Time before) const {
  const auto& purchases = timeline_->purchases;
  auto next = std::upper_bound(purchases.begin(), purchases.end(), after,
                               [](Time t, const OrganicPurchase& p) { return t < p.time; });
  return next != purchases.end() && next->time < before;
}

bool CustomerLife::has_active_need(Time now, ProductIndex product) const {
  return std::any_of(needs_.begin(), needs_.end(), [&](const Need& need) {
    return !need.done && need.product == product && need.formed <= now && now < need.ends;
  });
}

bool CustomerLife::needs_any(Time now, const std::vector<ProductIndex>& items) const {
  return std::any_of(items.begin(), items.end(),
                     [&](ProductIndex item) { return has_active_need(now, item); });
}

}  // namespace xsellsim::models

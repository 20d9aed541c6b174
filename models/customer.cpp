#include "models/customer.hpp"

#include <cmath>

namespace xsellsim::models {

namespace {
std::uint32_t draw_segment(const std::vector<Segment>& segments, sim::RandomStream& stream) {
  double u = stream.uniform();
  for (std::uint32_t s = 0; s + 1 < segments.size(); ++s) {
    u -= segments[s].share;
    if (u < 0) return s;
  }
  return static_cast<std::uint32_t>(segments.size() - 1);
}
}  // namespace

Traits draw_traits(const World& world, const CustomerKey& key) {
  auto stream = key.stream(purpose_key(Purpose::kTraits));
  Traits traits;
  traits.segment = draw_segment(world.segments, stream);
  const Segment& segment = world.segments[traits.segment];
  traits.acquired =
      static_cast<Time>(stream.uniform() * static_cast<double>(world.population.acquisition));
  const Purchasing& bgnbd = segment.purchasing;
  double rate_per_unit = stream.gamma(bgnbd.r, 1.0 / bgnbd.alpha);
  traits.rate_per_second = rate_per_unit / static_cast<double>(bgnbd.time_unit);
  traits.dropout = stream.beta(bgnbd.a, bgnbd.b);
  traits.engagement = segment.engagement_sd * stream.normal();
  traits.price_tolerance =
      segment.price_tolerance * std::exp(segment.price_tolerance_sd * stream.normal());
  traits.subscribed = stream.bernoulli(segment.subscribed);
  // Drawn last, so that the draws above are those of scenarios without the opt-in.
  traits.product_updates = traits.subscribed && stream.bernoulli(segment.product_updates);
  return traits;
}

void draw_organic_timeline(const World& world, const Catalog& catalog, const Traits& traits,
                           const CustomerKey& key, std::vector<OrganicPurchase>& timeline) {
  timeline.clear();
  auto stream = key.stream(purpose_key(Purpose::kPurchasing));
  const Time horizon = world.population.horizon;
  auto first = static_cast<ProductIndex>(
      stream.choose(catalog.acquisition_weights(), catalog.acquisition_total()));
  timeline.push_back({traits.acquired, first});
  if (traits.rate_per_second <= 0) return;
  // Time is kept in double while drawing: a tiny rate gives waits beyond any int64 horizon.
  double now = static_cast<double>(traits.acquired);
  for (;;) {
    now += stream.exponential(1.0 / traits.rate_per_second);
    if (now > static_cast<double>(horizon)) return;
    auto product = static_cast<ProductIndex>(
        stream.choose(catalog.popularity_weights(), catalog.popularity_total()));
    timeline.push_back({static_cast<Time>(now), product});
    if (stream.bernoulli(traits.dropout)) return;
  }
}

}  // namespace xsellsim::models

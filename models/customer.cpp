#include "models/customer.hpp"

#include <cmath>
#include <optional>
#include <range/v3/view/transform.hpp>

#include "models/season.hpp"

namespace xsellsim::models {

namespace {
// Shares sum to 1 (the loader checks), so a choice with total 1 reads the uniform as it is.
std::uint32_t draw_segment(const std::vector<Segment>& segments, sim::RandomStream& stream) {
  return static_cast<std::uint32_t>(
      stream.choose(segments | ranges::views::transform(&Segment::share), 1.0));
}

// A product picked with probability proportional to `weights` scaled by each product's demand at
// `t` (release and season). Draws one uniform, like an unscaled choice. Nullopt when nothing is on
// sale then.
std::optional<ProductIndex> choose_at(const World& world, const Catalog& catalog,
                                      const std::vector<double>& weights, double total, Time t,
                                      sim::RandomStream& stream, std::vector<double>& scaled) {
  if (!catalog.varies_in_time()) return static_cast<ProductIndex>(stream.choose(weights, total));
  scaled.resize(weights.size());
  double scaled_total = 0;
  for (ProductIndex p = 0; p < weights.size(); ++p) {
    scaled[p] = weights[p] * demand_at(catalog.product(p), world.population, t);
    scaled_total += scaled[p];
  }
  if (scaled_total <= 0) {
    stream.uniform();  // the draw a choice would use, so what follows keeps its numbers
    return std::nullopt;
  }
  return static_cast<ProductIndex>(stream.choose(scaled, scaled_total));
}
}  // namespace

std::optional<std::size_t> assigned_arm(const World& world, const CustomerKey& key) {
  if (!world.split_arms) return std::nullopt;
  return key.stream(purpose_key(Purpose::kArm))
      .choose(world.arms | ranges::views::transform(&Arm::share), 1.0);
}

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
                           const CustomerKey& key, OrganicTimeline& timeline) {
  timeline.purchases.clear();
  timeline.active_at_horizon = false;
  auto stream = key.stream(purpose_key(Purpose::kPurchasing));
  const Time horizon = world.population.horizon;
  thread_local std::vector<double> scaled;
  // A first purchase of something not yet on sale falls back to the unscaled weights: every
  // customer is acquired by some purchase (the loader requires an acquisition product).
  auto first = choose_at(world, catalog, catalog.acquisition_weights(), catalog.acquisition_total(),
                         traits.acquired, stream, scaled);
  if (!first) {
    first = static_cast<ProductIndex>(
        stream.choose(catalog.acquisition_weights(), catalog.acquisition_total()));
  }
  timeline.purchases.push_back({traits.acquired, *first});
  timeline.active_at_horizon = true;
  if (traits.rate_per_second <= 0) return;
  // Time is kept in double while drawing: a tiny rate gives waits beyond any int64 horizon.
  auto now = static_cast<double>(traits.acquired);
  for (;;) {
    now += stream.exponential(1.0 / traits.rate_per_second);
    if (now > static_cast<double>(horizon)) return;
    const auto when = static_cast<Time>(now);
    auto product = choose_at(world, catalog, catalog.popularity_weights(),
                             catalog.popularity_total(), when, stream, scaled);
    // Nothing on sale then: the occasion buys nothing unless a need takes it.
    timeline.purchases.push_back({when, product.value_or(kNoProduct)});
    if (stream.bernoulli(traits.dropout)) {
      timeline.active_at_horizon = false;
      return;
    }
  }
}

double expected_occasions(const Traits& traits, Time span) {
  const double lambda_t = traits.rate_per_second * static_cast<double>(span);
  if (traits.dropout <= 0) return lambda_t;
  return -std::expm1(-lambda_t * traits.dropout) / traits.dropout;
}

}  // namespace xsellsim::models

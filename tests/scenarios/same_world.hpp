#pragma once
// Whether two worlds are the same in every field (models/parameters.hpp has no operator== for
// most of its types): the check that a sweep point read in part equals the point read whole.
#include <tuple>
#include <vector>

#include "models/parameters.hpp"

namespace xsellsim::scenarios::testing {

template <class T, class Same>
bool same_all(const std::vector<T>& a, const std::vector<T>& b, Same same) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same(a[i], b[i])) return false;
  }
  return true;
}

inline auto fields(const models::ConditionTerm& t) { return std::tie(t.kind, t.negated, t.target); }

inline bool same_condition(const models::Condition& a, const models::Condition& b) {
  return same_all(a, b, [](const auto& x, const auto& y) {
    return same_all(x, y, [](const auto& s, const auto& t) { return fields(s) == fields(t); });
  });
}

inline bool same_step(const models::Step& a, const models::Step& b) {
  auto f = [](const models::Step& s) {
    return std::tie(s.name, s.delay, s.at, s.send_at, s.recommendation, s.product, s.discount,
                    s.weight, s.personalized_subject, s.social_proof, s.silent, s.evergreen,
                    s.on_fail, s.branch_to, s.wait_timeout, s.next, s.discount_amount,
                    s.discount_expires, s.demonstration, s.trial, s.bundle_size, s.bundle_price);
  };
  return f(a) == f(b) && same_condition(a.condition, b.condition);
}

inline bool same_sequence(const models::Sequence& a, const models::Sequence& b) {
  auto f = [](const models::Sequence& s) {
    return std::tie(s.name, s.enabled, s.trigger_products, s.trigger_event, s.visits, s.window,
                    s.wait, s.exit_on_cross_sell, s.exit_on_recommended, s.exit_on_trigger_return,
                    s.priority, s.min_order_value, s.reentry, s.cooldown);
  };
  return f(a) == f(b) && same_all(a.steps, b.steps, same_step) &&
         same_condition(a.exit_condition, b.exit_condition);
}

inline bool same_world(const models::World& a, const models::World& b) {
  auto population = [](const models::Population& p) {
    return std::tie(p.size, p.horizon, p.acquisition, p.return_window, p.start_month);
  };
  auto segment = [](const models::Segment& s) {
    const models::Purchasing& p = s.purchasing;
    return std::tie(s.name, s.share, p.r, p.alpha, p.a, p.b, p.time_unit, s.subscribed,
                    s.engagement_sd, s.price_tolerance, s.price_tolerance_sd, s.product_updates,
                    s.utc_offset, s.preferred_categories, s.open_base, s.click_base);
  };
  auto category = [](const models::Category& c) {
    return std::tie(c.name, c.browse_rate, c.cart_probability);
  };
  auto complement = [](const models::Complement& c) {
    return std::tie(c.to, c.probability, c.lag, c.lag_shape, c.duration);
  };
  auto product = [](const models::Product& p) {
    return std::tie(p.name, p.category, p.price, p.margin, p.return_rate, p.popularity,
                    p.acquisition, p.release, p.seasonality);
  };
  auto same_product = [&](const models::Product& x, const models::Product& y) {
    return product(x) == product(y) &&
           same_all(x.complements, y.complements,
                    [&](const auto& s, const auto& t) { return complement(s) == complement(t); });
  };
  auto money = [](const models::Money& m) {
    return std::tie(m.send_cost, m.subscriber_value, m.email_share, m.value_horizon);
  };
  auto policy = [](const models::Policy& p) {
    return std::tie(p.cap, p.cap_window, p.capped_waits, p.quiet_start, p.quiet_end);
  };
  auto same_arm = [](const models::Arm& x, const models::Arm& y) {
    return std::tie(x.name, x.sends, x.share) == std::tie(y.name, y.sends, y.share) &&
           same_all(x.sequences, y.sequences, same_sequence);
  };
  return population(a.population) == population(b.population) &&
         same_all(a.segments, b.segments,
                  [&](const auto& x, const auto& y) { return segment(x) == segment(y); }) &&
         same_all(a.categories, b.categories,
                  [&](const auto& x, const auto& y) { return category(x) == category(y); }) &&
         same_all(a.products, b.products, same_product) &&
         a.fatigue.half_life == b.fatigue.half_life && a.engagement == b.engagement &&
         money(a.money) == money(b.money) && policy(a.policy) == policy(b.policy) &&
         same_all(a.arms, b.arms, same_arm) && a.attribution == b.attribution &&
         a.split_arms == b.split_arms;
}

}  // namespace xsellsim::scenarios::testing

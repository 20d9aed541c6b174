// The life as a whole: starting a customer, dispatching events, recording purchases and returns,
// and the accounts kept at the horizon (docs/model.md).
#include "models/customer_life.hpp"

#include <algorithm>
#include <cmath>

namespace xsellsim::models {

namespace {
std::int64_t cents(double money) { return std::llround(money * 100.0); }
}  // namespace

CustomerLife::CustomerLife(const CompiledArm& arm)
    : arm_(arm), world_(arm.world), fatigue_(arm.world.fatigue.half_life) {}

void CustomerLife::reset(const CustomerKey& key, const Traits& traits,
                         const OrganicTimeline& timeline, ArmTally& tally) {
  key_ = key;
  traits_ = &traits;
  timeline_ = &timeline;
  tally_ = &tally;
  fatigue_.reset();
  subscribed_ = traits.subscribed;
  dropped_out_ = false;
  inbox_ = {};
  needs_.clear();
  entries_.assign(arm_.arm.sequences.size(), Entry{});
  first_entry_ = -1;
  converted_ = false;
  retained_ = false;
  touches_.clear();
  sends_.clear();
  visits_.clear();
  last_purchase_.assign(arm_.catalog.size(), -1);
  last_cart_add_.assign(arm_.catalog.size(), -1);
  shown_.clear();
  offers_.clear();
  pending_.clear();
  same_content_.clear();
  waiting_ = 0;
}

void CustomerLife::simulate(const CustomerKey& key, const Traits& traits,
                            const OrganicTimeline& timeline, CustomerSimulation& simulation,
                            ArmTally& tally) {
  reset(key, traits, timeline, tally);
  ++tally.customers;
  if (subscribed_) tally.add_daily(Daily::kSubscriberChange, day(traits.acquired));
  simulation.reset(traits.acquired);
  for (std::uint32_t i = 0; i < timeline.purchases.size(); ++i) {
    simulation.schedule(timeline.purchases[i].time, Event::occasion(i));
  }
  schedule_broadcasts(simulation);
  simulation.run(world_.population.horizon, *this);
  close_accounts();
}

// What the horizon leaves: censored curves, retention, and the value of a subscriber kept.
void CustomerLife::close_accounts() {
  ArmTally& tally = *tally_;
  if (subscribed_) {
    const Money& money = world_.money;
    const bool active = timeline_->active_at_horizon && !dropped_out_;
    const double value = money.subscriber_value
                             ? *money.subscriber_value
                             : (active ? money.email_share * arm_.catalog.mean_order_margin() *
                                             expected_occasions(*traits_, money.value_horizon)
                                       : 0.0);
    tally.subscriber_value_cents += cents(value);
  }
  if (first_entry_ < 0) return;
  const std::size_t last_day = days_since_entry(world_.population.horizon);
  if (!converted_) {
    tally.conversion.add_censored(last_day);
    segment_tally().conversion.add_censored(last_day);
  }
  if (subscribed_) {  // never unsubscribed
    tally.unsubscribe.add_censored(last_day);
    segment_tally().unsubscribe.add_censored(last_day);
  }
  if (retained_) ++tally.retained;
}

void CustomerLife::operator()(CustomerSimulation& simulation, const Event& event) {
  switch (event.kind) {
    case EventKind::kOccasion:
      occasion(simulation, event.index);
      break;
    case EventKind::kStepDue:
      step_due(simulation, event);
      break;
    case EventKind::kBrowse:
      browse(simulation, event.index, event.flag);
      break;
    case EventKind::kCartAbandoned:
      cart_abandoned(simulation, event);
      break;
    case EventKind::kWaitTimeout:
      wait_timed_out(simulation, event);
      break;
    case EventKind::kEmailOrder:
      pending_order_due(simulation, event.index);
      break;
    case EventKind::kBroadcast:
      broadcast(simulation, event.sequence);
      break;
  }
}

CustomerLife::Purchase CustomerLife::priced_purchase(Time now, ProductIndex product,
                                                     std::uint64_t key) {
  const double list_price = arm_.catalog.product(product).price;
  auto offer = std::find_if(offers_.begin(), offers_.end(),
                            [&](const Offer& o) { return o.product == product && now <= o.until; });
  if (offer == offers_.end()) return {product, cents(list_price), 0, key};
  const std::int64_t paid = cents(list_price * offer->paid_share);
  offers_.erase(offer);  // a coupon is used once
  return {product, paid, cents(list_price) - paid, key};
}

void CustomerLife::purchase(CustomerSimulation& simulation, const Purchase& p) {
  const Time now = simulation.now();
  if (log_ != nullptr) log_->order_line({now, p.product, 1, p.price_cents});
  tally_->add_daily(Daily::kPurchases, day(now));
  tally_->add_daily(Daily::kRevenueCents, day(now), p.price_cents);
  tally_->add_daily(Daily::kDiscountCents, day(now), p.discount_cents);

  exit_on_purchase(p);
  if (first_entry_ >= 0) {
    const std::size_t since_entry = days_since_entry(now);
    retained_ |= since_entry > 90 && since_entry <= 180;
  }
  last_purchase_[p.product] = now;
  const bool cross_sell = first_entry_ >= 0 && converts(first_entry_kind_, p.product);
  const std::optional<Time> returned = record_return(now, p, cross_sell);
  if (!returned) {  // a returned order earns nothing: the refund cancels the price
    const Product& product = arm_.catalog.product(p.product);
    tally_->margin_cents += p.price_cents - cents(product.price * (1.0 - product.margin));
  }
  if (cross_sell) count_cross_sell(now, p, returned);
  const bool would_have_bought_here = consume_need(now, p.product);
  if (p.origin != PurchaseOrigin::kOrganic) {
    tally_->add_daily(
        p.origin == PurchaseOrigin::kClick ? Daily::kEmailPurchases : Daily::kExposurePurchases,
        day(now));
    if (would_have_bought_here) tally_->add_daily(Daily::kPulledForward, day(now));
  }
  create_needs(simulation, p.product, p.key);
  enter_sequences(simulation, p.product, p.price_cents, returned.value_or(sim::kNever));
  wake_waiting(simulation);
}

void CustomerLife::count_cross_sell(Time now, const Purchase& p,
                                    const std::optional<Time>& returned) {
  tally_->add_daily(Daily::kCrossSellPurchases, day(now));
  tally_->entrant_cross_sell_cents += p.price_cents;
  segment_tally().entrant_cross_sell_cents += p.price_cents;
  if (returned) {
    segment_tally().entrant_cross_sell_cents -= p.price_cents;
  } else {
    const Product& product = arm_.catalog.product(p.product);
    tally_->entrant_cross_sell_margin_cents +=
        p.price_cents - cents(product.price * (1.0 - product.margin));
    attribute(now, p.price_cents);
  }
  if (!converted_) {
    converted_ = true;
    tally_->conversion.add_event(days_since_entry(now));
    segment_tally().conversion.add_event(days_since_entry(now));
  }
}

std::optional<Time> CustomerLife::record_return(Time now, const Purchase& p, bool cross_sell) {
  auto stream = key_.stream(purpose_key(Purpose::kReturn, p.key));
  // A trial is sent back at the trial rate within the trial; other goods at the product's rate.
  const bool trial = p.trial > 0;
  const double rate =
      trial ? world_.engagement.trial_return : arm_.catalog.product(p.product).return_rate;
  const Time window = trial ? p.trial : world_.population.return_window;
  if (!stream.bernoulli(rate)) return std::nullopt;
  const double when = static_cast<double>(now) + stream.uniform() * static_cast<double>(window);
  if (when > static_cast<double>(world_.population.horizon)) return std::nullopt;
  if (log_ != nullptr) log_->order_line({static_cast<Time>(when), p.product, -1, p.price_cents});
  const std::size_t return_day = day(static_cast<Time>(when));
  tally_->add_daily(Daily::kReturns, return_day);
  tally_->add_daily(Daily::kRefundCents, return_day, p.price_cents);
  if (cross_sell) tally_->entrant_cross_sell_cents -= p.price_cents;
  return static_cast<Time>(when);
}

}  // namespace xsellsim::models

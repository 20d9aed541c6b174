#include "models/customer_life.hpp"

#include <algorithm>
#include <cmath>

#include "models/engagement.hpp"
#include "models/policy.hpp"
#include "models/season.hpp"

namespace xsellsim::models {

namespace {
std::int64_t cents(double money) { return std::llround(money * 100.0); }

// Keys that identify purchases across arms: the same organic purchase or need has the same key
// in every arm, so its needs and return draw the same numbers (common random numbers).
std::uint64_t organic_purchase_key(std::uint32_t position) { return sim::mix(0x0a, position); }
std::uint64_t need_purchase_key(std::uint64_t need_key) { return sim::mix(0x0b, need_key); }
// Visits are remembered only when a browse trigger or a `browsed` condition asks about them.
bool asks_about_visits(const Sequence& sequence) {
  auto asks = [](const Condition& condition) {
    return std::any_of(condition.begin(), condition.end(), [](const auto& all) {
      return std::any_of(all.begin(), all.end(), [](const ConditionTerm& term) {
        return term.kind == ConditionTerm::Kind::kBrowsed;
      });
    });
  };
  if (sequence.trigger_event == TriggerEvent::kBrowse || asks(sequence.exit_condition)) {
    return true;
  }
  return std::any_of(sequence.steps.begin(), sequence.steps.end(), [&](const Step& step) {
    return asks(step.condition) || step.recommendation == Recommendation::kDynamic;
  });
}

// The engagement coefficients of a segment: the world's, with the segment's own baselines.
Engagement segment_engagement(const Engagement& world, const Segment& segment) {
  Engagement e = world;
  e.open_base = segment.open_base.value_or(e.open_base);
  e.click_base = segment.click_base.value_or(e.click_base);
  return e;
}
}  // namespace

CustomerLife::CustomerLife(const World& world, const Catalog& catalog, const Arm& arm)
    : world_(world),
      catalog_(catalog),
      arm_(arm),
      sequences_by_trigger_(catalog.size()),
      sequences_by_visit_(catalog.size()),
      sequences_by_cart_(catalog.size()),
      fatigue_(world.fatigue.half_life) {
  std::size_t steps = 0;
  for (const Sequence& sequence : arm.sequences) {
    first_step_.push_back(steps);
    steps += sequence.steps.size();
    records_visits_ |= asks_about_visits(sequence);
    records_shown_ |= sequence.exit_on_recommended;
    uses_priorities_ |= world.policy.cap > 0 && sequence.priority != arm.sequences[0].priority;
  }
  preferred_.assign(world.segments.size() * world.categories.size(), 0);
  for (std::size_t g = 0; g < world.segments.size(); ++g) {
    engagement_.push_back(segment_engagement(world.engagement, world.segments[g]));
    for (std::uint32_t c : world.segments[g].preferred_categories) {
      preferred_[g * world.categories.size() + c] = 1;
    }
  }
  for (std::uint16_t s = 0; s < arm.sequences.size(); ++s) {
    if (!arm.sequences[s].enabled) continue;
    auto& by_product = arm.sequences[s].trigger_event == TriggerEvent::kBrowse ? sequences_by_visit_
                       : arm.sequences[s].trigger_event == TriggerEvent::kCart
                           ? sequences_by_cart_
                           : sequences_by_trigger_;
    for (ProductIndex p : arm.sequences[s].trigger_products) by_product[p].push_back(s);
  }
}

void CustomerLife::simulate(const CustomerKey& key, const Traits& traits,
                            const std::vector<OrganicPurchase>& timeline,
                            CustomerSimulation& simulation, ArmTally& tally) {
  key_ = key;
  traits_ = &traits;
  timeline_ = &timeline;
  tally_ = &tally;
  fatigue_.reset();
  subscribed_ = traits.subscribed;
  needs_.clear();
  entries_.assign(arm_.sequences.size(), Entry{});
  first_entry_ = -1;
  converted_ = false;
  retained_ = false;
  touches_.clear();
  sends_.clear();
  visits_.clear();
  last_purchase_.assign(catalog_.size(), -1);
  shown_.clear();
  offers_.clear();
  waiting_ = 0;

  if (subscribed_) tally.add_daily(Daily::kSubscriberChange, day(traits.acquired));
  simulation.reset(traits.acquired);
  for (std::uint32_t i = 0; i < timeline.size(); ++i) {
    simulation.schedule(timeline[i].time, {EventKind::kOrganicPurchase, 0, 0, i});
  }
  simulation.run(world_.population.horizon, *this);

  if (first_entry_ < 0) return;
  std::size_t last_day = days_since_entry(world_.population.horizon);
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
    case EventKind::kOrganicPurchase: {
      const OrganicPurchase& organic = (*timeline_)[event.index];
      purchase(simulation, organic_purchase(simulation.now(), organic.product,
                                            organic_purchase_key(event.index)));
      break;
    }
    case EventKind::kNeedResolves: {
      Need& need = needs_[event.index];
      if (need.done) break;
      need.done = true;
      if (need.outcome != NeedOutcome::kBoughtHere) break;
      // Copies: purchase() may add needs and so move this one.
      ProductIndex product = need.product;
      std::uint64_t key = need_purchase_key(need.key);
      purchase(simulation, organic_purchase(simulation.now(), product, key));
      break;
    }
    case EventKind::kStepDue:
      if (event.index == entries_[event.sequence].generation &&
          !held_by_policy(simulation, event)) {
        send_step(simulation, event);
      }
      break;
    case EventKind::kBrowse:
      browse(simulation, event.index, event.step != 0);
      break;
    case EventKind::kCartAbandoned:
      cart_abandoned(simulation, event);
      break;
    case EventKind::kWaitTimeout:
      wait_timed_out(simulation, event);
      break;
  }
}

CustomerLife::Purchase CustomerLife::organic_purchase(Time now, ProductIndex product,
                                                      std::uint64_t key) {
  const double list_price = catalog_.product(product).price;
  auto offer = std::find_if(offers_.begin(), offers_.end(),
                            [&](const Offer& o) { return o.product == product && now <= o.until; });
  if (offer == offers_.end()) return {product, cents(list_price), 0, key};
  const std::int64_t paid = cents(list_price * offer->paid_share);
  offers_.erase(offer);  // a coupon is used once
  return {product, paid, cents(list_price) - paid, key};
}

void CustomerLife::exit_on_purchase(const Purchase& p) {
  for (std::size_t s = 0; s < entries_.size(); ++s) {
    Entry& entry = entries_[s];
    if (entry.entered < 0) continue;
    const Sequence& sequence = arm_.sequences[s];
    if (converts(entry, p.product)) {
      entry.purchased = true;
      entry.exited |= sequence.exit_on_cross_sell;
    }
    if (sequence.exit_on_recommended) {
      entry.exited |= std::any_of(shown_.begin(), shown_.end(), [&](const Shown& shown) {
        return shown.sequence == s && shown.generation == entry.generation &&
               shown.product == p.product;
      });
    }
  }
}

void CustomerLife::purchase(CustomerSimulation& simulation, const Purchase& p) {
  const Time now = simulation.now();
  tally_->add_daily(Daily::kPurchases, day(now));
  tally_->add_daily(Daily::kRevenueCents, day(now), p.price_cents);
  tally_->add_daily(Daily::kDiscountCents, day(now), p.discount_cents);

  exit_on_purchase(p);
  if (first_entry_ >= 0) {
    const std::size_t since_entry = days_since_entry(now);
    retained_ |= since_entry > 90 && since_entry <= 180;
  }
  last_purchase_[p.product] = now;
  bool cross_sell = first_entry_ >= 0 && converts(first_entry_kind_, p.product);
  const std::optional<Time> returned = record_return(now, p, cross_sell);
  if (cross_sell) {
    tally_->add_daily(Daily::kCrossSellPurchases, day(now));
    tally_->entrant_cross_sell_cents += p.price_cents;
    segment_tally().entrant_cross_sell_cents += p.price_cents;
    if (returned) {
      segment_tally().entrant_cross_sell_cents -= p.price_cents;
    } else {
      // A returned order earns nothing: the refund cancels the price, the goods come back.
      const Product& product = catalog_.product(p.product);
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
  const bool would_have_bought_here = consume_need(now, p.product);
  if (p.from_email) {
    tally_->add_daily(Daily::kEmailPurchases, day(now));
    if (would_have_bought_here) tally_->add_daily(Daily::kPulledForward, day(now));
  }
  create_needs(simulation, p.product, p.key);
  enter_sequences(simulation, p.product, p.price_cents, returned.value_or(sim::kNever));
  wake_waiting(simulation);
}

std::optional<Time> CustomerLife::record_return(Time now, const Purchase& p, bool cross_sell) {
  auto stream = key_.stream(purpose_key(Purpose::kReturn, p.key));
  // A trial is sent back at the trial rate within the trial; other goods at the product's rate.
  const bool trial = p.trial > 0;
  const double rate =
      trial ? world_.engagement.trial_return : catalog_.product(p.product).return_rate;
  const Time window = trial ? p.trial : world_.population.return_window;
  if (!stream.bernoulli(rate)) return std::nullopt;
  double when = static_cast<double>(now) + stream.uniform() * static_cast<double>(window);
  if (when > static_cast<double>(world_.population.horizon)) return std::nullopt;
  std::size_t return_day = day(static_cast<Time>(when));
  tally_->add_daily(Daily::kReturns, return_day);
  tally_->add_daily(Daily::kRefundCents, return_day, p.price_cents);
  if (cross_sell) tally_->entrant_cross_sell_cents -= p.price_cents;
  return static_cast<Time>(when);
}

// Credits a cross-sell order's revenue to the emails opened in the 30 days before it, under each
// attribution rule. Integer cents, the rounding remainder to the last touch, so every rule
// credits exactly the order's revenue.
void CustomerLife::attribute(Time now, std::int64_t cents_paid) {
  constexpr Time kLookback = 30 * sim::kDay;
  constexpr double kHalfLife = 7.0 * sim::kDay;  // time decay: a touch a week older counts half
  auto first = std::find_if(touches_.begin(), touches_.end(),
                            [&](const Touch& t) { return t.time >= now - kLookback; });
  const auto n = static_cast<std::int64_t>(touches_.end() - first);
  if (n == 0) return;
  auto credit = [&](Attribution rule, std::size_t step, std::int64_t amount) {
    tally_->steps[step].attributed_cents[static_cast<std::size_t>(rule)] += amount;
  };
  credit(Attribution::kLastTouch, touches_.back().step, cents_paid);
  credit(Attribution::kFirstTouch, first->step, cents_paid);
  double weights = 0;
  for (auto t = first; t != touches_.end(); ++t) {
    weights += std::exp2(-static_cast<double>(now - t->time) / kHalfLife);
  }
  std::int64_t linear_left = cents_paid, decay_left = cents_paid;
  for (auto t = first; t + 1 != touches_.end(); ++t) {
    const std::int64_t decay =
        std::llround(static_cast<double>(cents_paid) *
                     std::exp2(-static_cast<double>(now - t->time) / kHalfLife) / weights);
    credit(Attribution::kLinear, t->step, cents_paid / n);
    credit(Attribution::kTimeDecay, t->step, decay);
    linear_left -= cents_paid / n;
    decay_left -= decay;
  }
  credit(Attribution::kLinear, touches_.back().step, linear_left);
  credit(Attribution::kTimeDecay, touches_.back().step, decay_left);
}

void CustomerLife::create_needs(CustomerSimulation& simulation, ProductIndex product,
                                std::uint64_t purchase_key) {
  const auto& complements = catalog_.complements(product);
  for (std::size_t i = 0; i < complements.size(); ++i) {
    const Complement& edge = complements[i];
    auto stream = key_.stream(purpose_key(Purpose::kNeed, purchase_key, i));
    const Product& wanted = catalog_.product(edge.to);
    const double u = stream.uniform();
    if (u >= edge.probability * catalog_.peak_demand(edge.to)) continue;
    double lag = edge.lag > 0
                     ? stream.gamma(edge.lag_shape, static_cast<double>(edge.lag) / edge.lag_shape)
                     : 0.0;
    // A need for a product not yet released forms at its release.
    double formed =
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
  // The need ends at the first of two exponential clocks: an organic purchase (here or at a
  // competitor) or fading away.
  double lifetime = stream.exponential(static_cast<double>(edge.duration));
  double until_purchase = stream.exponential(static_cast<double>(edge.organic_delay));
  bool bought_here = stream.bernoulli(edge.store_share);
  Need need{edge.to, formed, 0, NeedOutcome::kFades, key};
  if (until_purchase < lifetime) {
    need.outcome = bought_here ? NeedOutcome::kBoughtHere : NeedOutcome::kBoughtElsewhere;
  }
  double ends = static_cast<double>(formed) + std::min(lifetime, until_purchase);
  const bool outlives_run = ends > static_cast<double>(world_.population.horizon);
  need.resolves = outlives_run ? world_.population.horizon + 1 : static_cast<Time>(ends);
  needs_.push_back(need);
  auto index = static_cast<std::uint32_t>(needs_.size() - 1);
  if (!outlives_run) simulation.schedule(need.resolves, {EventKind::kNeedResolves, 0, 0, index});
  schedule_visit(simulation, index, formed);
}

// Visits are a Poisson process over the need's life. Each visit's stream, keyed by the need and
// the visit's number, draws both the gap before the visit and whether it adds to the cart (one
// counter block for both), so visits are the same in every arm until an email ends the need.
void CustomerLife::schedule_visit(CustomerSimulation& simulation, std::uint32_t index, Time after) {
  const Need& need = needs_[index];
  const Category& category = world_.categories[catalog_.product(need.product).category];
  if (category.browse_rate <= 0) return;
  auto stream = key_.stream(purpose_key(Purpose::kBrowse, need.key, need.visits));
  const double gap = stream.exponential(static_cast<double>(sim::kDay) / category.browse_rate);
  const bool adds_to_cart = stream.bernoulli(category.cart_probability);
  const double when = static_cast<double>(after) + gap;
  if (when < static_cast<double>(std::min(need.resolves, world_.population.horizon + 1))) {
    simulation.schedule(static_cast<Time>(when),
                        {EventKind::kBrowse, 0, static_cast<std::uint16_t>(adds_to_cart), index});
  }
}

void CustomerLife::browse(CustomerSimulation& simulation, std::uint32_t index, bool adds_to_cart) {
  Need& need = needs_[index];
  if (need.done) return;  // met by an email purchase since the visit was scheduled
  const Time now = simulation.now();
  tally_->add_daily(Daily::kBrowses, day(now));
  if (adds_to_cart) tally_->add_daily(Daily::kCartAdds, day(now));
  ++need.visits;
  const ProductIndex product = need.product;  // copied: entering may schedule, not add needs
  schedule_visit(simulation, index, now);
  browse_triggers(simulation, product, adds_to_cart);
  wake_waiting(simulation);
}

bool CustomerLife::consume_need(Time now, ProductIndex product) {
  bool would_have_bought_here = false;
  for (Need& need : needs_) {
    if (!need.done && need.product == product && need.formed <= now) {
      need.done = true;
      would_have_bought_here |=
          need.outcome == NeedOutcome::kBoughtHere && need.resolves <= world_.population.horizon;
    }
  }
  return would_have_bought_here;
}

bool CustomerLife::has_active_need(Time now, ProductIndex product) const {
  for (const Need& need : needs_) {
    if (!need.done && need.product == product && need.formed <= now) return true;
  }
  return false;
}

bool CustomerLife::may_enter(const Sequence& sequence, const Entry& entry, Time now,
                             std::int64_t price_cents) const {
  if (static_cast<double>(price_cents) < sequence.min_order_value * 100.0) return false;
  if (entry.entered < 0) return true;
  switch (sequence.reentry) {
    case Reentry::kNever:
      return false;
    case Reentry::kAlways:
      return true;
    case Reentry::kAfterCooldown:
      return now - entry.entered >= sequence.cooldown;
  }
  return false;
}

void CustomerLife::enter_sequences(CustomerSimulation& simulation, ProductIndex product,
                                   std::int64_t price_cents, Time returned) {
  const Time now = simulation.now();
  for (std::uint16_t s : sequences_by_trigger_[product]) {
    if (may_enter(arm_.sequences[s], entries_[s], now, price_cents)) {
      enter(simulation, s, product, returned);
    }
  }
}

void CustomerLife::enter(CustomerSimulation& simulation, std::uint16_t s, ProductIndex product,
                         Time trigger_returned) {
  if (!subscribed_) return;  // consent: only subscribers enter
  const Time now = simulation.now();
  Entry& entry = entries_[s];
  if (entry.entered >= 0) ++entry.generation;  // a re-entry: the old entry's steps lapse
  entry.entered = now;
  entry.trigger = product;
  entry.converted_by_trigger = arm_.sequences[s].trigger_event != TriggerEvent::kPurchase;
  entry.exited = false;
  entry.opened = entry.clicked = 0;
  entry.purchased = false;
  if (entry.waiting >= 0) --waiting_;
  entry.waiting = -1;
  entry.trigger_returned = trigger_returned;
  entry.loops = 0;
  if (first_entry_ < 0) {
    first_entry_ = now;
    first_entry_kind_ = entry;
    ++tally_->entrants;
    ++segment_tally().entrants;
  }
  if (arm_.sends) schedule_step(simulation, s, 0, now);
}

// A visit counts towards browse triggers (the `visits`-th within `window` enters) and a cart add
// starts the wait of cart triggers.
void CustomerLife::browse_triggers(CustomerSimulation& simulation, ProductIndex product,
                                   bool adds_to_cart) {
  const Time now = simulation.now();
  if (records_visits_) visits_.emplace_back(product, now);
  for (std::uint16_t s : sequences_by_visit_[product]) {
    const Sequence& sequence = arm_.sequences[s];
    const auto recent = std::count_if(visits_.begin(), visits_.end(), [&](const auto& visit) {
      return visit.first == product && visit.second > now - sequence.window;
    });
    if (recent >= sequence.visits && may_enter(sequence, entries_[s], now, 0)) {
      enter(simulation, s, product);
    }
  }
  if (!adds_to_cart) return;
  for (std::uint16_t s : sequences_by_cart_[product]) {
    const Time due = now + arm_.sequences[s].wait;
    if (due <= world_.population.horizon) {
      simulation.schedule(due, {EventKind::kCartAbandoned, s, 0, product});
    }
  }
}

void CustomerLife::cart_abandoned(CustomerSimulation& simulation, const Event& event) {
  const auto product = static_cast<ProductIndex>(event.index);
  const Sequence& sequence = arm_.sequences[event.sequence];
  const Time added = simulation.now() - sequence.wait;
  if (last_purchase_[product] >= added) return;  // bought after all
  if (may_enter(sequence, entries_[event.sequence], simulation.now(), 0)) {
    enter(simulation, event.sequence, product);
  }
}

void CustomerLife::schedule_step(CustomerSimulation& simulation, std::uint16_t sequence,
                                 std::uint16_t step, Time after) {
  const auto& steps = arm_.sequences[sequence].steps;
  if (step >= steps.size()) return;
  Time due = after + steps[step].delay;
  if (steps[step].send_at >= 0) {
    due = next_clock_time(due, steps[step].send_at, world_.segments[traits_->segment].utc_offset);
  }
  if (due <= world_.population.horizon) {
    Entry& entry = entries_[sequence];
    simulation.schedule(due, {EventKind::kStepDue, sequence, step, entry.generation});
    entry.next_due = due;
  }
}

void CustomerLife::go_on(CustomerSimulation& simulation, std::uint16_t sequence,
                         std::uint16_t step) {
  advance(simulation, sequence, step, following(sequence, step));
}

std::uint16_t CustomerLife::following(std::uint16_t sequence, std::uint16_t step) const {
  const std::uint16_t next = arm_.sequences[sequence].steps[step].next;
  return next == kFollowingStep ? static_cast<std::uint16_t>(step + 1) : next;
}

void CustomerLife::advance(CustomerSimulation& simulation, std::uint16_t sequence,
                           std::uint16_t from, std::uint16_t to) {
  // A jump back repeats steps: their emails then draw new numbers (see send_email).
  if (to <= from) ++entries_[sequence].loops;
  schedule_step(simulation, sequence, to, simulation.now());
}

bool CustomerLife::held_by_policy(CustomerSimulation& simulation, const Event& event) {
  const Policy& policy = world_.policy;
  const Time now = simulation.now();
  const Time offset = world_.segments[traits_->segment].utc_offset;
  Time allowed = after_quiet_hours(policy, now, offset);
  auto frees = cap_frees_at(policy, sends_, now);
  if (!frees && uses_priorities_) frees = yields_to_priority(event, now);
  if (frees) {
    if (!policy.capped_waits) {  // skipped: the sequence goes on as if it had been sent
      go_on(simulation, event.sequence, event.step);
      return true;
    }
    allowed = std::max(allowed, after_quiet_hours(policy, *frees, offset));
  }
  if (allowed == now) return false;
  if (allowed <= world_.population.horizon) {
    simulation.schedule(allowed, event);
    entries_[event.sequence].next_due = allowed;
  }
  return true;
}

std::optional<Time> CustomerLife::yields_to_priority(const Event& event, Time now) const {
  const Policy& policy = world_.policy;
  const int priority = arm_.sequences[event.sequence].priority;
  std::size_t reserved = 0;
  Time first_reserved = sim::kNever;
  for (std::size_t s = 0; s < entries_.size(); ++s) {
    const Entry& other = entries_[s];
    if (s == event.sequence || arm_.sequences[s].priority <= priority || other.entered < 0 ||
        other.exited || other.next_due < now || other.next_due >= now + policy.cap_window) {
      continue;
    }
    ++reserved;
    first_reserved = std::min(first_reserved, other.next_due);
  }
  if (reserved == 0) return std::nullopt;
  if (sends_in_window(policy, sends_, now) + 1 + reserved <= static_cast<std::size_t>(policy.cap))
    return std::nullopt;
  return first_reserved + 1;  // once the higher-priority email has had its turn
}

void CustomerLife::choose_content(const Step& step, const Entry& entry, Time now) {
  items_.clear();
  auto show = [&](std::optional<ProductIndex> p) {
    if (p && catalog_.released(*p, now)) items_.push_back(*p);
  };
  switch (step.recommendation) {
    case Recommendation::kProduct:
      show(step.product);
      break;
    case Recommendation::kTrigger:
      show(entry.trigger);
      break;
    case Recommendation::kTopComplement:
      catalog_.top_released_complements(entry.trigger, now, 1, items_);
      break;
    case Recommendation::kBundle: {
      // After a browse or cart trigger the bundle is the product looked at with its complements,
      // so an order converts the entry; after a purchase, complements of what was bought.
      const auto size = static_cast<std::size_t>(step.bundle_size);
      if (!entry.converted_by_trigger) {
        catalog_.top_released_complements(entry.trigger, now, size, items_);
      } else if (catalog_.released(entry.trigger, now)) {
        catalog_.top_released_complements(entry.trigger, now, size - 1, items_);
        items_.insert(items_.begin(), entry.trigger);
      }
      break;
    }
    case Recommendation::kBestSeller:
      show(catalog_.best_seller(now, entry.trigger));
      break;
    case Recommendation::kDynamic:
      if (visits_.empty()) {
        catalog_.top_released_complements(entry.trigger, now, 1, items_);
      } else {
        show(visits_.back().first);
      }
      break;
  }
}

void CustomerLife::send_step(CustomerSimulation& simulation, const Event& event) {
  const std::uint16_t sequence = event.sequence, step_index = event.step;
  Entry& entry = entries_[sequence];
  if (entry.exited || !subscribed_) return;
  const Time now = simulation.now();
  if (exits_now(arm_.sequences[sequence], entry, now)) {
    entry.exited = true;
    return;
  }
  const Step& step = arm_.sequences[sequence].steps[step_index];
  // Left out (attribution), or not for this customer: without the product-updates opt-in only
  // evergreen emails go out. Either way the sequence goes on.
  if (step.silent || (!step.evergreen && !traits_->product_updates)) {
    go_on(simulation, sequence, step_index);
    return;
  }
  if (!holds(step.condition, entry)) {
    condition_failed(simulation, event, step);
    return;
  }
  choose_content(step, entry, now);
  const std::uint32_t generation = entry.generation;
  if (!items_.empty()) send_email(simulation, event, step);  // else nothing released to show
  // An email purchase may have entered the sequence anew: the new entry has its own steps.
  if (entries_[sequence].generation == generation) {
    go_on(simulation, sequence, step_index);
  }
}

void CustomerLife::send_email(CustomerSimulation& simulation, const Event& event,
                              const Step& step) {
  const std::uint16_t sequence = event.sequence, step_index = event.step;
  const Entry& entry = entries_[sequence];
  const Time now = simulation.now();
  StepTally& step_tally = tally_->steps[first_step_[sequence] + step_index];
  const Engagement& coefficients = engagement_[traits_->segment];

  // The price: a bundle's share of its items' list prices, less the discount.
  double list_total = 0, needed_total = 0;
  bool relevant = false;
  for (ProductIndex item : items_) {
    const double price = catalog_.product(item).price;
    list_total += price;
    if (has_active_need(now, item)) {
      relevant = true;
      needed_total += price;
    }
  }
  const double discount = step.discount_amount > 0 && list_total > 0
                              ? std::min(1.0, step.discount_amount / list_total)
                              : step.discount;
  const double paid_share = step.bundle_price * (1.0 - discount);
  SendContext context;
  context.fatigue = fatigue_.level(now);
  context.engagement = traits_->engagement;
  context.relevant = relevant;
  context.discount = 1.0 - paid_share;
  // What the customer weighs is the bundle's price against the list price of what they need.
  const double weighed = needed_total > 0 ? paid_share * list_total / needed_total : paid_share;
  context.price_ratio = weighed / traits_->price_tolerance;
  context.personalized = step.personalized_subject;
  context.social_proof = step.social_proof;
  context.preferred = preferred_[traits_->segment * world_.categories.size() +
                                 catalog_.product(items_.front()).category] != 0;
  context.demonstration = step.demonstration;
  context.trial = step.trial > 0;
  context.expiring = step.discount_expires > 0 && discount > 0;
  fatigue_.add(now, step.weight);
  sends_.push_back(now);
  tally_->add_daily(Daily::kSends, day(now));
  ++step_tally.sends;
  ++segment_tally().sends;
  if (records_shown_) {
    for (ProductIndex item : items_) shown_.push_back({sequence, entry.generation, item});
  }

  // Every uniform is drawn up front, in a fixed order, so that what happens on one branch never
  // shifts the numbers of another.
  // A re-entry's emails, and a step's repeats in a loop, draw their own numbers; the first
  // entry's first pass keeps those of scenarios without re-entry or loops.
  std::uint64_t email_key = purpose_key(Purpose::kEmail, sequence, step_index);
  if (entry.generation > 0) email_key = sim::mix(email_key, entry.generation);
  if (entry.loops > 0) email_key = sim::mix(email_key, std::uint64_t{1} << 32 | entry.loops);
  auto stream = key_.stream(email_key);
  const double u_open = stream.uniform(), u_click = stream.uniform(), u_buy = stream.uniform();
  const double u_unsubscribe = stream.uniform(), u_complaint = stream.uniform();
  const double u_create_need = stream.uniform();

  if (u_open >= open_probability(coefficients, context)) return;
  tally_->add_daily(Daily::kOpens, day(now));
  ++step_tally.opens;
  entries_[sequence].opened |= std::uint64_t{1} << step_index;
  touches_.push_back({now, first_step_[sequence] + step_index});
  if (u_click < click_probability(coefficients, context)) {
    tally_->add_daily(Daily::kClicks, day(now));
    ++step_tally.clicks;
    entries_[sequence].clicked |= std::uint64_t{1} << step_index;
    const double create_need =
        step.demonstration ? coefficients.create_need_demonstration : coefficients.create_need;
    if (relevant && u_buy < buy_probability(coefficients, context)) {
      ++step_tally.orders;
      const std::vector<ProductIndex> bought = items_;  // a copy: purchase() must not see a member
      for (std::size_t i = 0; i < bought.size(); ++i) {
        const double list_price = catalog_.product(bought[i]).price;
        const std::int64_t paid = cents(list_price * paid_share);
        const std::uint64_t key = i == 0 ? email_key : sim::mix(email_key, 0x62 + i);
        purchase(simulation, {bought[i], paid, cents(list_price) - paid, key, true, step.trial});
      }
    } else {
      // Not bought now: a coupon (a discount with a validity) stays usable until it expires; a
      // discount without one is only the price of an order from the email.
      if (discount > 0 && step.discount_expires > 0) {
        for (ProductIndex item : items_) {
          offers_.push_back({item, 1.0 - discount, now + step.discount_expires});
        }
      }
      if (!relevant && u_create_need < create_need) {
        if (const Complement* edge = catalog_.edge(entry.trigger, items_.front())) {
          add_need(simulation, now, *edge, sim::mix(email_key, 0x4e), stream);
        }
      }
    }
  }
  if (u_unsubscribe < unsubscribe_probability(coefficients, context)) {
    unsubscribe(now, false);
  } else if (u_complaint < complaint_probability(coefficients, context)) {
    unsubscribe(now, true);  // a complaint unsubscribes too
  }
}

bool CustomerLife::exits_now(const Sequence& sequence, const Entry& entry, Time now) const {
  if (sequence.exit_on_trigger_return && now >= entry.trigger_returned) return true;
  return !sequence.exit_condition.empty() && holds(sequence.exit_condition, entry);
}

bool CustomerLife::holds(const Condition& condition, const Entry& entry) const {
  if (condition.empty()) return true;
  auto term_holds = [&](const ConditionTerm& term) {
    bool value = false;
    switch (term.kind) {
      case ConditionTerm::Kind::kOpened:
        value = (entry.opened >> term.target) & 1;
        break;
      case ConditionTerm::Kind::kClicked:
        value = (entry.clicked >> term.target) & 1;
        break;
      case ConditionTerm::Kind::kPurchased:
        value = entry.purchased;
        break;
      case ConditionTerm::Kind::kBrowsed:
        value = std::any_of(visits_.begin(), visits_.end(), [&](const auto& visit) {
          return visit.second >= entry.entered &&
                 catalog_.product(visit.first).category == term.target;
        });
        break;
    }
    return value != term.negated;
  };
  return std::any_of(condition.begin(), condition.end(), [&](const auto& all) {
    return std::all_of(all.begin(), all.end(), term_holds);
  });
}

void CustomerLife::condition_failed(CustomerSimulation& simulation, const Event& event,
                                    const Step& step) {
  Entry& entry = entries_[event.sequence];
  switch (step.on_fail) {
    case OnFail::kSkip:
      go_on(simulation, event.sequence, event.step);
      break;
    case OnFail::kStop:
      entry.exited = true;
      break;
    case OnFail::kBranch:
      advance(simulation, event.sequence, event.step, step.branch_to);
      break;
    case OnFail::kWait: {
      if (entry.waiting < 0) ++waiting_;
      entry.waiting = event.step;
      entry.wait_until = simulation.now() + step.wait_timeout;
      if (entry.wait_until <= world_.population.horizon) {
        simulation.schedule(entry.wait_until, {EventKind::kWaitTimeout, event.sequence, event.step,
                                               entry.generation});
      }
      break;
    }
  }
}

void CustomerLife::wake_waiting(CustomerSimulation& simulation) {
  if (waiting_ == 0) return;
  for (std::uint16_t s = 0; s < entries_.size(); ++s) {
    Entry& entry = entries_[s];
    if (entry.waiting < 0) continue;
    const auto step = static_cast<std::uint16_t>(entry.waiting);
    if (!entry.exited && !holds(arm_.sequences[s].steps[step].condition, entry)) continue;
    entry.waiting = -1;
    --waiting_;
    if (entry.exited) continue;
    // Due now: it goes through the policy like any step, and its condition is checked again.
    simulation.schedule(simulation.now(), {EventKind::kStepDue, s, step, entry.generation});
    entry.next_due = simulation.now();
  }
}

void CustomerLife::wait_timed_out(CustomerSimulation& simulation, const Event& event) {
  Entry& entry = entries_[event.sequence];
  if (event.index != entry.generation || entry.waiting != event.step ||
      simulation.now() != entry.wait_until) {
    return;  // woken before its timeout, or from an earlier entry
  }
  entry.waiting = -1;
  --waiting_;
  if (!entry.exited) go_on(simulation, event.sequence, event.step);
}

void CustomerLife::unsubscribe(Time now, bool complaint) {
  subscribed_ = false;
  tally_->add_daily(Daily::kUnsubscribes, day(now));
  if (complaint) tally_->add_daily(Daily::kComplaints, day(now));
  tally_->add_daily(Daily::kSubscriberChange, day(now), -1);
  if (first_entry_ >= 0) {
    tally_->unsubscribe.add_event(days_since_entry(now));
    segment_tally().unsubscribe.add_event(days_since_entry(now));
  }
}

}  // namespace xsellsim::models

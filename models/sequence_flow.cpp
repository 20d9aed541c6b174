// Sequence flow (docs/model.md, "Sequences"): entries and re-entries, steps and where they lead,
// conditions and waits, exits, and the policy (cap, priorities, quiet hours) over all sequences.
#include <algorithm>

#include "models/customer_life.hpp"
#include "models/policy.hpp"

namespace xsellsim::models {

void CustomerLife::exit_on_purchase(const Purchase& p) {
  for (std::size_t s = 0; s < entries_.size(); ++s) {
    Entry& entry = entries_[s];
    if (entry.entered < 0) continue;
    const Sequence& sequence = arm_.arm.sequences[s];
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

bool CustomerLife::may_enter(const Sequence& sequence, const Entry& entry, Time now,
                             std::int64_t price_cents) {
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
  for (std::uint16_t s : arm_.by_purchase[product]) {
    if (may_enter(arm_.arm.sequences[s], entries_[s], now, price_cents)) {
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
  const TriggerEvent event = arm_.arm.sequences[s].trigger_event;
  entry.converted_by_trigger = event != TriggerEvent::kPurchase;
  entry.converted_by_any = event == TriggerEvent::kBroadcast;
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
  if (arm_.arm.sends) schedule_step(simulation, s, 0, now);
}

// A visit counts towards browse triggers (the `visits`-th within `window` enters) and a cart add
// starts the wait of cart triggers.
void CustomerLife::browse_triggers(CustomerSimulation& simulation, ProductIndex product,
                                   bool adds_to_cart) {
  const Time now = simulation.now();
  if (arm_.records_visits) visits_.emplace_back(product, now);
  for (std::uint16_t s : arm_.by_visit[product]) {
    const Sequence& sequence = arm_.arm.sequences[s];
    const auto recent = std::count_if(visits_.begin(), visits_.end(), [&](const auto& visit) {
      return visit.first == product && visit.second > now - sequence.window;
    });
    if (recent >= sequence.visits && may_enter(sequence, entries_[s], now, 0)) {
      enter(simulation, s, product);
    }
  }
  if (!adds_to_cart) return;
  for (std::uint16_t s : arm_.by_cart[product]) {
    const Time due = now + arm_.arm.sequences[s].wait;
    if (due <= world_.population.horizon) {
      simulation.schedule(due, Event::cart_abandoned(s, product));
    }
  }
}

// A broadcast goes to the customers who are customers by its send time: those acquired later
// never hear of it.
void CustomerLife::schedule_broadcasts(CustomerSimulation& simulation) {
  for (std::uint16_t s : arm_.broadcasts) {
    const Time at = arm_.arm.sequences[s].at;
    if (at >= traits_->acquired && at <= world_.population.horizon) {
      simulation.schedule(at, Event::broadcast(s));
    }
  }
}

// The audience is picked at the send, from what the customer has done by then; the holdout's
// customers are picked the same way (enter() sends them nothing), so the arms compare the same
// people.
void CustomerLife::broadcast(CustomerSimulation& simulation, std::uint16_t s) {
  const Sequence& sequence = arm_.arm.sequences[s];
  if (in_audience(sequence.audience, simulation.now()) &&
      may_enter(sequence, entries_[s], simulation.now(), 0)) {
    enter(simulation, s, kNoProduct);
  }
}

bool CustomerLife::in_audience(const Audience& audience, Time now) const {
  const auto& segments = audience.segments;
  if (!segments.empty() &&
      std::find(segments.begin(), segments.end(), traits_->segment) == segments.end()) {
    return false;
  }
  const Time last = *std::max_element(last_purchase_.begin(), last_purchase_.end());
  if (now - last < audience.since_last_min) return false;
  if (audience.since_last_max >= 0 && now - last > audience.since_last_max) return false;
  if (audience.bought_categories.empty()) return true;
  const Time since = audience.bought_within >= 0 ? now - audience.bought_within : 0;
  for (ProductIndex p = 0; p < last_purchase_.size(); ++p) {
    const auto& categories = audience.bought_categories;
    if (last_purchase_[p] >= since &&
        std::find(categories.begin(), categories.end(), arm_.catalog.product(p).category) !=
            categories.end()) {
      return true;
    }
  }
  return false;
}

void CustomerLife::cart_abandoned(CustomerSimulation& simulation, const Event& event) {
  const auto product = static_cast<ProductIndex>(event.index);
  const Sequence& sequence = arm_.arm.sequences[event.sequence];
  const Time added = simulation.now() - sequence.wait;
  if (last_purchase_[product] >= added) return;  // bought after all
  if (may_enter(sequence, entries_[event.sequence], simulation.now(), 0)) {
    enter(simulation, event.sequence, product);
  }
}

void CustomerLife::schedule_step(CustomerSimulation& simulation, std::uint16_t sequence,
                                 std::uint16_t step, Time after) {
  const auto& steps = arm_.arm.sequences[sequence].steps;
  if (step >= steps.size()) return;
  // `at` counts from entry, `delay` from the step before (or the branch): a step reached after
  // its `at` is due at once.
  Time due = steps[step].at >= 0 ? std::max(after, entries_[sequence].entered + steps[step].at)
                                 : after + steps[step].delay;
  if (steps[step].send_at >= 0) {
    due = next_clock_time(due, steps[step].send_at, world_.segments[traits_->segment].utc_offset);
  }
  Entry& entry = entries_[sequence];
  entry.held = 0;  // a new step: nothing has held it yet
  if (due <= world_.population.horizon) {
    simulation.schedule(due, Event::step_due(sequence, step, entry.generation));
    entry.next_due = due;
  }
}

void CustomerLife::go_on(CustomerSimulation& simulation, std::uint16_t sequence,
                         std::uint16_t step) {
  advance(simulation, sequence, step, following(sequence, step));
}

std::uint16_t CustomerLife::following(std::uint16_t sequence, std::uint16_t step) const {
  const std::uint16_t next = arm_.arm.sequences[sequence].steps[step].next;
  return next == kFollowingStep ? static_cast<std::uint16_t>(step + 1) : next;
}

void CustomerLife::advance(CustomerSimulation& simulation, std::uint16_t sequence,
                           std::uint16_t from, std::uint16_t to) {
  // A jump back repeats steps: their emails then draw new numbers (see send_email).
  if (to <= from) ++entries_[sequence].loops;
  schedule_step(simulation, sequence, to, simulation.now());
}

void CustomerLife::step_due(CustomerSimulation& simulation, const Event& event) {
  if (event.index != entries_[event.sequence].generation) return;  // from an earlier entry
  if (policy_lets_through(simulation, event)) send_step(simulation, event);
}

bool CustomerLife::policy_lets_through(CustomerSimulation& simulation, const Event& event) {
  const Policy& policy = world_.policy;
  const Time now = simulation.now();
  const Time offset = world_.segments[traits_->segment].utc_offset;
  Time allowed = after_quiet_hours(policy, now, offset);
  bool quiet = allowed != now;
  auto frees = cap_frees_at(policy, sends_, now);
  if (!frees && arm_.uses_priorities) frees = yields_to_priority(event, now);
  Entry& entry = entries_[event.sequence];
  StepTally& counts = tally_->steps[arm_.first_step[event.sequence] + event.step];
  if (frees) {
    if (!policy.capped_waits) {  // skipped: the sequence goes on as if it had been sent
      ++counts.capped_skipped;
      go_on(simulation, event.sequence, event.step);
      return false;
    }
    if ((entry.held & kHeldByCap) == 0) ++counts.capped_delayed;
    entry.held |= kHeldByCap;
    const Time after_cap = after_quiet_hours(policy, *frees, offset);
    quiet |= after_cap != *frees;
    allowed = std::max(allowed, after_cap);
  }
  if (quiet && (entry.held & kHeldByQuietHours) == 0) ++counts.quiet_delayed;
  if (quiet) entry.held |= kHeldByQuietHours;
  if (allowed == now) return true;
  if (allowed <= world_.population.horizon) {
    simulation.schedule(allowed, event);
    entry.next_due = allowed;
  }
  return false;
}

std::optional<Time> CustomerLife::yields_to_priority(const Event& event, Time now) const {
  const Policy& policy = world_.policy;
  const int priority = arm_.arm.sequences[event.sequence].priority;
  std::size_t reserved = 0;
  Time first_reserved = sim::kNever;
  for (std::size_t s = 0; s < entries_.size(); ++s) {
    const Entry& other = entries_[s];
    if (s == event.sequence || arm_.arm.sequences[s].priority <= priority || other.entered < 0 ||
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

void CustomerLife::send_step(CustomerSimulation& simulation, const Event& event) {
  const std::uint16_t sequence = event.sequence, step_index = event.step;
  Entry& entry = entries_[sequence];
  if (entry.exited || !subscribed_) return;
  const Time now = simulation.now();
  if (exits_now(arm_.arm.sequences[sequence], entry, now)) {
    entry.exited = true;
    return;
  }
  const Step& step = arm_.arm.sequences[sequence].steps[step_index];
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
                 arm_.catalog.product(visit.first).category == term.target;
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
        simulation.schedule(entry.wait_until,
                            Event::wait_timeout(event.sequence, event.step, entry.generation));
      }
      break;
    }
  }
}

void CustomerLife::wake_waiting(CustomerSimulation& simulation) {
  if (waiting_ == 0) return;
  for (std::size_t index = 0; index < entries_.size(); ++index) {
    const auto s = static_cast<std::uint16_t>(index);  // entries_ has one per sequence: 16 bits
    Entry& entry = entries_[s];
    if (entry.waiting < 0) continue;
    const auto step = static_cast<std::uint16_t>(entry.waiting);
    if (!entry.exited && !holds(arm_.arm.sequences[s].steps[step].condition, entry)) continue;
    entry.waiting = -1;
    --waiting_;
    if (entry.exited) continue;
    // Due now: it goes through the policy like any step, and its condition is checked again.
    entry.held = 0;
    simulation.schedule(simulation.now(), Event::step_due(s, step, entry.generation));
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

}  // namespace xsellsim::models

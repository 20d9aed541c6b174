// The email response (docs/model.md, "Email response"): what a step shows, whether it reaches
// the inbox, opens, clicks, the orders it brings at once, later and without a click, the harm of
// over-contact, unsubscribes and complaints.
#include <algorithm>
#include <cmath>

#include "models/customer_life.hpp"
#include "models/engagement.hpp"

namespace xsellsim::models {

void CustomerLife::choose_content(const Step& step, const Entry& entry, Time now) {
  items_.clear();
  auto show = [&](std::optional<ProductIndex> p) {
    if (p && arm_.catalog.released(*p, now)) items_.push_back(*p);
  };
  switch (step.recommendation) {
    case Recommendation::kProduct:
      show(step.product);
      break;
    case Recommendation::kTrigger:
      show(entry.trigger);
      break;
    case Recommendation::kTopComplement:
      arm_.catalog.top_released_complements(entry.trigger, now, 1, items_);
      break;
    case Recommendation::kBundle: {
      // After a browse or cart trigger the bundle is the product looked at with its complements,
      // so an order converts the entry; after a purchase, complements of what was bought.
      const auto size = static_cast<std::size_t>(step.bundle_size);
      if (!entry.converted_by_trigger) {
        arm_.catalog.top_released_complements(entry.trigger, now, size, items_);
      } else if (arm_.catalog.released(entry.trigger, now)) {
        // A refill edge (the product its own complement) would put the product in twice.
        arm_.catalog.top_released_complements(entry.trigger, now, size, items_);
        items_.erase(std::remove(items_.begin(), items_.end(), entry.trigger), items_.end());
        if (items_.size() > size - 1) items_.resize(size - 1);
        items_.insert(items_.begin(), entry.trigger);
      }
      break;
    }
    case Recommendation::kBestSeller:
      show(arm_.catalog.best_seller(now, entry.trigger));
      break;
    case Recommendation::kDynamic:
      if (visits_.empty()) {
        arm_.catalog.top_released_complements(entry.trigger, now, 1, items_);
      } else {
        show(visits_.back().first);
      }
      break;
  }
}

CustomerLife::EmailPrice CustomerLife::price_of(const Step& step, Time now) const {
  EmailPrice price;
  for (ProductIndex item : items_) {
    const double list = arm_.catalog.product(item).price;
    price.list_total += list;
    if (has_active_need(now, item)) price.needed_total += list;
  }
  price.discount = step.discount_amount > 0 && price.list_total > 0
                       ? std::min(1.0, step.discount_amount / price.list_total)
                       : step.discount;
  price.paid_share = step.bundle_price * (1.0 - price.discount);
  return price;
}

SendContext CustomerLife::context_of(const Step& step, const EmailPrice& price, Time now) const {
  SendContext context;
  context.fatigue = fatigue_.level(now);
  context.engagement = traits_->engagement;
  context.relevant = price.needed_total > 0;
  context.discount = price.discount;
  // What the customer weighs is the price asked for the email's items against the list price of
  // what they need: a bundle's share of the items' total, before any discount.
  const double asked = context.relevant ? step.bundle_price * price.list_total / price.needed_total
                                        : step.bundle_price;
  context.price_ratio = asked / traits_->price_tolerance;
  context.personalized = step.personalized_subject;
  context.social_proof = step.social_proof;
  context.preferred = arm_.prefers(traits_->segment, items_.front());
  context.demonstration = step.demonstration;
  context.trial = step.trial > 0;
  context.expiring = step.discount_expires > 0 && price.discount > 0;
  context.in_cart =
      std::any_of(items_.begin(), items_.end(), [&](ProductIndex item) { return in_cart(item); });
  return context;
}

// A re-entry's emails, and a step's repeats in a loop, draw their own numbers; the first entry's
// first pass keeps those of scenarios without re-entry or loops.
std::uint64_t CustomerLife::email_key(const Event& event) const {
  const Entry& entry = entries_[event.sequence];
  std::uint64_t key = purpose_key(Purpose::kEmail, event.sequence, event.step);
  if (entry.generation > 0) key = sim::mix(key, entry.generation);
  if (entry.loops > 0) key = sim::mix(key, std::uint64_t{1} << 32 | entry.loops);
  return key;
}

void CustomerLife::record_send(Time now, const Event& event, const Step& step,
                               StepTally& step_tally) {
  fatigue_.add(now, step.weight);
  sends_.push_back(now);
  tally_->add_daily(Daily::kSends, day(now));
  ++step_tally.sends;
  log_email(now, arm_.first_step[event.sequence] + event.step, EmailEventKind::kSend);
  ++segment_tally().sends;
  if (arm_.records_shown) {
    const std::uint32_t generation = entries_[event.sequence].generation;
    for (ProductIndex item : items_) shown_.push_back({event.sequence, generation, item});
  }
}

double CustomerLife::wearout_of(ProductIndex lead) {
  auto same = std::find_if(same_content_.begin(), same_content_.end(),
                           [&](const SameContent& c) { return c.product == lead; });
  if (same == same_content_.end()) {
    same_content_.push_back({lead, 1});
    return 0.0;
  }
  return std::log1p(static_cast<double>(same->emails++));
}

void CustomerLife::send_email(CustomerSimulation& simulation, const Event& event,
                              const Step& step) {
  const Time now = simulation.now();
  const std::size_t step_index = arm_.first_step[event.sequence] + event.step;
  StepTally& step_tally = tally_->steps[step_index];
  const Engagement& e = arm_.engagement[traits_->segment];
  const EmailPrice price = price_of(step, now);
  SendContext context = context_of(step, price, now);
  context.wearout = wearout_of(items_.front());
  record_send(now, event, step, step_tally);

  const std::uint64_t key = email_key(event);
  auto stream = key_.stream(key);
  EmailDraws u{};
  for (double* draw :
       {&u.inbox, &u.open, &u.click, &u.buy, &u.later, &u.delay, &u.exposure, &u.exposure_delay,
        &u.dropout, &u.unsubscribe, &u.complaint, &u.complaint_unsubscribes, &u.create_need}) {
    *draw = stream.uniform();
  }
  if (u.inbox >= inbox_probability(e, inbox_)) return;  // the spam folder: never seen
  tally_->add_daily(Daily::kDelivered, day(now));
  ++step_tally.delivered;
  log_email(now, step_index, EmailEventKind::kDeliver);
  context.opened = u.open < open_probability(e, context);
  if (context.opened) {
    inbox_.ignored_in_a_row = 0;
    tally_->add_daily(Daily::kOpens, day(now));
    ++step_tally.opens;
    log_email(now, step_index, EmailEventKind::kOpen);
    entries_[event.sequence].opened |= std::uint64_t{1} << event.step;
    touches_.push_back({now, step_index});
  } else {
    ++inbox_.ignored_in_a_row;
  }
  const bool clicked = context.opened && u.click < click_probability(e, context);
  const bool buys = clicked && respond_to_click(simulation, event, step, price, context, u, key);
  if (!buys) respond_to_exposure(simulation, step_index, context, u, key);
  if (u.dropout < dropout_probability(e, context)) dropped_out_ = true;
  unsubscribe_or_complain(now, context, u, step_index);
}

bool CustomerLife::respond_to_click(CustomerSimulation& simulation, const Event& event,
                                    const Step& step, const EmailPrice& price,
                                    const SendContext& context, const EmailDraws& u,
                                    std::uint64_t key) {
  const Time now = simulation.now();
  const Engagement& e = arm_.engagement[traits_->segment];
  const std::size_t step_index = arm_.first_step[event.sequence] + event.step;
  tally_->add_daily(Daily::kClicks, day(now));
  ++tally_->steps[step_index].clicks;
  ++segment_tally().clicks;
  log_email(now, step_index, EmailEventKind::kClick);
  entries_[event.sequence].clicked |= std::uint64_t{1} << event.step;
  if (context.relevant && u.buy < buy_probability(e, context)) {
    PendingOrder order{items_, price.paid_share, step.trial, key, step_index, false};
    if (u.later >= e.click_order_later) {
      place_click_order(simulation, order);
      return true;
    }
    // The order comes later (a second visit, a basket finished on another device).
    const double at =
        static_cast<double>(now) - static_cast<double>(e.click_order_delay) * std::log(u.delay);
    if (at <= static_cast<double>(world_.population.horizon)) {
      order.key = sim::mix(key, 0x6c);
      pending_.push_back(std::move(order));
      simulation.schedule(static_cast<Time>(at),
                          Event::email_order(static_cast<std::uint32_t>(pending_.size() - 1)));
    }
    return true;
  }
  // Not bought: a coupon (a discount with a validity) stays usable until it expires; a discount
  // without one is only the price of an order from the email.
  if (price.discount > 0 && step.discount_expires > 0) {
    for (ProductIndex item : items_) {
      offers_.push_back({item, 1.0 - price.discount, now + step.discount_expires});
    }
  }
  const double create_need = step.demonstration ? e.create_need_demonstration : e.create_need;
  if (!context.relevant && u.create_need < create_need) {
    const Entry& entry = entries_[event.sequence];
    const Complement* edge =
        entry.trigger == kNoProduct ? nullptr : arm_.catalog.edge(entry.trigger, items_.front());
    if (edge != nullptr) {
      auto need_stream = key_.stream(sim::mix(key, 0x4e));
      add_need(simulation, now, *edge, sim::mix(key, 0x4e), need_stream);
    }
  }
  return false;
}

// An email reminds the customer of this store (Sahni, Zou & Chintagunta: an offer works as
// advertising, and spills over to products it does not promote and to later days): with some
// chance they come back later without a click, and buy what they need then (exposure_visit).
void CustomerLife::respond_to_exposure(CustomerSimulation& simulation, std::size_t step,
                                       const SendContext& context, const EmailDraws& u,
                                       std::uint64_t key) {
  const Engagement& e = arm_.engagement[traits_->segment];
  // An offer is news: it brings people back more often than the email's content alone. A store
  // mailed recently is already in mind: the reminder pulls less (Sahni 2015's memory model).
  const double chance = (context.opened ? e.exposure_open : e.exposure_delivered) *
                        (context.discount > 0 ? e.exposure_offer : 1.0) *
                        std::exp(e.exposure_fatigue * context.fatigue);
  if (u.exposure >= chance) return;
  const double at = static_cast<double>(simulation.now()) -
                    static_cast<double>(e.exposure_delay) * std::log(u.exposure_delay);
  if (at > static_cast<double>(world_.population.horizon)) return;
  pending_.push_back({items_, 1.0, 0, sim::mix(key, 0x65), step, true});
  simulation.schedule(static_cast<Time>(at),
                      Event::email_order(static_cast<std::uint32_t>(pending_.size() - 1)));
}

void CustomerLife::place_click_order(CustomerSimulation& simulation, const PendingOrder& order) {
  ++tally_->steps[order.step].orders;
  log_email(simulation.now(), order.step, EmailEventKind::kOrder, order.items.front());
  const std::vector<ProductIndex> bought = order.items;  // purchase() must not see a member
  for (std::size_t i = 0; i < bought.size(); ++i) {
    const double list_price = arm_.catalog.product(bought[i]).price;
    const auto paid = std::llround(list_price * order.paid_share * 100.0);
    const std::uint64_t key = i == 0 ? order.key : sim::mix(order.key, 0x62 + i);
    purchase(simulation, {bought[i], paid, std::llround(list_price * 100.0) - paid, key,
                          PurchaseOrigin::kClick, order.trial});
  }
}

void CustomerLife::pending_order_due(CustomerSimulation& simulation, std::uint32_t index) {
  // Copied: purchases may add pending orders and so move this one.
  const PendingOrder order = pending_[index];
  if (order.exposure) {
    exposure_visit(simulation, order);
  } else if (needs_any(simulation.now(), order.items)) {  // else met or forgotten meanwhile
    place_click_order(simulation, order);
  }
}

// The visit an exposure brings buys the products shown that are still needed, else the need
// formed first (what an occasion would buy); nothing when nothing is needed any more.
void CustomerLife::exposure_visit(CustomerSimulation& simulation, const PendingOrder& order) {
  const Time now = simulation.now();
  const bool shown_needed = needs_any(now, order.items);
  const std::optional<std::uint32_t> other = shown_needed ? std::nullopt : need_for_occasion(now);
  if (!shown_needed && !other) return;
  ++tally_->steps[order.step].exposure_orders;
  auto buy = [&](ProductIndex product, std::uint64_t key) {
    Purchase p = priced_purchase(now, product, key);
    p.origin = PurchaseOrigin::kExposure;
    purchase(simulation, p);
  };
  if (other) {
    buy(needs_[*other].product, sim::mix(order.key, 0x6f));
    return;
  }
  for (std::size_t i = 0; i < order.items.size(); ++i) {
    if (has_active_need(now, order.items[i])) buy(order.items[i], sim::mix(order.key, i));
  }
}

void CustomerLife::unsubscribe_or_complain(Time now, const SendContext& context,
                                           const EmailDraws& u, std::size_t step) {
  const Engagement& e = arm_.engagement[traits_->segment];
  if (u.complaint < complaint_probability(e, context)) {
    ++inbox_.complaints;
    tally_->add_daily(Daily::kComplaints, day(now));
    ++tally_->steps[step].complaints;
    log_email(now, step, EmailEventKind::kComplaint);
    // Providers with a feedback loop tell the store, which unsubscribes the complainer; the
    // others only file this customer's later emails as spam more often.
    if (u.complaint_unsubscribes < e.complaint_unsubscribes) unsubscribe(now, step);
    return;
  }
  if (u.unsubscribe < unsubscribe_probability(e, context)) unsubscribe(now, step);
}

void CustomerLife::unsubscribe(Time now, std::size_t step) {
  subscribed_ = false;
  tally_->add_daily(Daily::kUnsubscribes, day(now));
  ++tally_->steps[step].unsubscribes;
  log_email(now, step, EmailEventKind::kUnsubscribe);
  tally_->add_daily(Daily::kSubscriberChange, day(now), -1);
  if (first_entry_ >= 0) {
    tally_->unsubscribe.add_event(days_since_entry(now));
    segment_tally().unsubscribe.add_event(days_since_entry(now));
  }
}

}  // namespace xsellsim::models

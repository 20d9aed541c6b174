#pragma once
// One customer's life under one arm: purchase occasions and the needs that decide what they buy,
// sequence entries and the emails of the arm's sequences, from acquisition to the horizon. This is
// the model's whole contract with the kernel: an Event payload and a handler for it.
//
// The member functions live in files along the model's mechanisms:
//   customer_life.cpp   the life as a whole: dispatch, purchases, returns, the horizon's accounts
//   needs.cpp           complement needs, what an occasion buys, category visits
//   sequence_flow.cpp   entries, steps, conditions, exits and the policy
//   email_response.cpp  content, delivery, opens, clicks, orders, exposure, harm, unsubscribes
//   attribution.cpp     crediting orders to the emails opened before them
#include <cstdint>
#include <optional>
#include <vector>

#include "models/compiled_arm.hpp"
#include "models/customer.hpp"
#include "models/engagement.hpp"
#include "models/fatigue.hpp"
#include "models/life_log.hpp"
#include "models/metrics.hpp"
#include "models/parameters.hpp"
#include "sim/simulation.hpp"

namespace xsellsim::models {

enum class EventKind : std::uint8_t {
  kOccasion,       // a BG/NBD purchase occasion
  kStepDue,        // a sequence's step is due
  kBrowse,         // a category visit driven by a need
  kCartAbandoned,  // `wait` after a cart add of a cart trigger's product
  kWaitTimeout,    // a waiting step gives up
  kEmailOrder,     // an order that follows an email later (after a click, or from exposure)
  kBroadcast,      // a broadcast's send time: the audience is picked now
};

// What the kernel carries: 8 bytes, with a named constructor for each kind that says what the
// fields mean for it.
struct Event {
  EventKind kind = EventKind::kOccasion;
  bool flag = false;  // kBrowse: the visit adds to the cart
  std::uint16_t sequence = 0;
  std::uint16_t step = 0;
  std::uint32_t index = 0;  // the occasion, need, product, generation or pending order

  static Event occasion(std::uint32_t position) {
    return {EventKind::kOccasion, false, 0, 0, position};
  }
  static Event step_due(std::uint16_t sequence, std::uint16_t step, std::uint32_t generation) {
    return {EventKind::kStepDue, false, sequence, step, generation};
  }
  static Event browse(std::uint32_t need, bool adds_to_cart) {
    return {EventKind::kBrowse, adds_to_cart, 0, 0, need};
  }
  static Event cart_abandoned(std::uint16_t sequence, ProductIndex product) {
    return {EventKind::kCartAbandoned, false, sequence, 0, product};
  }
  static Event wait_timeout(std::uint16_t sequence, std::uint16_t step, std::uint32_t generation) {
    return {EventKind::kWaitTimeout, false, sequence, step, generation};
  }
  static Event email_order(std::uint32_t pending) {
    return {EventKind::kEmailOrder, false, 0, 0, pending};
  }
  static Event broadcast(std::uint16_t sequence) {
    return {EventKind::kBroadcast, false, sequence, 0, 0};
  }
};
static_assert(sizeof(Event) == 12, "an Event stays three words: the queue moves many");

using CustomerSimulation = sim::Simulation<Event>;

class CustomerLife {
 public:
  explicit CustomerLife(const CompiledArm& arm);

  // Simulates the customer from acquisition to the horizon and adds what happened to `tally`.
  void simulate(const CustomerKey& key, const Traits& traits, const OrganicTimeline& timeline,
                CustomerSimulation& simulation, ArmTally& tally);

  void operator()(CustomerSimulation& simulation, const Event& event);

  // Reports every order line and email event of the lives simulated from now on to `log` (none:
  // nullptr). The log must outlive those calls.
  void set_log(LifeLog* log) { log_ = log; }

 private:
  struct Need {
    ProductIndex product = 0;
    Time formed = 0;
    Time ends = 0;             // when its life ends: bought elsewhere or forgotten
    std::uint64_t key = 0;     // identifies the need's causal chain: keys its purchase's streams
    std::uint32_t visits = 0;  // category visits so far: numbers the browse streams
    bool done = false;         // bought here
  };
  struct Entry {
    Time entered = -1;             // -1: not entered
    std::uint32_t generation = 0;  // entries so far: a step due from an earlier one is dropped
    ProductIndex trigger = 0;
    bool converted_by_trigger = false;      // browse and cart entries convert by buying the trigger
    bool converted_by_any = false;          // broadcast entries convert by any purchase
    std::uint64_t opened = 0, clicked = 0;  // bit j: step j's email (for conditions)
    bool purchased = false;                 // converted since this entry
    bool exited = false;
    std::int32_t waiting = -1;  // the step waiting for its condition (OnFail::kWait), if any
    Time wait_until = -1;
    Time next_due = -1;                   // when its next step is due (priorities)
    Time trigger_returned = sim::kNever;  // when the trigger purchase comes back
    std::uint32_t loops = 0;              // jumps back to an earlier step so far
    std::uint8_t held = 0;  // what has held the step now due (kHeldByCap, kHeldByQuietHours)
  };
  static constexpr std::uint8_t kHeldByCap = 1, kHeldByQuietHours = 2;
  enum class PurchaseOrigin : std::uint8_t { kOrganic, kClick, kExposure };
  struct Purchase {
    ProductIndex product = 0;
    std::int64_t price_cents = 0;     // paid
    std::int64_t discount_cents = 0;  // taken off the list price
    std::uint64_t key = 0;            // identifies the purchase: keys its needs and its return
    PurchaseOrigin origin = PurchaseOrigin::kOrganic;
    Time trial = 0;  // a free trial this long: returned at the trial rate within it
  };
  struct Shown {  // a product an entry's email showed (exit on buying the recommended item)
    std::uint16_t sequence;
    std::uint32_t generation;
    ProductIndex product;
  };
  struct Offer {  // a discount from a clicked email, usable on a later purchase until `until`
    ProductIndex product;
    double paid_share;
    Time until;
  };
  // An order that follows an email later: a click order placed after a delay (at the email's
  // price), or an exposure order (no click, list price). It happens only if the customer still
  // needs the product then.
  struct PendingOrder {
    std::vector<ProductIndex> items;
    double paid_share;  // of list price (click orders; exposure orders pay the organic price)
    Time trial;
    std::uint64_t key;
    std::size_t step;  // in ArmTally::steps
    bool exposure;
  };
  // The price of what an email shows, and whether the customer needs any of it now.
  struct EmailPrice {
    double list_total = 0;    // the items' list prices
    double needed_total = 0;  // of the items the customer needs now
    double discount = 0;      // fraction taken off the price asked
    double paid_share = 1;    // of the list total: bundle price less the discount
  };
  // Every uniform an email uses, drawn up front in a fixed order, so that what happens on one
  // branch never shifts the numbers of another.
  struct EmailDraws {
    double inbox, open, click, buy, later, delay, exposure, exposure_delay, dropout, unsubscribe,
        complaint, complaint_unsubscribes, create_need;
  };
  struct SameContent {  // how many emails have shown a product as their lead item (wear-out)
    ProductIndex product;
    std::uint32_t emails;
  };
  struct Touch {
    Time time;
    std::size_t step;
  };

  // customer_life.cpp
  void reset(const CustomerKey& key, const Traits& traits, const OrganicTimeline& timeline,
             ArmTally& tally);
  void close_accounts();
  void purchase(CustomerSimulation& simulation, const Purchase& p);
  void count_cross_sell(Time now, const Purchase& p, const std::optional<Time>& returned);
  // At list price, or at a clicked email's offer while it is valid.
  Purchase priced_purchase(Time now, ProductIndex product, std::uint64_t key);
  std::optional<Time> record_return(Time now, const Purchase& p, bool cross_sell);
  [[nodiscard]] SegmentTally& segment_tally() { return tally_->segments[traits_->segment]; }
  [[nodiscard]] static std::size_t day(Time t) { return static_cast<std::size_t>(sim::day_of(t)); }
  [[nodiscard]] std::size_t days_since_entry(Time t) const {
    return static_cast<std::size_t>(sim::day_of(t - first_entry_));
  }

  // needs.cpp
  void occasion(CustomerSimulation& simulation, std::uint32_t position);
  // The need an occasion at `now` meets: the active one formed first; nullopt when none.
  [[nodiscard]] std::optional<std::uint32_t> need_for_occasion(Time now) const;
  void create_needs(CustomerSimulation& simulation, ProductIndex product,
                    std::uint64_t purchase_key);
  void add_need(CustomerSimulation& simulation, Time formed, const Complement& edge,
                std::uint64_t key, sim::RandomStream& stream);
  // Marks the customer's active needs for `product` met; true if a later occasion of the
  // customer's would have met one of them here anyway.
  bool consume_need(Time now, ProductIndex product);
  [[nodiscard]] bool occasion_within(Time after, Time before) const;
  void schedule_visit(CustomerSimulation& simulation, std::uint32_t index, Time after);
  void browse(CustomerSimulation& simulation, std::uint32_t index, bool adds_to_cart);
  [[nodiscard]] bool has_active_need(Time now, ProductIndex product) const;
  [[nodiscard]] bool needs_any(Time now, const std::vector<ProductIndex>& items) const;
  [[nodiscard]] bool in_cart(ProductIndex product) const {
    return last_cart_add_[product] > last_purchase_[product];
  }

  // sequence_flow.cpp
  void enter_sequences(CustomerSimulation& simulation, ProductIndex product,
                       std::int64_t price_cents, Time returned);
  void enter(CustomerSimulation& simulation, std::uint16_t sequence, ProductIndex product,
             Time trigger_returned = sim::kNever);
  void exit_on_purchase(const Purchase& p);
  [[nodiscard]] bool converts(const Entry& entry, ProductIndex product) const {
    if (entry.converted_by_any) return true;
    return entry.converted_by_trigger ? product == entry.trigger
                                      : arm_.catalog.is_complement(entry.trigger, product);
  }
  // Schedules the arm's broadcasts sent between the customer's acquisition and the horizon.
  void schedule_broadcasts(CustomerSimulation& simulation);
  void broadcast(CustomerSimulation& simulation, std::uint16_t sequence);
  [[nodiscard]] bool in_audience(const Audience& audience, Time now) const;
  void browse_triggers(CustomerSimulation& simulation, ProductIndex product, bool adds_to_cart);
  void cart_abandoned(CustomerSimulation& simulation, const Event& event);
  [[nodiscard]] bool holds(const Condition& condition, const Entry& entry) const;
  // Applies a failed condition's consequence (skip, stop, branch or wait).
  void condition_failed(CustomerSimulation& simulation, const Event& event, const Step& step);
  // Sends the steps waiting for a condition that now holds (after a purchase or a visit).
  void wake_waiting(CustomerSimulation& simulation);
  void wait_timed_out(CustomerSimulation& simulation, const Event& event);
  [[nodiscard]] bool exits_now(const Sequence& sequence, const Entry& entry, Time now) const;
  [[nodiscard]] static bool may_enter(const Sequence& sequence, const Entry& entry, Time now,
                                      std::int64_t price_cents);
  void schedule_step(CustomerSimulation& simulation, std::uint16_t sequence, std::uint16_t step,
                     Time after);
  // Moves the sequence on from step `from` (sent, skipped or timed out) to `to`.
  void advance(CustomerSimulation& simulation, std::uint16_t sequence, std::uint16_t from,
               std::uint16_t to);
  // Moves the sequence on from `step` to where that step leads (sent, skipped or timed out).
  void go_on(CustomerSimulation& simulation, std::uint16_t sequence, std::uint16_t step);
  [[nodiscard]] std::uint16_t following(std::uint16_t sequence, std::uint16_t step) const;
  void step_due(CustomerSimulation& simulation, const Event& event);
  // Applies the policy to an email due now: true when it may go out now; otherwise the email has
  // been rescheduled (quiet hours, a cap that waits) or skipped (a cap that skips).
  [[nodiscard]] bool policy_lets_through(CustomerSimulation& simulation, const Event& event);
  // Under a cap, the time after which a lower-priority email may retry when it would leave no
  // room for higher-priority emails due within the cap window; nullopt when it may go now.
  [[nodiscard]] std::optional<Time> yields_to_priority(const Event& event, Time now) const;
  void send_step(CustomerSimulation& simulation, const Event& event);

  // email_response.cpp
  // Fills items_ with what the step shows now: empty when nothing of it is released yet.
  void choose_content(const Step& step, const Entry& entry, Time now);
  [[nodiscard]] EmailPrice price_of(const Step& step, Time now) const;
  [[nodiscard]] SendContext context_of(const Step& step, const EmailPrice& price, Time now) const;
  [[nodiscard]] std::uint64_t email_key(const Event& event) const;
  void record_send(Time now, const Event& event, const Step& step, StepTally& step_tally);
  void send_email(CustomerSimulation& simulation, const Event& event, const Step& step);
  // After a click: an order now or later, a coupon kept, or (rarely) a need created. True when
  // the customer decided to buy.
  bool respond_to_click(CustomerSimulation& simulation, const Event& event, const Step& step,
                        const EmailPrice& price, const SendContext& context, const EmailDraws& u,
                        std::uint64_t key);
  void respond_to_exposure(CustomerSimulation& simulation, std::size_t step,
                           const SendContext& context, const EmailDraws& u, std::uint64_t key);
  void unsubscribe_or_complain(Time now, const SendContext& context, const EmailDraws& u,
                               std::size_t step);
  void place_click_order(CustomerSimulation& simulation, const PendingOrder& order);
  void pending_order_due(CustomerSimulation& simulation, std::uint32_t index);
  void exposure_visit(CustomerSimulation& simulation, const PendingOrder& order);
  // ln(1 + earlier emails whose lead item was `lead`), counting this one.
  double wearout_of(ProductIndex lead);
  void unsubscribe(Time now, std::size_t step);
  // For the events of the email being sent: its lead item is items_.front().
  void log_email(Time now, std::size_t step, EmailEventKind kind) const {
    if (log_ != nullptr) log_email(now, step, kind, items_.empty() ? kNoProduct : items_.front());
  }
  void log_email(Time now, std::size_t step, EmailEventKind kind, ProductIndex lead) const {
    if (log_ != nullptr) log_->email_event({now, step, kind, lead});
  }

  // attribution.cpp
  void attribute(Time now, std::int64_t cents);

  const CompiledArm& arm_;
  const World& world_;

  // The customer being simulated (reset() starts each customer afresh).
  CustomerKey key_;
  const Traits* traits_ = nullptr;
  const OrganicTimeline* timeline_ = nullptr;
  ArmTally* tally_ = nullptr;
  LifeLog* log_ = nullptr;
  FatigueStock fatigue_;
  bool subscribed_ = false;
  bool dropped_out_ = false;  // an email ended the customer's organic purchasing here (harm)
  InboxHistory inbox_;
  std::vector<Need> needs_;
  std::vector<Entry> entries_;  // [sequence]
  Time first_entry_ = -1;
  Entry first_entry_kind_;  // the first entry: what converts the customer
  bool converted_ = false;
  bool retained_ = false;       // bought again 91 to 180 days after entry
  std::vector<Touch> touches_;  // opened emails, in time order, for attribution
  std::vector<Time> sends_;     // the customer's emails so far, for the frequency cap
  std::vector<std::pair<ProductIndex, Time>> visits_;  // for browse triggers, in time order
  std::vector<Time> last_purchase_;                    // [product], -1: never (cart triggers)
  std::vector<Time> last_cart_add_;                    // [product], -1: never
  std::vector<Shown> shown_;
  std::vector<Offer> offers_;
  std::vector<PendingOrder> pending_;
  std::vector<SameContent> same_content_;
  std::size_t waiting_ = 0;          // entries with a step waiting for its condition
  std::vector<ProductIndex> items_;  // what the email being sent shows
};

}  // namespace xsellsim::models

#pragma once
// One customer's life under one arm: organic purchases, the needs they create, sequence entries
// and the emails of the arm's sequences, from acquisition to the horizon. This is the model's
// whole contract with the kernel: an Event payload and a handler for it.
#include <cstdint>
#include <optional>
#include <vector>

#include "models/catalog.hpp"
#include "models/customer.hpp"
#include "models/fatigue.hpp"
#include "models/metrics.hpp"
#include "models/parameters.hpp"
#include "sim/simulation.hpp"

namespace xsellsim::models {

enum class EventKind : std::uint8_t {
  kOrganicPurchase,  // index: position in the organic timeline
  kNeedResolves,     // index: the need; it is bought here, bought elsewhere or fades
  kStepDue,          // sequence, step; index: the entry's generation (re-entries start anew)
  kBrowse,           // index: the need that drives the visit; step: 1 if it adds to the cart
  kCartAbandoned,    // sequence; index: the product; step unused. Due `wait` after a cart add
  kWaitTimeout,      // sequence, step; index: the generation. A waiting step gives up
};

struct Event {
  EventKind kind;
  std::uint16_t sequence = 0;
  std::uint16_t step = 0;
  std::uint32_t index = 0;
};

using CustomerSimulation = sim::Simulation<Event>;

class CustomerLife {
 public:
  CustomerLife(const World& world, const Catalog& catalog, const Arm& arm);

  // Simulates the customer from acquisition to the horizon and adds what happened to `tally`.
  void simulate(const CustomerKey& key, const Traits& traits,
                const std::vector<OrganicPurchase>& timeline, CustomerSimulation& simulation,
                ArmTally& tally);

  void operator()(CustomerSimulation& simulation, const Event& event);

 private:
  enum class NeedOutcome : std::uint8_t { kBoughtHere, kBoughtElsewhere, kFades };
  struct Need {
    ProductIndex product;
    Time formed;
    Time resolves;
    NeedOutcome outcome;
    std::uint64_t key;         // identifies the need's causal chain: keys its purchase's streams
    std::uint32_t visits = 0;  // category visits so far: numbers the browse streams
    bool done = false;
  };
  struct Entry {
    Time entered = -1;             // -1: not entered
    std::uint32_t generation = 0;  // entries so far: a step due from an earlier one is dropped
    ProductIndex trigger = 0;
    bool converted_by_trigger = false;      // browse and cart entries convert by buying the trigger
    std::uint64_t opened = 0, clicked = 0;  // bit j: step j's email (for conditions)
    bool purchased = false;                 // converted since this entry
    bool exited = false;
    std::int32_t waiting = -1;  // the step waiting for its condition (OnFail::kWait), if any
    Time wait_until = -1;
    Time next_due = -1;                   // when its next step is due (priorities)
    Time trigger_returned = sim::kNever;  // when the trigger purchase comes back
    std::uint32_t loops = 0;              // jumps back to an earlier step so far
  };
  struct Purchase {
    ProductIndex product;
    std::int64_t price_cents;     // paid
    std::int64_t discount_cents;  // taken off the list price
    std::uint64_t key;            // identifies the purchase: keys its needs and its return
    bool from_email = false;
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

  void purchase(CustomerSimulation& simulation, const Purchase& p);
  // An organic purchase: at list price, or at a clicked email's offer while it is valid.
  Purchase organic_purchase(Time now, ProductIndex product, std::uint64_t key);
  void exit_on_purchase(const Purchase& p);
  // Draws whether the purchase comes back; its return time if it does within the run.
  std::optional<Time> record_return(Time now, const Purchase& p, bool cross_sell);
  void create_needs(CustomerSimulation& simulation, ProductIndex product,
                    std::uint64_t purchase_key);
  void add_need(CustomerSimulation& simulation, Time formed, const Complement& edge,
                std::uint64_t key, sim::RandomStream& stream);
  // Marks the customer's active needs for `product` met; true if one would have been bought here.
  bool consume_need(Time now, ProductIndex product);
  void schedule_visit(CustomerSimulation& simulation, std::uint32_t need, Time after);
  void browse(CustomerSimulation& simulation, std::uint32_t need, bool adds_to_cart);
  [[nodiscard]] bool has_active_need(Time now, ProductIndex product) const;
  void enter_sequences(CustomerSimulation& simulation, ProductIndex product,
                       std::int64_t price_cents, Time returned);
  void enter(CustomerSimulation& simulation, std::uint16_t sequence, ProductIndex product,
             Time trigger_returned = sim::kNever);
  [[nodiscard]] bool converts(const Entry& entry, ProductIndex product) const {
    return entry.converted_by_trigger ? product == entry.trigger
                                      : catalog_.is_complement(entry.trigger, product);
  }
  void browse_triggers(CustomerSimulation& simulation, ProductIndex product, bool adds_to_cart);
  void cart_abandoned(CustomerSimulation& simulation, const Event& event);
  [[nodiscard]] bool holds(const Condition& condition, const Entry& entry) const;
  // Applies a failed condition's consequence (skip, stop, branch or wait).
  void condition_failed(CustomerSimulation& simulation, const Event& event, const Step& step);
  // Sends the steps waiting for a condition that now holds (after a purchase or a visit).
  void wake_waiting(CustomerSimulation& simulation);
  void wait_timed_out(CustomerSimulation& simulation, const Event& event);
  [[nodiscard]] bool exits_now(const Sequence& sequence, const Entry& entry, Time now) const;
  [[nodiscard]] bool may_enter(const Sequence& sequence, const Entry& entry, Time now,
                               std::int64_t price_cents) const;
  void schedule_step(CustomerSimulation& simulation, std::uint16_t sequence, std::uint16_t step,
                     Time after);
  // Moves the sequence on from step `from` (sent, skipped or timed out) to `to`.
  void advance(CustomerSimulation& simulation, std::uint16_t sequence, std::uint16_t from,
               std::uint16_t to);
  // Moves the sequence on from `step` to where that step leads (sent, skipped or timed out).
  void go_on(CustomerSimulation& simulation, std::uint16_t sequence, std::uint16_t step);
  [[nodiscard]] std::uint16_t following(std::uint16_t sequence, std::uint16_t step) const;
  void send_step(CustomerSimulation& simulation, const Event& event);
  // Whether the policy holds the email back now: it is then rescheduled (or skipped).
  [[nodiscard]] bool held_by_policy(CustomerSimulation& simulation, const Event& event);
  // Under a cap, the time after which a lower-priority email may retry when it would leave no
  // room for higher-priority emails due within the cap window; nullopt when it may go now.
  [[nodiscard]] std::optional<Time> yields_to_priority(const Event& event, Time now) const;
  void unsubscribe(Time now, bool complaint);
  void attribute(Time now, std::int64_t cents);
  [[nodiscard]] SegmentTally& segment_tally() { return tally_->segments[traits_->segment]; }
  // Fills items_ with what the step shows now: empty when nothing of it is released yet.
  void choose_content(const Step& step, const Entry& entry, Time now);
  void send_email(CustomerSimulation& simulation, const Event& event, const Step& step);
  [[nodiscard]] std::size_t day(Time t) const { return static_cast<std::size_t>(sim::day_of(t)); }
  [[nodiscard]] std::size_t days_since_entry(Time t) const {
    return static_cast<std::size_t>(sim::day_of(t - first_entry_));
  }

  const World& world_;
  const Catalog& catalog_;
  const Arm& arm_;
  std::vector<std::vector<std::uint16_t>> sequences_by_trigger_;  // [product] -> sequences
  std::vector<std::vector<std::uint16_t>> sequences_by_visit_;    // browse triggers
  std::vector<std::vector<std::uint16_t>> sequences_by_cart_;     // cart triggers
  std::vector<std::size_t> first_step_;  // [sequence]: index of its first step in ArmTally::steps
  std::vector<Engagement> engagement_;   // [segment]: the coefficients with its baselines
  std::vector<char> preferred_;          // [segment * categories + category]
  bool uses_priorities_ = false;         // a cap and sequences of different priorities
  bool records_shown_ = false;           // a sequence exits on buying what it showed

  // The customer being simulated.
  CustomerKey key_;
  const Traits* traits_ = nullptr;
  const std::vector<OrganicPurchase>* timeline_ = nullptr;
  ArmTally* tally_ = nullptr;
  FatigueStock fatigue_;
  bool subscribed_ = false;
  std::vector<Need> needs_;
  std::vector<Entry> entries_;  // [sequence]
  Time first_entry_ = -1;
  Entry first_entry_kind_;  // the first entry: what converts the customer
  bool converted_ = false;
  bool retained_ = false;  // bought again 91 to 180 days after entry
  struct Touch {
    Time time;
    std::size_t step;
  };
  std::vector<Touch> touches_;  // opened emails, in time order, for attribution
  std::vector<Time> sends_;     // the customer's emails so far, for the frequency cap
  bool records_visits_ = false;
  std::vector<std::pair<ProductIndex, Time>> visits_;  // for browse triggers, in time order
  std::vector<Time> last_purchase_;                    // [product], -1: never (cart triggers)
  std::vector<Shown> shown_;
  std::vector<Offer> offers_;
  std::size_t waiting_ = 0;          // entries with a step waiting for its condition
  std::vector<ProductIndex> items_;  // what the email being sent shows
};

}  // namespace xsellsim::models

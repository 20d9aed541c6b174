#pragma once
// One customer's life under one arm: organic purchases, the needs they create, sequence entries
// and the emails of the arm's sequences, from acquisition to the horizon. This is the model's
// whole contract with the kernel: an Event payload and a handler for it.
#include <cstdint>
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
  };
  struct Purchase {
    ProductIndex product;
    std::int64_t price_cents;     // paid
    std::int64_t discount_cents;  // taken off the list price
    std::uint64_t key;            // identifies the purchase: keys its needs and its return
    bool from_email = false;
  };

  void purchase(CustomerSimulation& simulation, const Purchase& p);
  // Draws whether the purchase comes back; true if it does within the run.
  bool record_return(Time now, const Purchase& p, bool cross_sell);
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
                       std::int64_t price_cents);
  void enter(CustomerSimulation& simulation, std::uint16_t sequence, ProductIndex product);
  [[nodiscard]] bool converts(const Entry& entry, ProductIndex product) const {
    return entry.converted_by_trigger ? product == entry.trigger
                                      : catalog_.is_complement(entry.trigger, product);
  }
  void browse_triggers(CustomerSimulation& simulation, ProductIndex product, bool adds_to_cart);
  void cart_abandoned(CustomerSimulation& simulation, const Event& event);
  [[nodiscard]] bool holds(const Condition& condition, const Entry& entry) const;
  // Applies a failed condition's consequence (skip, stop or branch).
  void condition_failed(CustomerSimulation& simulation, const Event& event, const Step& step);
  [[nodiscard]] bool may_enter(const Sequence& sequence, const Entry& entry, Time now,
                               std::int64_t price_cents) const;
  void schedule_step(CustomerSimulation& simulation, std::uint16_t sequence, std::uint16_t step,
                     Time after);
  void send_step(CustomerSimulation& simulation, const Event& event);
  // Whether the policy holds the email back now: it is then rescheduled (or skipped).
  [[nodiscard]] bool held_by_policy(CustomerSimulation& simulation, const Event& event);
  void unsubscribe(Time now, bool complaint);
  void attribute(Time now, std::int64_t cents);
  [[nodiscard]] SegmentTally& segment_tally() { return tally_->segments[traits_->segment]; }
  [[nodiscard]] ProductIndex recommended_product(const Step& step, const Entry& entry) const;
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
};

}  // namespace xsellsim::models

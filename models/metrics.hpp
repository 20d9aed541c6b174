#pragma once
// What a run counts. Every tally is an integer (money in cents), so merging tallies from blocks of
// customers gives the same bytes in any order and for any number of threads.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace xsellsim::models {

// Calendar-day series, indexed [day since the start of the run].
enum class Daily : std::uint8_t {
  kSends,
  kDelivered,  // emails that reached the inbox (not the spam folder)
  kOpens,
  kClicks,
  kPurchases,           // every order placed, a customer's first (acquisition) order included
  kCrossSellPurchases,  // orders of a complement of an entrant's trigger product, after entry
  kRevenueCents,        // paid for the day's orders, net of discounts
  kDiscountCents,       // taken off the day's orders by email offers
  kRefundCents,         // paid back for the day's returns
  kReturns,
  kUnsubscribes,
  kComplaints,         // complaints (each also counted as an unsubscribe)
  kSubscriberChange,   // +1 on a subscribed customer's acquisition day, -1 on unsubscribing
  kBrowses,            // category visits by customers with an active need
  kCartAdds,           // visits that put the needed product in the cart
  kEmailPurchases,     // orders placed from an email click, at once or later
  kPulledForward,      // email orders of a need an occasion of the customer's would have met here
  kExposurePurchases,  // orders an email brought without a click (exposure)
  kCount
};
inline constexpr std::size_t kDailyCount = static_cast<std::size_t>(Daily::kCount);

// Time-to-event data by whole day since entry, with right censoring at the end of the run.
struct SurvivalTally {
  std::vector<std::int64_t> events;    // [day]: entrants whose event fell on that day
  std::vector<std::int64_t> censored;  // [day]: entrants last observed on that day, no event yet

  explicit SurvivalTally(std::size_t days = 0) : events(days, 0), censored(days, 0) {}
  // The day of the latest add_event: the runner reads it after each customer (to pair arms
  // customer by customer) and resets it before; not a count, so never merged nor saved.
  static constexpr std::size_t kNoEvent = static_cast<std::size_t>(-1);
  std::size_t last_event_day = kNoEvent;

  void add_event(std::size_t day) {
    ++events[day];
    last_event_day = day;
  }
  void add_censored(std::size_t day) { ++censored[day]; }
  void merge(const SurvivalTally& other);
  // Kaplan-Meier estimate of the share with the event by the end of each day, 1 - S(day).
  // Without censoring it is exactly the cumulative fraction of entrants.
  [[nodiscard]] std::vector<double> cumulative_incidence() const;
};

// How the cross-sell revenue of an entrant is credited to the emails the customer opened before
// the purchase (docs/model.md, "Attribution").
enum class Attribution : std::uint8_t { kLastTouch, kFirstTouch, kLinear, kTimeDecay, kCount };
inline constexpr std::size_t kAttributionCount = static_cast<std::size_t>(Attribution::kCount);

// One step of an arm's sequences (all sequences' steps, in order).
struct StepTally {
  std::int64_t sends = 0;
  std::int64_t opens = 0;
  std::int64_t clicks = 0;
  std::int64_t orders = 0;     // orders placed from a click on this step's email, at once or later
  std::int64_t delivered = 0;  // emails that reached the inbox
  std::int64_t exposure_orders = 0;  // orders this step's email brought without a click
  std::int64_t unsubscribes = 0;     // complaints that unsubscribed included
  std::int64_t complaints = 0;
  // The policy (docs/model.md, "Policy"), each email counted once: held by the frequency cap (or
  // by room kept for a higher-priority sequence), perhaps past the horizon; dropped by it (capped =
  // "skip"); held by quiet hours (perhaps past the horizon).
  std::int64_t capped_delayed = 0;
  std::int64_t capped_skipped = 0;
  std::int64_t quiet_delayed = 0;
  std::array<std::int64_t, kAttributionCount> attributed_cents{};
  // Entrants' cross-sell revenue and converted entrants of the same customers when this step alone
  // is left out (its email not sent, the sequence otherwise unchanged); 0 unless the scenario asks
  // for attribution. The step's true incremental effect is the arm's figure minus these.
  std::int64_t without_step_cents = 0;
  std::int64_t without_step_conversions = 0;

  void merge(const StepTally& other);
};

// The entrants of one segment.
struct SegmentTally {
  std::int64_t entrants = 0;
  SurvivalTally conversion;
  SurvivalTally unsubscribe;
  std::int64_t entrant_cross_sell_cents = 0;
  std::int64_t sends = 0;
  std::int64_t clicks = 0;  // a replay of a past campaign counts its visits by segment

  explicit SegmentTally(std::size_t days = 0) : conversion(days), unsubscribe(days) {}
  void merge(const SegmentTally& other);
};

// What each customer contributed to an arm, figure by figure, for paired differences between arms
// (docs/compare.md, "Paired differences"). Net value is rounded to whole cents per customer.
enum class Paired : std::uint8_t {
  kEntrants,              // 1 if the customer entered a sequence of the arm
  kRevenueCents,          // an entrant's cross-sell revenue, net of discounts and refunds
  kMarginCents,           // the same, less the goods' cost
  kOrderMarginCents,      // the margin of all the customer's orders (ArmTally::margin_cents)
  kSubscriberValueCents,  // the value of the customer still subscribed at the horizon
  kNetValueCents,         // order margin - send costs + subscriber value
  kEmails,
  kUnsubscribes,
  kComplaints,
  kCount
};
inline constexpr std::size_t kPairedCount = static_cast<std::size_t>(Paired::kCount);
using PairedFigures = std::array<std::int64_t, kPairedCount>;

// Sums over customers of one arm's per-customer figures x, and of the products x * y with the
// figures y of the same customer under each later arm (and itself): with these, any two arms'
// difference has a variance per customer, var(x - y) = var(x) + var(y) - 2 cov(x, y). Exact
// integers, so merging blocks in any order gives the same bytes.
struct PairedTally {
  PairedFigures sums{};
  // [partner - this arm], for the partners from this arm to the last.
  std::vector<PairedFigures> cross;
  // [partner - this arm][day]: customers converted under both arms, counted on the later of the
  // two days since entry: the cumulative sum to day d counts those converted by d under both.
  std::vector<std::vector<std::int64_t>> both_converted;

  PairedTally() = default;
  PairedTally(std::size_t partners, std::size_t days)
      : cross(partners), both_converted(partners, std::vector<std::int64_t>(days, 0)) {}
  [[nodiscard]] std::int64_t sum(Paired figure) const {
    return sums[static_cast<std::size_t>(figure)];
  }
  [[nodiscard]] std::int64_t product(std::size_t partner, Paired figure) const {
    return cross[partner][static_cast<std::size_t>(figure)];
  }
  void merge(const PairedTally& other);
};

struct ArmTally {
  std::int64_t customers = 0;  // customers simulated under the arm (all, or its share of a split)
  std::int64_t entrants = 0;   // customers who entered at least one sequence of the arm
  SurvivalTally conversion;    // first cross-sell purchase after first entry
  SurvivalTally unsubscribe;   // unsubscribing after first entry
  std::array<std::vector<std::int64_t>, kDailyCount> daily;
  std::int64_t entrant_cross_sell_cents = 0;  // entrants' cross-sell spend, net of discounts and
                                              // refunds, within the run
  std::int64_t entrant_cross_sell_margin_cents = 0;  // the same, less the goods' cost
  std::int64_t retained = 0;  // entrants with any purchase 91 to 180 days after entry
  // Net value (docs/model.md, "Money"): the margin of every order of the arm's customers, entrants
  // or not, net of discounts and returns, and the value of the subscribers kept at the horizon.
  std::int64_t margin_cents = 0;
  std::int64_t subscriber_value_cents = 0;
  std::vector<StepTally> steps;        // [step of the arm]
  std::vector<SegmentTally> segments;  // [segment]
  PairedTally paired;                  // empty unless the runner pairs the arms (pair_with)

  explicit ArmTally(std::size_t days = 0, std::size_t step_count = 0,
                    std::size_t segment_count = 0);
  void add_daily(Daily metric, std::size_t day, std::int64_t amount = 1) {
    if (day < daily[static_cast<std::size_t>(metric)].size()) {
      daily[static_cast<std::size_t>(metric)][day] += amount;
    }
  }
  [[nodiscard]] const std::vector<std::int64_t>& series(Daily metric) const {
    return daily[static_cast<std::size_t>(metric)];
  }
  void merge(const ArmTally& other);
  // Makes room for the paired sums with `partners` arms (this one and the later ones).
  void pair_with(std::size_t partners, std::size_t days) { paired = PairedTally(partners, days); }
};

// Adds one customer's figures under every arm ([arm], zeros for an arm that did not simulate the
// customer) and the day since entry of the customer's conversion under each arm (kNoEvent if none)
// to the arms' paired sums. Throws std::overflow_error if a sum would leave 64 bits.
void pair_customer(std::span<ArmTally> arms, std::span<const PairedFigures> figures,
                   std::span<const std::size_t> converted_days);

// The name of an arm's no-send twin: the arm's name and this.
inline constexpr std::string_view kTwinSuffix = "~no-send";

struct RunStats {
  std::uint64_t customers = 0;  // customer-lives simulated (customers x arms x replications)
  std::uint64_t events = 0;
};

// Everything one scenario point produced: tallies[replication][arm].
struct RunResult {
  std::vector<std::string> arm_names;
  std::vector<std::vector<std::string>> step_names;  // [arm][step]: "sequence.step"
  std::vector<std::string> segment_names;
  bool attribution = false;  // whether StepTally::without_step_* were simulated
  std::size_t days = 0;      // length of every series: whole days in the horizon, plus day 0
  std::vector<std::vector<ArmTally>> tallies;
  RunStats stats;
  double send_cost = 0;     // per email, in the scenario's currency (net value)
  bool split_arms = false;  // each customer simulated under one arm (not paired across arms)
  // [arm]: for a no-send twin the runner added (an arm's sequences, sending nothing), the name of
  // the arm it twins; empty for the scenario's arms. Empty altogether: no twins.
  std::vector<std::string> twin_of;
  // With parameter draws (run --parameter-draws K): K, the replications being K blocks of R / K
  // each, block b at its own parameter draws. 0: every replication at the same parameters.
  std::size_t parameter_blocks = 0;

  // Every count as one flat array, in a fixed order, and back: for summing partial results of
  // several processes (a cluster run). add_counts adds `flat` (from counts()) to this result.
  [[nodiscard]] std::vector<std::int64_t> counts() const;
  void add_counts(const std::vector<std::int64_t>& flat);
  // Sets every count (and the stats) to zero, keeping the shape.
  void clear_counts();
  // Gives every arm tally room for its paired sums (ArmTally::pair_with), as the runner does.
  void pair_arms();
};

// One replication's tallies (all arms) as a flat array in a fixed order, and back (adding): what a
// checkpoint saves of each finished replication.
std::vector<std::int64_t> flat_counts(const std::vector<ArmTally>& arms);
void add_flat_counts(std::vector<ArmTally>& arms, const std::vector<std::int64_t>& counts);

}  // namespace xsellsim::models

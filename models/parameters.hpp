#pragma once
// Plain parameter types: everything a model needs, already validated and resolved (names turned
// into indices, durations into seconds). scenarios/ produces them; nothing here knows about files.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.hpp"

namespace xsellsim::models {

using sim::Time;
using ProductIndex = std::uint32_t;
inline constexpr ProductIndex kNoProduct = 0xFFFFFFFF;  // an occasion with nothing on sale

// BG/NBD organic purchasing (Fader, Hardie & Lee 2005): transaction rate lambda ~ Gamma(r, alpha)
// per time_unit, drop-out probability after each repeat transaction p ~ Beta(a, b).
struct Purchasing {
  double r = 0.243;
  double alpha = 4.414;
  double a = 0.793;
  double b = 2.426;
  Time time_unit = sim::kWeek;
};

struct Segment {
  std::string name;
  double share = 1.0;
  Purchasing purchasing;
  double subscribed = 0.9;          // share subscribed to marketing email at acquisition
  double engagement_sd = 0.5;       // sd of a customer's logit offset for opening and clicking
  double price_tolerance = 1.0;     // median accepted price, as a multiple of list price
  double price_tolerance_sd = 0.3;  // sd of its logarithm
  double product_updates = 1.0;     // share of subscribers also opted in to product updates
  Time utc_offset = 0;              // the segment's local time minus UTC (quiet hours)
  std::vector<std::uint32_t> preferred_categories;  // clicks on these are likelier
  // Engagement baselines: the segment's own open_base and click_base logits, if it has them.
  std::optional<double> open_base;
  std::optional<double> click_base;
};

// Shoppers with an active need for one of a category's products visit it (browse) at a Poisson
// rate until the need ends, and each visit puts the product in the cart with some probability.
struct Category {
  std::string name;
  double browse_rate = 0.3;        // visits per day while a need is active
  double cart_probability = 0.08;  // that a visit adds the needed product to the cart
};

// An edge of the complement graph: buying `from` may create a need for `to`. A need is met here
// at the customer's next purchase occasion (BG/NBD) while it lasts, or by an email; when its life
// ends first, the customer bought it elsewhere or lost interest (docs/model.md, "One purchase
// process").
struct Complement {
  ProductIndex to = 0;
  double probability = 0.5;  // that the need arises at all
  Time lag = sim::kWeek;     // mean time until it forms (Gamma with shape lag_shape)
  double lag_shape = 2.0;
  Time duration = 30 * sim::kDay;  // mean life of an active need (exponential)
};

struct Product {
  std::string name;
  std::uint32_t category = 0;
  double price = 0.0;
  double margin = 0.3;       // share of the price that is profit
  double return_rate = 0.0;  // chance a purchase is returned
  double popularity = 1.0;   // weight when a repeat purchase without an active need picks one
  double acquisition = 0.0;  // weight when a first purchase picks a product
  std::vector<Complement> complements;
  Time release = 0;  // before this time nobody can buy it, need it or be shown it
  // Demand multiplier per calendar month (January first): scales the popularity weight of organic
  // purchases and the chance that a complement need for it forms in that month.
  std::array<double, 12> seasonality{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
};

enum class Recommendation : std::uint8_t {
  kTopComplement,  // the trigger product's complement with the highest need probability
  kProduct,        // a fixed product
  kTrigger,        // the trigger product itself: what a browse or cart trigger saw
  kDynamic,        // the product of the customer's most recent category visit (else top complement)
  kBestSeller,     // the released product with the highest popularity, other than the trigger
  kBundle,  // the trigger's top `bundle_size` released complements, at `bundle_price`; after a
            // browse or cart trigger, the product looked at and its top `bundle_size - 1`
};

// What enters a customer into a sequence, and so what converts them.
enum class TriggerEvent : std::uint8_t {
  kPurchase,   // buying a trigger product; converted by buying one of its complements
  kBrowse,     // `visits` visits to a trigger product within `window`; converted by buying it
  kCart,       // a cart add of a trigger product not bought within `wait`; converted by buying it
  kBroadcast,  // one send at `Sequence::at` to every subscriber the audience picks; converted by
               // any purchase after it
};

// Who a broadcast picks at its send time: every rule that is set must hold.
struct Audience {
  std::vector<std::uint32_t> segments;           // empty: every segment
  std::vector<std::uint32_t> bought_categories;  // empty: no rule on what was bought
  Time bought_within = -1;   // the purchase of one of them at most this long before; -1: ever
  Time since_last_min = 0;   // the customer's last purchase at least this long before the send
  Time since_last_max = -1;  // ... and at most this long; -1: no bound

  bool operator==(const Audience&) const = default;
};

// A condition on what happened since the customer entered the sequence: OR of ANDs of terms,
// each term possibly negated ("clicked nudge and not purchased", "opened nudge or opened
// reminder").
struct ConditionTerm {
  enum class Kind : std::uint8_t { kOpened, kClicked, kPurchased, kBrowsed };
  Kind kind = Kind::kOpened;
  bool negated = false;
  std::uint32_t target = 0;  // the step (kOpened, kClicked) or the category (kBrowsed)
};
using Condition = std::vector<std::vector<ConditionTerm>>;  // empty: always true

// What a step does when its condition fails.
enum class OnFail : std::uint8_t {
  kSkip,    // not sent; the sequence goes on to the next step
  kStop,    // the customer leaves the sequence
  kBranch,  // the sequence jumps to `branch_to`
  kWait,    // the step waits until its condition holds (re-checked on every purchase and
            // visit) or `wait_timeout` passes; then it is skipped
};

// Step::next values besides a step index.
inline constexpr std::uint16_t kFollowingStep = 0xFFFF;  // the step after it in the file
inline constexpr std::uint16_t kEndOfSequence = 0xFFFE;  // the sequence ends

struct Step {
  std::string name;
  Time delay = sim::kDay;  // after entry for the first step, after the previous step otherwise
  Time at = -1;       // instead of delay: this long after entry (never before the step is reached)
  Time send_at = -1;  // then wait for this local clock time (seconds after midnight); -1: don't
  Recommendation recommendation = Recommendation::kTopComplement;
  ProductIndex product = 0;           // with Recommendation::kProduct
  double discount = 0.0;              // fraction of the price taken off
  double weight = 1.0;                // how much this email adds to the fatigue stock
  bool personalized_subject = false;  // subject line names the customer's recent purchase
  double social_proof = 0.0;          // strength of reviews/"others bought" shown, 0..1
  bool silent = false;  // left out: no email goes out, the next step keeps its time (attribution)
  bool evergreen = false;  // also sent to subscribers without the product-updates opt-in
  Condition condition;
  OnFail on_fail = OnFail::kSkip;
  std::uint16_t branch_to = 0;        // with kBranch: the step to go to (its delay counts from now)
  Time wait_timeout = 7 * sim::kDay;  // with kWait
  std::uint16_t next = kFollowingStep;  // where the sequence goes once this step is done
  // Content.
  double discount_amount = 0.0;  // money off the list price (instead of `discount`)
  Time discount_expires = 0;   // a coupon valid this long after the send; 0: the email's price only
  bool demonstration = false;  // shows the product in use: more clicks, needs created
  Time trial = 0;              // a free trial this long: easier to buy, often sent back
  int bundle_size = 2;         // with kBundle: how many complements
  double bundle_price = 1.0;   // with kBundle: paid share of the items' total list price
};

// Whether a customer already in a sequence enters it again on another trigger.
enum class Reentry : std::uint8_t { kNever, kAlways, kAfterCooldown };

struct Sequence {
  std::string name;
  bool enabled = true;
  std::vector<ProductIndex> trigger_products;  // a purchase of any of these enters the customer
  TriggerEvent trigger_event = TriggerEvent::kPurchase;
  int visits = 3;               // kBrowse: visits that enter ...
  Time window = 7 * sim::kDay;  // ... within this long
  Time wait = sim::kDay;        // kCart: how long a cart add waits for its purchase
  Time at = 0;                  // kBroadcast: the send time, since the start of the run
  Audience audience;            // kBroadcast: who it picks
  std::vector<Step> steps;
  bool exit_on_cross_sell = true;       // leave after any purchase of a complement of the trigger
  bool exit_on_recommended = false;     // leave after buying a product one of its emails showed
  bool exit_on_trigger_return = false;  // leave when the trigger purchase is returned
  Condition exit_condition;             // leave when this holds (checked before every step)
  int priority = 0;            // under a frequency cap, room is kept for higher-priority emails
  double min_order_value = 0;  // a trigger purchase must have cost at least this much
  Reentry reentry = Reentry::kNever;
  Time cooldown = 0;  // with kAfterCooldown: time since the last entry before another
};

// Rules over all sequences of an arm (docs/model.md, "Policy").
struct Policy {
  int cap = 0;  // at most this many emails per cap_window; 0: no cap
  Time cap_window = 7 * sim::kDay;
  bool capped_waits = true;  // a capped email waits for the next allowed time, or is skipped
  Time quiet_start = -1;     // quiet hours in the customer's local time, seconds after
  Time quiet_end = -1;       // midnight; -1: none. start > end wraps past midnight
};

// Fatigue is a stock: each email adds its weight, and the stock halves every half_life.
struct Fatigue {
  Time half_life = 7 * sim::kDay;
};

// Logistic engagement: each probability is 1 / (1 + exp(-x)), x a sum of the terms below.
// Defaults and their sources: docs/model.md, "Email response".
struct Engagement {
  // Deliverability: whether an email reaches the inbox (else the spam folder: never seen).
  double inbox_base = 3.9;        // logit(0.98)
  double inbox_ignored = -0.1;    // per email in a row that reached the inbox and was not opened
  double inbox_complaint = -3.0;  // per complaint the customer has made
  // Opens and clicks.
  double open_base = 0.0;        // logit(0.5): post-purchase flows open at 40-60%
  double open_fatigue = -0.25;   // per unit of fatigue stock
  double open_wearout = -0.2;    // per ln(1 + earlier emails that showed the same product)
  double click_base = -2.6;      // logit(0.07): click given open for an irrelevant email
  double click_relevance = 1.5;  // when the customer has an active need for what is shown
  double click_fatigue = -0.15;
  double click_wearout = -0.3;
  // Orders from a click.
  double buy_base = -3.0;          // logit(0.05): buy given click, relevant, at list price
  double buy_discount = 4.0;       // per fraction of price taken off (15% off: +0.6)
  double buy_price = -2.0;         // per unit of log(list price asked / price tolerated)
  double buy_in_cart = 2.6;        // a product shown is in the customer's cart (abandonment flows)
  double click_order_later = 0.3;  // share of click orders placed later, not at the click
  Time click_order_delay = 2 * sim::kDay;  // their mean delay (exponential)
  // Exposure: an email brings the customer back later without a click, to buy what they need.
  double exposure_open = 0.025;       // chance, when opened (and not bought from the click)
  double exposure_delivered = 0.004;  // chance, when it reached the inbox but was not opened
  double exposure_offer = 2.0;        // times those chances when the email carries a discount
  double exposure_fatigue = -0.25;    // times exp(this x the fatigue stock): recent mail pulls less
  Time exposure_delay = 3 * sim::kDay;  // mean delay of that order (exponential)
  // Harm: an email may end the customer's organic purchasing here (Ascarza et al. 2016).
  double dropout_base = -9.5;  // logit, per email that reached the inbox
  double dropout_fatigue = 0.25;
  double dropout_irrelevant = 0.8;
  double open_personalized = 0.4;   // personalized subject line: 50% -> 60% opens
  double click_social_proof = 0.3;  // per unit of social-proof strength
  double buy_social_proof = 0.2;
  double create_need = 0.05;         // chance a click on something not needed creates the need
  double click_preferred = 0.5;      // when the product shown is in a preferred category
  double click_demonstration = 0.3;  // a use-case demonstration
  double create_need_demonstration = 0.15;  // replaces create_need for a demonstration
  double buy_trial = 1.0;                   // a free trial lowers the risk of buying
  double trial_return = 0.3;                // chance a trial purchase is sent back in the trial
  double buy_expiring = 0.3;                // urgency of a discount that expires
  // Unsubscribes and complaints: per email that reached the inbox, opened or not.
  double unsubscribe_base = -7.4;    // logit(0.0006) when not opened (a list-unsubscribe button)
  double unsubscribe_open = 1.6;     // opening shows the link and the content
  double unsubscribe_fatigue = 0.6;  // times 1 - exp(-F): saturates above about weekly mail
  double unsubscribe_irrelevant = 0.5;
  double unsubscribe_personalized = -0.2;
  double complaint_base = -10.5;  // logit(0.00003) when not opened
  double complaint_open = 1.5;
  double complaint_fatigue = 0.7;       // per unit of fatigue stock above the threshold
  double complaint_threshold = 5.0;     // the stock before an email at about 4-5 emails a week
  double complaint_unsubscribes = 0.5;  // chance a complaint also unsubscribes (feedback loops)

  bool operator==(const Engagement&) const = default;
};

// The money of a send and of a subscriber (docs/model.md, "Money").
struct Money {
  double send_cost = 0.001;  // per email sent, in the scenario's currency
  // The value of a subscriber kept at the horizon: given, or (nullopt) derived from the
  // customer's expected margin over value_horizon after the run and the email channel's share.
  std::optional<double> subscriber_value;
  double email_share = 0.1;  // share of a subscriber's future margin owed to email
  Time value_horizon = 365 * sim::kDay;
};

struct Population {
  std::uint64_t size = 10000;
  Time horizon = 180 * sim::kDay;
  Time acquisition = 0;  // first purchases are spread uniformly over [0, acquisition)
  Time return_window = 30 * sim::kDay;  // returns happen uniformly within this after a purchase
  int start_month = 1;  // the calendar month the run starts in (1: January), for seasonality
};

// The arm every scenario has: it enters customers like the others and sends nothing. The loader
// adds it, the runner pairs no-send twins against it and compare takes it as the default
// baseline; every one of them names it through this constant.
inline constexpr std::string_view kHoldoutArm = "holdout";

struct Arm {
  std::string name;
  bool sends = true;  // false for the holdout: it enters customers but sends nothing
  std::vector<Sequence> sequences;
  double share = 0;  // with World::split_arms: the share of customers assigned to this arm
};

struct World {
  Population population;
  std::vector<Segment> segments;
  std::vector<Category> categories;
  std::vector<Product> products;
  Fatigue fatigue;
  Engagement engagement;
  Money money;
  Policy policy;
  std::vector<Arm> arms;  // the holdout included
  // Simulate, for every step of every emailing arm, the same customers without that step, to
  // measure each step's true incremental effect (costs one more life per customer and step).
  bool attribution = false;
  // Each customer is assigned to one arm by Arm::share (an A/B split), instead of every arm
  // simulating every customer (a paired design: common random numbers, narrower intervals).
  bool split_arms = false;
};

// Every step of an arm's sequences, in order: the index of StepTally in ArmTally::steps.
inline std::size_t step_count(const Arm& arm) {
  std::size_t count = 0;
  for (const Sequence& sequence : arm.sequences) count += sequence.steps.size();
  return count;
}

}  // namespace xsellsim::models

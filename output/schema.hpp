#pragma once
// The names, units and meanings of everything in a results file (docs/output-format.md, format
// version 1), in one place so that the writer and the reader cannot drift apart.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/metrics.hpp"

namespace xsellsim::output::schema {

// Dimension scales. The day scales say "day", not "days": xarray decodes a variable whose units
// are "days" into timedelta64, and day numbers are easier to select and plot as integers.
inline constexpr const char* kReplication = "replication";
inline constexpr const char* kDay = "day";
inline constexpr const char* kDaySinceEntry = "day_since_entry";
inline constexpr const char* kPoint = "point";
inline constexpr const char* kDayUnits = "day";

// Attributes of an `arms` group: the arms in run order (HDF5 lists groups by name), and how much
// was simulated.
inline constexpr const char* kArmOrder = "arm_order";
inline constexpr const char* kCustomerLives = "customer_lives";
inline constexpr const char* kEvents = "events";
inline constexpr const char* kSendCost = "send_cost";  // per email, in the file's currency
inline constexpr const char* kSplitArms = "split_arms";
// string [arms], beside arm_order: the arm a no-send twin twins ("" for the scenario's arms).
inline constexpr const char* kTwinOf = "twin_of";  // int32: 1 when arms split the customers
// Attribute of /points/table: the swept keys in the sweep's order.
inline constexpr const char* kParameterOrder = "parameter_order";

// Which time-to-event tally of an arm (or of a segment of it) a series comes from.
enum class Survival : std::uint8_t { kConversion, kUnsubscribe };
template <class Tally>  // models::ArmTally or models::SegmentTally
auto& survival(Tally& tally, Survival which) {
  return which == Survival::kConversion ? tally.conversion : tally.unsubscribe;
}

// A Kaplan-Meier curve, [replication, day_since_entry].
struct CurveSeries {
  const char* name;
  Survival tally;
  const char* description;
};
inline constexpr std::array<CurveSeries, 2> kCurves{{
    {"conversion", Survival::kConversion,
     "Kaplan-Meier share of entrants with a cross-sell purchase by the end of that day since "
     "their first entry"},
    {"unsubscribe", Survival::kUnsubscribe,
     "Kaplan-Meier share of entrants unsubscribed by the end of that day since their first entry"},
}};

// The raw counts behind the curves, [replication, day_since_entry], so that readers can compute
// intervals and pool replications themselves.
struct CountSeries {
  const char* name;
  Survival tally;
  std::vector<std::int64_t> models::SurvivalTally::*counts;
  const char* description;
};
inline constexpr std::array<CountSeries, 4> kCounts{{
    {"conversion_events", Survival::kConversion, &models::SurvivalTally::events,
     "entrants whose first cross-sell purchase fell on that day since entry"},
    {"conversion_censored", Survival::kConversion, &models::SurvivalTally::censored,
     "entrants last observed on that day since entry without a cross-sell purchase"},
    {"unsubscribe_events", Survival::kUnsubscribe, &models::SurvivalTally::events,
     "entrants who unsubscribed on that day since entry"},
    {"unsubscribe_censored", Survival::kUnsubscribe, &models::SurvivalTally::censored,
     "entrants last observed on that day since entry still subscribed"},
}};

// A per-replication figure, [replication]: where it lives in a tally, and whether it is money
// (cents in the tallies, currency units in the file).
template <class Tally>
struct Column {
  const char* name;
  const char* units;
  const char* description;
  bool money;
  std::int64_t& (*field)(Tally&);
};

inline constexpr std::array<Column<models::ArmTally>, 7> kArmColumns{{
    {"customers", "customers", "customers simulated under the arm (all, or its share of a split)",
     false, [](models::ArmTally& t) -> std::int64_t& { return t.customers; }},
    {"entrants", "customers", "customers who entered a sequence of the arm", false,
     [](models::ArmTally& t) -> std::int64_t& { return t.entrants; }},
    {"entrant_cross_sell_revenue", "currency",
     "entrants' cross-sell spend within the run, net of discounts and refunds", true,
     [](models::ArmTally& t) -> std::int64_t& { return t.entrant_cross_sell_cents; }},
    {"entrant_cross_sell_margin", "currency",
     "the same less the cost of the goods (price x (1 - margin)); a returned order earns nothing",
     true, [](models::ArmTally& t) -> std::int64_t& { return t.entrant_cross_sell_margin_cents; }},
    {"retained", "customers", "entrants with any purchase 91 to 180 days after their first entry",
     false, [](models::ArmTally& t) -> std::int64_t& { return t.retained; }},
    {"margin", "currency",
     "the margin of every order of the arm's customers, entrants or not, net of discounts; a "
     "returned order earns nothing",
     true, [](models::ArmTally& t) -> std::int64_t& { return t.margin_cents; }},
    {"subscriber_value", "currency",
     "the value of the customers still subscribed at the horizon (docs/model.md, Money)", true,
     [](models::ArmTally& t) -> std::int64_t& { return t.subscriber_value_cents; }},
}};

// /arms/<arm>/steps/<sequence.step>/, [replication]; /arms/<arm>/steps/step_order, the names in
// send order (a string dataset: a step's link name always holds a '.', so it is never a step's).
inline constexpr const char* kStepOrder = "step_order";
inline constexpr const char* kHasCounterfactuals = "has_counterfactuals";
template <std::size_t Rule>
std::int64_t& attributed(models::StepTally& t) {
  return t.attributed_cents[Rule];
}
inline constexpr std::array<Column<models::StepTally>, 17> kStepColumns{{
    {"sends", "emails", "emails of this step sent", false,
     [](models::StepTally& t) -> std::int64_t& { return t.sends; }},
    {"opens", "emails", "emails of this step opened", false,
     [](models::StepTally& t) -> std::int64_t& { return t.opens; }},
    {"clicks", "emails", "emails of this step clicked", false,
     [](models::StepTally& t) -> std::int64_t& { return t.clicks; }},
    {"conversions", "orders", "orders placed from a click on this step's email, at once or later",
     false, [](models::StepTally& t) -> std::int64_t& { return t.orders; }},
    {"delivered", "emails", "emails of this step that reached the inbox", false,
     [](models::StepTally& t) -> std::int64_t& { return t.delivered; }},
    {"exposure_orders", "orders", "orders this step's email brought without a click", false,
     [](models::StepTally& t) -> std::int64_t& { return t.exposure_orders; }},
    {"unsubscribes", "customers", "unsubscribes from this step's email (complaints included)",
     false, [](models::StepTally& t) -> std::int64_t& { return t.unsubscribes; }},
    {"complaints", "customers", "spam complaints about this step's email", false,
     [](models::StepTally& t) -> std::int64_t& { return t.complaints; }},
    {"capped_delayed", "emails",
     "emails of this step the frequency cap held (or room kept for a higher-priority sequence), "
     "each counted once, perhaps past the horizon",
     false, [](models::StepTally& t) -> std::int64_t& { return t.capped_delayed; }},
    {"capped_skipped", "emails",
     "emails of this step the frequency cap dropped (capped = \"skip\")", false,
     [](models::StepTally& t) -> std::int64_t& { return t.capped_skipped; }},
    {"quiet_delayed", "emails",
     "emails of this step quiet hours held, each counted once, perhaps past the horizon", false,
     [](models::StepTally& t) -> std::int64_t& { return t.quiet_delayed; }},
    {"revenue_last_touch", "currency",
     "entrants' net cross-sell revenue credited to this step: all of an order to the last email "
     "opened in the 30 days before it",
     true, &attributed<static_cast<std::size_t>(models::Attribution::kLastTouch)>},
    {"revenue_first_touch", "currency", "... all of an order to the first email opened", true,
     &attributed<static_cast<std::size_t>(models::Attribution::kFirstTouch)>},
    {"revenue_linear", "currency", "... an order split equally over the emails opened", true,
     &attributed<static_cast<std::size_t>(models::Attribution::kLinear)>},
    {"revenue_time_decay", "currency",
     "... an order split over the emails opened, each weighted 2^(-age / 7 days)", true,
     &attributed<static_cast<std::size_t>(models::Attribution::kTimeDecay)>},
    {"revenue_without_step", "currency",
     "entrants' net cross-sell revenue of the same customers with this step left out (0 unless "
     "has_counterfactuals): the step's true incremental revenue is the arm's minus this",
     true, [](models::StepTally& t) -> std::int64_t& { return t.without_step_cents; }},
    {"conversions_without_step", "customers",
     "entrants converted with this step left out (0 unless has_counterfactuals)", false,
     [](models::StepTally& t) -> std::int64_t& { return t.without_step_conversions; }},
}};

// /arms/<arm>/segments/<segment>/: the curves and counts above, and these, [replication].
inline constexpr const char* kSegmentOrder = "segment_order";
inline constexpr std::array<Column<models::SegmentTally>, 3> kSegmentColumns{{
    {"entrants", "customers", "customers of the segment who entered a sequence of the arm", false,
     [](models::SegmentTally& t) -> std::int64_t& { return t.entrants; }},
    {"entrant_cross_sell_revenue", "currency",
     "the segment's entrants' cross-sell spend, net of discounts and refunds", true,
     [](models::SegmentTally& t) -> std::int64_t& { return t.entrant_cross_sell_cents; }},
    {"sends", "emails", "emails sent to the segment's customers", false,
     [](models::SegmentTally& t) -> std::int64_t& { return t.sends; }},
}};

// .../arms/<arm>/paired/: per-customer sums for paired differences between arms, exact integers
// (money in cents, not currency units: squares of cents need all 64 bits).
inline constexpr const char* kPaired = "paired";
inline constexpr const char* kPartners = "with";
inline constexpr const char* kPartnerOrder = "partner_order";
inline constexpr const char* kBothConverted = "both_converted";
struct PairedColumn {
  models::Paired figure;
  const char* name;
  const char* units;  // of a customer's figure x (the sums of products are in these units squared)
  const char* description;
};
inline constexpr std::array<PairedColumn, models::kPairedCount> kPairedColumns{{
    {models::Paired::kEntrants, "entrants", "customers",
     "1 if the customer entered a sequence of the arm"},
    {models::Paired::kRevenueCents, "cross_sell_revenue", "cents",
     "the entrant's cross-sell revenue, net of discounts and refunds"},
    {models::Paired::kMarginCents, "cross_sell_margin", "cents", "the same less the goods' cost"},
    {models::Paired::kOrderMarginCents, "margin", "cents",
     "the margin of all the customer's orders, net of discounts; a returned order earns nothing"},
    {models::Paired::kSubscriberValueCents, "subscriber_value", "cents",
     "the value of the customer still subscribed at the horizon"},
    {models::Paired::kNetValueCents, "net_value", "cents",
     "the margin of all the customer's orders, less send costs, plus the subscriber value kept "
     "(rounded to the cent)"},
    {models::Paired::kEmails, "emails", "emails", "emails sent to the customer"},
    {models::Paired::kUnsubscribes, "unsubscribes", "customers", "1 if the customer unsubscribed"},
    {models::Paired::kComplaints, "complaints", "complaints", "the customer's spam complaints"},
}};
constexpr bool paired_columns_complete() {
  for (std::size_t i = 0; i < kPairedColumns.size(); ++i) {
    if (static_cast<std::size_t>(kPairedColumns.at(i).figure) != i) return false;
  }
  return true;
}
static_assert(paired_columns_complete(), "kPairedColumns holds each models::Paired once, in order");

// The calendar-day series, [replication, day]: name in the file, unit, meaning, and whether it is
// money (cents in the tallies, currency units in the file).
struct DailySeries {
  models::Daily metric;
  const char* name;
  const char* units;
  const char* description;
  bool money;
};
inline constexpr std::array<DailySeries, models::kDailyCount> kDailySeries{{
    {models::Daily::kSends, "sends", "emails", "emails sent that day", false},
    {models::Daily::kDelivered, "delivered", "emails", "emails that reached the inbox that day",
     false},
    {models::Daily::kOpens, "opens", "emails", "emails opened that day", false},
    {models::Daily::kClicks, "clicks", "emails", "emails clicked that day", false},
    {models::Daily::kPurchases, "purchases", "orders",
     "orders placed that day, first (acquisition) orders included", false},
    {models::Daily::kCrossSellPurchases, "cross_sell_purchases", "orders",
     "orders of a complement of an entrant's trigger product, after entry", false},
    {models::Daily::kRevenueCents, "revenue", "currency",
     "paid for the day's orders, net of discounts", true},
    {models::Daily::kDiscountCents, "discounts", "currency",
     "taken off the day's orders by email offers", true},
    {models::Daily::kRefundCents, "refunds", "currency", "paid back for the day's returns", true},
    {models::Daily::kReturns, "returns", "orders", "orders returned that day", false},
    {models::Daily::kUnsubscribes, "unsubscribes", "customers",
     "customers who unsubscribed that day (complaints that unsubscribed included)", false},
    {models::Daily::kComplaints, "complaints", "customers", "spam complaints that day", false},
    {models::Daily::kSubscriberChange, "subscribers", "customers",
     "subscribed customers at the end of the day", false},
    {models::Daily::kBrowses, "browses", "visits",
     "category visits by customers with an active need for one of its products", false},
    {models::Daily::kCartAdds, "cart_adds", "visits",
     "visits that put the needed product in the cart", false},
    {models::Daily::kEmailPurchases, "email_purchases", "orders",
     "orders placed from an email click, at once or later", false},
    {models::Daily::kPulledForward, "pulled_forward", "orders",
     "email orders of a need an occasion of the customer's would have met here anyway", false},
    {models::Daily::kExposurePurchases, "exposure_purchases", "orders",
     "orders an email brought without a click (exposure)", false},
}};
// A Daily metric added to models/metrics.hpp without its series here would compile (the missing
// entries are zeros) and write a nameless dataset: every entry must be in place, in enum order.
constexpr bool daily_series_complete() {
  for (std::size_t i = 0; i < kDailySeries.size(); ++i) {
    const DailySeries& series = kDailySeries.at(i);
    if (static_cast<std::size_t>(series.metric) != i || series.name == nullptr ||
        series.units == nullptr || series.description == nullptr) {
      return false;
    }
  }
  return true;
}
static_assert(daily_series_complete(), "kDailySeries holds each models::Daily once, in order");

// Arm names and swept keys come from the scenario's TOML keys, which may hold any character, but an
// HDF5 link name cannot contain '/' nor be ".". Those (and '%' itself) are percent-escaped, so
// every name survives; the names as written in the scenario are kept in `arm_order` and
// `parameter_order`.
inline std::string link_name(std::string_view name) {
  if (name == ".") return "%2E";
  std::string escaped;
  for (char c : name) {
    if (c == '%') {
      escaped += "%25";
    } else if (c == '/') {
      escaped += "%2F";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

}  // namespace xsellsim::output::schema

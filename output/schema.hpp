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
// Attribute of /points/table: the swept keys in the sweep's order.
inline constexpr const char* kParameterOrder = "parameter_order";

// A Kaplan-Meier curve of an arm, [replication, day_since_entry].
struct CurveSeries {
  const char* name;
  models::SurvivalTally models::ArmTally::*tally;
  const char* description;
};
inline constexpr std::array<CurveSeries, 2> kCurves{{
    {"conversion", &models::ArmTally::conversion,
     "Kaplan-Meier share of entrants with a cross-sell purchase by the end of that day since "
     "their first entry"},
    {"unsubscribe", &models::ArmTally::unsubscribe,
     "Kaplan-Meier share of entrants unsubscribed by the end of that day since their first entry"},
}};

// The raw counts behind the curves, [replication, day_since_entry], so that readers can compute
// intervals and pool replications themselves.
struct CountSeries {
  const char* name;
  models::SurvivalTally models::ArmTally::*tally;
  std::vector<std::int64_t> models::SurvivalTally::*counts;
  const char* description;
};
inline constexpr std::array<CountSeries, 4> kCounts{{
    {"conversion_events", &models::ArmTally::conversion, &models::SurvivalTally::events,
     "entrants whose first cross-sell purchase fell on that day since entry"},
    {"conversion_censored", &models::ArmTally::conversion, &models::SurvivalTally::censored,
     "entrants last observed on that day since entry without a cross-sell purchase"},
    {"unsubscribe_events", &models::ArmTally::unsubscribe, &models::SurvivalTally::events,
     "entrants who unsubscribed on that day since entry"},
    {"unsubscribe_censored", &models::ArmTally::unsubscribe, &models::SurvivalTally::censored,
     "entrants last observed on that day since entry still subscribed"},
}};

inline constexpr const char* kEntrants = "entrants";
inline constexpr const char* kEntrantsDescription = "customers who entered a sequence of the arm";
inline constexpr const char* kEntrantRevenue = "entrant_cross_sell_revenue";
inline constexpr const char* kEntrantRevenueDescription =
    "entrants' cross-sell spend within the run, net of discounts and refunds";

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
     "customers who unsubscribed that day (complaints included)", false},
    {models::Daily::kComplaints, "complaints", "customers", "spam complaints that day", false},
    {models::Daily::kSubscriberChange, "subscribers", "customers",
     "subscribed customers at the end of the day", false},
    {models::Daily::kBrowses, "browses", "visits",
     "category visits by customers with an active need for one of its products", false},
    {models::Daily::kCartAdds, "cart_adds", "visits",
     "visits that put the needed product in the cart", false},
    {models::Daily::kEmailPurchases, "email_purchases", "orders",
     "orders placed from an email click", false},
    {models::Daily::kPulledForward, "pulled_forward", "orders",
     "email orders of a need the customer would have met here anyway (cannibalization)", false},
}};

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

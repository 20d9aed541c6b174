#pragma once
// The calendar-day series of the results file: name, unit and meaning of each models::Daily.
#include <array>

#include "models/metrics.hpp"

namespace xsellsim::output {

// What each calendar-day series is called in the file, its unit, and whether it is money (cents in
// the tallies, currency units in the file).
struct DailySeries {
  models::Daily metric;
  const char* name;
  const char* units;
  const char* description;
  bool money;
};
inline constexpr std::array<DailySeries, 12> kDailySeries{{
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
}};

}  // namespace xsellsim::output

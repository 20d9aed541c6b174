#pragma once
// What one customer's life did, line by line, for `xsellsim run --export` (docs/export.md): each
// purchase and return as an order line, and each email event. A CustomerLife reports to a LifeLog
// only when one is set: a run without export pays one test of a null pointer per record.
#include <array>
#include <cstdint>

#include "models/parameters.hpp"
#include "sim/time.hpp"

namespace xsellsim::models {

enum class EmailEventKind : std::uint8_t {
  kSend,
  kDeliver,
  kOpen,
  kClick,
  kOrder,  // an order placed from a click (at once or later)
  kUnsubscribe,
  kComplaint,
};
inline constexpr std::array<const char*, 7> kEmailEventNames{
    "send", "deliver", "open", "click", "order", "unsubscribe", "complaint"};

// (Not models::OrderLine of order_history.hpp, the order log read by calibrate: one name, one
// type.) A purchase (quantity 1) or its return (quantity -1, at the return's time, refunding the
// price).
struct LoggedOrderLine {
  sim::Time time = 0;
  ProductIndex product = 0;
  int quantity = 1;
  std::int64_t unit_price_cents = 0;  // the price paid, after any discount
};

struct EmailEvent {
  sim::Time time = 0;
  std::size_t step = 0;  // the arm's step, numbered over its sequences in order
  EmailEventKind kind = EmailEventKind::kSend;
  ProductIndex lead = kNoProduct;  // the email's first item (wear-out counts emails by it)
};

class LifeLog {
 public:
  LifeLog() = default;
  LifeLog(const LifeLog&) = delete;
  LifeLog& operator=(const LifeLog&) = delete;
  virtual ~LifeLog() = default;
  virtual void order_line(const LoggedOrderLine& line) = 0;
  virtual void email_event(const EmailEvent& event) = 0;

 protected:
  LifeLog(LifeLog&&) = default;
  LifeLog& operator=(LifeLog&&) = default;
};

}  // namespace xsellsim::models

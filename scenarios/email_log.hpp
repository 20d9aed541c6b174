#pragma once
// Reading an email-events log (the layout `xsellsim run --export` writes, docs/export.md) into one
// email history per customer, for `xsellsim calibrate emails`. gzip or plain text; problems are
// InputErrors naming the file, line and column.
#include <filesystem>
#include <vector>

#include "models/email_fit.hpp"
#include "scenarios/diagnostics.hpp"

namespace xsellsim::scenarios {

struct EmailLog {
  std::vector<models::EmailHistory> histories;  // one per customer, in send order
  long rows = 0;
};

// A header names the columns (any order, others ignored): `customer`, `time` (YYYY-MM-DD with an
// optional HH:MM:SS), `sequence`, `step` and `event` (send, deliver, open, click, order,
// unsubscribe, complaint), and optionally `product` (the lead item). An email's events share its
// customer, time, sequence and step; each must follow the email's send. Orders are not part of
// the email response and are skipped.
EmailLog read_email_log(const std::filesystem::path& path);

}  // namespace xsellsim::scenarios

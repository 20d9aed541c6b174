#pragma once
// Reading a transaction log (one purchase per line) into BG/NBD calibration data, for
// `xsellsim calibrate`. Problems are InputErrors naming the file, line and column.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/bgnbd.hpp"
#include "scenarios/diagnostics.hpp"

namespace xsellsim::scenarios {

struct TransactionLogOptions {
  std::filesystem::path file;
  int customer_column = 1;  // 1-based
  int date_column = 2;      // 1-based
  // %Y, %m, %d, optionally %H, %M, %S, %% and literal characters. A date whose format has no
  // time of day may still be followed by one (" 10:23", "T10:23:45Z"): it is ignored.
  std::string date_format = "%Y%m%d";
  // A first line whose date field holds no digit is taken as a header and skipped.
  std::string calibration_end;  // YYYY-MM-DD, the last day of the calibration period
  sim::Time time_unit = sim::kWeek;
};

struct CalibrationData {
  // Per customer: repeat transactions (distinct purchase days after the first) up to the end of
  // the calibration period, in time units since the customer's first purchase.
  std::vector<models::CustomerHistory> histories;
  // Repeat transactions of the same customers in each whole time unit after the calibration end,
  // up to the last date in the log.
  std::vector<long> holdout_repeats;
  long rows = 0;
};

CalibrationData read_transaction_log(const TransactionLogOptions& options);

// One field of a log line: its text (unquoted) and the 1-based column where it starts.
struct LogField {
  std::string text;
  long column = 0;
};

// The separator of a log from its first line: the one of ',', ';' and tab found most often outside
// quotes; 0 when it has none (fields are then separated by runs of spaces).
char log_separator(std::string_view line);
// The fields of a line, CSV quoting (RFC 4180) on one line; InputError at FILE:NUMBER:COLUMN for a
// quote left open or text after a closing quote.
std::vector<LogField> split_log_line(std::string_view line, char separator, const std::string& file,
                                     long number);
// YYYY-MM-DD of a day since 1970-01-01.
std::string date_of_day(long day);

// Days since 1970-01-01 of a date in `format`, or nullopt when `text` does not match it.
std::optional<long> parse_date(std::string_view text, std::string_view format);
// Throws InputError (at --date-format) if `format` has a directive other than %Y, %m, %d, %H, %M,
// %S and %%, or lacks one of %Y, %m and %d.
void check_date_format(std::string_view format);

}  // namespace xsellsim::scenarios

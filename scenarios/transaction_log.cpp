#include "scenarios/transaction_log.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <map>
#include <set>

namespace xsellsim::scenarios {

namespace {

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long days_from_civil(long year, long month, long day) {
  year -= month <= 2 ? 1 : 0;
  const long era = (year >= 0 ? year : year - 399) / 400;
  const long year_of_era = year - era * 400;
  const long day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

bool read_digits(std::string_view text, std::size_t& at, std::size_t count, long& value) {
  if (at + count > text.size()) return false;
  auto [end, error] = std::from_chars(text.data() + at, text.data() + at + count, value);
  if (error != std::errc() || end != text.data() + at + count) return false;
  at += count;
  return true;
}

// Splits a line into fields: on commas or tabs when it has any, otherwise on runs of spaces.
// Each field keeps its 1-based column in the line.
std::vector<std::pair<std::string_view, long>> split(std::string_view line) {
  std::vector<std::pair<std::string_view, long>> fields;
  const bool delimited = line.find_first_of(",\t") != std::string_view::npos;
  std::size_t at = 0;
  while (at <= line.size()) {
    if (!delimited) {
      at = line.find_first_not_of(' ', at);
      if (at == std::string_view::npos) break;
    }
    std::size_t end = delimited ? line.find_first_of(",\t", at) : line.find(' ', at);
    if (end == std::string_view::npos) end = line.size();
    std::string_view field = line.substr(at, end - at);
    while (!field.empty() && field.front() == ' ') field.remove_prefix(1), ++at;
    while (!field.empty() && (field.back() == ' ' || field.back() == '\r')) field.remove_suffix(1);
    fields.emplace_back(field, static_cast<long>(at + 1));
    at = end + 1;
  }
  return fields;
}

}  // namespace

std::optional<long> parse_date(std::string_view text, std::string_view format) {
  long year = 0, month = 0, day = 0;
  std::size_t at = 0;
  for (std::size_t f = 0; f < format.size(); ++f) {
    if (format[f] == '%' && f + 1 < format.size()) {
      char field = format[++f];
      bool ok = field == 'Y'   ? read_digits(text, at, 4, year)
                : field == 'm' ? read_digits(text, at, 2, month)
                : field == 'd' ? read_digits(text, at, 2, day)
                               : false;
      if (!ok) return std::nullopt;
    } else if (at >= text.size() || text[at++] != format[f]) {
      return std::nullopt;
    }
  }
  if (at != text.size() || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return days_from_civil(year, month, day);
}

CalibrationData read_transaction_log(const TransactionLogOptions& options) {
  const std::string file = options.file.string();
  auto end = parse_date(options.calibration_end, "%Y-%m-%d");
  if (!end) {
    throw InputError(
        Diagnostic{"--calibration-end", 1, 1,
                   fmt::format("'{}' is not a date YYYY-MM-DD", options.calibration_end), ""});
  }
  std::ifstream in(options.file);
  if (!in) throw InputError(Diagnostic{file, 0, 0, "cannot read the transaction log", ""});

  std::map<std::string, std::set<long>> days_by_customer;  // distinct purchase days
  CalibrationData data;
  long last_day = *end;
  std::string line;
  const auto needed =
      static_cast<std::size_t>(std::max(options.customer_column, options.date_column));
  for (long number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto fields = split(line);
    if (fields.size() < needed) {
      throw InputError(Diagnostic{
          file, number, 1,
          fmt::format("expected at least {} columns, found {}", needed, fields.size()), ""});
    }
    auto [date_text, date_column] = fields[static_cast<std::size_t>(options.date_column - 1)];
    auto day = parse_date(date_text, options.date_format);
    if (!day && number == 1 && date_text.find_first_of("0123456789") == std::string_view::npos) {
      continue;  // a header line: its date column holds a name, not a date
    }
    if (!day) {
      throw InputError(Diagnostic{
          file, number, date_column,
          fmt::format("'{}' is not a date in the format {}", date_text, options.date_format), ""});
    }
    auto customer = fields[static_cast<std::size_t>(options.customer_column - 1)].first;
    days_by_customer[std::string(customer)].insert(*day);
    last_day = std::max(last_day, *day);
    ++data.rows;
  }
  if (data.rows == 0) throw InputError(Diagnostic{file, 0, 0, "the log has no transactions", ""});

  const double unit_days = static_cast<double>(options.time_unit) / sim::kDay;
  const auto periods = static_cast<std::size_t>((last_day - *end + unit_days - 1) / unit_days);
  data.holdout_repeats.assign(periods, 0);
  for (const auto& [customer, days] : days_by_customer) {
    const long first = *days.begin();
    if (first > *end) continue;  // first purchase after calibration: not in the cohort
    models::CustomerHistory history;
    history.T = static_cast<double>(*end - first) / unit_days;
    for (long day : days) {
      if (day == first) continue;
      if (day <= *end) {
        ++history.x;
        history.t_x = static_cast<double>(day - first) / unit_days;
      } else {
        ++data.holdout_repeats[static_cast<std::size_t>(static_cast<double>(day - *end - 1) /
                                                        unit_days)];
      }
    }
    data.histories.push_back(history);
  }
  if (data.histories.empty()) {
    throw InputError(
        Diagnostic{file, 0, 0, "no customer made a first purchase by the calibration end", ""});
  }
  return data;
}

}  // namespace xsellsim::scenarios

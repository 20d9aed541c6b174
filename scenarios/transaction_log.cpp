#include "scenarios/transaction_log.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <utility>

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

// The date of a day since 1970-01-01 as YYYY-MM-DD (Howard Hinnant's civil_from_days).
std::string civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long day_of_era = z - era * 146097;
  const long year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const long mp = (5 * day_of_year + 2) / 153;
  const long day = day_of_year - (153 * mp + 2) / 5 + 1;
  const long month = mp < 10 ? mp + 3 : mp - 9;
  return fmt::format("{:04}-{:02}-{:02}", year_of_era + era * 400 + (month <= 2 ? 1 : 0), month,
                     day);
}

// Reads the character `c` if it is the next one.
bool read_char(std::string_view text, std::size_t& at, char c) {
  if (at >= text.size() || text[at] != c) return false;
  ++at;
  return true;
}

// Reads a run of digits and says how many there were.
std::size_t read_digit_run(std::string_view text, std::size_t& at) {
  const std::size_t start = at;
  while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) != 0) ++at;
  return at - start;
}

// "10:23", the part every time of day has.
bool read_hours_minutes(std::string_view text, std::size_t& at) {
  long hour = 0, minute = 0;
  return read_digits(text, at, 2, hour) && read_char(text, at, ':') &&
         read_digits(text, at, 2, minute) && hour <= 23 && minute <= 59;
}

// ":45", ":45.123" or ":45,123" when there are seconds; true when there are none. A fraction is
// only allowed after seconds, and must have a digit.
bool read_optional_seconds(std::string_view text, std::size_t& at) {
  if (!read_char(text, at, ':')) return true;
  long second = 0;
  if (!read_digits(text, at, 2, second) || second > 60) return false;  // 60: a leap second
  if (read_char(text, at, '.') || read_char(text, at, ',')) return read_digit_run(text, at) > 0;
  return true;
}

// What may end a time of day: nothing, "Z", or an offset "+02", "+0200" or "-02:00", the offset
// optionally after one space ("10:23:45 +0200").
bool is_zone(std::string_view rest) {
  std::size_t at = 0;
  read_char(rest, at, ' ');
  if (at == rest.size() || rest.substr(at) == "Z") return true;
  if (!read_char(rest, at, '+') && !read_char(rest, at, '-')) return false;
  long zone = 0;
  if (!read_digits(rest, at, 2, zone)) return false;
  read_char(rest, at, ':');
  return at == rest.size() || (read_digits(rest, at, 2, zone) && at == rest.size());
}

// A time of day after a date whose format has none: " 10:23", "T10:23:45", "T10:23:45.123Z",
// " 10:23:45+02:00". Purchases count by day, so it is checked and ignored.
bool is_time_of_day(std::string_view rest) {
  std::size_t at = 0;
  if (!read_char(rest, at, ' ') && !read_char(rest, at, 'T')) return false;
  return read_hours_minutes(rest, at) && read_optional_seconds(rest, at) &&
         is_zone(rest.substr(at));
}

using Field = LogField;

// The separator of a log: the one of ',', ';' and tab found most often outside quotes in its first
// line (a header or a row); 0 when it has none: fields are then separated by runs of spaces.
char separator_of(std::string_view line) {
  std::map<char, int> counts{{',', 0}, {';', 0}, {'\t', 0}};
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (!quoted && counts.contains(c)) ++counts[c];
  }
  char best = 0;
  int most = 0;
  for (char c : {',', ';', '\t'}) {
    if (counts[c] > most) best = c, most = counts[c];
  }
  return best;
}

std::size_t skip_spaces(std::string_view line, std::size_t at) {
  while (at < line.size() && line[at] == ' ') ++at;
  return at;
}

// The character that ends a field: the separator, or a space when runs of spaces separate fields.
char field_end(char separator) { return separator == 0 ? ' ' : separator; }

// The text of the quoted field whose opening quote is at `at`, "" read as one quote; `at` moves
// past the closing quote. A field cannot span lines, so a line that ends first is an error at
// the opening quote.
std::string read_quoted(std::string_view line, std::size_t& at, const std::string& file,
                        long number) {
  const std::size_t opening = at;
  std::string text;
  for (++at; at < line.size(); ++at) {
    if (line[at] != '"') {
      text += line[at];
    } else if (at + 1 < line.size() && line[at + 1] == '"') {
      text += '"';
      ++at;  // the second quote of ""
    } else {
      ++at;  // the closing quote
      return text;
    }
  }
  throw InputError(Diagnostic{file, number, static_cast<long>(opening + 1),
                              "a quoted field has no closing quote on its line", ""});
}

// After a closing quote only spaces may come before the end of the field (as in CSV): text there
// would be lost or glued to the quoted part, so it is an error at its column.
void skip_to_field_end_after_quote(std::string_view line, std::size_t& at, char separator,
                                   const std::string& file, long number) {
  if (separator != 0) at = skip_spaces(line, at);
  if (at < line.size() && line[at] != field_end(separator)) {
    throw InputError(Diagnostic{file, number, static_cast<long>(at + 1),
                                "text after a quoted field's closing quote", ""});
  }
}

// An unquoted field: the text up to the next separator, without its trailing spaces.
std::string read_unquoted(std::string_view line, std::size_t& at, char separator) {
  const std::size_t end = line.find(field_end(separator), at);
  std::string text(line.substr(at, end == std::string_view::npos ? end : end - at));
  at = end == std::string_view::npos ? line.size() : end;
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// The field starting at `at` (after its leading spaces); `at` moves to the separator after it,
// or to the end of the line.
Field read_field(std::string_view line, std::size_t& at, char separator, const std::string& file,
                 long number) {
  Field field{"", static_cast<long>(at + 1)};
  if (at < line.size() && line[at] == '"') {
    field.text = read_quoted(line, at, file, number);
    skip_to_field_end_after_quote(line, at, separator, file, number);
  } else {
    field.text = read_unquoted(line, at, separator);
  }
  return field;
}

// Splits a line into fields on `separator` (on runs of spaces when it is 0). A field may be quoted
// as in CSV (RFC 4180): "Smith, J." holds the separator, "" is a quote. Spaces around a field and
// a line's '\r' are dropped. Each field keeps the 1-based column where it starts.
std::vector<Field> split(std::string_view line, char separator, const std::string& file,
                         long number) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<Field> fields;
  std::size_t at = 0;
  for (;;) {
    at = skip_spaces(line, at);
    // Spaces ending a line separated by spaces separate nothing; with a separator, the empty
    // field after a last "a," is still a field.
    if (separator == 0 && at == line.size()) break;
    fields.push_back(read_field(line, at, separator, file, number));
    if (at >= line.size()) break;
    ++at;  // the separator (or the space)
  }
  return fields;
}

// What a date format's directives read; those it lacks stay 0.
struct DateFields {
  long year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool has_time = false;  // the format reads a time of day (%H, %M or %S)
};

// Reads the field of `directive` (the letter after a '%') into `date`; false when the text does
// not have it at `at`, or the directive is not one parse_date knows.
bool read_directive(std::string_view text, std::size_t& at, char directive, DateFields& date) {
  switch (directive) {
    case 'Y':
      return read_digits(text, at, 4, date.year);
    case 'm':
      return read_digits(text, at, 2, date.month);
    case 'd':
      return read_digits(text, at, 2, date.day);
    case 'H':
      date.has_time = true;
      return read_digits(text, at, 2, date.hour);
    case 'M':
      date.has_time = true;
      return read_digits(text, at, 2, date.minute);
    case 'S':
      date.has_time = true;
      return read_digits(text, at, 2, date.second);
    default:
      return false;
  }
}

// Reads `text` as `format` says, from its start; `at` ends after the last character the format
// read, which need not be the end of the text. Nullopt when the text does not follow the format.
std::optional<DateFields> read_date_fields(std::string_view text, std::string_view format,
                                           std::size_t& at) {
  DateFields date;
  for (std::size_t f = 0; f < format.size(); ++f) {
    if (format[f] == '%' && f + 1 < format.size() && format[f + 1] != '%') {
      if (!read_directive(text, at, format[++f], date)) return std::nullopt;
    } else {
      f += format[f] == '%' ? 1 : 0;  // "%%" is a literal '%'
      if (!read_char(text, at, format[f])) return std::nullopt;
    }
  }
  return date;
}

// The ranges of each field. The month's length is not checked: 02-31 is read as 03-03 (or 03-02).
bool in_range(const DateFields& date) {
  return date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= 31 &&
         date.hour <= 23 && date.minute <= 59 && date.second <= 60;
}

}  // namespace

char log_separator(std::string_view line) { return separator_of(line); }

std::vector<LogField> split_log_line(std::string_view line, char separator, const std::string& file,
                                     long number) {
  return split(line, separator, file, number);
}

std::string date_of_day(long day) { return civil_from_days(day); }

void check_date_format(std::string_view format) {
  int year = 0, month = 0, day = 0;
  for (std::size_t f = 0; f < format.size(); ++f) {
    if (format[f] != '%') continue;
    const auto column = static_cast<long>(f + 1);  // of the '%'
    const char field = f + 1 < format.size() ? format[++f] : '\0';
    switch (field) {
      case 'Y':
        ++year;
        break;
      case 'm':
        ++month;
        break;
      case 'd':
        ++day;
        break;
      case 'H':
      case 'M':
      case 'S':
      case '%':
        break;
      default:
        throw InputError(Diagnostic{
            "--date-format", 1, column,
            fmt::format("'{}' is not supported: a date format has %Y, %m and %d (4, 2 and 2 "
                        "digits), optionally %H, %M and %S (a time of day, 2 digits each), %% "
                        "and literal characters",
                        field == '\0' ? std::string("%") : fmt::format("%{}", field)),
            ""});
    }
  }
  if (year != 1 || month != 1 || day != 1) {
    throw InputError(Diagnostic{"--date-format", 1, 1,
                                fmt::format("'{}' must have each of %Y, %m and %d once", format),
                                ""});
  }
}

std::optional<long> parse_date(std::string_view text, std::string_view format) {
  std::size_t at = 0;
  const auto date = read_date_fields(text, format, at);
  if (!date) return std::nullopt;
  // Exports often stamp a date with a time the format does not name: it may follow, and is
  // ignored. A format that reads a time itself says where the text ends.
  const bool rest_ok = at == text.size() || (!date->has_time && is_time_of_day(text.substr(at)));
  if (!rest_ok || !in_range(*date)) return std::nullopt;
  return days_from_civil(date->year, date->month, date->day);
}

CalibrationData read_transaction_log(const TransactionLogOptions& options) {
  const std::string file = options.file.string();
  check_date_format(options.date_format);
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
  std::string line;
  const auto needed =
      static_cast<std::size_t>(std::max(options.customer_column, options.date_column));
  char separator = 0;
  bool first_line = true;
  long last_transaction = std::numeric_limits<long>::min();
  for (long number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (first_line) separator = separator_of(line);
    auto fields = split(line, separator, file, number);
    if (fields.size() < needed) {
      throw InputError(Diagnostic{
          file, number, 1,
          fmt::format("expected at least {} columns, found {}", needed, fields.size()), ""});
    }
    const Field& date = fields[static_cast<std::size_t>(options.date_column - 1)];
    auto day = parse_date(date.text, options.date_format);
    const bool header = std::exchange(first_line, false) && !day &&
                        date.text.find_first_of("0123456789") == std::string::npos;
    if (header) continue;  // a header line: its date column holds a name, not a date
    if (!day) {
      throw InputError(Diagnostic{
          file, number, date.column,
          fmt::format("'{}' is not a date in the format {}", date.text, options.date_format), ""});
    }
    const std::string& customer =
        fields[static_cast<std::size_t>(options.customer_column - 1)].text;
    days_by_customer[customer].insert(*day);
    last_transaction = std::max(last_transaction, *day);
    ++data.rows;
  }
  if (data.rows == 0) throw InputError(Diagnostic{file, 0, 0, "the log has no transactions", ""});
  // After the last order, T would count time the log does not cover as time without purchases,
  // biasing the fit towards customers who stopped (a date six years late was once accepted).
  if (*end > last_transaction) {
    throw InputError(Diagnostic{
        "--calibration-end", 1, 1,
        fmt::format("{} is after the last transaction in {} ({}): choose a date on or before it",
                    options.calibration_end, file, civil_from_days(last_transaction)),
        ""});
  }
  const long last_day = last_transaction;

  const double unit_days = static_cast<double>(options.time_unit) / sim::kDay;
  const auto periods =
      static_cast<std::size_t>((static_cast<double>(last_day - *end) + unit_days - 1) / unit_days);
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

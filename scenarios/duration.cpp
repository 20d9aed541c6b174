#include "scenarios/duration.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

namespace xsellsim::scenarios {

namespace {

// The units, each a whole word after the number. Minutes are "min": a bare "m" reads as a month
// to a marketer ("1m" once became a daily email in a loop), so it is no unit at all.
constexpr std::array<std::pair<std::string_view, sim::Time>, 5> kUnits{{
    {"s", sim::kSecond},
    {"min", sim::kMinute},
    {"h", sim::kHour},
    {"d", sim::kDay},
    {"w", sim::kWeek},
}};

// `text` split into its number and the letters after it.
std::pair<std::string_view, std::string_view> split_unit(std::string_view text) {
  std::size_t letters = text.size();
  while (letters > 0 && std::isalpha(static_cast<unsigned char>(text[letters - 1])) != 0) {
    --letters;
  }
  return {text.substr(0, letters), text.substr(letters)};
}

}  // namespace

std::optional<double> duration_seconds(std::string_view text) {
  auto [number, unit_text] = split_unit(text);
  sim::Time unit = 0;
  for (const auto& [name, seconds] : kUnits) {
    if (unit_text == name) unit = seconds;
  }
  if (unit == 0) return std::nullopt;
  if (number.empty() || !(std::isdigit(static_cast<unsigned char>(number.front())) != 0)) {
    return std::nullopt;  // no sign, no leading dot
  }
  double value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value,
                                      std::chars_format::fixed);
  if (error != std::errc() || end != number.data() + number.size()) return std::nullopt;
  return value * static_cast<double>(unit);  // may overflow to infinity: still "too long"
}

std::optional<sim::Time> parse_duration(std::string_view text) {
  std::optional<double> seconds = duration_seconds(text);
  if (!seconds || *seconds > static_cast<double>(kLongestDuration)) return std::nullopt;
  return whole_seconds(*seconds);
}

sim::Time whole_seconds(double seconds) { return static_cast<sim::Time>(std::llround(seconds)); }

std::optional<std::string> minute_or_month(std::string_view text) {
  auto [number, unit] = split_unit(text);
  if (unit.empty() || std::tolower(static_cast<unsigned char>(unit.front())) != 'm' ||
      unit == "min") {
    return std::nullopt;
  }
  const std::string shown = number.empty() ? "1" : std::string(number);
  return fmt::format(
      "'{}' could mean minutes or months: write \"{}min\" for minutes; for a month, write days "
      "(\"30d\") or weeks (\"4w\")",
      text, shown);
}

std::string not_a_duration(std::string_view text) {
  if (auto hint = minute_or_month(text)) return *hint;
  return fmt::format(
      "'{}' is not a duration: write a non-negative number and a unit s, min, h, d or w, like "
      "\"36h\" or \"2d\"",
      text);
}

}  // namespace xsellsim::scenarios

#include "scenarios/duration.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

namespace xsellsim::scenarios {

std::optional<double> duration_seconds(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  sim::Time unit = 0;
  switch (text.back()) {
    case 's':
      unit = sim::kSecond;
      break;
    case 'm':
      unit = sim::kMinute;
      break;
    case 'h':
      unit = sim::kHour;
      break;
    case 'd':
      unit = sim::kDay;
      break;
    case 'w':
      unit = sim::kWeek;
      break;
    default:
      return std::nullopt;
  }
  std::string_view number = text.substr(0, text.size() - 1);
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
  return static_cast<sim::Time>(std::llround(*seconds));
}

}  // namespace xsellsim::scenarios

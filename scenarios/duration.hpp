#pragma once
// Durations in scenario files: a non-negative number and a unit, "90s", "30min", "36h", "2d",
// "1.5d", "6w", turned into whole seconds. There is no "m": minutes are "min", and months have
// no unit (they differ in length; write "30d" or "4w").
#include <optional>
#include <string>
#include <string_view>

#include "sim/time.hpp"

namespace xsellsim::scenarios {

// The longest duration a scenario may give: 100 years, far beyond any email sequence, and far
// from int64 overflow even when several are added.
inline constexpr sim::Time kLongestDuration = 36525 * sim::kDay;

// The seconds `text` stands for, not yet rounded and perhaps beyond kLongestDuration; nullopt when
// `text` is not of that form.
std::optional<double> duration_seconds(std::string_view text);
// Those seconds rounded to the nearest whole second.
sim::Time whole_seconds(double seconds);
// The same in whole seconds; nullopt when `text` is not of that form or longer than
// kLongestDuration.
std::optional<sim::Time> parse_duration(std::string_view text);

// For a number with a unit starting with "m" other than "min" ("1m", "2mo", "3months"): the
// message that says what to write for minutes and for a month; nullopt otherwise.
std::optional<std::string> minute_or_month(std::string_view text);
// Why `text` (not a duration) is not one, as an error message.
std::string not_a_duration(std::string_view text);

}  // namespace xsellsim::scenarios

#pragma once
// Simulated time: an integer count of seconds since the start of the run. No floating-point clock,
// so event order never depends on rounding.
#include <cstdint>
#include <limits>
#include <type_traits>

namespace xsellsim::sim {

using Time = std::int64_t;

inline constexpr Time kSecond = 1;
inline constexpr Time kMinute = 60 * kSecond;
inline constexpr Time kHour = 60 * kMinute;
inline constexpr Time kDay = 24 * kHour;
inline constexpr Time kWeek = 7 * kDay;
inline constexpr Time kNever = INT64_MAX;  // a time after every horizon

// The whole day that contains `t` (floor division, also for negative times).
constexpr std::int64_t day_of(Time t) { return t >= 0 ? t / kDay : -((-t + kDay - 1) / kDay); }
// The midnight that starts that day.
constexpr Time midnight_of(Time t) { return day_of(t) * kDay; }

// Facts the rest of the code relies on.
static_assert(std::is_signed_v<Time> && std::numeric_limits<Time>::digits == 63,
              "Time is a signed 64-bit count of seconds: differences of times are times");
static_assert(kNever == std::numeric_limits<Time>::max(), "kNever is later than any time");
static_assert(kNever / kDay > Time{1'000'000} * 366,
              "a million years of days fit: horizon (at most 100 years) plus any delay never "
              "overflows");
static_assert(day_of(0) == 0 && day_of(kDay - 1) == 0 && day_of(kDay) == 1 && day_of(-1) == -1 &&
                  day_of(-kDay) == -1 && day_of(-kDay - 1) == -2 && midnight_of(-1) == -kDay &&
                  midnight_of(kDay + 5) == kDay,
              "day_of rounds towards minus infinity");

}  // namespace xsellsim::sim

#pragma once
// Simulated time: an integer count of seconds since the start of the run. No floating-point clock,
// so event order never depends on rounding.
#include <cstdint>

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

}  // namespace xsellsim::sim

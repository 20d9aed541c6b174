#pragma once
// When an email may go out under the arm's policy (docs/model.md, "Policy"): quiet hours in the
// customer's local time and a frequency cap over all sequences. Pure functions of times, so each
// rule is tested on its own.
#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

#include "models/parameters.hpp"

namespace xsellsim::models {

// The first time at or after `t` outside the quiet hours [start, end) of local time (UTC + offset);
// `t` itself when there are none. A window with start > end runs past midnight (21:00-08:00).
inline Time after_quiet_hours(const Policy& policy, Time t, Time utc_offset) {
  if (policy.quiet_start < 0 || policy.quiet_start == policy.quiet_end) return t;
  const Time local = t + utc_offset;
  const Time midnight = sim::midnight_of(local);
  const Time clock = local - midnight;
  const bool wraps = policy.quiet_start > policy.quiet_end;
  const bool quiet = wraps ? (clock >= policy.quiet_start || clock < policy.quiet_end)
                           : (clock >= policy.quiet_start && clock < policy.quiet_end);
  if (!quiet) return t;
  const Time end_today = midnight + policy.quiet_end;
  const Time end = wraps && clock >= policy.quiet_start ? end_today + sim::kDay : end_today;
  return end - utc_offset;
}

// The first time at or after `t` when the customer's local clock (UTC + offset) reads `clock`
// (seconds after midnight): "next 10:00".
inline Time next_clock_time(Time t, Time clock, Time utc_offset) {
  const Time local = t + utc_offset;
  const Time today = sim::midnight_of(local) + clock;
  return (today >= local ? today : today + sim::kDay) - utc_offset;
}

// With `sends` the times of the customer's emails so far (in order): nullopt when one more at
// `now` keeps within the cap, else the time the oldest email in the window leaves it.
// How many of `sends` (in order) fall in the cap window that ends at `now`.
inline std::size_t sends_in_window(const Policy& policy, const std::vector<Time>& sends, Time now) {
  return static_cast<std::size_t>(
      sends.end() - std::lower_bound(sends.begin(), sends.end(), now - policy.cap_window + 1));
}

inline std::optional<Time> cap_frees_at(const Policy& policy, const std::vector<Time>& sends,
                                        Time now) {
  const auto cap = static_cast<std::size_t>(std::max(policy.cap, 0));
  if (cap == 0 || sends.size() < cap) return std::nullopt;
  if (sends_in_window(policy, sends, now) < cap) return std::nullopt;
  return sends[sends.size() - cap] + policy.cap_window;  // the cap-th latest leaves the window
}

}  // namespace xsellsim::models

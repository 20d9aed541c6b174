#pragma once
// Durations in scenario files: a non-negative number and a unit, "90s", "30m", "36h", "2d",
// "1.5d", "6w", turned into whole seconds.
#include <optional>
#include <string_view>

#include "sim/time.hpp"

namespace xsellsim::scenarios {

// nullopt when `text` is not of that form (or overflows 100 years).
std::optional<sim::Time> parse_duration(std::string_view text);

}  // namespace xsellsim::scenarios

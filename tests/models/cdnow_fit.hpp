#pragma once
// The BG/NBD fit to CDNOW's first-purchase cohort that Fader, Hardie & Lee (2005) publish
// (r = 0.243, alpha = 4.414 weeks, a = 0.793, b = 2.426; tests/data/cdnow/README.md), against which
// the closed forms and the simulation are checked.
#include "models/parameters.hpp"
#include "sim/time.hpp"

namespace xsellsim::models::testing {

inline const Purchasing kCdnow{0.243, 4.414, 0.793, 2.426, sim::kWeek};

}  // namespace xsellsim::models::testing

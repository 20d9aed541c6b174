#pragma once
// Parameter uncertainty (docs/scenario-reference.md, "Distributions"): any real-valued scenario
// value may be written `{mean = 0.243, sd = 0.013}`, a normal distribution truncated to the key's
// valid range. A run uses the mean, so a scenario reads and runs as before; `xsellsim run
// --parameter-draws K` draws one value of every such key for each of K replication blocks and
// runs each block at its draws (set as --set overrides, so that they meet every check a value in
// the file meets).
#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/range.hpp"

namespace xsellsim::scenarios {

struct Distribution {
  double mean = 0;
  double sd = 0;
  Range range;  // the key's valid values: draws outside are redrawn
};

// A value of the scenario given as a distribution, by its dotted path.
struct UncertainValue {
  std::string key;
  Distribution distribution;
};

// At least this share of the normal must lie in the key's range: the truncation (redrawing) then
// at most doubles the density anywhere, and a draw needs fewer than 2 tries on average.
inline constexpr double kLeastMassInRange = 0.5;

// The probability that the (untruncated) normal falls in the key's range.
double mass_in_range(const Distribution& distribution);

// The draws of block `block` (0 .. K-1) for every value, in order. Each value has its own stream,
// keyed by (seed, block, the key's name): a draw depends on nothing else (not the thread count,
// not the other keys, not the replications per block).
std::vector<double> draw_block(const std::vector<UncertainValue>& values, std::uint64_t seed,
                               std::size_t block);

// The draws as --set assignments ("segments.a.purchasing.r=0.2487..."), exact to the bit.
std::vector<std::string> draw_assignments(const std::vector<UncertainValue>& values,
                                          const std::vector<double>& draws);

// A fitted value as calibrate writes it: `{mean = MEAN, sd = SE}` from its standard error, or just
// MEAN (`mean_text`, the estimate as written) when the error is not a positive finite number or
// the normal would leave the key's range too often (kLeastMassInRange).
std::string fitted_value(const std::string& mean_text, double estimate, double standard_error,
                         Range range);

// "0.243 (sd 0.013)".
std::string describe(const Distribution& distribution);

}  // namespace xsellsim::scenarios

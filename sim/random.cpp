#include "sim/random.hpp"

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <type_traits>

namespace xsellsim::sim {

// Philox4x64's words are 64 bits, four to a block and two to a key: what RandomStream's
// constructor fills in from a StreamKey.
static_assert(std::is_same_v<r123::Philox4x64::ctr_type::value_type, std::uint64_t> &&
                  r123::Philox4x64::ctr_type::static_size == 4 &&
                  r123::Philox4x64::key_type::static_size == 2,
              "RandomStream's counter, block and key are Philox4x64's words");
// uniform() turns the top 53 bits of a draw into a double exactly, centred in its bin.
static_assert(std::numeric_limits<double>::is_iec559 && std::numeric_limits<double>::digits == 53,
              "uniform() needs IEEE-754 doubles with a 53-bit significand");

double RandomStream::normal() {
  // Box-Muller, one value per call: caching the second would make a draw depend on the call
  // before it, which would couple purposes that share a stream.
  double radius = std::sqrt(-2.0 * std::log(uniform()));
  return radius * std::cos(2.0 * std::numbers::pi * uniform());
}

double RandomStream::gamma(double shape, double scale) {
  if (shape < 1.0) {
    // Boost a shape below 1 by one and correct with U^(1/shape) (Marsaglia & Tsang 2000, sec. 6).
    double boosted = gamma(shape + 1.0, 1.0);
    return scale * boosted * std::pow(uniform(), 1.0 / shape);
  }
  // Marsaglia & Tsang (2000): squeeze-accepted cube of a normal.
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = normal();
    double v = 1.0 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    double u = uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return scale * d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return scale * d * v;
  }
}

double RandomStream::beta(double a, double b) {
  double x = gamma(a, 1.0);
  double y = gamma(b, 1.0);
  return x / (x + y);
}

}  // namespace xsellsim::sim

#pragma once
// Counter-based random streams (Random123 Philox4x64). Every draw is a pure function of
// (seed, replication, entity, purpose, counter): a stream can be re-created anywhere, on any
// thread, and gives the same numbers, so results do not depend on scheduling, and one purpose's
// draws never shift another's.
#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace xsellsim::sim {

struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  std::uint64_t entity = 0;   // e.g. a customer id
  std::uint64_t purpose = 0;  // what the numbers are for; see mix() to build one from parts
};

// Combines two 64-bit values into one well-spread value (splitmix64 finaliser on a + golden*b), for
// building stream purposes from several parts.
constexpr std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t z = a + 0x9e3779b97f4a7c15ULL * (b + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
// Known answers: every stream purpose is built with mix(), so changing it changes every result.
static_assert(mix(0, 0) == 0xe220a8397b1dcdafULL && mix(1, 2) == 0xf893a2eefb32555eULL,
              "mix() is splitmix64's finaliser of a + golden * (b + 1)");

// The draws on every event's path (construction, refill, uniform, exponential) are defined here,
// inline: a stream lives for a few draws, so a call and a copy of its key per draw would cost as
// much as the numbers.
class RandomStream {
 public:
  explicit RandomStream(const StreamKey& key)
      : key_{{key.seed, key.replication}}, counter_{{key.entity, key.purpose, 0, 0}} {}

  std::uint64_t next_u64() {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }
  // Uniform on the open interval (0, 1): safe to take the log of. The top 53 bits, centred in
  // their bin: never 0, never 1.
  double uniform() { return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53; }
  bool bernoulli(double p) { return uniform() < p; }
  double exponential(double mean) { return -mean * std::log(uniform()); }
  double normal();
  // Gamma with the given shape and scale (mean shape * scale).
  double gamma(double shape, double scale);
  double beta(double a, double b);
  // Index drawn with probability proportional to weights[i]; `total` is their sum.
  template <class Weights>
  std::size_t choose(const Weights& weights, double total) {
    double target = uniform() * total;
    std::size_t last = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (weights[i] <= 0) continue;
      last = i;
      target -= weights[i];
      if (target < 0) return i;
    }
    return last;
  }

 private:
  void refill() {
    block_ = r123::Philox4x64()(counter_, key_);
    ++counter_.v[2];
    used_ = 0;
  }

  r123::Philox4x64::key_type key_;
  r123::Philox4x64::ctr_type counter_;
  r123::Philox4x64::ctr_type block_{};
  unsigned used_ = 4;
};

}  // namespace xsellsim::sim

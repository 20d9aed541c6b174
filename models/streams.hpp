#pragma once
// The purposes of random streams. Each customer's draws are split by purpose so that:
// - the organic life (traits, purchases, needs, returns) never touches a stream that an email
//   uses, so every arm sees the same organic customer (common random numbers), and
// - each email draws from a stream keyed by its own (sequence, step), so adding a step does not
//   shift anything else's numbers.
#include <cstdint>

#include "sim/random.hpp"

namespace xsellsim::models {

enum class Purpose : std::uint64_t {
  kTraits = 1,
  kPurchasing = 2,  // BG/NBD timeline and product choice
  kNeed = 3,        // mixed with the purchase's key and the complement edge
  kReturn = 4,      // mixed with the purchase's key
  kEmail = 5,       // mixed with sequence, step and entry
  kBrowse = 6,      // mixed with the need's key and the visit's number
  kArm = 7,         // which arm a customer is assigned to when arms split the population
  kParameters = 8,  // run --parameter-draws: a block's draw of an uncertain scenario value
};

// Identifies the stream of one customer in one replication.
struct CustomerKey {
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  std::uint64_t customer = 0;

  [[nodiscard]] sim::RandomStream stream(std::uint64_t purpose) const {
    return sim::RandomStream({seed, replication, customer, purpose});
  }
};

constexpr std::uint64_t purpose_key(Purpose p) { return static_cast<std::uint64_t>(p); }
constexpr std::uint64_t purpose_key(Purpose p, std::uint64_t part) {
  return sim::mix(static_cast<std::uint64_t>(p), part);
}
constexpr std::uint64_t purpose_key(Purpose p, std::uint64_t part, std::uint64_t more) {
  return sim::mix(purpose_key(p, part), more);
}

}  // namespace xsellsim::models

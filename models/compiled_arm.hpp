#pragma once
// An arm prepared for simulation: the indexes a customer's life looks things up in (which
// sequences a purchase, a visit or a cart add enters; each sequence's first step in the tallies;
// each segment's engagement coefficients). Built once per point and arm, shared by every block of
// customers and every thread (read-only).
#include <cstdint>
#include <limits>
#include <vector>

#include "models/catalog.hpp"
#include "models/parameters.hpp"

namespace xsellsim::models {

// The model's own bounds (the loader keeps scenarios well inside them, scenarios/limits.hpp): a
// sequence's steps are bits of a 64-bit mask (Entry::opened, Entry::clicked), and events number
// sequences and steps in 16 bits, with 0xFFFE and 0xFFFF kept as Step::next markers.
inline constexpr std::size_t kMostStepsPerSequence = std::numeric_limits<std::uint64_t>::digits;
inline constexpr std::size_t kMostSequences = kEndOfSequence;
static_assert(kEndOfSequence < kFollowingStep && kMostStepsPerSequence <= kEndOfSequence,
              "step numbers stay below the Step::next markers");
static_assert(kMostSequences - 1 <= std::numeric_limits<std::uint16_t>::max(),
              "Event::sequence is 16 bits");

struct CompiledArm {
  CompiledArm(const World& world, const Catalog& catalog, const Arm& arm);

  const World& world;
  const Catalog& catalog;
  const Arm& arm;
  std::vector<std::vector<std::uint16_t>> by_purchase;  // [product] -> sequences it enters
  std::vector<std::vector<std::uint16_t>> by_visit;     // browse triggers
  std::vector<std::vector<std::uint16_t>> by_cart;      // cart triggers
  std::vector<std::uint16_t> broadcasts;                // sequences sent once at a time
  std::vector<std::size_t> first_step;  // [sequence]: index of its first step in ArmTally::steps
  std::vector<Engagement> engagement;   // [segment]: the coefficients with its baselines
  std::vector<char> preferred;          // [segment * categories + category]
  bool uses_priorities = false;         // a cap and sequences of different priorities
  bool records_shown = false;           // a sequence exits on buying what it showed
  bool records_visits = false;          // a browse trigger or condition asks about visits

  [[nodiscard]] bool prefers(std::uint32_t segment, ProductIndex product) const {
    return preferred[segment * world.categories.size() + catalog.product(product).category] != 0;
  }
};

}  // namespace xsellsim::models

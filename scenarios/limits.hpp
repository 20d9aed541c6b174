#pragma once
// The largest run a scenario may ask for (docs/scenario-reference.md, "Limits"). Beyond them a run
// would exhaust the machine's memory or take weeks, so it is refused up front as bad input.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/compiled_arm.hpp"
#include "models/parameters.hpp"
#include "models/runner.hpp"
#include "scenarios/diagnostics.hpp"

namespace xsellsim::scenarios {

// Replications of one run (`replications`, and `run --replications`).
inline constexpr int kMostReplications = 10000;
// Customer-lives: population.size x arms (the holdout included) x replications. At about a million
// a second on two cores, 10^11 is a day's work.
inline constexpr double kMostCustomerLives = 1e11;
// Tallies held in memory until the results are written, per arm and replication (models::ArmTally):
// every day's kDailyCount series and the entrants' conversion and unsubscribe events and
// censorings, in all and per segment, plus a few counters per step, all int64.
inline constexpr double kMostTallyBytes = 2e9;

// The shape of an arm. The model indexes sequences and steps with 16-bit counters and keeps one
// bit per step of a sequence in a 64-bit mask (a condition's "opened:nudge"), and each step costs
// its tallies and a group of datasets in the results file (about 2 ms to write): far below the
// counters' range, and far beyond any real journey (a handful of sequences of a few steps).
inline constexpr std::size_t kMostSequencesPerArm = 256;
inline constexpr std::size_t kMostStepsPerSequence = models::kMostStepsPerSequence;
inline constexpr std::size_t kMostStepsPerArm = 1024;
static_assert(kMostSequencesPerArm <= models::kMostSequences && kMostStepsPerArm <= 0xffff,
              "models/ numbers sequences and steps in 16 bits");

struct OverLimit {
  std::string key;  // the dotted key to report it at
  std::string message;
};

// Every limit that a run of `points` exceeds; empty when it fits. A sweep runs its points
// together, so the limits hold for their sum.
std::vector<OverLimit> over_limits(std::span<const models::PointSpec> points);
// The same for one point, reported with its factors.
std::vector<OverLimit> over_limits(const models::World& world, int replications);

// Dotted keys nest tables (`a.b.c = 1`), and the TOML parser recurses once per level: tens of
// thousands of levels overflow the stack. So a line may hold at most this many dots outside
// strings and comments (a float's dot counts too; a scenario needs a handful).
inline constexpr long kMostDotsPerLine = 1000;

// The problem, at the first dot over the limit, when `text` (TOML, from `file`) has a line with
// more; nullopt when none has.
std::optional<Diagnostic> too_many_dots(std::string_view text, const std::string& file);

}  // namespace xsellsim::scenarios

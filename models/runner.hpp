#pragma once
// Runs every arm of a World over the same simulated customers, for each replication, spread over
// threads; the result does not depend on the number of threads.
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <vector>

#include "models/metrics.hpp"
#include "models/parameters.hpp"

namespace xsellsim::models {

struct RunOptions {
  std::uint64_t seed = 1;
  int replications = 1;
  unsigned threads = 1;
  std::uint64_t block_size = 1024;          // customers per unit of work handed to a thread
  const std::atomic<bool>* stop = nullptr;  // when set, the run stops at the next block
  // For a cluster: this process simulates only the blocks b with b % ranks == rank; summing the
  // tallies of all ranks (RunResult::add) gives the single-process result exactly.
  unsigned rank = 0;
  unsigned ranks = 1;
  // Resuming an interrupted run (single process only): the (point, replication) units for which
  // skip() is true are not simulated (their tallies stay zero: the caller adds the saved ones),
  // and finished() is called for each simulated unit once it is whole, in order, from the thread
  // that completes it.
  std::function<bool(std::size_t point, std::size_t replication)> skip;
  std::function<void(std::size_t point, std::size_t replication, const std::vector<ArmTally>&,
                     const RunStats&)>
      finished;
  // With parameter draws (run --parameter-draws K), for each point: K worlds, block b's
  // parameters, at which replications [b R/K, (b + 1) R/K) run (every arm at the same ones, so
  // differences stay paired); R must be a multiple of K. Empty: each point's world throughout.
  std::vector<std::vector<const World*>> parameter_blocks;  // [point][block]
};

// Thrown by run() when options.stop was set before the run finished.
class RunStopped : public std::runtime_error {
 public:
  RunStopped() : std::runtime_error("run stopped before it finished") {}
};

// Called from worker threads after each finished block with the number of customers (of all points
// and replications) done: a customer's lives under every arm count once.
using ProgressCallback = void (*)(void* context, std::uint64_t customers_done);

RunResult run(const World& world, const RunOptions& options, ProgressCallback progress = nullptr,
              void* progress_context = nullptr);

// One point of a sweep: a world and its number of replications (options.replications is not used).
struct PointSpec {
  const World* world = nullptr;
  int replications = 1;
};

// Thrown by run_points() when the blocks of a point do not fit its replications, or their worlds
// differ in more than numbers (the arms, which arms get a no-send twin, the population size).
class BlocksMismatch : public std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Runs every point as one pool of work: the blocks of all points (and replications) are spread over
// the threads (and ranks) together, so that many small points keep every core as busy as one big
// population. Every point draws the same customers (the same seed): common random numbers across
// points too. results[k] is point k's result, exactly what run() gives for it alone.
std::vector<RunResult> run_points(std::span<const PointSpec> points, const RunOptions& options,
                                  ProgressCallback progress = nullptr,
                                  void* progress_context = nullptr);

}  // namespace xsellsim::models

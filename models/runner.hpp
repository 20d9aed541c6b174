#pragma once
// Runs every arm of a World over the same simulated customers, for each replication, spread over
// threads; the result does not depend on the number of threads.
#include <cstdint>

#include "models/metrics.hpp"
#include "models/parameters.hpp"

namespace xsellsim::models {

struct RunOptions {
  std::uint64_t seed = 1;
  int replications = 1;
  unsigned threads = 1;
  std::uint64_t block_size = 1024;  // customers per unit of work handed to a thread
};

// Called from worker threads after each finished block with the number of customer-lives done.
using ProgressCallback = void (*)(void* context, std::uint64_t lives_done);

RunResult run(const World& world, const RunOptions& options, ProgressCallback progress = nullptr,
              void* progress_context = nullptr);

}  // namespace xsellsim::models

#pragma once
// Spreads independent blocks of work over threads and folds their results in block order, so the
// result is the same for any number of threads (even when folding is not commutative).
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace xsellsim::sim {

// Calls produce(block) for every block in [0, blocks) on up to `threads` threads and
// fold(accumulator, std::move(result)) for the results in block order 0, 1, 2, ... A result waits
// only until the blocks before it are folded, so memory stays O(threads) in practice. The first
// exception thrown by produce or fold stops the work and is rethrown here: no block starts after
// it, and nothing more is folded (a result finished on another thread meanwhile is dropped, since
// fold may rely on what failed, e.g. a file that was closed).
template <class Result, class Produce, class Fold>
void map_fold_ordered(std::size_t blocks, unsigned threads, Produce produce, Fold fold) {
  std::atomic<std::size_t> next_block{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;  // guards everything below
  std::map<std::size_t, Result> finished;
  std::size_t next_to_fold = 0;
  std::exception_ptr error;

  // Called with `mutex` held, so that no thread folds between a failure and its record.
  auto record_failure = [&] {
    if (!error) error = std::current_exception();
    failed = true;
  };
  auto work = [&] {
    for (std::size_t block = 0; !failed && (block = next_block++) < blocks;) {
      std::optional<Result> result;
      try {
        result.emplace(produce(block));
      } catch (...) {
        std::lock_guard lock(mutex);
        record_failure();
        return;
      }
      std::lock_guard lock(mutex);
      if (failed) return;  // another thread failed while this one produced
      try {
        finished.emplace(block, std::move(*result));
        for (auto it = finished.begin(); it != finished.end() && it->first == next_to_fold;
             it = finished.erase(it), ++next_to_fold) {
          fold(std::move(it->second));
        }
      } catch (...) {
        record_failure();
        return;
      }
    }
  };

  threads = std::max(
      1u, std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(blocks, 1))));
  std::vector<std::jthread> pool;
  try {
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back(work);
  } catch (...) {
    failed = true;  // the threads already started stop at their next block
    throw;
  }
  work();
  pool.clear();  // joins
  if (error) std::rethrow_exception(error);
}

// The number of hardware threads, at least 1.
inline unsigned hardware_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace xsellsim::sim

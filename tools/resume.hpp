#pragma once
// `xsellsim run --resume`: every finished (point, replication) is saved to OUT.h5.checkpoint as the
// run goes (output/checkpoint.hpp); after an interruption, --resume simulates only what is missing
// and adds the saved tallies back, so the file is byte-identical to an uninterrupted run's.
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "models/runner.hpp"
#include "output/checkpoint.hpp"

namespace xsellsim::tools {

// What a run does with the checkpoint an interrupted run of the same output left behind.
enum class ResumeMode {
  kRefuse,      // (no flag) a checkpoint there is refused, never overwritten
  kResume,      // --resume: continue it; without one, there is nothing to resume (an error)
  kIfPossible,  // --resume-if-possible: continue it if there is one, else start afresh
  kRestart,     // --restart: discard it and start afresh
};

class Checkpointing {
 public:
  // `identity`: everything that shapes the result. Checkpoints are kept only when the run has more
  // than one unit and runs in one process.
  Checkpointing(const std::filesystem::path& output, const std::string& identity, ResumeMode mode,
                std::size_t units, bool single_process);

  // Skips the saved units and saves each unit the run finishes.
  void attach(models::RunOptions& options);
  // Adds the saved units' tallies and stats to the results of the run.
  void restore(std::vector<models::RunResult>& results) const;
  // The results are written: the checkpoint is no longer needed.
  void remove() const;
  // The run stopped: keeps the checkpoint if it holds anything, else removes it.
  void stopped();
  [[nodiscard]] std::size_t saved_units() const { return saved_.size() + finished_; }
  [[nodiscard]] bool active() const { return writer_ != nullptr; }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::vector<output::CheckpointUnit> saved_;
  std::set<std::pair<std::size_t, std::size_t>> done_;
  std::unique_ptr<output::CheckpointWriter> writer_;
  std::size_t finished_ = 0;
};

}  // namespace xsellsim::tools

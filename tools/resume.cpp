#include "tools/resume.hpp"

#include <fmt/format.h>

#include "output/results_file.hpp"
#include "scenarios/diagnostics.hpp"

namespace xsellsim::tools {

Checkpointing::Checkpointing(const std::filesystem::path& output, const std::string& identity,
                             ResumeMode mode, std::size_t units, bool single_process)
    : path_(output::checkpoint_path(output)) {
  if (mode == ResumeMode::kResume && !single_process) {
    throw scenarios::InputError(scenarios::Diagnostic{
        "--resume", 0, 0, "--resume runs in one process, not under mpirun", ""});
  }
  if (!single_process || units < 2) return;  // no checkpoint is written
  const bool exists = std::filesystem::exists(path_);
  if (mode == ResumeMode::kRefuse && exists) {
    throw scenarios::InputError(scenarios::Diagnostic{
        path_.string(), 0, 0,
        "an interrupted run left this checkpoint: pass --resume to continue it, or --restart to "
        "discard it and start afresh",
        ""});
  }
  const bool resume = mode == ResumeMode::kResume || (mode == ResumeMode::kIfPossible && exists);
  const std::uint64_t print = output::fingerprint(identity);
  if (resume) {
    saved_ = output::read_checkpoint(path_, print);
    for (const auto& unit : saved_) done_.emplace(unit.point, unit.replication);
  }
  writer_ = std::make_unique<output::CheckpointWriter>(path_, print, resume);
}

void Checkpointing::attach(models::RunOptions& options) {
  if (!writer_) return;
  options.skip = [this](std::size_t point, std::size_t replication) {
    return done_.contains({point, replication});
  };
  options.finished = [this](std::size_t point, std::size_t replication,
                            const std::vector<models::ArmTally>& tallies,
                            const models::RunStats& stats) {
    try {
      writer_->add({point, replication, stats, models::flat_counts(tallies)});
    } catch (const output::WriteError&) {
      // A checkpoint cut short by a full disk helps nobody: leave nothing behind.
      writer_.reset();
      std::error_code ignored;
      std::filesystem::remove(path_, ignored);
      throw;
    }
    ++finished_;
  };
}

void Checkpointing::restore(std::vector<models::RunResult>& results) const {
  for (const auto& unit : saved_) {
    if (unit.point >= results.size() || unit.replication >= results[unit.point].tallies.size()) {
      throw output::FormatError(
          fmt::format("{}: a saved unit lies outside the run", path_.string()));
    }
    models::RunResult& result = results[unit.point];
    models::add_flat_counts(result.tallies[unit.replication], unit.counts);
    result.stats.customers += unit.stats.customers;
    result.stats.events += unit.stats.events;
  }
}

void Checkpointing::remove() const {
  std::error_code ignored;
  if (writer_) std::filesystem::remove(path_, ignored);
}

void Checkpointing::stopped() {
  if (saved_units() > 0) return;
  writer_.reset();  // closed before it goes
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

}  // namespace xsellsim::tools

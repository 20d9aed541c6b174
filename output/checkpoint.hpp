#pragma once
// Checkpoints of a long run (`xsellsim run --resume`): each finished (point, replication) is
// appended to OUT.h5.checkpoint as soon as it is whole, so an interrupted run can continue where
// it stopped and still write the same bytes as an uninterrupted one. The file starts with a
// fingerprint of everything that shapes the result (scenario after overrides, seed, replications,
// program and format versions): a checkpoint of another run is refused, never mixed in.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "models/metrics.hpp"

namespace xsellsim::output {

struct CheckpointUnit {
  std::uint64_t point = 0;
  std::uint64_t replication = 0;
  models::RunStats stats;
  std::vector<std::int64_t> counts;  // models::flat_counts of the replication's tallies
};

// FNV-1a over the text: stable across machines and builds.
std::uint64_t fingerprint(const std::string& text);

inline std::filesystem::path checkpoint_path(const std::filesystem::path& output) {
  return output.string() + ".checkpoint";
}

// Appends units to a checkpoint file; creates it (with the fingerprint) unless `append`.
class CheckpointWriter {
 public:
  CheckpointWriter(const std::filesystem::path& path, std::uint64_t fingerprint, bool append);
  ~CheckpointWriter();
  CheckpointWriter(const CheckpointWriter&) = delete;
  CheckpointWriter& operator=(const CheckpointWriter&) = delete;

  // Writes and flushes one unit (to the operating system: it survives the process being killed).
  void add(const CheckpointUnit& unit);

 private:
  std::FILE* file_ = nullptr;
  std::filesystem::path path_;
};

// The units saved in a checkpoint. A unit cut short by the interruption (the file's tail) is
// dropped. Throws FormatError if the file is not a checkpoint of the run with this fingerprint.
std::vector<CheckpointUnit> read_checkpoint(const std::filesystem::path& path,
                                            std::uint64_t fingerprint);

}  // namespace xsellsim::output

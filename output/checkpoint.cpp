#include "output/checkpoint.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>

#include "output/results_file.hpp"

namespace xsellsim::output {

namespace {

constexpr std::array<char, 8> kMagic{'X', 'S', 'C', 'K', 'P', 'T', '0', '1'};
// A unit on disk: point, replication, customer-lives, events, count n, n counts, and a checksum of
// all of these (so that a unit cut short or damaged is recognised).
constexpr std::uint64_t kMostCounts = std::uint64_t{1} << 32;

std::uint64_t mix_in(std::uint64_t hash, std::uint64_t value) {
  for (int byte = 0; byte < 8; ++byte) {
    hash ^= (value >> (8 * byte)) & 0xff;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::vector<std::uint64_t> encode(const CheckpointUnit& unit) {
  std::vector<std::uint64_t> words{unit.point, unit.replication, unit.stats.customers,
                                   unit.stats.events, unit.counts.size()};
  for (std::int64_t count : unit.counts) words.push_back(static_cast<std::uint64_t>(count));
  std::uint64_t checksum = 0xcbf29ce484222325ULL;
  for (std::uint64_t word : words) checksum = mix_in(checksum, word);
  words.push_back(checksum);
  return words;
}

// The results file a checkpoint belongs to (OUT.h5 for OUT.h5.checkpoint): errors name it.
std::string results_of(const std::filesystem::path& checkpoint) {
  const std::string text = checkpoint.string();
  return text.substr(0, text.rfind(".checkpoint"));
}

}  // namespace

std::uint64_t fingerprint(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

CheckpointWriter::CheckpointWriter(const std::filesystem::path& path, std::uint64_t print,
                                   bool append)
    : file_(std::fopen(path.c_str(), append ? "ab" : "wb")), path_(path) {
  if (file_ == nullptr) {
    // Beside the results: if it cannot be written, neither can they. Say so up front.
    throw WriteError(fmt::format("cannot write {}: {} (creating its checkpoint {})",
                                 results_of(path), std::generic_category().message(errno),
                                 path.string()));
  }
  if (!append) {
    std::fwrite(kMagic.data(), 1, kMagic.size(), file_);
    std::fwrite(&print, sizeof print, 1, file_);
    if (std::fflush(file_) != 0) {
      throw WriteError(fmt::format("cannot write the checkpoint {}", path.string()));
    }
  }
}

CheckpointWriter::~CheckpointWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void CheckpointWriter::add(const CheckpointUnit& unit) {
  const auto words = encode(unit);
  if (std::fwrite(words.data(), sizeof(std::uint64_t), words.size(), file_) != words.size() ||
      std::fflush(file_) != 0) {
    throw WriteError(fmt::format("cannot write {}: {} (writing its checkpoint {})",
                                 results_of(path_), std::generic_category().message(errno),
                                 path_.string()));
  }
}

std::vector<CheckpointUnit> read_checkpoint(const std::filesystem::path& path,
                                            std::uint64_t print) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
  auto fail = [&](const std::string& why) {
    return FormatError(fmt::format("{}: cannot resume: {}", path.string(), why));
  };
  if (!file) throw fail("no checkpoint (the run finished, or never started)");
  std::array<char, 8> magic{};
  std::uint64_t saved_print = 0;
  if (std::fread(magic.data(), 1, magic.size(), file.get()) != magic.size() || magic != kMagic ||
      std::fread(&saved_print, sizeof saved_print, 1, file.get()) != 1) {
    throw fail("not an xsellsim checkpoint");
  }
  if (saved_print != print) {
    throw fail(
        "the checkpoint is of another run (scenario, overrides, seed or replications "
        "differ); pass --restart instead of --resume to discard it and start afresh");
  }
  std::vector<CheckpointUnit> units;
  for (;;) {
    std::array<std::uint64_t, 5> head{};
    if (std::fread(head.data(), sizeof(std::uint64_t), head.size(), file.get()) != head.size())
      break;
    if (head[4] > kMostCounts) break;  // damaged
    CheckpointUnit unit{head[0], head[1], {head[2], head[3]}, {}};
    unit.counts.resize(head[4]);
    std::uint64_t checksum = 0;
    if (std::fread(unit.counts.data(), sizeof(std::int64_t), unit.counts.size(), file.get()) !=
            unit.counts.size() ||
        std::fread(&checksum, sizeof checksum, 1, file.get()) != 1 ||
        encode(unit).back() != checksum) {
      break;  // the unit the interruption cut short
    }
    units.push_back(std::move(unit));
  }
  return units;
}

}  // namespace xsellsim::output

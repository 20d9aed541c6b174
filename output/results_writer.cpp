// Writing results (output/results_file.hpp, docs/output-format.md): atomically, and byte for byte
// the same for the same input. The HDF5 calls are in hdf5_writer.cpp, the arms in arm_writer.cpp.
#include <fcntl.h>
#include <fmt/format.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <span>
#include <system_error>
#include <type_traits>

#include "output/arm_writer.hpp"
#include "output/hdf5_handle.hpp"
#include "output/hdf5_writer.hpp"
#include "output/parameter_draws_io.hpp"
#include "output/results_file.hpp"
#include "output/schema.hpp"

namespace xsellsim::output {

namespace {

// ---------------------------------------------------------------------------------------------
// Checking the input before anything touches the disk

void check_series(std::size_t length, std::size_t days, const std::string& where) {
  if (length != days) {
    throw WriteError(fmt::format("{} has {} days, the result says {}", where, length, days));
  }
}

template <class Tally>  // models::ArmTally or models::SegmentTally
void check_tally(const Tally& tally, std::size_t days, const std::string& where) {
  for (const auto& curve : schema::kCounts) {
    check_series((schema::survival(tally, curve.tally).*curve.counts).size(), days,
                 where + " " + curve.name);
  }
  if constexpr (std::is_same_v<Tally, models::ArmTally>) {
    for (const auto& series : schema::kDailySeries) {
      check_series(tally.series(series.metric).size(), days, where + " daily " + series.name);
    }
  }
}

void check_result(const models::RunResult& result, std::size_t point) {
  if (result.arm_names.empty()) throw WriteError(fmt::format("point {} has no arms", point));
  if (!result.twin_of.empty() && result.twin_of.size() != result.arm_names.size()) {
    throw WriteError(fmt::format("point {} names the twins of {} arms, not {}", point,
                                 result.twin_of.size(), result.arm_names.size()));
  }
  if (result.step_names.size() != result.arm_names.size()) {
    throw WriteError(fmt::format("point {} names the steps of {} arms, not {}", point,
                                 result.step_names.size(), result.arm_names.size()));
  }
  for (std::size_t r = 0; r < result.tallies.size(); ++r) {
    if (result.tallies[r].size() != result.arm_names.size()) {
      throw WriteError(fmt::format("point {} replication {} has {} arm tallies for {} arms", point,
                                   r, result.tallies[r].size(), result.arm_names.size()));
    }
    for (std::size_t arm = 0; arm < result.arm_names.size(); ++arm) {
      const auto& tally = result.tallies[r][arm];
      const std::string where =
          fmt::format("point {} replication {} arm {}", point, r, result.arm_names[arm]);
      check_tally(tally, result.days, where);
      if (tally.steps.size() != result.step_names[arm].size() ||
          tally.segments.size() != result.segment_names.size()) {
        throw WriteError(where + ": steps or segments differ from their names");
      }
      for (const auto& segment : tally.segments) check_tally(segment, result.days, where);
      if (tally.paired.cross.size() != result.arm_names.size() - arm) {
        throw WriteError(where + ": no paired sums (models::RunResult::pair_arms)");
      }
      for (const auto& series : tally.paired.both_converted) {
        check_series(series.size(), result.days, where + " paired both_converted");
      }
    }
  }
}

// A sweep's table has one column per parameter, so every point must name the same ones.
void check_points(const std::vector<SweepPoint>& points) {
  if (points.empty()) throw WriteError("no results to write");
  for (std::size_t k = 0; k < points.size(); ++k) {
    check_result(points[k].result, k);
    const auto& parameters = points[k].parameters;
    const auto& first = points[0].parameters;
    const bool same_keys =
        std::equal(parameters.begin(), parameters.end(), first.begin(), first.end(),
                   [](const auto& a, const auto& b) { return a.first == b.first; });
    if (!same_keys) {
      throw WriteError(fmt::format("sweep point {} names other parameters than point 0", k));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Sweeps

// One swept key's values, in point order: int64 if all are integers, float64 if all are numbers,
// strings if all are plain strings, else their TOML text (units "toml").
Handle write_parameter_column(hid_t table, const std::string& name,
                              const std::vector<ParameterValue>& values,
                              const Properties& properties) {
  using Kind = ParameterValue::Kind;
  auto all = [&](auto test) { return std::all_of(values.begin(), values.end(), test); };
  const std::vector<hsize_t> dims{values.size()};
  constexpr const char* kDescription = "the parameter's value at each point";
  if (all([](const auto& v) { return v.kind == Kind::kInteger; })) {
    std::vector<std::int64_t> integers;
    integers.reserve(values.size());
    for (const auto& v : values) integers.push_back(v.integer);
    return write_dataset(table, name, dims, integers, "1", kDescription, properties);
  }
  if (all([](const auto& v) { return v.kind == Kind::kInteger || v.kind == Kind::kReal; })) {
    std::vector<double> reals;
    reals.reserve(values.size());
    for (const auto& v : values) {
      reals.push_back(v.kind == Kind::kReal ? v.real : static_cast<double>(v.integer));
    }
    return write_dataset(table, name, dims, reals, "1", kDescription, properties);
  }
  const bool strings = all([](const auto& v) { return v.kind == Kind::kString; });
  std::vector<std::string> texts;
  texts.reserve(values.size());
  for (const auto& v : values) texts.push_back(v.text);
  return write_dataset(table, name, dims, texts, strings ? "1" : "toml",
                       strings ? kDescription : "the parameter's value at each point, as TOML text",
                       properties);
}

// /points/table: a `point` scale and one dataset per swept key (its values, in point order),
// which xarray opens as one table.
void write_table(hid_t points_group, const std::vector<SweepPoint>& points,
                 const Properties& properties) {
  Handle table = create_group(points_group, "table", properties);
  std::vector<std::string> keys;
  for (const auto& [key, value] : points[0].parameters) keys.push_back(key);
  write_strings_attribute(table, schema::kParameterOrder, keys);
  Handle point = write_scale(table, schema::kPoint, points.size(), "1",
                             "index k of the point, whose results are at /points/<k>", properties);
  for (std::size_t column = 0; column < keys.size(); ++column) {
    std::vector<ParameterValue> values;
    values.reserve(points.size());
    for (const auto& sweep_point : points) {
      values.push_back(parse_parameter(sweep_point.parameters[column].second));
    }
    Handle dataset =
        write_parameter_column(table, schema::link_name(keys[column]), values, properties);
    attach(dataset, {{&point, schema::kPoint}});
  }
}

void write_points(hid_t root, const std::vector<SweepPoint>& points, const Properties& properties) {
  Handle all = create_group(root, "points", properties);
  write_table(all, points, properties);
  for (std::size_t k = 0; k < points.size(); ++k) {
    Handle point = create_group(all, std::to_string(k), properties);
    write_arms(point, points[k].result, properties);
  }
}

// ---------------------------------------------------------------------------------------------
// The file

void write_root_attributes(hid_t root, const RunMetadata& metadata) {
  write_scalar_attribute(root, "format_version", H5T_STD_I32LE, H5T_NATIVE_INT, kFormatVersion);
  write_string_attribute(root, "xsellsim_version", metadata.xsellsim_version);
  write_string_attribute(root, "scenario", metadata.scenario_toml);
  write_scalar_attribute(root, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, metadata.seed);
  write_string_attribute(root, "currency", metadata.currency);
}

// HDF5 builds the whole file in memory (the core driver without a backing store) and the bytes are
// then written with write(2): a full disk or a file-size limit (EFBIG) is then our error, with the
// operating system's reason, never a failed write inside HDF5, which leaves the file half closed
// and makes HDF5's own clean-up at program exit crash (HDF5 1.10).
std::vector<unsigned char> file_image(const std::filesystem::path& path,
                                      const RunMetadata& metadata,
                                      const std::vector<SweepPoint>& points,
                                      const ParameterDraws& draws) {
  const Properties properties = timeless_properties();
  Handle access = checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create properties");
  check(H5Pset_fapl_core(access, 1 << 20, false), "keep the file in memory");
  Handle file = checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, properties.file, access), H5Fclose,
                        "create " + path.string());
  {
    Handle root = checked(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "open the root group");
    write_root_attributes(root, metadata);
    if (!draws.values.empty()) {
      write_parameter_draws(root, draws, properties.group, properties.dataset);
    }
    if (points.size() == 1 && points[0].parameters.empty()) {
      write_arms(root, points[0].result, properties);
    } else {
      write_points(root, points, properties);
    }
  }
  check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush the file image");
  const ssize_t size = H5Fget_file_image(file, nullptr, 0);
  if (size < 0) check(-1, "size the file image");
  std::vector<unsigned char> image(static_cast<std::size_t>(size));
  if (H5Fget_file_image(file, image.data(), image.size()) != size) check(-1, "copy the file image");
  check(file.close(), "close " + path.string());
  return image;
}

// Writes `bytes` to a new file at `path` and flushes them to disk.
void write_to_disk(const std::filesystem::path& path, const std::vector<unsigned char>& bytes) {
  auto fail = [&](const char* what) {
    throw WriteError(fmt::format("cannot {} {}: {}", what, path.string(),
                                 std::generic_category().message(errno)));
  };
  const int descriptor = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (descriptor < 0) fail("create");
  for (std::size_t done = 0; done < bytes.size();) {
    const auto rest = std::span(bytes).subspan(done);
    const ssize_t wrote = ::write(descriptor, rest.data(), rest.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) {
      const int error = errno;
      ::close(descriptor);
      errno = error;
      fail("write");
    }
    done += static_cast<std::size_t>(wrote);
  }
  if (::fsync(descriptor) != 0) {
    const int error = errno;
    ::close(descriptor);
    errno = error;
    fail("flush to disk");
  }
  if (::close(descriptor) != 0) fail("close");
}

// Makes the rename itself durable. The results are complete and in place whatever happens here,
// and some file systems refuse to sync a directory, so a failure is not an error.
void sync_directory_best_effort(const std::filesystem::path& file) {
  const std::filesystem::path directory =
      file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  const int descriptor = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) return;
  static_cast<void>(::fsync(descriptor));
  ::close(descriptor);
}

}  // namespace

void write_results(const std::filesystem::path& target, const RunMetadata& metadata,
                   const std::vector<SweepPoint>& points, const ParameterDraws& draws) {
  const QuietHdf5Errors quiet;
  const std::filesystem::path temporary =
      target.string() + ".tmp-" + std::to_string(static_cast<long>(::getpid()));
  try {
    check_points(points);
    write_to_disk(temporary, file_image(temporary, metadata, points, draws));
    std::filesystem::rename(temporary, target);
  } catch (const std::exception& e) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw WriteError(fmt::format("cannot write {}: {}", target.string(), e.what()));
  }
  sync_directory_best_effort(target);
}

}  // namespace xsellsim::output

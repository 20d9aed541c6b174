// Writing results (output/results_file.hpp, docs/output-format.md): atomically, and byte for byte
// the same for the same input.
#include <fcntl.h>
#include <fmt/format.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <numeric>
#include <span>
#include <system_error>
#include <type_traits>

#include "output/hdf5_handle.hpp"
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
// HDF5 calls that throw

void check(herr_t status, const std::string& what) {
  if (status < 0) {
    const std::string detail = hdf5_error_detail();
    throw WriteError(detail.empty() ? "HDF5 failed to " + what
                                    : fmt::format("HDF5 failed to {} ({})", what, detail));
  }
}
Handle checked(hid_t id, Handle::Closer closer, const std::string& what) {
  if (id < 0) check(-1, what);
  return Handle(id, closer);
}

// Property lists shared by every object, with time tracking off: identical inputs give identical
// bytes.
struct Properties {
  Handle file, group, dataset;
};

Properties timeless_properties() {
  Properties properties;
  // The file creation list also creates the root group.
  properties.file = checked(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "create properties");
  properties.group = checked(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create properties");
  properties.dataset = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create properties");
  for (hid_t list : {properties.file.get(), properties.group.get(), properties.dataset.get()}) {
    check(H5Pset_obj_track_times(list, false), "turn time tracking off");
  }
  return properties;
}

Handle create_group(hid_t parent, const std::string& name, const Properties& properties) {
  return checked(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, properties.group, H5P_DEFAULT),
                 H5Gclose, "create group " + name);
}

// Variable-length UTF-8, the type h5py and h5netcdf read back as str.
Handle string_type() {
  Handle type = checked(H5Tcopy(H5T_C_S1), H5Tclose, "copy a string type");
  check(H5Tset_size(type, H5T_VARIABLE), "size a string type");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "set a string type's character set");
  return type;
}

std::vector<const char*> c_strings(const std::vector<std::string>& values) {
  std::vector<const char*> texts;
  texts.reserve(values.size());
  for (const auto& value : values) texts.push_back(value.c_str());
  return texts;
}

void write_attribute(hid_t object, const char* name, hid_t type, hid_t space, hid_t memory_type,
                     const void* value) {
  Handle attribute = checked(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
                             H5Aclose, fmt::format("create attribute {}", name));
  check(H5Awrite(attribute, memory_type, value), fmt::format("write attribute {}", name));
}

void write_string_attribute(hid_t object, const char* name, const std::string& value) {
  Handle type = string_type();
  Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  const char* text = value.c_str();
  write_attribute(object, name, type, space, type, &text);
}

void write_strings_attribute(hid_t object, const char* name,
                             const std::vector<std::string>& values) {
  Handle type = string_type();
  const hsize_t size = values.size();
  Handle space = checked(H5Screate_simple(1, &size, nullptr), H5Sclose, "create a space");
  auto texts = c_strings(values);
  const char* none = nullptr;  // HDF5 wants a buffer even for no strings (a holdout's steps)
  write_attribute(object, name, type, space, type, texts.empty() ? &none : texts.data());
}

template <class T>
void write_scalar_attribute(hid_t object, const char* name, hid_t file_type, hid_t memory_type,
                            T value) {
  Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  write_attribute(object, name, file_type, space, memory_type, &value);
}

// The file and memory types of each element type we store.
template <class T>
struct Types;
template <>
struct Types<std::int64_t> {
  static hid_t file() { return H5T_STD_I64LE; }
  static hid_t memory() { return H5T_NATIVE_INT64; }
};
template <>
struct Types<double> {
  static hid_t file() { return H5T_IEEE_F64LE; }
  static hid_t memory() { return H5T_NATIVE_DOUBLE; }
};

template <class T>
Handle write_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                     const std::vector<T>& values, const char* units, const char* description,
                     const Properties& properties) {
  const auto cells = std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<>());
  if (values.size() != cells) {
    throw WriteError(fmt::format("dataset {}: {} values for {} cells", name, values.size(), cells));
  }
  Handle space = checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                         H5Sclose, "create a data space");
  Handle string;  // kept open until the write: the dataset refers to it
  hid_t file_type = H5I_INVALID_HID, memory_type = H5I_INVALID_HID;
  const void* data = values.data();
  std::vector<const char*> texts;
  if constexpr (std::is_same_v<T, std::string>) {
    string = string_type();
    file_type = memory_type = string;
    texts = c_strings(values);
    static const char* const kNone = "";  // HDF5 wants a buffer even for no elements
    data = texts.empty() ? static_cast<const void*>(&kNone) : texts.data();
  } else {
    file_type = Types<T>::file();
    memory_type = Types<T>::memory();
  }
  Handle dataset = checked(H5Dcreate2(parent, name.c_str(), file_type, space, H5P_DEFAULT,
                                      properties.dataset, H5P_DEFAULT),
                           H5Dclose, "create dataset " + name);
  check(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
        "write dataset " + name);
  write_string_attribute(dataset, "units", units);
  write_string_attribute(dataset, "description", description);
  return dataset;
}

// ---------------------------------------------------------------------------------------------
// Dimension scales
//
// h5netcdf names a dimension after the scale a dataset points to and looks its length up in the
// dataset's group and then in the groups above it; a scale elsewhere (a sibling group) fails with
// KeyError, and a scale only in a parent group gives a dimension without coordinate values. So
// every group that holds datasets holds the scales of its own dimensions, and
// xarray.open_dataset(path, group=...) of any such group stands alone.

std::vector<std::int64_t> indices(std::size_t count) {
  std::vector<std::int64_t> values(count);
  std::iota(values.begin(), values.end(), std::int64_t{0});
  return values;
}

Handle write_scale(hid_t group, const char* name, std::size_t length, const char* units,
                   const char* description, const Properties& properties) {
  Handle scale =
      write_dataset(group, name, {length}, indices(length), units, description, properties);
  check(H5DSset_scale(scale, name), fmt::format("make {} a dimension scale", name));
  return scale;
}

// Attaches a scale to each axis, and labels the axis with the scale's name for tools that show
// labels (h5py's dims[i].label, HDFView).
void attach(hid_t dataset, const std::vector<std::pair<const Handle*, const char*>>& scales) {
  for (unsigned axis = 0; axis < scales.size(); ++axis) {
    const auto& [scale, name] = scales[axis];
    check(H5DSattach_scale(dataset, *scale, axis), fmt::format("attach the {} scale", name));
    check(H5DSset_label(dataset, axis, name), fmt::format("label the {} axis", name));
  }
}

// A group's datasets and the scales of their dimensions: [replication, day] tables and
// [replication] columns, `day` being day or day_since_entry.
struct ScaledGroup {
  hid_t group;
  hsize_t replications, days;
  Handle replication, day;
  const char* day_name;
  const Properties& properties;

  template <class T>
  void write_table(const std::string& name, const std::vector<T>& values, const char* units,
                   const char* description) const {
    Handle dataset =
        write_dataset(group, name, {replications, days}, values, units, description, properties);
    attach(dataset, {{&replication, schema::kReplication}, {&day, day_name}});
  }
  template <class T>
  void write_column(const std::string& name, const std::vector<T>& values, const char* units,
                    const char* description) const {
    Handle dataset =
        write_dataset(group, name, {replications}, values, units, description, properties);
    attach(dataset, {{&replication, schema::kReplication}});
  }
};

ScaledGroup scaled_group(hid_t group, const models::RunResult& result, const char* day_name,
                         const char* day_description, const Properties& properties) {
  return {group,
          result.tallies.size(),
          result.days,
          write_scale(group, schema::kReplication, result.tallies.size(), "1", "replication index",
                      properties),
          write_scale(group, day_name, result.days, schema::kDayUnits, day_description, properties),
          day_name,
          properties};
}

// ---------------------------------------------------------------------------------------------
// Arms

// One row per replication, concatenated: the [replication, day] layout of the file.
template <class Row>
auto rows(const models::RunResult& result, std::size_t arm, Row row) {
  std::remove_cvref_t<decltype(row(std::declval<const models::ArmTally&>()))> all;
  for (const auto& replication : result.tallies) {
    const auto& values = row(replication[arm]);
    all.insert(all.end(), values.begin(), values.end());
  }
  return all;
}

std::vector<double> to_currency(const std::vector<std::int64_t>& cents) {
  std::vector<double> money(cents.size());
  for (std::size_t i = 0; i < cents.size(); ++i) money[i] = static_cast<double>(cents[i]) / 100.0;
  return money;
}

// Subscriber changes become the number subscribed at the end of each day.
void running_sum_per_replication(std::vector<std::int64_t>& values, std::size_t days) {
  for (std::size_t start = 0; start < values.size(); start += days) {
    std::partial_sum(values.begin() + static_cast<std::ptrdiff_t>(start),
                     values.begin() + static_cast<std::ptrdiff_t>(start + days),
                     values.begin() + static_cast<std::ptrdiff_t>(start));
  }
}

void write_daily(hid_t arm_group, const models::RunResult& result, std::size_t arm,
                 const Properties& properties) {
  Handle daily = create_group(arm_group, "daily", properties);
  const ScaledGroup scaled = scaled_group(daily, result, schema::kDay,
                                          "whole days since the start of the run", properties);
  for (const auto& series : schema::kDailySeries) {
    auto values = rows(
        result, arm, [&](const auto& t) -> auto& { return t.series(series.metric); });
    if (series.metric == models::Daily::kSubscriberChange) {
      running_sum_per_replication(values, result.days);
    }
    if (series.money) {
      scaled.write_table(series.name, to_currency(values), series.units, series.description);
    } else {
      scaled.write_table(series.name, values, series.units, series.description);
    }
  }
}

// The curves and their raw counts of `pick(arm tally)` (the arm's own or a segment's).
template <class Pick>
void write_survival(const ScaledGroup& scaled, const models::RunResult& result, std::size_t arm,
                    Pick pick) {
  for (const auto& curve : schema::kCurves) {
    auto values = rows(result, arm, [&](const auto& t) {
      return schema::survival(pick(t), curve.tally).cumulative_incidence();
    });
    scaled.write_table(curve.name, values, "1", curve.description);
  }
  for (const auto& count : schema::kCounts) {
    auto values = rows(
        result, arm, [&](const auto& t) -> auto& {
          return schema::survival(pick(t), count.tally).*count.counts;
        });
    scaled.write_table(count.name, values, "customers", count.description);
  }
}

// Per-replication columns of `pick(arm tally)` (copied: the schema's fields take references).
template <class Tally, std::size_t N, class Pick>
void write_columns(const ScaledGroup& scaled, const models::RunResult& result, std::size_t arm,
                   const std::array<schema::Column<Tally>, N>& columns, Pick pick) {
  for (const auto& column : columns) {
    std::vector<std::int64_t> values;
    for (const auto& replication : result.tallies) {
      Tally copy = pick(replication[arm]);
      values.push_back(column.field(copy));
    }
    if (column.money) {
      scaled.write_column(column.name, to_currency(values), column.units, column.description);
    } else {
      scaled.write_column(column.name, values, column.units, column.description);
    }
  }
}

// A group of [replication] columns only, with its own replication scale.
ScaledGroup replication_group(hid_t group, const models::RunResult& result,
                              const Properties& properties) {
  return {group,
          result.tallies.size(),
          0,
          write_scale(group, schema::kReplication, result.tallies.size(), "1", "replication index",
                      properties),
          Handle(),
          schema::kReplication,
          properties};
}

void write_steps(hid_t arm_group, const models::RunResult& result, std::size_t arm,
                 const Properties& properties) {
  Handle steps = create_group(arm_group, "steps", properties);
  const auto& names = result.step_names[arm];
  // A dataset, not an attribute: an object header holds at most 64 KiB of attributes, and thousands
  // of steps (16 bytes each) once failed there (format_version 1 had an attribute).
  write_dataset(steps, schema::kStepOrder, {names.size()}, names, "1",
                "the arm's steps, sequence.step, in send order", properties);
  write_scalar_attribute(steps, schema::kHasCounterfactuals, H5T_STD_I32LE, H5T_NATIVE_INT,
                         result.attribution ? 1 : 0);
  for (std::size_t step = 0; step < names.size(); ++step) {
    Handle group = create_group(steps, schema::link_name(names[step]), properties);
    write_columns(replication_group(group, result, properties), result, arm, schema::kStepColumns,
                  [&](const models::ArmTally& t) { return t.steps[step]; });
  }
}

void write_segments(hid_t arm_group, const models::RunResult& result, std::size_t arm,
                    const Properties& properties) {
  Handle segments = create_group(arm_group, "segments", properties);
  write_strings_attribute(segments, schema::kSegmentOrder, result.segment_names);
  for (std::size_t s = 0; s < result.segment_names.size(); ++s) {
    Handle group = create_group(segments, schema::link_name(result.segment_names[s]), properties);
    const ScaledGroup scaled =
        scaled_group(group, result, schema::kDaySinceEntry,
                     "whole days since a customer's first entry into a sequence", properties);
    auto segment = [s](const models::ArmTally& t) -> const models::SegmentTally& {
      return t.segments[s];
    };
    write_survival(scaled, result, arm, segment);
    write_columns(scaled, result, arm, schema::kSegmentColumns, segment);
  }
}

// Per-customer sums of the arm's figures and of their products with each later arm's (and its
// own), for paired differences: `paired/<figure>` and `paired/with/<partner>/<figure>`.
void write_paired(hid_t arm_group, const models::RunResult& result, std::size_t arm,
                  const Properties& properties) {
  Handle paired = create_group(arm_group, schema::kPaired, properties);
  const std::vector<std::string> partners(
      result.arm_names.begin() + static_cast<std::ptrdiff_t>(arm), result.arm_names.end());
  write_strings_attribute(paired, schema::kPartnerOrder, partners);
  const ScaledGroup sums = replication_group(paired, result, properties);
  auto tally = [&](std::size_t r) -> const models::PairedTally& {
    return result.tallies[r][arm].paired;
  };
  for (const auto& column : schema::kPairedColumns) {
    std::vector<std::int64_t> values;
    for (std::size_t r = 0; r < result.tallies.size(); ++r)
      values.push_back(tally(r).sum(column.figure));
    sums.write_column(column.name, values, column.units,
                      fmt::format("sum over customers: {}", column.description).c_str());
  }
  Handle with = create_group(paired, schema::kPartners, properties);
  for (std::size_t p = 0; p < partners.size(); ++p) {
    Handle group = create_group(with, schema::link_name(partners[p]), properties);
    const ScaledGroup scaled =
        scaled_group(group, result, schema::kDaySinceEntry,
                     "whole days since a customer's first entry into a sequence", properties);
    for (const auto& column : schema::kPairedColumns) {
      std::vector<std::int64_t> values;
      for (std::size_t r = 0; r < result.tallies.size(); ++r)
        values.push_back(tally(r).product(p, column.figure));
      scaled.write_column(
          column.name, values, fmt::format("({})^2", column.units).c_str(),
          fmt::format("sum over customers of the product of the figure under both arms: {}",
                      column.description)
              .c_str());
    }
    std::vector<std::int64_t> both;
    for (std::size_t r = 0; r < result.tallies.size(); ++r) {
      const auto& series = tally(r).both_converted[p];
      both.insert(both.end(), series.begin(), series.end());
    }
    scaled.write_table(schema::kBothConverted, both, "customers",
                       "customers converted under both arms, on the later of the two days since "
                       "entry");
  }
}

void write_arm(hid_t arms_group, const models::RunResult& result, std::size_t arm,
               const Properties& properties) {
  Handle group = create_group(arms_group, schema::link_name(result.arm_names[arm]), properties);
  const ScaledGroup scaled =
      scaled_group(group, result, schema::kDaySinceEntry,
                   "whole days since a customer's first entry into a sequence", properties);
  auto whole_arm = [](const models::ArmTally& t) -> const models::ArmTally& { return t; };
  write_survival(scaled, result, arm, whole_arm);
  write_columns(scaled, result, arm, schema::kArmColumns, whole_arm);
  write_daily(group, result, arm, properties);
  write_steps(group, result, arm, properties);
  write_segments(group, result, arm, properties);
  write_paired(group, result, arm, properties);
}

void write_arms(hid_t parent, const models::RunResult& result, const Properties& properties) {
  Handle arms = create_group(parent, "arms", properties);
  write_strings_attribute(arms, schema::kArmOrder, result.arm_names);
  write_scalar_attribute(arms, schema::kCustomerLives, H5T_STD_U64LE, H5T_NATIVE_UINT64,
                         result.stats.customers);
  write_scalar_attribute(arms, schema::kEvents, H5T_STD_U64LE, H5T_NATIVE_UINT64,
                         result.stats.events);
  write_scalar_attribute(arms, schema::kSendCost, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                         result.send_cost);
  write_scalar_attribute(arms, schema::kSplitArms, H5T_STD_I32LE, H5T_NATIVE_INT,
                         result.split_arms ? 1 : 0);
  std::vector<std::string> twin_of = result.twin_of;
  twin_of.resize(result.arm_names.size());
  write_strings_attribute(arms, schema::kTwinOf, twin_of);
  for (std::size_t arm = 0; arm < result.arm_names.size(); ++arm) {
    write_arm(arms, result, arm, properties);
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

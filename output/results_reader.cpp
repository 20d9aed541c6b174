// Reading results back (output/results_file.hpp): the schema of docs/output-format.md is checked as
// it is read, and every departure is a FormatError naming the file and the object.
#include <fmt/format.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <cmath>
#include <optional>
#include <type_traits>

#include "output/hdf5_handle.hpp"
#include "output/parameter_draws_io.hpp"
#include "output/results_file.hpp"
#include "output/schema.hpp"

namespace xsellsim::output {

namespace {

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw FormatError(fmt::format("{}: not a results file of format_version {}: {}", file_,
                                  kFormatVersion, what));
  }

  [[nodiscard]] Handle open_file() const {
    hid_t id = H5Fopen(file_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) {
      fail(fmt::format("HDF5 cannot open it, truncated or damaged? ({})", hdf5_error_detail()));
    }
    return Handle(id, H5Fclose);
  }
  [[nodiscard]] Handle root_group(hid_t file) const {
    return open(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "the root group");
  }

  [[nodiscard]] static bool exists(hid_t parent, const std::string& name) {
    return H5Lexists(parent, name.c_str(), H5P_DEFAULT) > 0;
  }

  [[nodiscard]] Handle group(hid_t parent, const std::string& name) const {
    if (!exists(parent, name) || object_type(parent, name) != H5O_TYPE_GROUP) {
      fail("missing group " + path(parent, name));
    }
    return open(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, path(parent, name));
  }

  std::vector<std::string> strings_attribute(hid_t object, const char* name) const {
    Handle attribute = open_attribute(object, name);
    Handle type = open(H5Aget_type(attribute), H5Tclose, name);
    if (H5Tget_class(type) != H5T_STRING || H5Tis_variable_str(type) <= 0) {
      fail(fmt::format("attribute {} of {} is not a variable-length string", name, path(object)));
    }
    Handle space = open(H5Aget_space(attribute), H5Sclose, name);
    std::vector<char*> texts(elements(space), nullptr);
    if (texts.empty()) return {};  // an arm without steps (the holdout)
    if (H5Aread(attribute, type, texts.data()) < 0) {
      fail(fmt::format("cannot read attribute {} of {}", name, path(object)));
    }
    return take_strings(texts, type, space);
  }

  std::string string_attribute(hid_t object, const char* name) const {
    auto strings = strings_attribute(object, name);
    if (strings.size() != 1) fail(fmt::format("attribute {} is not one string", name));
    return strings[0];
  }

  template <class T>
  T integer_attribute(hid_t object, const char* name, hid_t memory_type) const {
    Handle attribute = open_attribute(object, name);
    Handle type = open(H5Aget_type(attribute), H5Tclose, name);
    Handle space = open(H5Aget_space(attribute), H5Sclose, name);
    if (H5Tget_class(type) != H5T_INTEGER || elements(space) != 1) {
      fail(fmt::format("attribute {} of {} is not one integer", name, path(object)));
    }
    T value{};
    if (H5Aread(attribute, memory_type, &value) < 0) {
      fail(fmt::format("cannot read attribute {} of {}", name, path(object)));
    }
    return value;
  }

  double float_attribute(hid_t object, const char* name) const {
    Handle attribute = open_attribute(object, name);
    Handle type = open(H5Aget_type(attribute), H5Tclose, name);
    Handle space = open(H5Aget_space(attribute), H5Sclose, name);
    if (H5Tget_class(type) != H5T_FLOAT || elements(space) != 1) {
      fail(fmt::format("attribute {} of {} is not one number", name, path(object)));
    }
    double value = 0;
    if (H5Aread(attribute, H5T_NATIVE_DOUBLE, &value) < 0) {
      fail(fmt::format("cannot read attribute {} of {}", name, path(object)));
    }
    return value;
  }

  // A one-dimensional dimension scale: its length.
  [[nodiscard]] hsize_t scale_length(hid_t parent, const std::string& name) const {
    Handle set = open_dataset(parent, name);
    if (H5DSis_scale(set) <= 0) fail(path(parent, name) + " is not a dimension scale");
    Handle space = open(H5Dget_space(set), H5Sclose, path(parent, name));
    if (H5Sget_simple_extent_ndims(space) != 1) fail(path(parent, name) + " is not 1-dimensional");
    return static_cast<hsize_t>(elements(space));
  }

  // A numeric dataset of exactly the shape `dims`, its values in row-major order.
  template <class T>
  [[nodiscard]] std::vector<T> dataset(hid_t parent, const std::string& name,
                                       const std::vector<hsize_t>& dims) const {
    constexpr bool kFloat = std::is_same_v<T, double>;
    Handle set = open_dataset(parent, name);
    Handle type = open(H5Dget_type(set), H5Tclose, path(parent, name));
    if (H5Tget_class(type) != (kFloat ? H5T_FLOAT : H5T_INTEGER)) {
      fail(fmt::format("{} is not {}", path(parent, name), kFloat ? "floating-point" : "integer"));
    }
    Handle space = open(H5Dget_space(set), H5Sclose, path(parent, name));
    check_shape(space, dims, path(parent, name));
    std::vector<T> values(elements(space));
    hid_t memory_type = kFloat ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
    if (H5Dread(set, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
      fail("cannot read " + path(parent, name));
    }
    return values;
  }

  // A string dataset of `length` elements, or of any length (a list) when `length` is nullopt.
  [[nodiscard]] std::vector<std::string> strings_dataset(hid_t parent, const std::string& name,
                                                         std::optional<hsize_t> length) const {
    Handle set = open_dataset(parent, name);
    Handle type = open(H5Dget_type(set), H5Tclose, path(parent, name));
    if (H5Tget_class(type) != H5T_STRING || H5Tis_variable_str(type) <= 0) {
      fail(path(parent, name) + " is not variable-length strings");
    }
    Handle space = open(H5Dget_space(set), H5Sclose, path(parent, name));
    if (!length && H5Sget_simple_extent_ndims(space) != 1) {
      fail(fmt::format("{} has shape {}, expected a list", path(parent, name),
                       describe_shape(space)));
    }
    if (length) check_shape(space, {*length}, path(parent, name));
    std::vector<char*> texts(elements(space), nullptr);
    if (H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()) < 0) {
      fail("cannot read " + path(parent, name));
    }
    return take_strings(texts, type, space);
  }

  // The class of a dataset's elements (H5T_INTEGER, H5T_FLOAT, H5T_STRING, ...).
  [[nodiscard]] H5T_class_t dataset_class(hid_t parent, const std::string& name) const {
    Handle set = open_dataset(parent, name);
    Handle type = open(H5Dget_type(set), H5Tclose, path(parent, name));
    return H5Tget_class(type);
  }

  // A dataset's `units` attribute.
  [[nodiscard]] std::string dataset_units(hid_t parent, const std::string& name) const {
    Handle set = open_dataset(parent, name);
    return string_attribute(set, "units");
  }

  // The object's path in the file, for messages.
  static std::string path(hid_t object, const std::string& child = "") {
    std::string name(256, '\0');
    ssize_t length = H5Iget_name(object, name.data(), name.size());
    if (length < 0) return child;
    if (static_cast<std::size_t>(length) >= name.size()) {
      name.resize(static_cast<std::size_t>(length) + 1);
      H5Iget_name(object, name.data(), name.size());
    }
    name.resize(static_cast<std::size_t>(length));
    if (child.empty()) return name;
    return name == "/" ? "/" + child : name + "/" + child;
  }

 private:
  Handle open(hid_t id, Handle::Closer closer, const std::string& what) const {
    if (id < 0) fail("cannot open " + what);
    return Handle(id, closer);
  }

  static H5O_type_t object_type(hid_t parent, const std::string& name) {
    H5O_info_t info;
    if (H5Oget_info_by_name2(parent, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
      return H5O_TYPE_UNKNOWN;
    }
    return info.type;
  }

  [[nodiscard]] Handle open_dataset(hid_t parent, const std::string& name) const {
    if (!exists(parent, name) || object_type(parent, name) != H5O_TYPE_DATASET) {
      fail("missing dataset " + path(parent, name));
    }
    return open(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, path(parent, name));
  }

  Handle open_attribute(hid_t object, const char* name) const {
    if (H5Aexists(object, name) <= 0) {
      fail(fmt::format("missing attribute {} of {}", name, path(object)));
    }
    return open(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, name);
  }

  [[nodiscard]] std::size_t elements(hid_t space) const {
    hssize_t count = H5Sget_simple_extent_npoints(space);
    if (count < 0) fail("unreadable data space");
    return static_cast<std::size_t>(count);
  }

  void check_shape(hid_t space, const std::vector<hsize_t>& expected,
                   const std::string& where) const {
    std::vector<hsize_t> dims(expected.size());
    if (H5Sget_simple_extent_ndims(space) != static_cast<int>(expected.size()) ||
        H5Sget_simple_extent_dims(space, dims.data(), nullptr) < 0 || dims != expected) {
      fail(fmt::format("{} has shape {}, expected {}", where, describe_shape(space),
                       fmt::join(expected, " x ")));
    }
  }

  static std::string describe_shape(hid_t space) {
    int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0) return "?";
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    return rank == 0 ? "scalar" : fmt::format("{}", fmt::join(dims, " x "));
  }

  // Copies variable-length strings that HDF5 allocated, and gives HDF5 its memory back.
  static std::vector<std::string> take_strings(std::vector<char*>& texts, hid_t type, hid_t space) {
    std::vector<std::string> values;
    values.reserve(texts.size());
    for (const char* text : texts) values.emplace_back(text == nullptr ? "" : text);
    H5Dvlen_reclaim(type, space, H5P_DEFAULT, texts.data());
    return values;
  }

  std::string file_;
};

// ---------------------------------------------------------------------------------------------
// Arms

// Row r of a [replication, day] dataset read in row-major order.
template <class T>
std::vector<T> row(const std::vector<T>& values, std::size_t r, std::size_t days) {
  const auto first = values.begin() + static_cast<std::ptrdiff_t>(r * days);
  return {first, first + static_cast<std::ptrdiff_t>(days)};
}

Curve split_rows(const std::vector<double>& values, std::size_t replications, std::size_t days) {
  Curve rows;
  for (std::size_t r = 0; r < replications; ++r) rows.push_back(row(values, r, days));
  return rows;
}

// The file holds money in currency units; the tallies hold exact cents.
std::vector<std::int64_t> to_cents(const std::vector<double>& money) {
  std::vector<std::int64_t> cents(money.size());
  for (std::size_t i = 0; i < money.size(); ++i) cents[i] = std::llround(money[i] * 100.0);
  return cents;
}

// The file holds the number subscribed at the end of each day; the tallies hold daily changes.
void differences_per_replication(std::vector<std::int64_t>& values, std::size_t days) {
  for (std::size_t start = 0; start < values.size(); start += days) {
    for (std::size_t d = start + days - 1; d > start; --d) values[d] -= values[d - 1];
  }
}

// The shape every arm shares, from its scales.
struct Shape {
  hsize_t replications, days;
};

void check_scales(const Reader& reader, hid_t group, const char* day_name, const Shape& shape) {
  if (reader.scale_length(group, schema::kReplication) != shape.replications ||
      reader.scale_length(group, day_name) != shape.days) {
    reader.fail(fmt::format("scales of {} differ from the first arm's: {} replications, {} days",
                            Reader::path(group), shape.replications, shape.days));
  }
}

void read_daily(const Reader& reader, hid_t arm_group, const Shape& shape,
                models::RunResult& result, std::size_t arm) {
  Handle daily = reader.group(arm_group, "daily");
  check_scales(reader, daily, schema::kDay, shape);
  for (const auto& series : schema::kDailySeries) {
    const std::vector<hsize_t> dims{shape.replications, shape.days};
    std::vector<std::int64_t> counts =
        series.money ? to_cents(reader.dataset<double>(daily, series.name, dims))
                     : reader.dataset<std::int64_t>(daily, series.name, dims);
    if (series.metric == models::Daily::kSubscriberChange) {
      differences_per_replication(counts, result.days);
    }
    for (std::size_t r = 0; r < result.tallies.size(); ++r) {
      result.tallies[r][arm].daily[static_cast<std::size_t>(series.metric)] =
          row(counts, r, result.days);
    }
  }
}

// Fills the curves' raw counts of `pick(tally)` (the arm's own or a segment's) for every
// replication.
template <class Pick>
void read_survival(const Reader& reader, hid_t group, const Shape& shape, models::RunResult& result,
                   std::size_t arm, Pick pick) {
  const std::vector<hsize_t> table{shape.replications, shape.days};
  for (const auto& count : schema::kCounts) {
    const auto values = reader.dataset<std::int64_t>(group, count.name, table);
    for (std::size_t r = 0; r < result.tallies.size(); ++r) {
      schema::survival(pick(result.tallies[r][arm]), count.tally).*count.counts =
          row(values, r, result.days);
    }
  }
}

template <class Tally, std::size_t N, class Pick>
void read_columns(const Reader& reader, hid_t group, models::RunResult& result, std::size_t arm,
                  const std::array<schema::Column<Tally>, N>& columns, Pick pick) {
  const std::vector<hsize_t> column_shape{result.tallies.size()};
  for (const auto& column : columns) {
    const auto values = column.money
                            ? to_cents(reader.dataset<double>(group, column.name, column_shape))
                            : reader.dataset<std::int64_t>(group, column.name, column_shape);
    for (std::size_t r = 0; r < result.tallies.size(); ++r) {
      column.field(pick(result.tallies[r][arm])) = values[r];
    }
  }
}

void read_steps(const Reader& reader, hid_t arm_group, models::RunResult& result, std::size_t arm) {
  Handle steps = reader.group(arm_group, "steps");
  for (std::size_t step = 0; step < result.step_names[arm].size(); ++step) {
    Handle group = reader.group(steps, schema::link_name(result.step_names[arm][step]));
    if (reader.scale_length(group, schema::kReplication) != result.tallies.size()) {
      reader.fail(Reader::path(group) + " has another number of replications than its arm");
    }
    read_columns(reader, group, result, arm, schema::kStepColumns,
                 [step](models::ArmTally& t) -> models::StepTally& { return t.steps[step]; });
  }
}

void read_segments(const Reader& reader, hid_t arm_group, const Shape& shape,
                   models::RunResult& result, std::size_t arm) {
  Handle segments = reader.group(arm_group, "segments");
  for (std::size_t s = 0; s < result.segment_names.size(); ++s) {
    Handle group = reader.group(segments, schema::link_name(result.segment_names[s]));
    check_scales(reader, group, schema::kDaySinceEntry, shape);
    auto segment = [s](models::ArmTally& t) -> models::SegmentTally& { return t.segments[s]; };
    read_survival(reader, group, shape, result, arm, segment);
    read_columns(reader, group, result, arm, schema::kSegmentColumns, segment);
  }
}

void read_paired(const Reader& reader, hid_t arm_group, const Shape& shape,
                 models::RunResult& result, std::size_t arm) {
  Handle paired = reader.group(arm_group, schema::kPaired);
  const std::vector<std::string> partners(
      result.arm_names.begin() + static_cast<std::ptrdiff_t>(arm), result.arm_names.end());
  if (reader.strings_attribute(paired, schema::kPartnerOrder) != partners) {
    reader.fail(Reader::path(paired) + " pairs other arms than those after it in arm_order");
  }
  const std::vector<hsize_t> column{shape.replications};
  for (const auto& c : schema::kPairedColumns) {
    const auto values = reader.dataset<std::int64_t>(paired, c.name, column);
    for (std::size_t r = 0; r < result.tallies.size(); ++r) {
      result.tallies[r][arm].paired.sums[static_cast<std::size_t>(c.figure)] = values[r];
    }
  }
  Handle with = reader.group(paired, schema::kPartners);
  for (std::size_t p = 0; p < partners.size(); ++p) {
    Handle group = reader.group(with, schema::link_name(partners[p]));
    check_scales(reader, group, schema::kDaySinceEntry, shape);
    for (const auto& c : schema::kPairedColumns) {
      const auto values = reader.dataset<std::int64_t>(group, c.name, column);
      for (std::size_t r = 0; r < result.tallies.size(); ++r) {
        result.tallies[r][arm].paired.cross[p][static_cast<std::size_t>(c.figure)] = values[r];
      }
    }
    const auto both = reader.dataset<std::int64_t>(group, schema::kBothConverted,
                                                   {shape.replications, shape.days});
    for (std::size_t r = 0; r < result.tallies.size(); ++r) {
      result.tallies[r][arm].paired.both_converted[p] = row(both, r, result.days);
    }
  }
}

ArmCurves read_arm(const Reader& reader, hid_t group, const Shape& shape, models::RunResult& result,
                   std::size_t arm) {
  check_scales(reader, group, schema::kDaySinceEntry, shape);
  const std::vector<hsize_t> table{shape.replications, shape.days};
  ArmCurves curves;
  const std::size_t replications = result.tallies.size(), days = result.days;
  curves.conversion =
      split_rows(reader.dataset<double>(group, "conversion", table), replications, days);
  curves.unsubscribe =
      split_rows(reader.dataset<double>(group, "unsubscribe", table), replications, days);
  auto whole_arm = [](models::ArmTally& t) -> models::ArmTally& { return t; };
  read_survival(reader, group, shape, result, arm, whole_arm);
  read_columns(reader, group, result, arm, schema::kArmColumns, whole_arm);
  read_daily(reader, group, shape, result, arm);
  read_steps(reader, group, result, arm);
  read_segments(reader, group, shape, result, arm);
  read_paired(reader, group, shape, result, arm);
  return curves;
}

// The names that shape an arm's tallies: its steps, and the segments (the same in every arm).
void read_names(const Reader& reader, hid_t arm_group, models::RunResult& result) {
  Handle steps = reader.group(arm_group, "steps");
  result.step_names.push_back(reader.strings_dataset(steps, schema::kStepOrder, std::nullopt));
  result.attribution =
      reader.integer_attribute<int>(steps, schema::kHasCounterfactuals, H5T_NATIVE_INT) != 0;
  Handle segments = reader.group(arm_group, "segments");
  auto segment_names = reader.strings_attribute(segments, schema::kSegmentOrder);
  if (result.step_names.size() > 1 && segment_names != result.segment_names) {
    reader.fail(Reader::path(segments) + " lists other segments than the first arm");
  }
  result.segment_names = std::move(segment_names);
}

ResultsPoint read_point(const Reader& reader, hid_t parent) {
  Handle arms = reader.group(parent, "arms");
  ResultsPoint point;
  models::RunResult& result = point.result;
  result.arm_names = reader.strings_attribute(arms, schema::kArmOrder);
  if (result.arm_names.empty()) reader.fail(Reader::path(arms) + " lists no arms");
  result.stats.customers =
      reader.integer_attribute<std::uint64_t>(arms, schema::kCustomerLives, H5T_NATIVE_UINT64);
  result.stats.events =
      reader.integer_attribute<std::uint64_t>(arms, schema::kEvents, H5T_NATIVE_UINT64);
  result.send_cost = reader.float_attribute(arms, schema::kSendCost);
  result.split_arms = reader.integer_attribute<int>(arms, schema::kSplitArms, H5T_NATIVE_INT) != 0;
  result.twin_of = reader.strings_attribute(arms, schema::kTwinOf);
  if (result.twin_of.size() != result.arm_names.size()) {
    reader.fail(Reader::path(arms) + " has twin_of of another length than arm_order");
  }
  Handle first = reader.group(arms, schema::link_name(result.arm_names[0]));
  const Shape shape{reader.scale_length(first, schema::kReplication),
                    reader.scale_length(first, schema::kDaySinceEntry)};
  result.days = shape.days;
  std::vector<models::ArmTally> empty;
  for (const auto& name : result.arm_names) {
    Handle group = reader.group(arms, schema::link_name(name));
    read_names(reader, group, result);
    empty.emplace_back(result.days, result.step_names.back().size(), result.segment_names.size());
  }
  result.tallies.assign(shape.replications, empty);
  result.pair_arms();
  for (std::size_t arm = 0; arm < result.arm_names.size(); ++arm) {
    Handle group = reader.group(arms, schema::link_name(result.arm_names[arm]));
    point.curves.push_back(read_arm(reader, group, shape, result, arm));
  }
  return point;
}

// ---------------------------------------------------------------------------------------------
// Sweeps and the file

// One swept key's values as TOML text, whatever the column's type.
std::vector<std::string> parameter_column(const Reader& reader, hid_t table, const std::string& key,
                                          hsize_t count) {
  const std::string name = schema::link_name(key);
  std::vector<std::string> texts;
  ParameterValue value;
  switch (reader.dataset_class(table, name)) {
    case H5T_INTEGER:
      value.kind = ParameterValue::Kind::kInteger;
      for (std::int64_t v : reader.dataset<std::int64_t>(table, name, {count})) {
        value.integer = v;
        texts.push_back(toml_text(value));
      }
      return texts;
    case H5T_FLOAT:
      value.kind = ParameterValue::Kind::kReal;
      for (double v : reader.dataset<double>(table, name, {count})) {
        value.real = v;
        texts.push_back(toml_text(value));
      }
      return texts;
    default:
      break;
  }
  texts = reader.strings_dataset(table, name, count);
  if (reader.dataset_units(table, name) == "toml") return texts;
  value.kind = ParameterValue::Kind::kString;
  for (auto& text : texts) {
    value.text = text;
    text = toml_text(value);
  }
  return texts;
}

std::vector<ResultsPoint> read_points(const Reader& reader, hid_t root) {
  Handle points = reader.group(root, "points");
  Handle table = reader.group(points, "table");
  const auto keys = reader.strings_attribute(table, schema::kParameterOrder);
  const hsize_t count = reader.scale_length(table, schema::kPoint);
  std::vector<std::vector<std::string>> columns;
  columns.reserve(keys.size());
  for (const auto& key : keys) columns.push_back(parameter_column(reader, table, key, count));
  std::vector<ResultsPoint> results;
  for (std::size_t k = 0; k < count; ++k) {
    Handle group = reader.group(points, std::to_string(k));
    ResultsPoint point = read_point(reader, group);
    for (std::size_t column = 0; column < keys.size(); ++column) {
      point.parameters.emplace_back(keys[column], columns[column][k]);
    }
    results.push_back(std::move(point));
  }
  if (results.empty()) reader.fail("/points/table lists no points");
  return results;
}

void check_version(const Reader& reader, hid_t root) {
  if (H5Aexists(root, "format_version") <= 0) {
    reader.fail("no format_version attribute at the root (not written by xsellsim?)");
  }
  const int version = reader.integer_attribute<int>(root, "format_version", H5T_NATIVE_INT);
  if (version != kFormatVersion) {
    reader.fail(fmt::format(
        "format_version is {}, written by {} xsellsim; this one reads {}{}", version,
        version < kFormatVersion ? "an older" : "a newer", kFormatVersion,
        version < kFormatVersion ? " (version 4 added the per-customer paired sums: run it again)"
                                 : ""));
  }
}

RunMetadata read_metadata(const Reader& reader, hid_t root) {
  RunMetadata metadata;
  metadata.xsellsim_version = reader.string_attribute(root, "xsellsim_version");
  metadata.scenario_toml = reader.string_attribute(root, "scenario");
  metadata.seed = reader.integer_attribute<std::uint64_t>(root, "seed", H5T_NATIVE_UINT64);
  metadata.currency = reader.string_attribute(root, "currency");
  return metadata;
}

}  // namespace

ResultsFile read_results(const std::filesystem::path& path) {
  const QuietHdf5Errors quiet;
  const Reader reader(path.string());
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw FormatError(fmt::format("{}: no such file", path.string()));
  }
  if (H5Fis_hdf5(path.c_str()) <= 0) reader.fail("not an HDF5 file");
  Handle file = reader.open_file();
  Handle root = reader.root_group(file);
  check_version(reader, root);
  ResultsFile results;
  results.metadata = read_metadata(reader, root);
  results.parameter_draws = read_parameter_draws(root, path.string());
  if (Reader::exists(root, "arms")) {
    results.points.push_back(read_point(reader, root));
  } else if (Reader::exists(root, "points")) {
    results.points = read_points(reader, root);
  } else {
    reader.fail("neither /arms nor /points");
  }
  for (ResultsPoint& point : results.points) {
    point.result.parameter_blocks = results.parameter_draws.values.size();
  }
  return results;
}

}  // namespace xsellsim::output

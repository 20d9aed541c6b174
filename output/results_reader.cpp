// Reading results back (output/results_file.hpp): the schema of docs/output-format.md is checked as
// it is read, and every departure is a FormatError naming the file and the object.
#include <fmt/format.h>
#include <hdf5.h>

#include <cmath>
#include <optional>

#include "output/hdf5_handle.hpp"
#include "output/hdf5_reader.hpp"
#include "output/parameter_draws_io.hpp"
#include "output/results_file.hpp"
#include "output/schema.hpp"

namespace xsellsim::output {

namespace {

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

void check_scales(const Hdf5Reader& reader, hid_t group, const char* day_name, const Shape& shape) {
  if (reader.scale_length(group, schema::kReplication) != shape.replications ||
      reader.scale_length(group, day_name) != shape.days) {
    reader.fail(fmt::format("scales of {} differ from the first arm's: {} replications, {} days",
                            Hdf5Reader::path(group), shape.replications, shape.days));
  }
}

void read_daily(const Hdf5Reader& reader, hid_t arm_group, const Shape& shape,
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
void read_survival(const Hdf5Reader& reader, hid_t group, const Shape& shape,
                   models::RunResult& result, std::size_t arm, Pick pick) {
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
void read_columns(const Hdf5Reader& reader, hid_t group, models::RunResult& result, std::size_t arm,
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

void read_steps(const Hdf5Reader& reader, hid_t arm_group, models::RunResult& result,
                std::size_t arm) {
  Handle steps = reader.group(arm_group, "steps");
  for (std::size_t step = 0; step < result.step_names[arm].size(); ++step) {
    Handle group = reader.group(steps, schema::link_name(result.step_names[arm][step]));
    if (reader.scale_length(group, schema::kReplication) != result.tallies.size()) {
      reader.fail(Hdf5Reader::path(group) + " has another number of replications than its arm");
    }
    read_columns(reader, group, result, arm, schema::kStepColumns,
                 [step](models::ArmTally& t) -> models::StepTally& { return t.steps[step]; });
  }
}

void read_segments(const Hdf5Reader& reader, hid_t arm_group, const Shape& shape,
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

void read_paired(const Hdf5Reader& reader, hid_t arm_group, const Shape& shape,
                 models::RunResult& result, std::size_t arm) {
  Handle paired = reader.group(arm_group, schema::kPaired);
  const std::vector<std::string> partners(
      result.arm_names.begin() + static_cast<std::ptrdiff_t>(arm), result.arm_names.end());
  if (reader.strings_attribute(paired, schema::kPartnerOrder) != partners) {
    reader.fail(Hdf5Reader::path(paired) + " pairs other arms than those after it in arm_order");
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

ArmCurves read_arm(const Hdf5Reader& reader, hid_t group, const Shape& shape,
                   models::RunResult& result, std::size_t arm) {
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
void read_names(const Hdf5Reader& reader, hid_t arm_group, models::RunResult& result) {
  Handle steps = reader.group(arm_group, "steps");
  result.step_names.push_back(reader.strings_dataset(steps, schema::kStepOrder, std::nullopt));
  result.attribution =
      reader.integer_attribute<int>(steps, schema::kHasCounterfactuals, H5T_NATIVE_INT) != 0;
  Handle segments = reader.group(arm_group, "segments");
  auto segment_names = reader.strings_attribute(segments, schema::kSegmentOrder);
  if (result.step_names.size() > 1 && segment_names != result.segment_names) {
    reader.fail(Hdf5Reader::path(segments) + " lists other segments than the first arm");
  }
  result.segment_names = std::move(segment_names);
}

ResultsPoint read_point(const Hdf5Reader& reader, hid_t parent) {
  Handle arms = reader.group(parent, "arms");
  ResultsPoint point;
  models::RunResult& result = point.result;
  result.arm_names = reader.strings_attribute(arms, schema::kArmOrder);
  if (result.arm_names.empty()) reader.fail(Hdf5Reader::path(arms) + " lists no arms");
  result.stats.customers =
      reader.integer_attribute<std::uint64_t>(arms, schema::kCustomerLives, H5T_NATIVE_UINT64);
  result.stats.events =
      reader.integer_attribute<std::uint64_t>(arms, schema::kEvents, H5T_NATIVE_UINT64);
  result.send_cost = reader.float_attribute(arms, schema::kSendCost);
  result.split_arms = reader.integer_attribute<int>(arms, schema::kSplitArms, H5T_NATIVE_INT) != 0;
  result.twin_of = reader.strings_attribute(arms, schema::kTwinOf);
  if (result.twin_of.size() != result.arm_names.size()) {
    reader.fail(Hdf5Reader::path(arms) + " has twin_of of another length than arm_order");
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
std::vector<std::string> parameter_column(const Hdf5Reader& reader, hid_t table,
                                          const std::string& key, hsize_t count) {
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

std::vector<ResultsPoint> read_points(const Hdf5Reader& reader, hid_t root) {
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

void check_version(const Hdf5Reader& reader, hid_t root) {
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

RunMetadata read_metadata(const Hdf5Reader& reader, hid_t root) {
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
  const Hdf5Reader reader(path.string());
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
  if (Hdf5Reader::exists(root, "arms")) {
    results.points.push_back(read_point(reader, root));
  } else if (Hdf5Reader::exists(root, "points")) {
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

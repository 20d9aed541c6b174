// Reading results back (output/results_file.hpp): every failure is a FormatError naming the file.
#include <fmt/format.h>
#include <hdf5.h>

#include <cmath>

#include "output/daily_series.hpp"
#include "output/hdf5_handle.hpp"
#include "output/results_file.hpp"

namespace xsellsim::output {

namespace {

struct Reader {
  std::string file;

  [[noreturn]] void fail(const std::string& what) const {
    throw FormatError(fmt::format("{}: not a readable xsellsim results file (format {}): {}", file,
                                  kFormatVersion, what));
  }
  Handle open(hid_t id, Handle::Closer closer, const std::string& what) const {
    if (id < 0) fail(what);
    return Handle(id, closer);
  }
  [[nodiscard]] bool exists(hid_t parent, const std::string& name) const {
    return H5Lexists(parent, name.c_str(), H5P_DEFAULT) > 0;
  }
  Handle group(hid_t parent, const std::string& name) const {
    if (!exists(parent, name)) fail("missing group " + name);
    return open(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, "cannot open group " + name);
  }

  std::string string_attribute(hid_t object, const char* name) const {
    auto strings = strings_attribute(object, name);
    if (strings.size() != 1) fail(fmt::format("attribute {} is not one string", name));
    return strings[0];
  }

  std::vector<std::string> strings_attribute(hid_t object, const char* name) const {
    if (H5Aexists(object, name) <= 0) fail(fmt::format("missing attribute {}", name));
    Handle attribute = open(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, "attribute");
    Handle type = open(H5Aget_type(attribute), H5Tclose, "attribute type");
    if (H5Tget_class(type) != H5T_STRING || H5Tis_variable_str(type) <= 0) {
      fail(fmt::format("attribute {} is not a string", name));
    }
    Handle space = open(H5Aget_space(attribute), H5Sclose, "attribute space");
    hssize_t count = H5Sget_simple_extent_npoints(space);
    if (count < 0) fail("attribute space");
    std::vector<char*> texts(static_cast<std::size_t>(count), nullptr);
    if (H5Aread(attribute, type, texts.data()) < 0) fail(fmt::format("cannot read {}", name));
    std::vector<std::string> values(texts.begin(), texts.end());
    H5Dvlen_reclaim(type, space, H5P_DEFAULT, texts.data());
    return values;
  }

  template <class T>
  T scalar_attribute(hid_t object, const char* name, hid_t memory_type) const {
    if (H5Aexists(object, name) <= 0) fail(fmt::format("missing attribute {}", name));
    Handle attribute = open(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, "attribute");
    T value{};
    if (H5Aread(attribute, memory_type, &value) < 0) fail(fmt::format("cannot read {}", name));
    return value;
  }

  // Reads a dataset of `expected` elements.
  template <class T>
  std::vector<T> dataset(hid_t parent, const std::string& name, std::size_t expected) const {
    if (!exists(parent, name)) fail("missing dataset " + name);
    Handle set = open(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "dataset " + name);
    Handle space = open(H5Dget_space(set), H5Sclose, "dataset space");
    if (H5Sget_simple_extent_npoints(space) != static_cast<hssize_t>(expected)) {
      fail(fmt::format("dataset {} has the wrong size", name));
    }
    std::vector<T> values(expected);
    hid_t memory_type = std::is_same_v<T, double> ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
    if (H5Dread(set, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
      fail("cannot read dataset " + name);
    }
    return values;
  }

  std::size_t length(hid_t parent, const std::string& name) const {
    if (!exists(parent, name)) fail("missing dataset " + name);
    Handle set = open(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "dataset " + name);
    Handle space = open(H5Dget_space(set), H5Sclose, "dataset space");
    return static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  }
};

// Splits a [replication, day] dataset into the tallies' rows.
void scatter(const std::vector<std::int64_t>& values, std::size_t days,
             std::vector<std::vector<models::ArmTally>>& tallies, std::size_t arm, auto&& row_of) {
  for (std::size_t r = 0; r < tallies.size(); ++r) {
    auto& row = row_of(tallies[r][arm]);
    row.assign(values.begin() + static_cast<long>(r * days),
               values.begin() + static_cast<long>((r + 1) * days));
  }
}

std::vector<std::int64_t> to_cents(const std::vector<double>& money) {
  std::vector<std::int64_t> cents(money.size());
  for (std::size_t i = 0; i < money.size(); ++i) cents[i] = std::llround(money[i] * 100.0);
  return cents;
}

void read_daily(const Reader& reader, hid_t arm_group, models::RunResult& result, std::size_t arm) {
  Handle daily = reader.group(arm_group, "daily");
  const std::size_t days = result.days, cells = result.tallies.size() * days;
  for (const DailySeries& series : kDailySeries) {
    std::vector<std::int64_t> counts =
        series.money ? to_cents(reader.dataset<double>(daily, series.name, cells))
                     : reader.dataset<std::int64_t>(daily, series.name, cells);
    if (series.metric == models::Daily::kSubscriberChange) {  // stored as a running sum
      for (std::size_t r = 0; r < result.tallies.size(); ++r) {
        for (std::size_t d = days - 1; d > 0; --d) counts[r * days + d] -= counts[r * days + d - 1];
      }
    }
    scatter(
        counts, days, result.tallies, arm, [&](models::ArmTally & t) -> auto& {
          return t.daily[static_cast<std::size_t>(series.metric)];
        });
  }
}

models::RunResult read_point(const Reader& reader, hid_t parent) {
  Handle arms = reader.group(parent, "arms");
  models::RunResult result;
  result.arm_names = reader.strings_attribute(arms, "arm_order");
  if (result.arm_names.empty()) reader.fail("no arms");
  Handle first = reader.group(arms, result.arm_names[0]);
  const std::size_t replications = reader.length(first, "replication");
  result.days = reader.length(first, "day_since_entry");
  result.tallies.assign(replications, std::vector<models::ArmTally>(result.arm_names.size(),
                                                                    models::ArmTally(result.days)));
  const std::size_t cells = replications * result.days;
  for (std::size_t arm = 0; arm < result.arm_names.size(); ++arm) {
    Handle group = reader.group(arms, result.arm_names[arm]);
    auto entrants = reader.dataset<std::int64_t>(group, "entrants", replications);
    auto revenue = reader.dataset<double>(group, "entrant_cross_sell_revenue", replications);
    for (std::size_t r = 0; r < replications; ++r) {
      result.tallies[r][arm].entrants = entrants[r];
      result.tallies[r][arm].entrant_cross_sell_cents = std::llround(revenue[r] * 100.0);
    }
    using models::ArmTally;
    auto load = [&](const char* name, auto row_of) {
      scatter(reader.dataset<std::int64_t>(group, name, cells), result.days, result.tallies, arm,
              row_of);
    };
    load(
        "conversion_events", [](ArmTally & t) -> auto& { return t.conversion.events; });
    load(
        "conversion_censored", [](ArmTally & t) -> auto& { return t.conversion.censored; });
    load(
        "unsubscribe_events", [](ArmTally & t) -> auto& { return t.unsubscribe.events; });
    load(
        "unsubscribe_censored", [](ArmTally & t) -> auto& { return t.unsubscribe.censored; });
    read_daily(reader, group, result, arm);
  }
  return result;
}

}  // namespace

ResultsFile read_results(const std::filesystem::path& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Reader reader{path.string()};
  if (!std::filesystem::exists(path)) {
    throw FormatError(fmt::format("{}: no such file", path.string()));
  }
  if (H5Fis_hdf5(path.c_str()) <= 0) reader.fail("not an HDF5 file");
  Handle file = reader.open(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                            "cannot open (truncated?)");
  Handle root = reader.group(file, "/");
  int version = reader.scalar_attribute<int>(root, "format_version", H5T_NATIVE_INT);
  if (version != kFormatVersion) {
    reader.fail(
        fmt::format("format_version is {}, this xsellsim reads {}", version, kFormatVersion));
  }
  ResultsFile results;
  results.metadata.xsellsim_version = reader.string_attribute(root, "xsellsim_version");
  results.metadata.scenario_toml = reader.string_attribute(root, "scenario");
  results.metadata.currency = reader.string_attribute(root, "currency");
  results.metadata.seed = reader.scalar_attribute<std::uint64_t>(root, "seed", H5T_NATIVE_UINT64);
  if (reader.exists(root, "arms")) {
    results.points.push_back({{}, read_point(reader, root)});
    return results;
  }
  Handle points = reader.group(root, "points");
  for (std::size_t k = 0; reader.exists(points, std::to_string(k)); ++k) {
    Handle point = reader.group(points, std::to_string(k));
    SweepPoint sweep_point;
    auto keys = reader.strings_attribute(point, "parameter_keys");
    auto values = reader.strings_attribute(point, "parameter_values");
    if (keys.size() != values.size()) reader.fail("parameter keys and values differ in number");
    for (std::size_t i = 0; i < keys.size(); ++i)
      sweep_point.parameters.emplace_back(keys[i], values[i]);
    sweep_point.result = read_point(reader, point);
    results.points.push_back(std::move(sweep_point));
  }
  if (results.points.empty()) reader.fail("no arms and no points");
  return results;
}

}  // namespace xsellsim::output

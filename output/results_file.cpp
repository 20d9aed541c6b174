#include "output/results_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <system_error>

#include "output/daily_series.hpp"
#include "output/hdf5_handle.hpp"

namespace xsellsim::output {

namespace {

// ---------------------------------------------------------------------------------------------
// Writing

struct WriteContext {
  hid_t group_properties;  // object time tracking off: identical inputs give identical bytes
  hid_t dataset_properties;
  std::size_t replications;
  std::size_t days;
};

void check(herr_t status, const std::string& what) {
  if (status < 0) throw WriteError("HDF5 failed to " + what);
}
Handle checked(hid_t id, Handle::Closer closer, const std::string& what) {
  if (id < 0) throw WriteError("HDF5 failed to " + what);
  return Handle(id, closer);
}

Handle create_group(hid_t parent, const std::string& name, const WriteContext& context) {
  return checked(
      H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, context.group_properties, H5P_DEFAULT),
      H5Gclose, "create group " + name);
}

Handle string_type() {
  Handle type = checked(H5Tcopy(H5T_C_S1), H5Tclose, "copy a string type");
  check(H5Tset_size(type, H5T_VARIABLE), "size a string type");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "set a string type's character set");
  return type;
}

void write_string_attribute(hid_t object, const char* name, const std::string& value) {
  Handle type = string_type();
  Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  Handle attribute = checked(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
                             H5Aclose, fmt::format("create attribute {}", name));
  const char* text = value.c_str();
  check(H5Awrite(attribute, type, &text), fmt::format("write attribute {}", name));
}

void write_strings_attribute(hid_t object, const char* name,
                             const std::vector<std::string>& values) {
  Handle type = string_type();
  hsize_t size = values.size();
  Handle space = checked(H5Screate_simple(1, &size, nullptr), H5Sclose, "create a space");
  Handle attribute = checked(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
                             H5Aclose, fmt::format("create attribute {}", name));
  std::vector<const char*> texts;
  for (const auto& v : values) texts.push_back(v.c_str());
  check(H5Awrite(attribute, type, texts.data()), fmt::format("write attribute {}", name));
}

template <class T>
void write_scalar_attribute(hid_t object, const char* name, hid_t file_type, hid_t memory_type,
                            T value) {
  Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  Handle attribute = checked(H5Acreate2(object, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT),
                             H5Aclose, fmt::format("create attribute {}", name));
  check(H5Awrite(attribute, memory_type, &value), fmt::format("write attribute {}", name));
}

template <class T>
Handle write_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                     const std::vector<T>& values, const char* units, const char* description,
                     const WriteContext& context) {
  constexpr bool kIsDouble = std::is_same_v<T, double>;
  hid_t file_type = kIsDouble ? H5T_IEEE_F64LE : H5T_STD_I64LE;
  hid_t memory_type = kIsDouble ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
  Handle space = checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                         H5Sclose, "create a data space");
  Handle dataset = checked(H5Dcreate2(parent, name.c_str(), file_type, space, H5P_DEFAULT,
                                      context.dataset_properties, H5P_DEFAULT),
                           H5Dclose, "create dataset " + name);
  check(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
        "write dataset " + name);
  write_string_attribute(dataset, "units", units);
  write_string_attribute(dataset, "description", description);
  return dataset;
}

// Dimension scales live in every group that has datasets, so that each group reads on its own
// as a netCDF group (xarray with h5netcdf).
struct Scales {
  Handle replication, day;
};

Scales write_scales(hid_t group, const char* day_name, const char* day_description,
                    const WriteContext& context) {
  std::vector<std::int64_t> replications(context.replications), days(context.days);
  for (std::size_t i = 0; i < replications.size(); ++i)
    replications[i] = static_cast<std::int64_t>(i);
  for (std::size_t i = 0; i < days.size(); ++i) days[i] = static_cast<std::int64_t>(i);
  Scales scales;
  scales.replication = write_dataset(group, "replication", {context.replications}, replications,
                                     "1", "replication index", context);
  scales.day =
      write_dataset(group, day_name, {context.days}, days, "days", day_description, context);
  check(H5DSset_scale(scales.replication, "replication"), "make the replication scale");
  check(H5DSset_scale(scales.day, day_name), "make the day scale");
  return scales;
}

template <class T>
void write_series(hid_t group, const std::string& name, const std::vector<T>& values,
                  const char* units, const char* description, const Scales& scales,
                  const WriteContext& context) {
  Handle dataset = write_dataset(group, name, {context.replications, context.days}, values, units,
                                 description, context);
  check(H5DSattach_scale(dataset, scales.replication, 0), "attach the replication scale");
  check(H5DSattach_scale(dataset, scales.day, 1), "attach the day scale");
}

template <class T>
void write_per_replication(hid_t group, const std::string& name, const std::vector<T>& values,
                           const char* units, const char* description, const Scales& scales,
                           const WriteContext& context) {
  Handle dataset =
      write_dataset(group, name, {context.replications}, values, units, description, context);
  check(H5DSattach_scale(dataset, scales.replication, 0), "attach the replication scale");
}

// Concatenates one row per replication.
template <class Row>
auto rows(const models::RunResult& result, std::size_t arm, Row row) {
  using Value = typename decltype(row(result.tallies[0][arm]))::value_type;
  std::vector<Value> all;
  for (const auto& replication : result.tallies) {
    auto values = row(replication[arm]);
    all.insert(all.end(), values.begin(), values.end());
  }
  return all;
}

void write_daily(hid_t arm_group, const models::RunResult& result, std::size_t arm,
                 const WriteContext& context) {
  Handle daily = create_group(arm_group, "daily", context);
  Scales scales = write_scales(daily, "day", "whole days since the start of the run", context);
  for (const DailySeries& series : kDailySeries) {
    auto counts =
        rows(result, arm, [&](const models::ArmTally& t) { return t.series(series.metric); });
    if (series.metric == models::Daily::kSubscriberChange) {
      for (std::size_t r = 0; r < context.replications; ++r) {
        for (std::size_t d = 1; d < context.days; ++d) {
          counts[r * context.days + d] += counts[r * context.days + d - 1];
        }
      }
    }
    if (series.money) {
      std::vector<double> money(counts.size());
      for (std::size_t i = 0; i < counts.size(); ++i)
        money[i] = static_cast<double>(counts[i]) / 100.0;
      write_series(daily, series.name, money, series.units, series.description, scales, context);
    } else {
      write_series(daily, series.name, counts, series.units, series.description, scales, context);
    }
  }
}

void write_arm(hid_t arms_group, const models::RunResult& result, std::size_t arm,
               const WriteContext& context) {
  Handle group = create_group(arms_group, result.arm_names[arm], context);
  Scales scales =
      write_scales(group, "day_since_entry", "whole days since a customer's first entry", context);
  using models::ArmTally;
  write_series(
      group, "conversion",
      rows(result, arm, [](const ArmTally& t) { return t.conversion.cumulative_incidence(); }), "1",
      "share of entrants with a cross-sell purchase by that day (Kaplan-Meier)", scales, context);
  write_series(
      group, "unsubscribe",
      rows(result, arm, [](const ArmTally& t) { return t.unsubscribe.cumulative_incidence(); }),
      "1", "share of entrants unsubscribed by that day (Kaplan-Meier)", scales, context);
  write_series(group, "conversion_events",
               rows(result, arm, [](const ArmTally& t) { return t.conversion.events; }),
               "customers", "entrants whose first cross-sell purchase fell on that day", scales,
               context);
  write_series(group, "conversion_censored",
               rows(result, arm, [](const ArmTally& t) { return t.conversion.censored; }),
               "customers", "entrants last observed on that day without a cross-sell purchase",
               scales, context);
  write_series(group, "unsubscribe_events",
               rows(result, arm, [](const ArmTally& t) { return t.unsubscribe.events; }),
               "customers", "entrants who unsubscribed on that day", scales, context);
  write_series(group, "unsubscribe_censored",
               rows(result, arm, [](const ArmTally& t) { return t.unsubscribe.censored; }),
               "customers", "entrants last observed on that day still subscribed", scales, context);
  std::vector<std::int64_t> entrants;
  std::vector<double> revenue;
  for (const auto& replication : result.tallies) {
    entrants.push_back(replication[arm].entrants);
    revenue.push_back(static_cast<double>(replication[arm].entrant_cross_sell_cents) / 100.0);
  }
  write_per_replication(group, "entrants", entrants, "customers",
                        "customers who entered a sequence of the arm", scales, context);
  write_per_replication(group, "entrant_cross_sell_revenue", revenue, "currency",
                        "entrants' cross-sell spend, net of discounts and refunds", scales,
                        context);
  write_daily(group, result, arm, context);
}

void write_point(hid_t parent, const models::RunResult& result, WriteContext context) {
  context.replications = result.tallies.size();
  context.days = result.days;
  Handle arms = create_group(parent, "arms", context);
  write_strings_attribute(arms, "arm_order", result.arm_names);
  for (std::size_t arm = 0; arm < result.arm_names.size(); ++arm)
    write_arm(arms, result, arm, context);
}

void write_file(const std::filesystem::path& path, const RunMetadata& metadata,
                const std::vector<SweepPoint>& points) {
  Handle group_properties = checked(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create properties");
  Handle dataset_properties = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create properties");
  check(H5Pset_obj_track_times(group_properties, false), "turn time tracking off");
  check(H5Pset_obj_track_times(dataset_properties, false), "turn time tracking off");
  Handle file = checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                        "create " + path.string());
  Handle root = checked(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "open the root group");
  write_scalar_attribute(root, "format_version", H5T_STD_I32LE, H5T_NATIVE_INT, kFormatVersion);
  write_string_attribute(root, "xsellsim_version", metadata.xsellsim_version);
  write_string_attribute(root, "scenario", metadata.scenario_toml);
  write_scalar_attribute(root, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, metadata.seed);
  write_string_attribute(root, "currency", metadata.currency);

  WriteContext context{group_properties, dataset_properties, 0, 0};
  if (points.size() == 1 && points[0].parameters.empty()) {
    write_point(root, points[0].result, context);
  } else {
    Handle all = create_group(root, "points", context);
    for (std::size_t k = 0; k < points.size(); ++k) {
      Handle point = create_group(all, std::to_string(k), context);
      std::vector<std::string> keys, values;
      for (const auto& [key, value] : points[k].parameters) {
        keys.push_back(key);
        values.push_back(value);
      }
      write_strings_attribute(point, "parameter_keys", keys);
      write_strings_attribute(point, "parameter_values", values);
      write_point(point, points[k].result, context);
    }
  }
  check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush " + path.string());
}

void sync_to_disk(const std::filesystem::path& path) {
  int descriptor = ::open(path.c_str(), O_RDONLY);
  if (descriptor < 0 || ::fsync(descriptor) != 0) {
    if (descriptor >= 0) ::close(descriptor);
    throw WriteError("could not flush " + path.string() + " to disk");
  }
  ::close(descriptor);
}

}  // namespace

void write_results(const std::filesystem::path& target, const RunMetadata& metadata,
                   const std::vector<SweepPoint>& points) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions, not prints
  const std::filesystem::path temporary =
      target.string() + ".tmp-" + std::to_string(static_cast<long>(::getpid()));
  try {
    write_file(temporary, metadata, points);
    sync_to_disk(temporary);
    std::filesystem::rename(temporary, target);
  } catch (const std::exception& e) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw WriteError(fmt::format("cannot write {}: {}", target.string(), e.what()));
  }
}

}  // namespace xsellsim::output

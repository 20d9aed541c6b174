#include "output/arm_writer.hpp"

#include <fmt/format.h>

#include <numeric>
#include <type_traits>

#include "output/schema.hpp"

namespace xsellsim::output {

namespace {

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

}  // namespace

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

}  // namespace xsellsim::output

#include "output/arm_writer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "hdf5_test_file.hpp"
#include "output/hdf5_reader.hpp"
#include "output/schema.hpp"

namespace xsellsim::output {
namespace {

// Two replications of a holdout and one arm of one step, over three days.
models::RunResult two_arms() {
  models::RunResult result;
  result.arm_names = {"holdout", "nudge"};
  result.step_names = {{}, {"xsell.nudge"}};
  result.segment_names = {"all"};
  result.days = 3;
  result.stats = {40, 400};
  result.tallies = {{models::ArmTally(3, 0, 1), models::ArmTally(3, 1, 1)},
                    {models::ArmTally(3, 0, 1), models::ArmTally(3, 1, 1)}};
  result.pair_arms();
  result.tallies[1][1].add_daily(models::Daily::kRevenueCents, 2, 1234);
  result.tallies[0][1].add_daily(models::Daily::kSubscriberChange, 0, 5);
  result.tallies[0][1].add_daily(models::Daily::kSubscriberChange, 2, -1);
  result.tallies[1][1].entrants = 7;
  return result;
}

TEST(ArmWriter, WritesEveryArmInTheFilesLayout) {
  testing::MemoryFile f;
  const models::RunResult result = two_arms();
  write_arms(f.root, result, f.properties);
  const Hdf5Reader reader("memory.h5");
  Handle arms = reader.group(f.root, "arms");
  EXPECT_EQ(reader.strings_attribute(arms, schema::kArmOrder), result.arm_names);
  EXPECT_EQ(reader.integer_attribute<std::uint64_t>(arms, schema::kEvents, H5T_NATIVE_UINT64),
            400U);
  Handle nudge = reader.group(arms, "nudge");
  EXPECT_EQ(reader.scale_length(nudge, schema::kReplication), 2U);
  EXPECT_EQ(reader.scale_length(nudge, schema::kDaySinceEntry), 3U);
  EXPECT_EQ(reader.dataset<double>(nudge, "conversion", {2, 3}).size(), 6U);
  EXPECT_EQ(reader.dataset<std::int64_t>(nudge, "entrants", {2}),
            (std::vector<std::int64_t>{0, 7}));
  Handle daily = reader.group(nudge, "daily");
  // Money in currency units, not cents; subscribers as the number at each day's end.
  EXPECT_EQ(reader.dataset<double>(daily, "revenue", {2, 3}),
            (std::vector<double>{0, 0, 0, 0, 0, 12.34}));
  EXPECT_EQ(reader.dataset<std::int64_t>(daily, "subscribers", {2, 3}),
            (std::vector<std::int64_t>{5, 5, 4, 0, 0, 0}));
  Handle steps = reader.group(nudge, "steps");
  EXPECT_EQ(reader.strings_dataset(steps, schema::kStepOrder, std::nullopt),
            (std::vector<std::string>{"xsell.nudge"}));
  static_cast<void>(reader.group(steps, schema::link_name("xsell.nudge")));
  static_cast<void>(reader.group(nudge, "segments"));
  // Arm k pairs with itself and every later arm, never an earlier one.
  Handle paired = reader.group(nudge, schema::kPaired);
  EXPECT_EQ(reader.strings_attribute(paired, schema::kPartnerOrder),
            (std::vector<std::string>{"nudge"}));
}

}  // namespace
}  // namespace xsellsim::output

#include "output/results_file.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace xsellsim::output {
namespace {

namespace fs = std::filesystem;

// Two replications of two arms over five days, every kind of count non-zero somewhere and
// different between replications and arms.
models::RunResult small_result() {
  models::RunResult result;
  result.arm_names = {"holdout", "early"};
  result.step_names = {{"xsell.nudge", "xsell.offer"}, {"xsell.nudge", "xsell/b.offer"}};
  result.segment_names = {"casual", "fans"};
  result.attribution = true;
  result.days = 5;
  result.stats = {4000, 123456};
  result.send_cost = 0.0025;
  result.tallies.assign(2, std::vector<models::ArmTally>(2, models::ArmTally(5, 2, 2)));
  result.pair_arms();
  std::int64_t n = 1;
  for (auto& replication : result.tallies) {
    for (auto& tally : replication) {
      tally.customers = 20 + n;
      tally.entrants = 10 + n;
      tally.entrant_cross_sell_cents = 12345 * n;
      tally.entrant_cross_sell_margin_cents = 2345 * n;
      tally.retained = 3 * n;
      tally.margin_cents = 4567 * n;
      tally.subscriber_value_cents = 8901 * n;
      for (auto& step : tally.steps) {
        step = {7 * n,  5 * n, 3 * n, n,     6 * n, n,
                2 * n,  n,     4 * n, 9 * n, 8 * n, {100 * n, 200 * n, 300 * n, 400 * n},
                50 * n, 2 * n};
      }
      for (auto& segment : tally.segments) {
        segment.entrants = 4 * n;
        segment.entrant_cross_sell_cents = 999 * n;
        segment.sends = 6 * n;
        segment.conversion.add_event(2);
        segment.conversion.add_censored(4);
        segment.unsubscribe.add_event(3);
      }
      tally.conversion.add_event(1);
      tally.conversion.add_censored(4);
      tally.unsubscribe.add_censored(4);
      for (std::size_t m = 0; m < models::kDailyCount; ++m) {
        tally.add_daily(static_cast<models::Daily>(m), m % 5, static_cast<std::int64_t>(m) + n);
      }
      tally.add_daily(models::Daily::kSends, 2, 3 * n);
      tally.add_daily(models::Daily::kRevenueCents, 3, 999 * n);
      tally.add_daily(models::Daily::kSubscriberChange, 0, 7);
      tally.add_daily(models::Daily::kSubscriberChange, 3, -2);
      for (std::size_t m = 0; m < models::kPairedCount; ++m) {
        tally.paired.sums.at(m) = 11 * n + static_cast<std::int64_t>(m);
        for (auto& partner : tally.paired.cross) {
          partner.at(m) = 13 * n + static_cast<std::int64_t>(m) + (std::int64_t{1} << 40);
        }
      }
      for (auto& series : tally.paired.both_converted) series.at(3) = 5 * n;
      ++n;
    }
  }
  return result;
}

RunMetadata small_metadata() { return {"name = \"x\"\n", 42, "0.1.0", "EUR"}; }

std::vector<SweepPoint> small_sweep() {
  return {
      {{{"population.size", "10"}, {"sequences.a.steps.nudge.delay", "\"1d\""}}, small_result()},
      {{{"population.size", "20"}, {"sequences.a.steps.nudge.delay", "\"3d\""}}, small_result()}};
}

class ResultsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("xsellsim-output-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override {
    fs::permissions(directory_, fs::perms::owner_all);
    fs::remove_all(directory_);
  }
  fs::path write(const std::string& name) {
    fs::path path = directory_ / name;
    write_results(path, small_metadata(), {SweepPoint{{}, small_result()}});
    return path;
  }
  static std::string bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  // Asserts that reading `path` fails with a FormatError whose message holds `expected`.
  static void expect_format_error(const fs::path& path, const std::string& expected) {
    try {
      read_results(path);
      ADD_FAILURE() << "read " << path << " without a FormatError";
    } catch (const FormatError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    }
  }
  fs::path directory_;
};

TEST_F(ResultsFileTest, RoundTripKeepsMetadataAndEveryCount) {
  ResultsFile file = read_results(write("out.h5"));
  EXPECT_EQ(file.metadata.seed, 42u);
  EXPECT_EQ(file.metadata.currency, "EUR");
  EXPECT_EQ(file.metadata.xsellsim_version, "0.1.0");
  EXPECT_EQ(file.metadata.scenario_toml, "name = \"x\"\n");
  ASSERT_EQ(file.points.size(), 1u);
  EXPECT_TRUE(file.points[0].parameters.empty());
  const models::RunResult& read = file.points[0].result;
  EXPECT_EQ(read.arm_names, small_result().arm_names);
  EXPECT_EQ(read.days, 5u);
  EXPECT_EQ(read.counts(), small_result().counts());  // stats, tallies, money in cents
}

TEST_F(ResultsFileTest, RoundTripKeepsTheCurves) {
  ResultsFile file = read_results(write("out.h5"));
  const models::RunResult expected = small_result();
  ASSERT_EQ(file.points[0].curves.size(), 2u);
  for (std::size_t arm = 0; arm < 2; ++arm) {
    const ArmCurves& curves = file.points[0].curves[arm];
    ASSERT_EQ(curves.conversion.size(), 2u);
    for (std::size_t r = 0; r < 2; ++r) {
      EXPECT_EQ(curves.conversion[r], expected.tallies[r][arm].conversion.cumulative_incidence());
      EXPECT_EQ(curves.unsubscribe[r], expected.tallies[r][arm].unsubscribe.cumulative_incidence());
    }
  }
  EXPECT_EQ(file.points[0].curves[1].conversion[0], (std::vector<double>{0, 0.5, 0.5, 0.5, 0.5}));
}

TEST_F(ResultsFileTest, SweepPointsRoundTripWithTheirParameters) {
  const fs::path path = directory_ / "sweep.h5";
  write_results(path, small_metadata(), small_sweep());
  ResultsFile file = read_results(path);
  ASSERT_EQ(file.points.size(), 2u);
  EXPECT_EQ(file.points[0].parameters, small_sweep()[0].parameters);
  EXPECT_EQ(file.points[1].parameters, small_sweep()[1].parameters);
  EXPECT_EQ(file.points[1].result.counts(), small_result().counts());
}

TEST_F(ResultsFileTest, NamesWithSlashesAndPercentsRoundTrip) {
  models::RunResult result = small_result();
  result.arm_names = {"holdout", "50%/off"};
  const fs::path path = directory_ / "names.h5";
  write_results(path, small_metadata(),
                {{{{"products.\"usb/c\".price", "9.5"}}, result},
                 {{{"products.\"usb/c\".price", "12"}}, result}});
  ResultsFile file = read_results(path);
  EXPECT_EQ(file.points[1].result.arm_names, result.arm_names);
  EXPECT_EQ(file.points[1].parameters[0].first, "products.\"usb/c\".price");
  EXPECT_EQ(file.points[1].result.counts(), result.counts());
}

TEST_F(ResultsFileTest, SameInputGivesIdenticalBytes) {
  const fs::path first = write("a.h5");
  // Something else in between, so that stale memory would not happen to repeat itself, and a
  // second's pause, so that any timestamp in the file would differ.
  write_results(directory_ / "other.h5", {"", 7, "x", "USD"}, small_sweep());
  sleep(1);
  const fs::path second = write("b.h5");
  EXPECT_EQ(bytes(first), bytes(second));
  write_results(directory_ / "sweep-a.h5", small_metadata(), small_sweep());
  write_results(directory_ / "sweep-b.h5", small_metadata(), small_sweep());
  EXPECT_EQ(bytes(directory_ / "sweep-a.h5"), bytes(directory_ / "sweep-b.h5"));
}

TEST_F(ResultsFileTest, UnwritableDirectoryLeavesNothingBehind) {
  fs::path target = directory_ / "out.h5";
  if (::geteuid() == 0) {
    // Root ignores directory permissions; a missing directory fails the same way.
    target = directory_ / "missing" / "out.h5";
  } else {
    fs::permissions(directory_, fs::perms::owner_read | fs::perms::owner_exec);
  }
  try {
    write_results(target, small_metadata(), {SweepPoint{{}, small_result()}});
    ADD_FAILURE() << "wrote into an unwritable directory";
  } catch (const WriteError& e) {
    EXPECT_NE(std::string(e.what()).find(target.string()), std::string::npos) << e.what();
  }
  fs::permissions(directory_, fs::perms::owner_all);
  EXPECT_TRUE(fs::is_empty(directory_));
}

TEST_F(ResultsFileTest, FailedRenameRemovesTheTemporary) {
  // The whole file is written, then the rename fails: the target is a non-empty directory.
  const fs::path target = directory_ / "out.h5";
  fs::create_directories(target / "inside");
  EXPECT_THROW(write_results(target, small_metadata(), {SweepPoint{{}, small_result()}}),
               WriteError);
  std::vector<fs::path> left;
  for (const auto& entry : fs::directory_iterator(directory_)) left.push_back(entry.path());
  EXPECT_EQ(left, std::vector<fs::path>{target});
}

TEST_F(ResultsFileTest, InconsistentResultIsRefusedBeforeWriting) {
  models::RunResult result = small_result();
  result.tallies[1][0].daily[0].push_back(1);  // one day too many
  try {
    write_results(directory_ / "out.h5", small_metadata(), {SweepPoint{{}, result}});
    ADD_FAILURE() << "wrote an inconsistent result";
  } catch (const WriteError& e) {
    EXPECT_NE(std::string(e.what()).find("daily sends has 6 days"), std::string::npos) << e.what();
  }
  std::vector<SweepPoint> sweep = small_sweep();
  sweep[1].parameters[0].first = "population.horizon";
  EXPECT_THROW(write_results(directory_ / "out.h5", small_metadata(), sweep), WriteError);
  EXPECT_THROW(write_results(directory_ / "out.h5", small_metadata(), {}), WriteError);
  EXPECT_TRUE(fs::is_empty(directory_));
}

TEST_F(ResultsFileTest, RejectsAFileThatIsNotHdf5) {
  std::ofstream(directory_ / "text.h5") << "not hdf5";
  expect_format_error(directory_ / "text.h5", "not an HDF5 file");
  expect_format_error(directory_ / "absent.h5", "no such file");
}

TEST_F(ResultsFileTest, RejectsAnHdf5FileWithoutFormatVersion) {
  const fs::path path = directory_ / "foreign.h5";
  hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  hid_t group = H5Gcreate2(file, "arms", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Gclose(group);
  H5Fclose(file);
  expect_format_error(path, "no format_version");
}

// Rewrites the format_version attribute of a good file.
void set_format_version(const fs::path& path, int version) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  hid_t attribute = H5Aopen(file, "format_version", H5P_DEFAULT);
  ASSERT_GE(attribute, 0);
  EXPECT_GE(H5Awrite(attribute, H5T_NATIVE_INT, &version), 0);
  H5Aclose(attribute);
  H5Fclose(file);
}

TEST_F(ResultsFileTest, RejectsAnotherFormatVersion) {
  const fs::path path = write("out.h5");
  set_format_version(path, kFormatVersion + 1);
  expect_format_error(path, "format_version is " + std::to_string(kFormatVersion + 1) +
                                ", written by a newer xsellsim");
  set_format_version(path, 0);
  expect_format_error(path, "format_version is 0, written by an older xsellsim");
  // Version 3 had no per-customer paired sums: compare cannot pair its arms, and says why.
  set_format_version(path, 3);
  expect_format_error(path,
                      "format_version is 3, written by an older xsellsim; this one reads 4 "
                      "(version 4 added the per-customer paired sums: run it again)");
}

// 4,500 steps in one arm: as an attribute (16 bytes a name), step_order outgrew the 64 KiB object
// header ("HDF5
// failed to create attribute step_order (object header message is too large)").
TEST_F(ResultsFileTest, ThousandsOfStepsRoundTrip) {
  models::RunResult result;
  result.arm_names = {"holdout", "many"};
  result.segment_names = {"all"};
  result.days = 2;
  std::vector<std::string> names;
  for (int i = 0; i < 4500; ++i) names.push_back("sequence_" + std::to_string(i) + ".email");
  result.step_names = {{}, names};
  result.tallies.assign(1, {models::ArmTally(2, 0, 1), models::ArmTally(2, names.size(), 1)});
  result.pair_arms();
  result.tallies[0][1].steps[4499].sends = 3;
  const fs::path path = directory_ / "many.h5";
  write_results(path, small_metadata(), {SweepPoint{{}, result}});
  const ResultsFile file = read_results(path);
  const models::RunResult& back = file.points[0].result;
  EXPECT_EQ(back.step_names, result.step_names);
  EXPECT_EQ(back.tallies[0][1].steps[4499].sends, 3);
}

TEST_F(ResultsFileTest, RejectsATruncatedFile) {
  const fs::path path = write("out.h5");
  fs::resize_file(path, fs::file_size(path) / 2);
  expect_format_error(path, "truncated");
}

TEST_F(ResultsFileTest, RejectsAFileMissingADataset) {
  const fs::path path = write("out.h5");
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  EXPECT_GE(H5Ldelete(file, "arms/early/daily/sends", H5P_DEFAULT), 0);
  H5Fclose(file);
  expect_format_error(path, "missing dataset /arms/early/daily/sends");
}

TEST_F(ResultsFileTest, ReadsWithXarrayAndH5py) {
  if (std::system("/usr/bin/python3 -c 'import xarray, h5netcdf, h5py' 2>/dev/null") != 0) {
    GTEST_SKIP() << "/usr/bin/python3 lacks xarray, h5netcdf or h5py";
  }
  const fs::path single = write("out.h5");
  const fs::path sweep = directory_ / "sweep.h5";
  write_results(sweep, small_metadata(), small_sweep());
  const std::string command = "/usr/bin/python3 " XSELLSIM_SOURCE_DIR
                              "/tests/output/read_with_xarray.py " +
                              single.string() + " " + sweep.string();
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace
}  // namespace xsellsim::output

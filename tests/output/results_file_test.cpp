#include "output/results_file.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

namespace xsellsim::output {
namespace {

namespace fs = std::filesystem;

models::RunResult small_result() {
  models::RunResult result;
  result.arm_names = {"holdout", "early"};
  result.days = 5;
  result.tallies.assign(2, std::vector<models::ArmTally>(2, models::ArmTally(5)));
  std::int64_t n = 1;
  for (auto& replication : result.tallies) {
    for (auto& tally : replication) {
      tally.entrants = 10 + n;
      tally.entrant_cross_sell_cents = 12345 * n;
      tally.conversion.add_event(1);
      tally.conversion.add_censored(4);
      tally.unsubscribe.add_censored(4);
      tally.add_daily(models::Daily::kSends, 2, 3 * n);
      tally.add_daily(models::Daily::kRevenueCents, 3, 999 * n);
      tally.add_daily(models::Daily::kSubscriberChange, 0, 7);
      tally.add_daily(models::Daily::kSubscriberChange, 3, -2);
      ++n;
    }
  }
  return result;
}

class ResultsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("xsellsim-output-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(directory_);
  }
  void TearDown() override {
    fs::permissions(directory_, fs::perms::owner_all);
    fs::remove_all(directory_);
  }
  void write(const fs::path& path) {
    write_results(path, {"name = \"x\"\n", 42, "0.1.0", "EUR"}, {SweepPoint{{}, small_result()}});
  }
  static std::string bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  fs::path directory_;
};

TEST_F(ResultsFileTest, RoundTripKeepsEveryCount) {
  fs::path path = directory_ / "out.h5";
  write(path);
  ResultsFile file = read_results(path);
  EXPECT_EQ(file.metadata.seed, 42u);
  EXPECT_EQ(file.metadata.currency, "EUR");
  EXPECT_EQ(file.metadata.scenario_toml, "name = \"x\"\n");
  ASSERT_EQ(file.points.size(), 1u);
  const models::RunResult& read = file.points[0].result;
  EXPECT_EQ(read.arm_names, small_result().arm_names);
  EXPECT_EQ(read.counts(), small_result().counts());
}

TEST_F(ResultsFileTest, SweepPointsRoundTrip) {
  fs::path path = directory_ / "sweep.h5";
  std::vector<SweepPoint> points{{{{"population.size", "10"}}, small_result()},
                                 {{{"population.size", "20"}}, small_result()}};
  write_results(path, {"", 1, "0.1.0", "USD"}, points);
  ResultsFile file = read_results(path);
  ASSERT_EQ(file.points.size(), 2u);
  EXPECT_EQ(file.points[1].parameters[0].second, "20");
  EXPECT_EQ(file.points[1].result.counts(), small_result().counts());
}

TEST_F(ResultsFileTest, SameInputGivesIdenticalBytes) {
  write(directory_ / "a.h5");
  sleep(1);  // a timestamp anywhere in the file would now differ
  write(directory_ / "b.h5");
  EXPECT_EQ(bytes(directory_ / "a.h5"), bytes(directory_ / "b.h5"));
}

TEST_F(ResultsFileTest, UnwritableDirectoryLeavesNothingBehind) {
  if (::geteuid() == 0) {
    // Root ignores directory permissions; a missing directory fails the same way.
    EXPECT_THROW(write(directory_ / "missing" / "out.h5"), WriteError);
  } else {
    fs::permissions(directory_, fs::perms::owner_read | fs::perms::owner_exec);
    EXPECT_THROW(write(directory_ / "out.h5"), WriteError);
    fs::permissions(directory_, fs::perms::owner_all);
  }
  EXPECT_TRUE(fs::is_empty(directory_));
}

TEST_F(ResultsFileTest, RejectsAFileThatIsNotHdf5) {
  std::ofstream(directory_ / "text.h5") << "not hdf5";
  EXPECT_THROW(read_results(directory_ / "text.h5"), FormatError);
  EXPECT_THROW(read_results(directory_ / "absent.h5"), FormatError);
}

TEST_F(ResultsFileTest, RejectsATruncatedFile) {
  fs::path path = directory_ / "out.h5";
  write(path);
  fs::resize_file(path, fs::file_size(path) / 2);
  EXPECT_THROW(read_results(path), FormatError);
}

TEST_F(ResultsFileTest, RejectsAnotherFormatVersion) {
  // A file written by h5py-like tools without our attributes, and one with a future version,
  // are made by editing a good file's version attribute through the C API.
  fs::path path = directory_ / "out.h5";
  write(path);
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  int future = kFormatVersion + 1;
  hid_t attribute = H5Aopen(file, "format_version", H5P_DEFAULT);
  H5Awrite(attribute, H5T_NATIVE_INT, &future);
  H5Aclose(attribute);
  H5Fclose(file);
  try {
    read_results(path);
    FAIL() << "read a future format";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("format_version is 2"), std::string::npos) << e.what();
  }
  file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  H5Adelete(file, "format_version");
  H5Fclose(file);
  EXPECT_THROW(read_results(path), FormatError);
}

TEST_F(ResultsFileTest, ReadsWithXarrayAndH5py) {
  if (std::system("/usr/bin/python3 -c 'import xarray, h5netcdf, h5py' 2>/dev/null") != 0) {
    GTEST_SKIP() << "/usr/bin/python3 lacks xarray, h5netcdf or h5py";
  }
  fs::path path = directory_ / "out.h5";
  write(path);
  std::string command =
      "/usr/bin/python3 " XSELLSIM_SOURCE_DIR "/tests/output/read_with_xarray.py " + path.string();
  EXPECT_EQ(std::system(command.c_str()), 0);
}

}  // namespace
}  // namespace xsellsim::output

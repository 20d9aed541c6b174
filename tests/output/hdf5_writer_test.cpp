#include "output/hdf5_writer.hpp"

#include <gtest/gtest.h>
#include <hdf5_hl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "hdf5_test_file.hpp"
#include "output/results_file.hpp"

namespace xsellsim::output {
namespace {

using testing::MemoryFile;

void write_some_objects(MemoryFile& f) {
  Handle group = create_group(f.root, "g", f.properties);
  write_string_attribute(group, "name", "café");
  write_strings_attribute(group, "order", {"a", "b"});
  write_scalar_attribute(group, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, std::uint64_t{42});
  Handle rows = write_scale(group, "row", 2, "1", "row index", f.properties);
  Handle columns = write_scale(group, "column", 3, "1", "column index", f.properties);
  Handle table = write_dataset<double>(group, "table", {2, 3}, {1, 2, 3, 4, 5, 6}, "EUR", "a table",
                                       f.properties);
  attach(table, {{&rows, "row"}, {&columns, "column"}});
  write_dataset<std::string>(group, "names", {2}, {"x", "y"}, "1", "names", f.properties);
}

TEST(Hdf5Writer, TheSameObjectsGiveTheSameBytes) {
  MemoryFile first("first.h5");
  write_some_objects(first);
  MemoryFile second("second.h5");
  write_some_objects(second);
  EXPECT_EQ(first.bytes(), second.bytes());
  // HDF5 stamps each object with its times unless tracking is off: then the bytes would differ
  // between runs a second apart.
  for (const char* object : {"g", "g/table", "g/row", "g/names"}) {
    H5O_info_t info;
    ASSERT_GE(H5Oget_info_by_name2(first.root, object, &info, H5O_INFO_TIME, H5P_DEFAULT), 0);
    EXPECT_EQ(info.ctime, 0) << object;
    EXPECT_EQ(info.mtime, 0) << object;
  }
}

TEST(Hdf5Writer, ScalesAreAttachedAndLabelled) {
  MemoryFile f;
  write_some_objects(f);
  Handle table(H5Dopen2(f.root, "g/table", H5P_DEFAULT), H5Dclose);
  Handle rows(H5Dopen2(f.root, "g/row", H5P_DEFAULT), H5Dclose);
  Handle columns(H5Dopen2(f.root, "g/column", H5P_DEFAULT), H5Dclose);
  EXPECT_GT(H5DSis_scale(rows), 0);
  EXPECT_GT(H5DSis_attached(table, rows, 0), 0);
  EXPECT_GT(H5DSis_attached(table, columns, 1), 0);
  EXPECT_EQ(H5DSis_attached(table, columns, 0), 0);
  std::string label(16, '\0');
  const ssize_t length = H5DSget_label(table, 1, label.data(), label.size());
  ASSERT_GT(length, 0);
  EXPECT_EQ(label.substr(0, static_cast<std::size_t>(length)), "column");
  std::vector<std::int64_t> indices(3);
  H5Dread(columns, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, indices.data());
  EXPECT_EQ(indices, (std::vector<std::int64_t>{0, 1, 2}));
}

TEST(Hdf5Writer, ADatasetWithTheWrongNumberOfValuesIsAWriteError) {
  MemoryFile f;
  try {
    write_dataset<std::int64_t>(f.root, "short", {2, 3}, {1, 2, 3}, "1", "", f.properties);
    FAIL() << "no error";
  } catch (const WriteError& e) {
    EXPECT_STREQ(e.what(), "dataset short: 3 values for 6 cells");
  }
}

TEST(Hdf5Writer, AFailedCallIsAWriteErrorNamingWhatFailed) {
  const QuietHdf5Errors quiet;
  MemoryFile f;
  create_group(f.root, "twice", f.properties);
  try {
    create_group(f.root, "twice", f.properties);
    FAIL() << "no error";
  } catch (const WriteError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("HDF5 failed to create group twice", 0), 0) << e.what();
  }
  EXPECT_THROW(check(-1, "do anything"), WriteError);
  EXPECT_NO_THROW(check(0, "do anything"));
}

}  // namespace
}  // namespace xsellsim::output

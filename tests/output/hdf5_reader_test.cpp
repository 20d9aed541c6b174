#include "output/hdf5_reader.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "hdf5_test_file.hpp"
#include "output/results_file.hpp"

namespace xsellsim::output {
namespace {

using testing::MemoryFile;

// A file with one of everything the reader reads, in group /g.
struct Example : MemoryFile {
  Handle group;
  Example() : group(create_group(root, "g", properties)) {
    write_string_attribute(group, "name", "café");
    write_strings_attribute(group, "order", {"a", "b"});
    write_strings_attribute(group, "none", {});
    write_scalar_attribute(group, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, std::uint64_t{42});
    write_scalar_attribute(group, "cost", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 0.25);
    write_scale(group, "row", 2, "1", "row index", properties);
    write_dataset<double>(group, "table", {2, 3}, {1, 2, 3, 4, 5, 6}, "EUR", "", properties);
    write_dataset<std::int64_t>(group, "counts", {3}, {7, 8, 9}, "1", "", properties);
    write_dataset<std::string>(group, "names", {2}, {"x", "y"}, "toml", "", properties);
  }
};

// The message of the FormatError that `read` throws ("" when it throws none).
template <class Read>
std::string failure(Read read) {
  const QuietHdf5Errors quiet;
  try {
    read();
  } catch (const FormatError& e) {
    return e.what();
  }
  return "";
}

TEST(Hdf5Reader, ReadsBackWhatTheWriterWrote) {
  Example f;
  const Hdf5Reader reader("example.h5");
  Handle group = reader.group(f.root, "g");
  EXPECT_EQ(reader.string_attribute(group, "name"), "café");
  EXPECT_EQ(reader.strings_attribute(group, "order"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(reader.strings_attribute(group, "none").empty());
  EXPECT_EQ(reader.integer_attribute<std::uint64_t>(group, "seed", H5T_NATIVE_UINT64), 42U);
  EXPECT_EQ(reader.float_attribute(group, "cost"), 0.25);
  EXPECT_EQ(reader.scale_length(group, "row"), 2U);
  EXPECT_EQ(reader.dataset<double>(group, "table", {2, 3}),
            (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(reader.dataset<std::int64_t>(group, "counts", {3}),
            (std::vector<std::int64_t>{7, 8, 9}));
  EXPECT_EQ(reader.strings_dataset(group, "names", std::nullopt),
            (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(reader.dataset_class(group, "counts"), H5T_INTEGER);
  EXPECT_EQ(reader.dataset_units(group, "names"), "toml");
  EXPECT_EQ(Hdf5Reader::path(group, "table"), "/g/table");
  EXPECT_TRUE(Hdf5Reader::exists(f.root, "g"));
  EXPECT_FALSE(Hdf5Reader::exists(f.root, "h"));
}

TEST(Hdf5Reader, EachDepartureNamesTheFileAndTheObject) {
  Example f;
  const Hdf5Reader reader("example.h5");
  const std::string prefix =
      "example.h5: not a results file of format_version " + std::to_string(kFormatVersion) + ": ";
  EXPECT_EQ(failure([&] { static_cast<void>(reader.group(f.root, "h")); }),
            prefix + "missing group /h");
  EXPECT_EQ(failure([&] {
              static_cast<void>(reader.dataset<double>(f.root, "g/table", {3, 2}));
            }),
            prefix + "/g/table has shape 2 x 3, expected 3 x 2");
  EXPECT_EQ(failure([&] { static_cast<void>(reader.dataset<double>(f.root, "g/counts", {3})); }),
            prefix + "/g/counts is not floating-point");
  EXPECT_EQ(failure([&] { static_cast<void>(reader.scale_length(f.root, "g/counts")); }),
            prefix + "/g/counts is not a dimension scale");
  EXPECT_EQ(failure([&] { static_cast<void>(reader.string_attribute(f.group, "order")); }),
            prefix + "attribute order is not one string");
  EXPECT_EQ(failure([&] { static_cast<void>(reader.float_attribute(f.group, "seed")); }),
            prefix + "attribute seed of /g is not one number");
  EXPECT_EQ(failure([&] { static_cast<void>(reader.float_attribute(f.group, "gone")); }),
            prefix + "missing attribute gone of /g");
  EXPECT_EQ(failure([&] { static_cast<void>(reader.strings_dataset(f.group, "names", 3)); }),
            prefix + "/g/names has shape 2, expected 3");
}

}  // namespace
}  // namespace xsellsim::output

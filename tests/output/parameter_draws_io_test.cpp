// /parameter_draws in an open file: what write_parameter_draws writes, read_parameter_draws reads
// back bit for bit; a file without the group has no draws; a malformed group names the file.
#include "output/parameter_draws_io.hpp"

#include <gtest/gtest.h>

#include "output/results_file.hpp"
#include "tests/output/hdf5_test_file.hpp"

namespace xsellsim::output {
namespace {

ParameterDraws two_blocks() {
  ParameterDraws draws;
  draws.keys = {"segments.all.purchasing.r", "products.camera.price"};
  draws.means = {0.243, 500};
  draws.sds = {0.013, 25};
  draws.values = {{0.2512345678901234, 512.5}, {0.2298, 471.25}};
  return draws;
}

TEST(ParameterDrawsIo, WhatIsWrittenIsReadBackExactly) {
  testing::MemoryFile file("draws-roundtrip.h5");
  const ParameterDraws written = two_blocks();
  write_parameter_draws(file.root, written, file.properties.group, file.properties.dataset);
  const ParameterDraws read = read_parameter_draws(file.root, "draws.h5");
  EXPECT_EQ(read.keys, written.keys);
  EXPECT_EQ(read.means, written.means);
  EXPECT_EQ(read.sds, written.sds);
  EXPECT_EQ(read.values, written.values);
}

TEST(ParameterDrawsIo, AFileWithoutTheGroupHasNoDraws) {
  testing::MemoryFile file("draws-none.h5");
  const ParameterDraws read = read_parameter_draws(file.root, "none.h5");
  EXPECT_TRUE(read.keys.empty());
  EXPECT_TRUE(read.values.empty());
}

TEST(ParameterDrawsIo, AGroupWithoutItsValuesIsAFormatErrorNamingTheFile) {
  testing::MemoryFile file("draws-malformed.h5");
  const Handle group = create_group(file.root, "parameter_draws", file.properties);
  try {
    read_parameter_draws(file.root, "broken.h5");
    FAIL() << "a /parameter_draws group without its datasets was read";
  } catch (const FormatError& error) {
    EXPECT_NE(std::string(error.what()).find("broken.h5"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace xsellsim::output

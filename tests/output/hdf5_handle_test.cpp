#include "output/hdf5_handle.hpp"

#include <gtest/gtest.h>

namespace xsellsim::output {
namespace {

TEST(Hdf5Handle, Utf8StringTypeIsVariableLengthUtf8) {
  const Handle type = utf8_string_type();
  ASSERT_GE(type.get(), 0);
  EXPECT_EQ(H5Tget_class(type), H5T_STRING);
  EXPECT_GT(H5Tis_variable_str(type), 0);
  EXPECT_EQ(H5Tget_cset(type), H5T_CSET_UTF8);
}

TEST(Hdf5Handle, ClosingReportsTheStatusAndForgetsTheId) {
  Handle type = utf8_string_type();
  const hid_t id = type.get();
  EXPECT_GT(H5Iis_valid(id), 0);
  EXPECT_GE(type.close(), 0);
  EXPECT_LT(type.get(), 0);
  EXPECT_LE(H5Iis_valid(id), 0);
  EXPECT_EQ(type.close(), 0);  // closing twice closes nothing
}

}  // namespace
}  // namespace xsellsim::output

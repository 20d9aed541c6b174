#include "output/hdf5_handle.hpp"

namespace xsellsim::output {

QuietHdf5Errors::QuietHdf5Errors() {
  H5Eget_auto2(H5E_DEFAULT, &previous_function_, &previous_data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QuietHdf5Errors::~QuietHdf5Errors() {
  H5Eset_auto2(H5E_DEFAULT, previous_function_, previous_data_);
}

namespace {
// Walking upward starts at the innermost record, the one nearest to the cause.
herr_t keep_innermost(unsigned n, const H5E_error2_t* record, void* detail) {
  if (n == 0 && record->desc != nullptr) *static_cast<std::string*>(detail) = record->desc;
  return 0;
}
}  // namespace

std::string hdf5_error_detail() {
  std::string detail;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &detail);
  return detail;
}

Handle utf8_string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  if (type < 0 || H5Tset_size(type, H5T_VARIABLE) < 0 || H5Tset_cset(type, H5T_CSET_UTF8) < 0) {
    return {};
  }
  return type;
}

}  // namespace xsellsim::output

#pragma once
// A minimal owner for HDF5 identifiers, and what the writer and reader need to turn HDF5 failures
// into their own exceptions.
#include <hdf5.h>

#include <string>
#include <utility>

namespace xsellsim::output {

class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(Handle&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    std::swap(id_, other.id_);
    std::swap(closer_, other.closer_);
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { static_cast<void>(close()); }

  // Closes now and reports HDF5's status: closing a file writes its last metadata, which can fail.
  herr_t close() {
    herr_t status = 0;
    if (id_ >= 0 && closer_ != nullptr) status = closer_(id_);
    id_ = H5I_INVALID_HID;
    return status;
  }
  [[nodiscard]] hid_t get() const { return id_; }
  // NOLINTNEXTLINE(google-explicit-constructor): a Handle reads like the C API's hid_t.
  operator hid_t() const { return id_; }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// While alive, HDF5 prints nothing (the library never prints; failures become exceptions); the
// caller's own error handler comes back afterwards.
class QuietHdf5Errors {
 public:
  QuietHdf5Errors();
  ~QuietHdf5Errors();
  QuietHdf5Errors(const QuietHdf5Errors&) = delete;
  QuietHdf5Errors& operator=(const QuietHdf5Errors&) = delete;

 private:
  H5E_auto2_t previous_function_ = nullptr;
  void* previous_data_ = nullptr;
};

// The innermost description on HDF5's error stack (where the failure was detected, e.g. the
// operating system's reason), or "" when the stack is empty. Call it right after the failing call:
// the next HDF5 call clears the stack.
std::string hdf5_error_detail();

// Variable-length UTF-8 strings, the type h5py and h5netcdf read back as str. Copying a predefined
// type fails only when HDF5 is out of memory: the id is then invalid, and the caller's next call
// with it fails and reports in the caller's own terms (a WriteError, a FormatError).
Handle utf8_string_type();

}  // namespace xsellsim::output

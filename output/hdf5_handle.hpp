#pragma once
// A minimal owner for HDF5 identifiers, and the calls that turn HDF5 failures into exceptions.
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
  ~Handle() {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
  }
  [[nodiscard]] hid_t get() const { return id_; }
  operator hid_t() const {
    return id_;
  }  // NOLINT(google-explicit-constructor): reads like the C API

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

}  // namespace xsellsim::output

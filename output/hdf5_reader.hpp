#pragma once
// Reading an HDF5 file whose layout is known in advance (the results of docs/output-format.md):
// every open and read is checked, and every departure from the expected object, type or shape
// is a FormatError that names the file and the object's path in it.
#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "output/hdf5_handle.hpp"

namespace xsellsim::output {

class Hdf5Reader {
 public:
  explicit Hdf5Reader(std::string file) : file_(std::move(file)) {}

  // Throws FormatError: "FILE: not a results file of format_version N: WHAT".
  [[noreturn]] void fail(const std::string& what) const;

  [[nodiscard]] Handle open_file() const;
  [[nodiscard]] Handle root_group(hid_t file) const;
  [[nodiscard]] static bool exists(hid_t parent, const std::string& name);
  [[nodiscard]] Handle group(hid_t parent, const std::string& name) const;

  // A variable-length string attribute of any length (empty for an arm without steps), or of
  // exactly one string.
  [[nodiscard]] std::vector<std::string> strings_attribute(hid_t object, const char* name) const;
  [[nodiscard]] std::string string_attribute(hid_t object, const char* name) const;
  // One integer, read as `memory_type` (H5T_NATIVE_INT for an int, ...).
  template <class T>
  [[nodiscard]] T integer_attribute(hid_t object, const char* name, hid_t memory_type) const;
  [[nodiscard]] double float_attribute(hid_t object, const char* name) const;

  // A one-dimensional dimension scale: its length.
  [[nodiscard]] hsize_t scale_length(hid_t parent, const std::string& name) const;
  // A numeric dataset (double or std::int64_t) of exactly the shape `dims`, its values in
  // row-major order.
  template <class T>
  [[nodiscard]] std::vector<T> dataset(hid_t parent, const std::string& name,
                                       const std::vector<hsize_t>& dims) const;
  // A string dataset of `length` elements, or of any length (a list) when `length` is nullopt.
  [[nodiscard]] std::vector<std::string> strings_dataset(hid_t parent, const std::string& name,
                                                         std::optional<hsize_t> length) const;
  // The class of a dataset's elements (H5T_INTEGER, H5T_FLOAT, H5T_STRING, ...).
  [[nodiscard]] H5T_class_t dataset_class(hid_t parent, const std::string& name) const;
  // A dataset's `units` attribute.
  [[nodiscard]] std::string dataset_units(hid_t parent, const std::string& name) const;

  // The object's path in the file (with `child` appended), for messages.
  [[nodiscard]] static std::string path(hid_t object, const std::string& child = "");

 private:
  [[nodiscard]] Handle open(hid_t id, Handle::Closer closer, const std::string& what) const;
  [[nodiscard]] Handle open_dataset(hid_t parent, const std::string& name) const;
  [[nodiscard]] Handle open_attribute(hid_t object, const char* name) const;
  [[nodiscard]] std::size_t elements(hid_t space) const;
  void check_shape(hid_t space, const std::vector<hsize_t>& expected,
                   const std::string& where) const;
  [[nodiscard]] static std::string read_failure(const char* name, hid_t object);

  std::string file_;
};

template <class T>
T Hdf5Reader::integer_attribute(hid_t object, const char* name, hid_t memory_type) const {
  Handle attribute = open_attribute(object, name);
  Handle type = open(H5Aget_type(attribute), H5Tclose, name);
  Handle space = open(H5Aget_space(attribute), H5Sclose, name);
  if (H5Tget_class(type) != H5T_INTEGER || elements(space) != 1) {
    fail("attribute " + std::string(name) + " of " + path(object) + " is not one integer");
  }
  T value{};
  if (H5Aread(attribute, memory_type, &value) < 0) fail(read_failure(name, object));
  return value;
}

template <class T>
std::vector<T> Hdf5Reader::dataset(hid_t parent, const std::string& name,
                                   const std::vector<hsize_t>& dims) const {
  static_assert(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>,
                "results hold float64 and int64 datasets only");
  constexpr bool kFloat = std::is_same_v<T, double>;
  Handle set = open_dataset(parent, name);
  Handle type = open(H5Dget_type(set), H5Tclose, path(parent, name));
  if (H5Tget_class(type) != (kFloat ? H5T_FLOAT : H5T_INTEGER)) {
    fail(path(parent, name) + " is not " + (kFloat ? "floating-point" : "integer"));
  }
  Handle space = open(H5Dget_space(set), H5Sclose, path(parent, name));
  check_shape(space, dims, path(parent, name));
  std::vector<T> values(elements(space));
  const hid_t memory_type = kFloat ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
  if (H5Dread(set, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    fail("cannot read " + path(parent, name));
  }
  return values;
}

}  // namespace xsellsim::output

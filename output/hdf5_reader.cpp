#include "output/hdf5_reader.hpp"

#include <fmt/format.h>
#include <hdf5_hl.h>

#include "output/results_file.hpp"

namespace xsellsim::output {

namespace {

H5O_type_t object_type(hid_t parent, const std::string& name) {
  H5O_info_t info;
  if (H5Oget_info_by_name2(parent, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
    return H5O_TYPE_UNKNOWN;
  }
  return info.type;
}

std::string describe_shape(hid_t space) {
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) return "?";
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return rank == 0 ? "scalar" : fmt::format("{}", fmt::join(dims, " x "));
}

// Copies variable-length strings that HDF5 allocated, and gives HDF5 its memory back.
std::vector<std::string> take_strings(std::vector<char*>& texts, hid_t type, hid_t space) {
  std::vector<std::string> values;
  values.reserve(texts.size());
  for (const char* text : texts) values.emplace_back(text == nullptr ? "" : text);
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, texts.data());
  return values;
}

}  // namespace

void Hdf5Reader::fail(const std::string& what) const {
  throw FormatError(
      fmt::format("{}: not a results file of format_version {}: {}", file_, kFormatVersion, what));
}

Handle Hdf5Reader::open_file() const {
  const hid_t id = H5Fopen(file_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) {
    fail(fmt::format("HDF5 cannot open it, truncated or damaged? ({})", hdf5_error_detail()));
  }
  return {id, H5Fclose};
}

Handle Hdf5Reader::root_group(hid_t file) const {
  return open(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "the root group");
}

bool Hdf5Reader::exists(hid_t parent, const std::string& name) {
  return H5Lexists(parent, name.c_str(), H5P_DEFAULT) > 0;
}

Handle Hdf5Reader::group(hid_t parent, const std::string& name) const {
  if (!exists(parent, name) || object_type(parent, name) != H5O_TYPE_GROUP) {
    fail("missing group " + path(parent, name));
  }
  return open(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, path(parent, name));
}

std::vector<std::string> Hdf5Reader::strings_attribute(hid_t object, const char* name) const {
  Handle attribute = open_attribute(object, name);
  Handle type = open(H5Aget_type(attribute), H5Tclose, name);
  if (H5Tget_class(type) != H5T_STRING || H5Tis_variable_str(type) <= 0) {
    fail(fmt::format("attribute {} of {} is not a variable-length string", name, path(object)));
  }
  Handle space = open(H5Aget_space(attribute), H5Sclose, name);
  std::vector<char*> texts(elements(space), nullptr);
  if (texts.empty()) return {};  // an arm without steps (the holdout)
  if (H5Aread(attribute, type, texts.data()) < 0) fail(read_failure(name, object));
  return take_strings(texts, type, space);
}

std::string Hdf5Reader::string_attribute(hid_t object, const char* name) const {
  auto strings = strings_attribute(object, name);
  if (strings.size() != 1) fail(fmt::format("attribute {} is not one string", name));
  return strings[0];
}

double Hdf5Reader::float_attribute(hid_t object, const char* name) const {
  Handle attribute = open_attribute(object, name);
  Handle type = open(H5Aget_type(attribute), H5Tclose, name);
  Handle space = open(H5Aget_space(attribute), H5Sclose, name);
  if (H5Tget_class(type) != H5T_FLOAT || elements(space) != 1) {
    fail(fmt::format("attribute {} of {} is not one number", name, path(object)));
  }
  double value = 0;
  if (H5Aread(attribute, H5T_NATIVE_DOUBLE, &value) < 0) fail(read_failure(name, object));
  return value;
}

hsize_t Hdf5Reader::scale_length(hid_t parent, const std::string& name) const {
  Handle set = open_dataset(parent, name);
  if (H5DSis_scale(set) <= 0) fail(path(parent, name) + " is not a dimension scale");
  Handle space = open(H5Dget_space(set), H5Sclose, path(parent, name));
  if (H5Sget_simple_extent_ndims(space) != 1) fail(path(parent, name) + " is not 1-dimensional");
  return static_cast<hsize_t>(elements(space));
}

std::vector<std::string> Hdf5Reader::strings_dataset(hid_t parent, const std::string& name,
                                                     std::optional<hsize_t> length) const {
  Handle set = open_dataset(parent, name);
  Handle type = open(H5Dget_type(set), H5Tclose, path(parent, name));
  if (H5Tget_class(type) != H5T_STRING || H5Tis_variable_str(type) <= 0) {
    fail(path(parent, name) + " is not variable-length strings");
  }
  Handle space = open(H5Dget_space(set), H5Sclose, path(parent, name));
  if (!length && H5Sget_simple_extent_ndims(space) != 1) {
    fail(
        fmt::format("{} has shape {}, expected a list", path(parent, name), describe_shape(space)));
  }
  if (length) check_shape(space, {*length}, path(parent, name));
  std::vector<char*> texts(elements(space), nullptr);
  if (H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()) < 0) {
    fail("cannot read " + path(parent, name));
  }
  return take_strings(texts, type, space);
}

H5T_class_t Hdf5Reader::dataset_class(hid_t parent, const std::string& name) const {
  Handle set = open_dataset(parent, name);
  Handle type = open(H5Dget_type(set), H5Tclose, path(parent, name));
  return H5Tget_class(type);
}

std::string Hdf5Reader::dataset_units(hid_t parent, const std::string& name) const {
  Handle set = open_dataset(parent, name);
  return string_attribute(set, "units");
}

std::string Hdf5Reader::path(hid_t object, const std::string& child) {
  std::string name(256, '\0');
  const ssize_t length = H5Iget_name(object, name.data(), name.size());
  if (length < 0) return child;
  if (static_cast<std::size_t>(length) >= name.size()) {
    name.resize(static_cast<std::size_t>(length) + 1);
    H5Iget_name(object, name.data(), name.size());
  }
  name.resize(static_cast<std::size_t>(length));
  if (child.empty()) return name;
  return name == "/" ? "/" + child : name + "/" + child;
}

Handle Hdf5Reader::open(hid_t id, Handle::Closer closer, const std::string& what) const {
  if (id < 0) fail("cannot open " + what);
  return {id, closer};
}

Handle Hdf5Reader::open_dataset(hid_t parent, const std::string& name) const {
  if (!exists(parent, name) || object_type(parent, name) != H5O_TYPE_DATASET) {
    fail("missing dataset " + path(parent, name));
  }
  return open(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, path(parent, name));
}

Handle Hdf5Reader::open_attribute(hid_t object, const char* name) const {
  if (H5Aexists(object, name) <= 0) {
    fail(fmt::format("missing attribute {} of {}", name, path(object)));
  }
  return open(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, name);
}

std::size_t Hdf5Reader::elements(hid_t space) const {
  const hssize_t count = H5Sget_simple_extent_npoints(space);
  if (count < 0) fail("unreadable data space");
  return static_cast<std::size_t>(count);
}

void Hdf5Reader::check_shape(hid_t space, const std::vector<hsize_t>& expected,
                             const std::string& where) const {
  std::vector<hsize_t> dims(expected.size());
  if (H5Sget_simple_extent_ndims(space) != static_cast<int>(expected.size()) ||
      H5Sget_simple_extent_dims(space, dims.data(), nullptr) < 0 || dims != expected) {
    fail(fmt::format("{} has shape {}, expected {}", where, describe_shape(space),
                     fmt::join(expected, " x ")));
  }
}

std::string Hdf5Reader::read_failure(const char* name, hid_t object) {
  return fmt::format("cannot read attribute {} of {}", name, path(object));
}

}  // namespace xsellsim::output

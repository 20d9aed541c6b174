#include "output/hdf5_writer.hpp"

#include <fmt/format.h>
#include <hdf5_hl.h>

#include <functional>
#include <numeric>
#include <type_traits>

#include "output/results_file.hpp"

namespace xsellsim::output {

namespace {

std::vector<const char*> c_strings(const std::vector<std::string>& values) {
  std::vector<const char*> texts;
  texts.reserve(values.size());
  for (const auto& value : values) texts.push_back(value.c_str());
  return texts;
}

// The file and memory types of each element type we store.
template <class T>
struct Types;
template <>
struct Types<std::int64_t> {
  static hid_t file() { return H5T_STD_I64LE; }
  static hid_t memory() { return H5T_NATIVE_INT64; }
};
template <>
struct Types<double> {
  static hid_t file() { return H5T_IEEE_F64LE; }
  static hid_t memory() { return H5T_NATIVE_DOUBLE; }
};

std::vector<std::int64_t> indices(std::size_t count) {
  std::vector<std::int64_t> values(count);
  std::iota(values.begin(), values.end(), std::int64_t{0});
  return values;
}

}  // namespace

void check(herr_t status, const std::string& what) {
  if (status < 0) {
    const std::string detail = hdf5_error_detail();
    throw WriteError(detail.empty() ? "HDF5 failed to " + what
                                    : fmt::format("HDF5 failed to {} ({})", what, detail));
  }
}
Handle checked(hid_t id, Handle::Closer closer, const std::string& what) {
  if (id < 0) check(-1, what);
  return {id, closer};
}

Properties timeless_properties() {
  Properties properties;
  // The file creation list also creates the root group.
  properties.file = checked(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "create properties");
  properties.group = checked(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create properties");
  properties.dataset = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create properties");
  for (hid_t list : {properties.file.get(), properties.group.get(), properties.dataset.get()}) {
    check(H5Pset_obj_track_times(list, false), "turn time tracking off");
  }
  return properties;
}

Handle create_group(hid_t parent, const std::string& name, const Properties& properties) {
  return checked(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, properties.group, H5P_DEFAULT),
                 H5Gclose, "create group " + name);
}

void write_attribute(hid_t object, const char* name, hid_t type, hid_t space, hid_t memory_type,
                     const void* value) {
  Handle attribute = checked(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
                             H5Aclose, fmt::format("create attribute {}", name));
  check(H5Awrite(attribute, memory_type, value), fmt::format("write attribute {}", name));
}

void write_string_attribute(hid_t object, const char* name, const std::string& value) {
  Handle type = utf8_string_type();
  Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  const char* text = value.c_str();
  write_attribute(object, name, type, space, type, &text);
}

void write_strings_attribute(hid_t object, const char* name,
                             const std::vector<std::string>& values) {
  Handle type = utf8_string_type();
  const hsize_t size = values.size();
  Handle space = checked(H5Screate_simple(1, &size, nullptr), H5Sclose, "create a space");
  auto texts = c_strings(values);
  const char* none = nullptr;  // HDF5 wants a buffer even for no strings (a holdout's steps)
  write_attribute(object, name, type, space, type, texts.empty() ? &none : texts.data());
}

template <class T>
Handle write_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                     const std::vector<T>& values, const char* units, const char* description,
                     const Properties& properties) {
  const auto cells = std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<>());
  if (values.size() != cells) {
    throw WriteError(fmt::format("dataset {}: {} values for {} cells", name, values.size(), cells));
  }
  Handle space = checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                         H5Sclose, "create a data space");
  Handle string;  // kept open until the write: the dataset refers to it
  hid_t file_type = H5I_INVALID_HID, memory_type = H5I_INVALID_HID;
  const void* data = values.data();
  std::vector<const char*> texts;
  if constexpr (std::is_same_v<T, std::string>) {
    string = utf8_string_type();
    file_type = memory_type = string;
    texts = c_strings(values);
    static const char* const kNone = "";  // HDF5 wants a buffer even for no elements
    data = texts.empty() ? static_cast<const void*>(&kNone) : texts.data();
  } else {
    file_type = Types<T>::file();
    memory_type = Types<T>::memory();
  }
  Handle dataset = checked(H5Dcreate2(parent, name.c_str(), file_type, space, H5P_DEFAULT,
                                      properties.dataset, H5P_DEFAULT),
                           H5Dclose, "create dataset " + name);
  check(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
        "write dataset " + name);
  write_string_attribute(dataset, "units", units);
  write_string_attribute(dataset, "description", description);
  return dataset;
}

Handle write_scale(hid_t group, const char* name, std::size_t length, const char* units,
                   const char* description, const Properties& properties) {
  Handle scale =
      write_dataset(group, name, {length}, indices(length), units, description, properties);
  check(H5DSset_scale(scale, name), fmt::format("make {} a dimension scale", name));
  return scale;
}

void attach(hid_t dataset, const std::vector<std::pair<const Handle*, const char*>>& scales) {
  for (unsigned axis = 0; axis < scales.size(); ++axis) {
    const auto& [scale, name] = scales[axis];
    check(H5DSattach_scale(dataset, *scale, axis), fmt::format("attach the {} scale", name));
    check(H5DSset_label(dataset, axis, name), fmt::format("label the {} axis", name));
  }
}

template Handle write_dataset(hid_t, const std::string&, const std::vector<hsize_t>&,
                              const std::vector<std::int64_t>&, const char*, const char*,
                              const Properties&);
template Handle write_dataset(hid_t, const std::string&, const std::vector<hsize_t>&,
                              const std::vector<double>&, const char*, const char*,
                              const Properties&);
template Handle write_dataset(hid_t, const std::string&, const std::vector<hsize_t>&,
                              const std::vector<std::string>&, const char*, const char*,
                              const Properties&);

}  // namespace xsellsim::output

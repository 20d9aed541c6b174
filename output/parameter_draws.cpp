#include <fmt/format.h>

#include "output/hdf5_handle.hpp"
#include "output/parameter_draws_io.hpp"
#include "output/results_file.hpp"

namespace xsellsim::output {

namespace {

constexpr const char* kGroup = "parameter_draws";

void written(herr_t status, const char* what) {
  if (status < 0) throw WriteError(fmt::format("HDF5 failed to write {}/{}", kGroup, what));
}
Handle created(hid_t id, Handle::Closer closer, const char* what) {
  if (id < 0) written(-1, what);
  return {id, closer};
}

void write(hid_t group, const char* name, const std::vector<hsize_t>& dims, hid_t file_type,
           hid_t memory_type, const void* data, hid_t properties) {
  Handle space = created(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                         H5Sclose, name);
  Handle set =
      created(H5Dcreate2(group, name, file_type, space, H5P_DEFAULT, properties, H5P_DEFAULT),
              H5Dclose, name);
  written(H5Dwrite(set, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), name);
}

[[noreturn]] void malformed(const std::string& file, const std::string& what) {
  throw FormatError(fmt::format("{}: /{} {}", file, kGroup, what));
}

// A dataset's length along each dimension.
std::vector<hsize_t> shape(hid_t set, const std::string& file, const char* name) {
  Handle space(H5Dget_space(set), H5Sclose);
  const int rank = space.get() < 0 ? -1 : H5Sget_simple_extent_ndims(space);
  if (rank < 0) malformed(file, fmt::format("has an unreadable {}", name));
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

Handle open_set(hid_t group, const std::string& file, const char* name) {
  if (H5Lexists(group, name, H5P_DEFAULT) <= 0) malformed(file, fmt::format("has no {}", name));
  Handle set(H5Dopen2(group, name, H5P_DEFAULT), H5Dclose);
  if (set.get() < 0) malformed(file, fmt::format("has an unreadable {}", name));
  return set;
}

std::vector<double> read_numbers(hid_t group, const std::string& file, const char* name,
                                 std::size_t count) {
  Handle set = open_set(group, file, name);
  std::vector<double> values(count);
  if (count > 0 &&
      H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    malformed(file, fmt::format("has an unreadable {}", name));
  }
  return values;
}

std::vector<std::string> read_keys(hid_t group, const std::string& file) {
  Handle set = open_set(group, file, "key");
  const std::vector<hsize_t> dims = shape(set, file, "key");
  if (dims.size() != 1) malformed(file, "key is not one-dimensional");
  Handle type = utf8_string_type();
  std::vector<char*> texts(dims[0], nullptr);
  if (!texts.empty() &&
      H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, static_cast<void*>(texts.data())) < 0) {
    malformed(file, "key is not strings");
  }
  std::vector<std::string> keys;
  keys.reserve(texts.size());
  for (char* text : texts) keys.emplace_back(text != nullptr ? text : "");
  if (!texts.empty()) {
    Handle space(H5Dget_space(set), H5Sclose);
    H5Dvlen_reclaim(type, space, H5P_DEFAULT, texts.data());
  }
  return keys;
}

}  // namespace

void write_parameter_draws(hid_t root, const ParameterDraws& draws, hid_t group_properties,
                           hid_t dataset_properties) {
  Handle group = created(H5Gcreate2(root, kGroup, H5P_DEFAULT, group_properties, H5P_DEFAULT),
                         H5Gclose, "the group");
  const hsize_t keys = draws.keys.size();
  const hsize_t blocks = draws.values.size();
  std::vector<const char*> texts;
  for (const std::string& key : draws.keys) texts.push_back(key.c_str());
  Handle type = utf8_string_type();
  write(group, "key", {keys}, type, type, texts.data(), dataset_properties);
  write(group, "mean", {keys}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, draws.means.data(),
        dataset_properties);
  write(group, "sd", {keys}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, draws.sds.data(),
        dataset_properties);
  std::vector<double> values;
  for (const auto& row : draws.values) values.insert(values.end(), row.begin(), row.end());
  if (values.size() != blocks * keys) throw WriteError("parameter_draws: rows of unequal length");
  write(group, "values", {blocks, keys}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(),
        dataset_properties);
}

ParameterDraws read_parameter_draws(hid_t root, const std::string& file) {
  ParameterDraws draws;
  if (H5Lexists(root, kGroup, H5P_DEFAULT) <= 0) return draws;
  Handle group(H5Gopen2(root, kGroup, H5P_DEFAULT), H5Gclose);
  if (group.get() < 0) malformed(file, "is not a group");
  draws.keys = read_keys(group, file);
  const std::size_t keys = draws.keys.size();
  draws.means = read_numbers(group, file, "mean", keys);
  draws.sds = read_numbers(group, file, "sd", keys);
  Handle set = open_set(group, file, "values");
  const std::vector<hsize_t> dims = shape(set, file, "values");
  if (dims.size() != 2 || dims[1] != keys) malformed(file, "values is not [block, key]");
  const std::vector<double> values = read_numbers(group, file, "values", dims[0] * keys);
  for (std::size_t b = 0; b < dims[0]; ++b) {
    const auto row = values.begin() + static_cast<std::ptrdiff_t>(b * keys);
    draws.values.emplace_back(row, row + static_cast<std::ptrdiff_t>(keys));
  }
  return draws;
}

}  // namespace xsellsim::output

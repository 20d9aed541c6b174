#pragma once
// Writing HDF5 objects with every call checked (a failure is a WriteError naming the object and
// HDF5's own reason) and with time tracking off, so the same objects give the same bytes; and the
// dimension scales that let h5py, h5netcdf and xarray name each axis.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "output/hdf5_handle.hpp"

namespace xsellsim::output {

// Throws WriteError ("HDF5 failed to WHAT (reason)") when `status` is negative.
void check(herr_t status, const std::string& what);
// `id` owned by a Handle that closes it with `closer`; throws as `check` for an invalid id.
Handle checked(hid_t id, Handle::Closer closer, const std::string& what);

// Property lists shared by every object, with time tracking off: identical inputs give identical
// bytes.
struct Properties {
  Handle file, group, dataset;
};
Properties timeless_properties();

Handle create_group(hid_t parent, const std::string& name, const Properties& properties);

void write_attribute(hid_t object, const char* name, hid_t type, hid_t space, hid_t memory_type,
                     const void* value);
// A variable-length UTF-8 string (what h5py reads back as str), or a list of them.
void write_string_attribute(hid_t object, const char* name, const std::string& value);
void write_strings_attribute(hid_t object, const char* name,
                             const std::vector<std::string>& values);
// One number, stored as `file_type` (H5T_STD_I32LE, ...) from `value` of `memory_type`.
template <class T>
void write_scalar_attribute(hid_t object, const char* name, hid_t file_type, hid_t memory_type,
                            T value) {
  Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  write_attribute(object, name, file_type, space, memory_type, &value);
}

// A dataset of shape `dims` holding `values` in row-major order (std::int64_t, double or
// std::string elements), with its `units` and `description` attributes.
template <class T>
Handle write_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                     const std::vector<T>& values, const char* units, const char* description,
                     const Properties& properties);

// Dimension scales
//
// h5netcdf names a dimension after the scale a dataset points to and looks its length up in the
// dataset's group and then in the groups above it; a scale elsewhere (a sibling group) fails with
// KeyError, and a scale only in a parent group gives a dimension without coordinate values. So
// every group that holds datasets holds the scales of its own dimensions, and
// xarray.open_dataset(path, group=...) of any such group stands alone.

// A scale `name` of `length` indices 0, 1, ... in `group`.
Handle write_scale(hid_t group, const char* name, std::size_t length, const char* units,
                   const char* description, const Properties& properties);
// Attaches a scale to each axis, and labels the axis with the scale's name for tools that show
// labels (h5py's dims[i].label, HDFView).
void attach(hid_t dataset, const std::vector<std::pair<const Handle*, const char*>>& scales);

}  // namespace xsellsim::output

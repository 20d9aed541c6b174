#pragma once
// An HDF5 file kept in memory (the core driver without a backing store), for the tests of
// output/'s HDF5 writer and reader: nothing touches the disk, and its bytes can be compared.
#include <hdf5.h>

#include <vector>

#include "output/hdf5_handle.hpp"
#include "output/hdf5_writer.hpp"

namespace xsellsim::output::testing {

struct MemoryFile {
  Properties properties = timeless_properties();
  Handle access{H5Pcreate(H5P_FILE_ACCESS), H5Pclose};
  Handle file;
  Handle root;

  // `name` only tells two files open at once apart: HDF5 refuses to create one twice.
  explicit MemoryFile(const char* name = "memory.h5") {
    check(H5Pset_fapl_core(access, 1 << 16, false), "keep the file in memory");
    file = checked(H5Fcreate(name, H5F_ACC_TRUNC, properties.file, access), H5Fclose,
                   "create the file");
    root = checked(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "open the root group");
  }

  // The file's bytes as they stand.
  std::vector<unsigned char> bytes() {
    check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush");
    std::vector<unsigned char> image(static_cast<std::size_t>(H5Fget_file_image(file, nullptr, 0)));
    H5Fget_file_image(file, image.data(), image.size());
    return image;
  }
};

}  // namespace xsellsim::output::testing

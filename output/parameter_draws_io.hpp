#pragma once
// Writing and reading /parameter_draws (output/parameter_draws.hpp) in an open results file.
#include <hdf5.h>

#include <string>

#include "output/parameter_draws.hpp"

namespace xsellsim::output {

// Writes the group /parameter_draws under `root` with the given creation properties (time
// tracking off: the bytes depend on the values alone). Throws WriteError.
void write_parameter_draws(hid_t root, const ParameterDraws& draws, hid_t group_properties,
                           hid_t dataset_properties);

// The draws of a results file; no blocks (and no keys) when it has no /parameter_draws. Throws
// FormatError naming `file` when the group is malformed.
ParameterDraws read_parameter_draws(hid_t root, const std::string& file);

}  // namespace xsellsim::output

#pragma once
// Writing a run's arms (docs/output-format.md, /arms/<arm>/...): per arm the curves and their raw
// counts, the per-replication columns, the calendar-day series, the steps, the segments and the
// per-customer paired sums, each group with its own dimension scales.
#include <hdf5.h>

#include "models/metrics.hpp"
#include "output/hdf5_writer.hpp"

namespace xsellsim::output {

// Writes `parent`/arms: the arm order, the run's counts and every arm of `result`.
void write_arms(hid_t parent, const models::RunResult& result, const Properties& properties);

}  // namespace xsellsim::output

#pragma once
// [sequences.<name>.steps.<step>] (docs/scenario-reference.md, "Steps"): a step's timing and
// email, read in file order, then its links to other steps (condition, on_fail, wait_timeout,
// next), read once every step of the sequence is known.
#include <cstddef>
#include <string>

#include "models/parameters.hpp"
#include "scenarios/references.hpp"
#include "scenarios/table_reader.hpp"

namespace xsellsim::scenarios {

// Everything of the step but its links; `sequence` is read up to its trigger. Checks that no key
// is unknown (the links' keys are known here).
models::Step read_step(TableReader& reader, const std::string& name,
                       const models::Sequence& sequence, const ReadContext& context);

// The links of step `index` of `sequence`: its condition; on_fail = "skip" | "stop" | "wait" (with
// wait_timeout) | STEP to branch to; next = STEP | "end". False when on_fail or next is wrong
// (the problem recorded), so that the shape of the sequence is not checked on.
bool read_step_links(TableReader& reader, models::Sequence& sequence, std::size_t index,
                     const References& names);

}  // namespace xsellsim::scenarios

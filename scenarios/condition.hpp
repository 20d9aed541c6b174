#pragma once
// The condition language of steps and sequences (docs/scenario-reference.md, "Conditions"):
// "clicked nudge and not purchased or browsed lenses" -- terms opened STEP, clicked STEP,
// purchased and browsed CATEGORY, each possibly after not, joined by and/or (and binds tighter).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/parameters.hpp"
#include "scenarios/references.hpp"
#include "scenarios/table_reader.hpp"

namespace xsellsim::scenarios {

// The index of the step called `name` in `sequence`, if there is one.
std::optional<std::uint16_t> step_index(const models::Sequence& sequence, const std::string& name);
// The names of the sequence's steps, in order (for a did-you-mean).
std::vector<std::string> step_names(const models::Sequence& sequence);

// The condition at `key` of `reader`: a step's `condition` or a sequence's `exit_when`. Its terms
// may name any step of `sequence` except `self` (the step whose condition it is), and any category
// of `names`. nullopt when absent or wrong (the problem recorded, at the value, as
// "KEY: what is wrong").
std::optional<models::Condition> read_condition(TableReader& reader, std::string_view key,
                                                const models::Sequence& sequence,
                                                std::optional<std::size_t> self,
                                                const References& names);

}  // namespace xsellsim::scenarios

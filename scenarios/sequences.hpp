#pragma once
// [sequences.<name>] (docs/scenario-reference.md, "Sequences"): each sequence's trigger, exits,
// re-entry and steps, read into the models' sequences; the steps' links are checked as a graph.
#include <vector>

#include "models/parameters.hpp"
#include "scenarios/references.hpp"

namespace xsellsim::scenarios {

// Every sequence of `sequences` (the file's [sequences], or an arm's merged copy of it), in key
// order. Problems are recorded with paths starting "sequences.".
std::vector<models::Sequence> read_sequences(const toml::table& sequences,
                                             const ReadContext& context);

}  // namespace xsellsim::scenarios

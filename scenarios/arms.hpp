#pragma once
// [arms.<name>] (docs/scenario-reference.md, "Arms"): the holdout and the arms that receive email,
// each with the base sequences or its own partial `sequences` table merged over them, and the
// arms' shares of the customers.
#include <vector>

#include "models/parameters.hpp"
#include "scenarios/references.hpp"
#include "scenarios/scenario.hpp"

namespace xsellsim::scenarios {

// Fills scenario.world.arms and scenario.arms: the holdout first, then the arms in file order
// (without [arms], one arm "email" with the base sequences). `base_table` is the file's
// [sequences], read as `base`.
void read_arms(TableReader& top, const toml::table& base_table,
               const std::vector<models::Sequence>& base, Scenario& scenario,
               const ReadContext& context);

}  // namespace xsellsim::scenarios

#pragma once
// The tables of a scenario's world outside its sequences and arms (docs/scenario-reference.md):
// [population], [segments.<name>], [categories.<name>], [products.<name>], [fatigue],
// [engagement], [money] and [policy], each read into the models' plain parameter type by a
// reader that is the list of its keys. Every problem is recorded through `top`.
#include <vector>

#include "models/parameters.hpp"
#include "scenarios/references.hpp"
#include "scenarios/table_reader.hpp"

namespace xsellsim::scenarios {

models::Population read_population(TableReader& top);
// Each category's name is added to `names`: read before the segments and products that name them.
std::vector<models::Category> read_categories(TableReader& top, References& names);
std::vector<models::Segment> read_segments(TableReader& top, const References& names);
// Every product's name is added to `names` first, so complements may name products defined later.
std::vector<models::Product> read_products(TableReader& top, References& names);
models::Fatigue read_fatigue(TableReader& top);
models::Engagement read_engagement(TableReader& top);
models::Money read_money(TableReader& top);
models::Policy read_policy(TableReader& top);

}  // namespace xsellsim::scenarios

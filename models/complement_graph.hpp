#pragma once
// The complement graph as Boost.Graph holds it: a vertex per product, an edge from A to B for each
// complement of A. Kept out of models/catalog.hpp, which only names it: Boost.Graph's headers cost
// every file that parses them about 2 s of GCC and 12 s of clang-tidy, and thirty files include
// the catalog (docs/architecture.md, "What ./tools/check enforces").
#include <boost/graph/adjacency_list.hpp>

#include "models/parameters.hpp"

namespace xsellsim::models {

struct ComplementGraph : boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS,
                                               boost::no_property, Complement> {
  using adjacency_list::adjacency_list;
};

}  // namespace xsellsim::models

#pragma once
// The names a scenario defines (categories, products) for the values that name them: a segment's
// preferred categories, a trigger's products, a step's recommended product, a condition's browsed
// category. Each name stands for its index in the World's vectors. And the read context: what the
// readers of sequences and arms share, passed to them explicitly.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/parameters.hpp"
#include "scenarios/table_reader.hpp"

namespace xsellsim::scenarios {

class References {
 public:
  // Each name gets the next index of its kind.
  void add_category(const std::string& name);
  void add_product(const std::string& name);

  [[nodiscard]] std::optional<std::uint32_t> find_category(const std::string& name) const;
  [[nodiscard]] std::optional<models::ProductIndex> find_product(const std::string& name) const;
  // The same, recording "unknown category 'x'; did you mean 'y'?" at `where` (as `key` of
  // `reader`) when there is none of that name.
  std::optional<std::uint32_t> category(TableReader& reader, std::string_view key,
                                        const toml::source_region& where,
                                        const std::string& name) const;
  std::optional<models::ProductIndex> product(TableReader& reader, std::string_view key,
                                              const toml::source_region& where,
                                              const std::string& name) const;

  // Categories in name order, products in the order they are defined.
  [[nodiscard]] std::vector<std::string> category_names() const;
  [[nodiscard]] const std::vector<std::string>& product_names() const { return product_names_; }

 private:
  std::map<std::string, std::uint32_t> categories_;
  std::map<std::string, models::ProductIndex> products_;
  std::vector<std::string> product_names_;
};

// What the readers of sequences and arms need of the rest of the scenario, read before them.
struct ReadContext {
  Problems& problems;
  const References& names;
  // The world's products (prices, complements), indexed by References' product indices. A
  // product whose table was wrong is missing, so an index may be past the end when there are
  // problems.
  const std::vector<models::Product>& products;
  // The world's segments (a broadcast's audience names them); one whose table was wrong is
  // missing.
  const std::vector<models::Segment>& segments;
};

}  // namespace xsellsim::scenarios

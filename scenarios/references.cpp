#include "scenarios/references.hpp"

#include <fmt/format.h>

namespace xsellsim::scenarios {

void References::add_category(const std::string& name) {
  categories_[name] = static_cast<std::uint32_t>(categories_.size());
}

void References::add_product(const std::string& name) {
  products_[name] = static_cast<models::ProductIndex>(product_names_.size());
  product_names_.push_back(name);
}

std::optional<std::uint32_t> References::find_category(const std::string& name) const {
  auto it = categories_.find(name);
  if (it == categories_.end()) return std::nullopt;
  return it->second;
}

std::optional<models::ProductIndex> References::find_product(const std::string& name) const {
  auto it = products_.find(name);
  if (it == products_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::uint32_t> References::category(TableReader& reader, std::string_view key,
                                                  const toml::source_region& where,
                                                  const std::string& name) const {
  std::optional<std::uint32_t> found = find_category(name);
  if (!found) {
    reader.error(where,
                 fmt::format("unknown category '{}'{}", name, suggestion(name, category_names())),
                 key);
  }
  return found;
}

std::optional<models::ProductIndex> References::product(TableReader& reader, std::string_view key,
                                                        const toml::source_region& where,
                                                        const std::string& name) const {
  std::optional<models::ProductIndex> found = find_product(name);
  if (!found) {
    reader.error(
        where, fmt::format("unknown product '{}'{}", name, suggestion(name, product_names_)), key);
  }
  return found;
}

std::vector<std::string> References::category_names() const {
  std::vector<std::string> names;
  names.reserve(categories_.size());
  for (const auto& [name, index] : categories_) names.push_back(name);
  return names;
}

}  // namespace xsellsim::scenarios

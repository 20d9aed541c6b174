#include "scenarios/overrides.hpp"

#include <fmt/format.h>

#include "models/parameters.hpp"
#include "scenarios/diagnostics.hpp"
#include "scenarios/limits.hpp"
#include "scenarios/quoted_string.hpp"
#include "scenarios/table_reader.hpp"

namespace xsellsim::scenarios {

namespace {

constexpr std::string_view kSource = "--set";

InputError malformed(const std::string& assignment, std::string why, long column = 1) {
  return InputError(Diagnostic{std::string(kSource), 1, column,
                               fmt::format("cannot use --set '{}': {}", assignment, why), ""});
}

const toml::table* sub_table(const toml::table* table, const std::string& key) {
  const toml::node* node = table == nullptr ? nullptr : table->get(key);
  return node == nullptr ? nullptr : node->as_table();
}

// "unknown step 'x' of sequence 's'; did you mean 'y'?" unless one of `tables` has the name
// `parts[part]`.
std::optional<UnknownName> missing_from(const std::vector<std::string>& parts, std::size_t part,
                                        const std::string& what, const std::string& of,
                                        std::initializer_list<const toml::table*> tables) {
  std::vector<std::string> names;
  for (const toml::table* table : tables) {
    if (table == nullptr) continue;
    if (table->contains(parts[part])) return std::nullopt;
    for (auto&& [key, node] : *table) names.emplace_back(key.str());
  }
  return UnknownName{part, fmt::format("unknown {} '{}'{}{}", what, parts[part], of,
                                       suggestion(parts[part], names))};
}

}  // namespace

std::vector<std::string> dotted_parts(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (std::size_t dot = 0; (dot = key.find('.', begin)) != std::string::npos; begin = dot + 1) {
    parts.push_back(key.substr(begin, dot - begin));
  }
  parts.push_back(key.substr(begin));
  return parts;
}

std::optional<UnknownName> unknown_name(const toml::table& root,
                                        const std::vector<std::string>& parts) {
  if (parts.size() < 2) return std::nullopt;
  const std::string& top = parts[0];
  const toml::table* sequences = sub_table(&root, "sequences");
  if (top == "segments" || top == "categories" || top == "products" || top == "sequences") {
    const std::string what = top == "categories" ? "category" : top.substr(0, top.size() - 1);
    const toml::table* named = sub_table(&root, top);
    if (auto unknown = missing_from(parts, 1, what, "", {named})) return unknown;
    if (parts.size() < 4) return std::nullopt;
    if (top == "products" && parts[2] == "complements") {
      return missing_from(parts, 3, "complement", " of product '" + parts[1] + "'",
                          {sub_table(sub_table(named, parts[1]), "complements")});
    }
    if (top == "sequences" && parts[2] == "steps") {
      return missing_from(parts, 3, "step", " of sequence '" + parts[1] + "'",
                          {sub_table(sub_table(named, parts[1]), "steps")});
    }
    return std::nullopt;
  }
  if (top != "arms") return std::nullopt;
  const toml::table* arms = sub_table(&root, "arms");
  // The holdout always exists; without [arms], so does the arm "email".
  const bool implicit = parts[1] == models::kHoldoutArm || (parts[1] == "email" && arms == nullptr);
  if (!implicit) {
    if (auto unknown = missing_from(parts, 1, "arm", "", {arms})) return unknown;
  }
  if (parts.size() < 4 || parts[2] != "sequences") return std::nullopt;
  const toml::table* own = sub_table(sub_table(arms, parts[1]), "sequences");
  if (auto unknown = missing_from(parts, 3, "sequence", "", {sequences, own})) return unknown;
  if (parts.size() < 6 || parts[4] != "steps") return std::nullopt;
  return missing_from(parts, 5, "step", " of sequence '" + parts[3] + "'",
                      {sub_table(sub_table(sequences, parts[3]), "steps"),
                       sub_table(sub_table(own, parts[3]), "steps")});
}

toml::table parse_override(const std::string& assignment) {
  constexpr std::size_t kLongest = 1 << 20;
  if (assignment.size() > kLongest)
    throw malformed(assignment.substr(0, 40) + "...", "longer than 1 MiB");
  auto equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw malformed(assignment, "expected KEY=VALUE with a dotted KEY");
  }
  if (assignment.find('\n') != std::string::npos) throw malformed(assignment, "contains a newline");
  if (auto problem = too_many_dots(assignment, std::string(kSource))) throw InputError(*problem);
  try {
    return toml::parse(std::string_view(assignment), kSource);
  } catch (const toml::parse_error&) {
    // Not TOML as it stands: take the value as a string ("1d" -> "1d").
  }
  std::string as_string =
      assignment.substr(0, equals) + "=" + quoted_string(assignment.substr(equals + 1));
  try {
    return toml::parse(std::string_view(as_string), kSource);
  } catch (const toml::parse_error& e) {
    throw malformed(assignment, std::string(e.description()),
                    static_cast<long>(e.source().begin.column));
  }
}

void deep_merge(toml::table& into, const toml::table& from) {
  for (auto&& [key, node] : from) {
    toml::node* existing = into.get(key.str());
    if (existing != nullptr && existing->is_table() && node.is_table()) {
      deep_merge(*existing->as_table(), *node.as_table());
    } else {
      into.insert_or_assign(key, node);
    }
  }
}

}  // namespace xsellsim::scenarios

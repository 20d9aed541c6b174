#include "scenarios/overrides.hpp"

#include <fmt/format.h>

#include "scenarios/diagnostics.hpp"
#include "scenarios/limits.hpp"

namespace xsellsim::scenarios {

namespace {

constexpr std::string_view kSource = "--set";

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
      continue;
    }
    out += c;
  }
  return out + "\"";
}

InputError malformed(const std::string& assignment, std::string why, long column = 1) {
  return InputError(Diagnostic{std::string(kSource), 1, column,
                               fmt::format("cannot use --set '{}': {}", assignment, why), ""});
}

}  // namespace

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
      assignment.substr(0, equals) + "=" + quoted(assignment.substr(equals + 1));
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

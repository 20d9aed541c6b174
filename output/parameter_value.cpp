// Swept values as typed values (output/results_file.hpp): a small reader of TOML scalars, so that
// /points/table holds numbers as numbers and strings as strings.
#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <string_view>

#include "output/results_file.hpp"

namespace xsellsim::output {

namespace {

// TOML allows underscores between digits (1_000); from_chars does not.
std::string without_underscores(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c != '_') digits += c;
  }
  return digits;
}

template <class T>
bool parse_whole(const std::string& text, T& value) {
  std::string_view digits(text);
  if (digits.starts_with('+')) digits.remove_prefix(1);  // TOML allows it, from_chars does not
  if (digits.empty()) return false;
  const auto [end, error] = std::from_chars(digits.begin(), digits.end(), value);
  return error == std::errc() && end == digits.end();
}

bool looks_integer(std::string_view text) {
  std::size_t i = text.starts_with('+') || text.starts_with('-') ? 1 : 0;
  if (i == text.size()) return false;
  for (; i < text.size(); ++i) {
    if (!(std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '_')) return false;
  }
  return true;
}

}  // namespace

ParameterValue parse_parameter(const std::string& toml) {
  ParameterValue value;
  value.text = toml;
  const std::string digits = without_underscores(toml);
  if (looks_integer(toml) && parse_whole(digits, value.integer)) {
    value.kind = ParameterValue::Kind::kInteger;
  } else if (toml.find_first_of("0123456789") != std::string::npos &&
             toml.find_first_of("xob:T") == std::string::npos && parse_whole(digits, value.real) &&
             std::isfinite(value.real)) {
    value.kind = ParameterValue::Kind::kReal;  // not hex/octal/binary integers, nor dates
  } else if (toml.size() >= 2 && toml.front() == '"' && toml.back() == '"' &&
             toml.find_first_of("\\\"", 1) == toml.size() - 1) {
    value.kind = ParameterValue::Kind::kString;
    value.text = toml.substr(1, toml.size() - 2);
  }
  return value;
}

std::string toml_text(const ParameterValue& value) {
  switch (value.kind) {
    case ParameterValue::Kind::kInteger:
      return std::to_string(value.integer);
    case ParameterValue::Kind::kReal: {
      // The shortest text that reads back as the same double, and always a TOML float.
      std::string text = fmt::format("{}", value.real);
      if (text.find_first_of(".e") == std::string::npos) text += ".0";
      return text;
    }
    case ParameterValue::Kind::kString:
      return "\"" + value.text + "\"";
    case ParameterValue::Kind::kToml:
      return value.text;
  }
  return value.text;
}

}  // namespace xsellsim::output

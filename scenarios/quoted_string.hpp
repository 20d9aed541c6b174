#pragma once
// Quoting text for the two formats the program writes strings in: a TOML basic string (a --set
// value taken as a string, calibrate's scenarios) and a JSON string (compare --format json).
// Their escapes agree on everything we need, so one function serves both.
#include <string>
#include <string_view>

namespace xsellsim::scenarios {

// `text` between double quotes, with '"' and '\' escaped by a backslash and every control
// character (U+0000..U+001F and DEL, U+007F) as \u00XX: what TOML requires of a basic string
// and JSON of a string (DEL may stand bare in JSON, never in TOML). Other bytes, UTF-8
// sequences included, are copied as they are.
std::string quoted_string(std::string_view text);

}  // namespace xsellsim::scenarios

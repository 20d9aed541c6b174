#pragma once
// `--set KEY=VALUE`: a value replaced by its dotted path before the scenario is checked, so an
// override meets exactly the checks that the file's own value meets. Problems in an override are
// reported in the file `--set`, line 1, at the column within the argument.
#include <toml++/toml.h>

#include <string>

namespace xsellsim::scenarios {

// Parses one KEY=VALUE argument into a table holding just that value. VALUE is TOML; an unquoted
// VALUE that is not TOML (like 1d) is taken as a string. Throws InputError when malformed.
toml::table parse_override(const std::string& assignment);

// Copies every value of `from` into `into`, merging tables key by key (arrays are replaced).
void deep_merge(toml::table& into, const toml::table& from);

}  // namespace xsellsim::scenarios

#pragma once
// `--set KEY=VALUE`: a value replaced by its dotted path before the scenario is checked, so an
// override meets exactly the checks that the file's own value meets. Problems in an override are
// reported in the file `--set`, line 1, at the column within the argument.
#include <toml++/toml.h>

#include <optional>
#include <string>
#include <vector>

namespace xsellsim::scenarios {

// Parses one KEY=VALUE argument into a table holding just that value. VALUE is TOML; an unquoted
// VALUE that is not TOML (like 1d) is taken as a string. Throws InputError when malformed.
toml::table parse_override(const std::string& assignment);

// A dotted path split at its dots: "sequences.accessories.steps.nudge.delay" -> 5 parts.
std::vector<std::string> dotted_parts(const std::string& key);

// A name on a dotted path that the scenario does not have: an element of a named table (a segment,
// category, product, complement, sequence, step or arm) missing from `root`. `--set`, sweeps and
// arms change what exists; naming something else is a misspelling, never a way to add it.
struct UnknownName {
  std::size_t part = 0;  // the index in the path's parts of the name that does not exist
  std::string message;   // "unknown sequence 'acessories'; did you mean 'accessories'?"
};
// nullopt when every name the path passes exists. Under `arms.<arm>.sequences`, a sequence or step
// exists if the base has it or the arm itself defines it (the loader checks that it says `add`).
std::optional<UnknownName> unknown_name(const toml::table& root,
                                        const std::vector<std::string>& parts);

// Copies every value of `from` into `into`, merging tables key by key (arrays are replaced).
void deep_merge(toml::table& into, const toml::table& from);

}  // namespace xsellsim::scenarios

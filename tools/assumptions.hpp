#pragma once
// "What was assumed" (docs/report.md): the model's parameters as the run used them, each with where
// it came from: estimated from a log by `calibrate`, set in the scenario (its file or --set), or
// the model's default (docs/model.md).
#include <string>
#include <vector>

#include "models/parameters.hpp"

namespace xsellsim::tools {

enum class Origin { kData, kScenario, kDefault };

struct Assumption {
  std::string key;    // dotted, as a scenario file spells it
  std::string value;  // as the run used it
  Origin origin = Origin::kDefault;
  std::string note;  // what estimated it, for data
};

// The keys a scenario's stored TOML sets ("population.size", "segments.casual.purchasing.r"):
// the results file holds it as TOML++ writes it, one `[table]` header or `key = value` per line.
std::vector<std::string> keys_set(const std::string& scenario_toml);

// `description` is the scenario's: `calibrate orders` writes "Calibrated from LOG". A purchasing
// table with `log_likelihood` is a BG/NBD fit that `calibrate` printed.
std::vector<Assumption> assumptions(const models::World& world, const std::string& scenario_toml,
                                    const std::string& description);

const char* origin_name(Origin origin);  // "data", "scenario", "default"

}  // namespace xsellsim::tools

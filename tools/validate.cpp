// `xsellsim validate`: load and check a scenario without running it.
#include "tools/validate.hpp"

#include <fmt/format.h>

#include "scenarios/scenario.hpp"

namespace xsellsim::tools {

int validate_scenario(const ValidateArguments& args) {
  scenarios::load_scenario(args.scenario, args.overrides);
  fmt::print("ok\n");
  return 0;
}

}  // namespace xsellsim::tools

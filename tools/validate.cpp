// `xsellsim validate`: load and check a scenario without running it.
#include <fmt/format.h>

#include <memory>

#include "scenarios/scenario.hpp"
#include "tools/commands.hpp"

namespace xsellsim::tools {

void add_validate_command(CLI::App& app, int& status) {
  struct Arguments {
    std::string scenario;
    std::vector<std::string> overrides;
  };
  auto args = std::make_shared<Arguments>();
  CLI::App* validate = app.add_subcommand("validate", "Check a scenario file without running it");
  validate->add_option("scenario", args->scenario, "Scenario file (TOML)")->required();
  validate->add_option("--set", args->overrides, "Override a scenario value: KEY=VALUE")
      ->allow_extra_args(false);
  validate->callback([args, &status] {
    scenarios::load_scenario(args->scenario, args->overrides);
    fmt::print("ok\n");
    status = 0;
  });
}

}  // namespace xsellsim::tools

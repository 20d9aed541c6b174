// libFuzzer target: any bytes as `--set KEY=VALUE` arguments, one per line, parsed alone and then
// applied to a real scenario. Both must either succeed or throw InputError; anything else (another
// exception, a crash, a hang, a sanitizer report) is a finding.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/overrides.hpp"
#include "scenarios/scenario.hpp"

namespace {

const std::string kBaseFile = XSELLSIM_SOURCE_DIR "/scenarios/examples/camera-accessories.toml";

// Read once: the base every input's overrides apply to.
const std::string& base_text() {
  static const std::string text = [] {
    std::ifstream in(kBaseFile, std::ios::binary);
    std::stringstream all;
    all << in.rdbuf();
    return all.str();
  }();
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using xsellsim::scenarios::InputError;
  std::vector<std::string> overrides;
  std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
  for (std::string line; std::getline(lines, line);) overrides.push_back(line);
  for (const std::string& assignment : overrides) {
    try {
      xsellsim::scenarios::parse_override(assignment);
    } catch (const InputError&) {
    }
  }
  try {
    xsellsim::scenarios::load_scenario_text(base_text(), kBaseFile, overrides);
  } catch (const InputError&) {
  }
  return 0;
}

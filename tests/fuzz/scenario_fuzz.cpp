// libFuzzer target: any bytes as a scenario file. The loader must either return a Scenario or
// throw InputError; any other exception escapes and aborts (a finding), and so does a crash,
// a hang (-timeout) or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scenarios/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    xsellsim::scenarios::load_scenario_text(text, "fuzz.toml");
  } catch (const xsellsim::scenarios::InputError&) {
    // Bad input, reported as such: the expected outcome for most inputs.
  }
  return 0;
}

// Every file in scenarios/validation/ has one mistake and states, on its first line, the first
// error it must produce: `# expect: LINE:COLUMN: MESSAGE (at KEY)`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scenarios/scenario.hpp"

namespace xsellsim::scenarios {
namespace {

namespace fs = std::filesystem;

TEST(ValidationCases, EachFileGivesTheErrorItStates) {
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(XSELLSIM_SOURCE_DIR "/scenarios/validation")) {
    if (entry.path().extension() != ".toml") continue;
    ++cases;
    std::ifstream in(entry.path());
    std::string first_line;
    std::getline(in, first_line);
    const std::string prefix = "# expect: ";
    ASSERT_EQ(first_line.rfind(prefix, 0), 0u) << entry.path() << " has no expectation";
    const std::string expected = entry.path().string() + ":" + first_line.substr(prefix.size());
    try {
      load_scenario(entry.path());
      ADD_FAILURE() << entry.path() << " loaded without error";
    } catch (const InputError& e) {
      std::string first = e.diagnostics().front().format();
      // format() is FILE:LINE:COLUMN: error: MESSAGE (at KEY); the expectation omits "error: ".
      auto error_tag = first.find(": error: ");
      ASSERT_NE(error_tag, std::string::npos);
      first.erase(error_tag + 1, 7);
      EXPECT_EQ(first, expected);
    }
  }
  EXPECT_GE(cases, 30);
}

}  // namespace
}  // namespace xsellsim::scenarios

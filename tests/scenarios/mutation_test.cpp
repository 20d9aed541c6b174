// Hostile input without a fuzzer (tests/fuzz needs clang): every example and validation scenario,
// mutated thousands of times from a fixed seed by byte flips, deletions, inserted TOML
// punctuation, duplicated spans and truncations. Each load must end with a Scenario or an
// InputError, quickly; any other exception, a crash or a sanitizer report is a bug.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string_view>
#include <typeinfo>

#include "scenarios/scenario.hpp"

namespace xsellsim::scenarios {
namespace {

namespace fs = std::filesystem;

constexpr int kMutantsPerFile = 200;
constexpr double kSlowestLoadSeconds = 1.0;  // a valid scenario loads in about a millisecond

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : random_(seed) {}

  // One to four mutations stacked, so damage can compound.
  std::string mutate(std::string text) {
    for (std::size_t n = 1 + below(4); n > 0; --n) mutate_once(text);
    return text;
  }

 private:
  // Tokens that change TOML's structure rather than a value.
  // clang-format off
  static constexpr std::array<std::string_view, 24> kPunctuation = {
      "[", "]", "[[", "]]", "{", "}", "=", ".", ",", "\"", "'", "\"\"\"", "'''", "#", "\n", "\\",
      "a.b", "= [", "= {", "-", "1e999", "9223372036854775808", "\"1000000000d\"", "\xff"};
  // clang-format on

  void mutate_once(std::string& text) {
    const std::size_t at = below(text.size() + 1);
    const std::size_t length = 1 + below(16);
    switch (below(5)) {
      case 0:  // flip one bit
        if (at < text.size()) text[at] = static_cast<char>(text[at] ^ (1 << below(8)));
        break;
      case 1:  // delete a span
        text.erase(std::min(at, text.size()), length);
        break;
      case 2:  // insert punctuation
        text.insert(at, kPunctuation[below(kPunctuation.size())]);
        break;
      case 3: {  // duplicate a span elsewhere
        std::string span = text.substr(std::min(at, text.size()), 4 * length);
        text.insert(below(text.size() + 1), span);
        break;
      }
      default:  // truncate
        text.resize(at);
    }
  }

  // Uniform enough, and unlike std::uniform_int_distribution the same on every standard library.
  std::size_t below(std::size_t n) { return n == 0 ? 0 : random_() % n; }

  std::mt19937_64 random_;  // fully specified by the standard: the same mutants everywhere
};

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Mutation, EveryMutantLoadsOrGivesInputErrorQuickly) {
  Mutator mutator(20261124);
  int loaded = 0, rejected = 0, files = 0;
  for (const char* folder : {"/scenarios/examples", "/scenarios/validation"}) {
    for (const auto& entry : fs::directory_iterator(std::string(XSELLSIM_SOURCE_DIR) + folder)) {
      if (entry.path().extension() != ".toml") continue;
      ++files;
      const std::string original = read(entry.path());
      for (int i = 0; i < kMutantsPerFile; ++i) {
        const std::string mutant = mutator.mutate(original);
        const auto start = std::chrono::steady_clock::now();
        try {
          load_scenario_text(mutant, "mutant.toml");
          ++loaded;
        } catch (const InputError&) {
          ++rejected;
        } catch (const std::exception& e) {
          ADD_FAILURE() << entry.path() << " mutant " << i << " threw " << typeid(e).name() << ": "
                        << e.what() << "\n--- mutant ---\n"
                        << mutant;
        }
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        EXPECT_LT(took.count(), kSlowestLoadSeconds) << entry.path() << " mutant " << i;
      }
    }
  }
  EXPECT_GE(files, 32);
  // Both outcomes occur, or the mutations would be too weak (or too strong) to mean anything.
  EXPECT_GT(loaded, 0);
  EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace xsellsim::scenarios

// docs/scenario-reference.md documents every key the loader reads: the keys are taken from the
// source of every scenarios/ file (each getter call names its key), so a new key without
// documentation fails.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "models/parameters.hpp"
#include "scenarios/scenario.hpp"

namespace xsellsim::scenarios {
namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The string literal that follows each occurrence of `call` (e.g. `.number("` gives its key).
void keys_after(const std::string& source, const std::string& call, std::set<std::string>& keys) {
  for (auto at = source.find(call); at != std::string::npos; at = source.find(call, at + 1)) {
    const auto open = source.find('"', at + call.size() - 1);
    const auto close = source.find('"', open + 1);
    if (open == std::string::npos || close == std::string::npos || close - open > 40) continue;
    keys.insert(source.substr(open + 1, close - open - 1));
  }
}

// Documented: the key appears as `key`, `...key`, [key] or [... .key...] in the reference.
bool documented(const std::string& doc, const std::string& key) {
  for (const char* before : {"`", ".", "["}) {
    for (const char* after : {"`", "]", ".", " ", "="}) {
      if (doc.find(before + key + after) != std::string::npos) return true;
    }
  }
  return false;
}

TEST(ScenarioReference, DocumentsEveryKeyTheLoaderReads) {
  const std::string doc = file_text(XSELLSIM_SOURCE_DIR "/docs/scenario-reference.md");
  std::set<std::string> keys, entries;
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(XSELLSIM_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".cpp") continue;
    // The readers of the logs `calibrate` takes (*_log.cpp) read columns, not scenario keys.
    if (entry.path().stem().string().ends_with("_log")) continue;
    const std::string source = file_text(entry.path().string());
    ASSERT_FALSE(source.empty()) << entry.path();
    ++files;
    for (const char* getter : {".number(\"",
                               ".integer(\"",
                               ".string(\"",
                               ".boolean(\"",
                               ".duration(\"",
                               ".strings(\"",
                               ".numbers(\"",
                               ".table(\"",
                               ".sub(\"",
                               ".choice(\"",
                               ".require(\"",
                               ".required_number(\"",
                               ".required_integer(\"",
                               ".required_string(\"",
                               ".required_duration(\"",
                               ".required_table(\"",
                               ".time_of_day(\"",
                               ".required_time_of_day(\"",
                               ".for_each_named(\"",
                               ".named_in_file_order(\""}) {
      keys_after(source, getter, keys);
    }
    keys_after(source, "{\"", entries);
  }
  EXPECT_GT(files, 10u);
  EXPECT_GT(keys.size() + entries.size(), 80u);  // the scan itself works
  for (const std::string& key : keys) {
    if (key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) continue;
    EXPECT_TRUE(documented(doc, key))
        << "docs/scenario-reference.md does not mention '" << key << "'";
  }
  // A table of names (Named<T>) lists keys (the engagement coefficients) or the values a key
  // takes ("day", "week"): a value is documented as it is written, in quotes.
  for (const std::string& entry : entries) {
    if (entry.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) continue;
    EXPECT_TRUE(documented(doc, entry) || doc.find('"' + entry + '"') != std::string::npos)
        << "docs/scenario-reference.md does not mention '" << entry << "'";
  }
}

}  // namespace
}  // namespace xsellsim::scenarios

namespace xsellsim::scenarios {
namespace {

// Every key assigned in an example (the last part of `a.b.key = ...`; names of segments, products
// or steps are table names, not assigned keys) is documented too.
TEST(ScenarioReference, DocumentsEveryKeyTheExamplesUse) {
  const std::string doc = file_text(XSELLSIM_SOURCE_DIR "/docs/scenario-reference.md");
  std::size_t checked = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(XSELLSIM_SOURCE_DIR "/scenarios/examples")) {
    std::istringstream lines(file_text(entry.path().string()));
    for (std::string line; std::getline(lines, line);) {
      const auto first = line.find_first_not_of(' ');
      const auto equals = line.find('=');
      if (first == std::string::npos || equals == std::string::npos) continue;
      std::string key = line.substr(first, equals - first);
      key.erase(key.find_last_not_of(' ') + 1);
      if (key.empty() ||
          key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.") != std::string::npos) {
        continue;  // a comment, a quoted (swept) key, or not an assignment
      }
      std::vector<std::string> keys{key.substr(key.rfind('.') + 1)};
      const auto brace = line.find('{', equals);
      if (brace != std::string::npos) {  // `name = { a = 1, b = 2 }`: check a and b
        keys.clear();
        std::istringstream parts(line.substr(brace + 1));
        for (std::string part; std::getline(parts, part, ',');) {
          const auto name = part.find_first_not_of(' ');
          const auto end = part.find_first_of(" =", name);
          if (name != std::string::npos && end != std::string::npos &&
              part.find('=') != std::string::npos) {
            keys.push_back(part.substr(name, end - name));
          }
        }
      }
      for (const std::string& used : keys) {
        ++checked;
        EXPECT_TRUE(documented(doc, used))
            << entry.path().filename().string() << ": docs/scenario-reference.md does not mention '"
            << used << "'";
      }
    }
  }
  EXPECT_GT(checked, 500u);
}

}  // namespace
}  // namespace xsellsim::scenarios

namespace xsellsim::scenarios {
namespace {

// The reference's [engagement] table states each coefficient's default: setting every key to the
// stated value must give exactly the coefficients of a scenario that sets none, so the table
// cannot drift from models/parameters.hpp.
TEST(ScenarioReference, EngagementDefaultsAreTheCodes) {
  const std::string doc = file_text(XSELLSIM_SOURCE_DIR "/docs/scenario-reference.md");
  const auto section = doc.find("## `[engagement]`");
  const auto end = doc.find("\n## ", section + 1);
  ASSERT_NE(section, std::string::npos);
  std::istringstream rows(doc.substr(section, end - section));
  std::vector<std::string> overrides;
  for (std::string row; std::getline(rows, row);) {
    if (row.rfind("| `", 0) != 0) continue;
    const auto key_end = row.find('`', 3);
    const auto value = row.find("| ", key_end) + 2;
    const std::string default_text = row.substr(value, row.find(" |", value) - value);
    overrides.push_back("engagement." + row.substr(3, key_end - 3) + "=" + default_text);
  }
  EXPECT_GT(overrides.size(), 40u);
  const std::string file = XSELLSIM_SOURCE_DIR "/scenarios/examples/camera-accessories.toml";
  const Scenario stated = load_scenario(file, overrides);
  const Scenario defaults = load_scenario(file);
  EXPECT_TRUE(stated.world.engagement == defaults.world.engagement);
  EXPECT_TRUE(defaults.world.engagement == models::Engagement{});  // the example sets none
}

}  // namespace
}  // namespace xsellsim::scenarios

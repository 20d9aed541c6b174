// docs/scenario-reference.md documents every key the loader reads: the keys are taken from the
// loader's own source (each getter call names its key), so a new key without documentation fails.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace xsellsim::scenarios {
namespace {

std::string read(const std::string& path) {
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
  const std::string loader = read(XSELLSIM_SOURCE_DIR "/scenarios/loader.cpp");
  const std::string doc = read(XSELLSIM_SOURCE_DIR "/docs/scenario-reference.md");
  ASSERT_FALSE(loader.empty());
  std::set<std::string> keys;
  for (const char* getter :
       {".number(\"", ".integer(\"", ".string(\"", ".boolean(\"", ".duration(\"", ".strings(\"",
        ".numbers(\"", ".table(\"", ".required_number(\"", ".required_duration(\"",
        ".for_each_named(\"", "clock_time(quiet, \"", "clock_time(reader, \"", "{\""}) {
    keys_after(loader, getter, keys);
  }
  EXPECT_GT(keys.size(), 80u);  // the scan itself works
  for (const std::string& key : keys) {
    if (key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) continue;
    EXPECT_TRUE(documented(doc, key))
        << "docs/scenario-reference.md does not mention '" << key << "'";
  }
}

}  // namespace
}  // namespace xsellsim::scenarios

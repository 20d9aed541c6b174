#include "scenarios/quoted_string.hpp"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <string>

namespace xsellsim::scenarios {
namespace {

TEST(QuotedString, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(quoted_string(""), R"("")");
  EXPECT_EQ(quoted_string("2d"), R"("2d")");
  EXPECT_EQ(quoted_string(R"(say "hi")"), R"("say \"hi\"")");
  EXPECT_EQ(quoted_string(R"(C:\dir)"), R"("C:\\dir")");
  EXPECT_EQ(quoted_string("a\tb\nc"), R"("a\u0009b\u000ac")");
  EXPECT_EQ(quoted_string(std::string("nul\0", 4)), R"("nul\u0000")");
  EXPECT_EQ(quoted_string("\x7f"), R"("\u007f")");
  EXPECT_EQ(quoted_string("caf\xc3\xa9"), "\"caf\xc3\xa9\"");  // UTF-8 as it is
}

// Every character from U+0000 to U+007F, and a multi-byte one, comes back from TOML++ as the
// same string: the quoting is a TOML basic string for all of them (DEL included, which TOML,
// unlike JSON, forbids bare).
TEST(QuotedString, TomlReadsBackEveryAsciiCharacter) {
  for (int code = 0; code < 0x80; ++code) {
    const std::string text = std::string("x") + static_cast<char>(code) + "y";
    const toml::table table = toml::parse("value = " + quoted_string(text));
    EXPECT_EQ(table["value"].value<std::string>(), text) << "code " << code;
  }
  const std::string accented = "d\xc3\xa9j\xc3\xa0 vu";
  EXPECT_EQ(toml::parse("value = " + quoted_string(accented))["value"].value<std::string>(),
            accented);
}

// JSON's grammar (RFC 8259, section 7): after a backslash only " \ / b f n r t or u and four hex
// digits, and no unescaped character below U+0020. The quoted text keeps to it for every byte.
TEST(QuotedString, EveryByteGivesAValidJsonString) {
  for (int code = 0; code < 0x100; ++code) {
    const std::string quoted = quoted_string(std::string(1, static_cast<char>(code)));
    ASSERT_GE(quoted.size(), 3U);
    EXPECT_EQ(quoted.front(), '"');
    EXPECT_EQ(quoted.back(), '"');
    const std::string body = quoted.substr(1, quoted.size() - 2);
    for (std::size_t i = 0; i < body.size(); ++i) {
      const auto byte = static_cast<unsigned char>(body[i]);
      EXPECT_GE(byte, 0x20) << "code " << code;
      EXPECT_NE(body[i], '"') << "an unescaped quote, code " << code;
      if (body[i] != '\\') continue;
      ASSERT_LT(i + 1, body.size()) << "code " << code;
      const char escape = body[++i];
      if (escape == 'u') {
        ASSERT_LT(i + 4, body.size()) << "code " << code;
        EXPECT_EQ(body.substr(i + 1, 4).find_first_not_of("0123456789abcdef"), std::string::npos);
        i += 4;
      } else {
        EXPECT_NE(std::string(R"("\/bfnrt)").find(escape), std::string::npos) << "code " << code;
      }
    }
  }
}

}  // namespace
}  // namespace xsellsim::scenarios

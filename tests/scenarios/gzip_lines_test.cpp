// Lines of a plain or gzipped log, the last one with or without its newline.
#include "scenarios/gzip_lines.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace xsellsim::scenarios {
namespace {

std::vector<std::string> lines_of(const std::string& path) {
  GzipLines reader(path, "the log");
  std::vector<std::string> lines;
  std::string line;
  while (reader.next(line)) lines.push_back(line);
  return lines;
}

TEST(GzipLines, ReadsPlainAndGzippedFilesAlike) {
  const auto base = std::filesystem::temp_directory_path() / ("gz-" + std::to_string(::getpid()));
  const std::string plain = base.string() + ".csv", packed = base.string() + ".csv.gz";
  gzFile out = gzopen(packed.c_str(), "wb");
  gzputs(out, "a,1\n\nb,2");
  gzclose(out);
  std::FILE* text = std::fopen(plain.c_str(), "w");
  std::fputs("a,1\n\nb,2", text);
  std::fclose(text);
  const std::vector<std::string> expected{"a,1", "", "b,2"};
  EXPECT_EQ(lines_of(plain), expected);
  EXPECT_EQ(lines_of(packed), expected);
  std::filesystem::remove(plain);
  std::filesystem::remove(packed);
}

TEST(GzipLines, AMissingFileIsAnInputErrorNamingIt) {
  try {
    GzipLines reader("/no/such/file.csv", "the log");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().front().format(), "/no/such/file.csv: error: cannot read the log");
  }
}

}  // namespace
}  // namespace xsellsim::scenarios

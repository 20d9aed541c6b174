// describe_text (tools/describe.hpp): `describe`'s words, which `report` shows as they are.
#include <gtest/gtest.h>

#include <string>

#include "drawing.hpp"

namespace xsellsim::tools {
namespace {

using testing::bytes;
using testing::Outcome;
using testing::run_program;
using testing::run_shell;
using DescribeText = testing::DrawingTest;

// The report's scenario text is `describe`'s, not a second reading of the TOML.
TEST_F(DescribeText, IsWhatTheReportShows) {
  const std::string results = camera_results("camera.h5", 1);
  ASSERT_EQ(run_program("report " + results + " -o " + path("report.html")).status, 0);
  const Outcome words =
      run_shell("cd " + path("") + " && " XSELLSIM_BINARY " describe " + testing::kCamera +
                    " --set population.size=2000 | /usr/bin/python3 -c 'import html, sys; "
                    "sys.stdout.write(html.escape(sys.stdin.read()))'",
                false);
  ASSERT_EQ(words.status, 0);
  ASSERT_GT(words.output.size(), 500u);
  EXPECT_NE(bytes(path("report.html")).find("<pre class=words>" + words.output + "</pre>"),
            std::string::npos)
      << words.output;
}

}  // namespace
}  // namespace xsellsim::tools

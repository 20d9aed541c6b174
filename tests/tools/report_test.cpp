// End-to-end tests of `xsellsim report`: one self-contained HTML page that a browser renders
// without errors.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "drawing.hpp"

namespace xsellsim::tools {
namespace {

using testing::bytes;
using testing::DrawingTest;
using testing::Outcome;
using testing::run_program;
using testing::run_shell;
using ReportCommand = DrawingTest;
namespace fs = std::filesystem;

// Every src=, href=, url( and @import that points outside the page ("#id" and data: URIs stay
// inside it). Case-insensitive on the attribute and the scheme.
std::vector<std::string> external_references(std::string html) {
  for (char& c : html) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<std::string> found;
  for (const std::string opener : {"src=", "href=", "url(", "@import"}) {
    for (auto at = html.find(opener); at != std::string::npos; at = html.find(opener, at + 1)) {
      std::string target = html.substr(at + opener.size(), 80);
      target.erase(0, target.find_first_not_of(" \t\n'\""));
      if (target.rfind('#', 0) != 0 && target.rfind("data:", 0) != 0) found.push_back(target);
    }
  }
  return found;
}

// The `late` arm's lift@90 as `run` prints it, e.g. "+1.31 pp".
std::string summary_lift(const std::string& summary, const std::string& arm) {
  const auto line = summary.find("\n" + arm + " ");
  const auto end = summary.find(" pp", line);
  if (line == std::string::npos || end == std::string::npos) return "";
  const auto start = summary.rfind(' ', end - 1) + 1;
  return summary.substr(start, end + 3 - start);
}

TEST_F(ReportCommand, IsOneSelfContainedPageWithTheArmsTable) {
  // One replication: the page then explains Greenwood's formula.
  Outcome run = run_program("run " + testing::kCamera +
                            " --set population.size=2000 --replications 1 -o " + path("camera.h5"));
  ASSERT_EQ(run.status, 0) << run.output;
  Outcome outcome = run_shell("cd / && " XSELLSIM_BINARY " report " + path("camera.h5") + " -o " +
                              path("report.html"));
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  const std::string html = bytes(path("report.html"));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(external_references(html), std::vector<std::string>{});
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("id=\"arms-table\""), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  // The first screen, the scenario in describe's words and every section.
  for (const std::string text :
       {"id=\"decision-table\"", "What each arm earns against what it costs in subscribers",
        "The live test to confirm it", "What was assumed", "2000 simulated customers over 180 days",
        "camera-accessories", "Funnel", "Fatigue and unsubscribes over time",
        "<h2>Attribution</h2>", "the spread between the customers of the one replication",
        // Issue 17: each step's day since entry (late: days 21, 28, 35), and what the policy did.
        "offer 7 days later (day 35)",
        "The frequency cap and quiet hours held or dropped no email"}) {
    EXPECT_NE(html.find(text), std::string::npos) << text;
  }
  // Attribution shown when the file has it (per-step revenue credit), else said to be absent.
  EXPECT_NE(html.find("Attribution is not in this file") == std::string::npos,
            html.find("Revenue credited to each step") == std::string::npos);
  // The same lift at day 90 as the summary `run` printed for the same file ("+1.31 pp").
  const std::string lift = summary_lift(run.output, "late");
  ASSERT_GT(lift.size(), 3u) << run.output;
  EXPECT_NE(html.find(">" + lift.substr(0, lift.size() - 3) + "<br>"), std::string::npos) << lift;
}

TEST_F(ReportCommand, RendersInHeadlessChromiumWithoutErrors) {
  const std::string chromium = "/usr/bin/chromium";
  ASSERT_TRUE(fs::exists(chromium))
      << chromium << " is missing: ./tools/setup --check-deps installs Debian's `chromium`, which "
      << "this test needs to render the report";
  const std::string results = camera_results("camera.h5", 2);
  Outcome outcome = run_program("report " + results + " -o " + path("report.html"));
  ASSERT_EQ(outcome.status, 0) << outcome.output;

  // A probe: the page plus a first script that records every error (scripts, failed resources)
  // and, once everything has loaded, writes the verdict into the title.
  std::string html = bytes(path("report.html"));
  const std::string probe =
      "<script>window.__errors=[];addEventListener('error',e=>__errors.push(String(e.message||"
      "(e.target&&(e.target.src||e.target.href)))),true);addEventListener('load',()=>{document."
      "title=__errors.length?'ERRORS '+__errors.join(' | '):'RENDERED '+document.querySelectorAll("
      "'#arms-table tr').length+' rows';});</script>";
  html.insert(html.find("<head>") + 6, probe);
  std::ofstream(path("probe.html")) << html;

  // No sandbox: the tests run as root. No network: any host name fails to resolve.
  const std::string browser = "timeout 60 " + chromium +
                              " --headless --no-sandbox --disable-gpu --hide-scrollbars "
                              "--host-resolver-rules='MAP * ~NOTFOUND' --enable-logging=stderr "
                              "--v=0 --user-data-dir=" +
                              path("profile") + " --window-size=1280,2400 ";
  Outcome dom = run_shell("(" + browser + "--dump-dom file://" + path("probe.html") + " 2>" +
                              path("chromium.log") + ")",
                          false);
  ASSERT_EQ(dom.status, 0) << bytes(path("chromium.log"));
  // Two header rows and three arms.
  EXPECT_NE(dom.output.find("<title>RENDERED 5 rows</title>"), std::string::npos)
      << dom.output.substr(0, 600);
  const std::string log = bytes(path("chromium.log"));
  EXPECT_EQ(log.find(":CONSOLE"), std::string::npos) << log;

  // Not blank: the screenshot has both light and dark pixels.
  Outcome shot = run_shell("(" + browser + "--screenshot=" + path("report.png") + " file://" +
                               path("report.html") + " 2>/dev/null)",
                           false);
  ASSERT_EQ(shot.status, 0);
  Outcome range = testing::python("from PIL import Image; print(*Image.open(\"" +
                                  path("report.png") + "\").convert(\"L\").getextrema())");
  int darkest = 255;
  int lightest = 0;
  ASSERT_EQ(std::sscanf(range.output.c_str(), "%d %d", &darkest, &lightest), 2) << range.output;
  EXPECT_LT(darkest, 80);
  EXPECT_GT(lightest, 200);
}

TEST_F(ReportCommand, SweepFileGetsAHeatMapOfLift) {
  const std::string sweep = sweep_results("sweep.h5");
  Outcome outcome = run_program("report " + sweep + " --point 2");
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  const std::string html = bytes(path("sweep.html"));
  EXPECT_NE(html.find("<h2>Sweep</h2>"), std::string::npos);
  EXPECT_NE(html.find("This file holds 4 points"), std::string::npos);
  EXPECT_NE(html.find("Everything above is point 2"), std::string::npos);
  EXPECT_NE(html.find("fatigue.half_life"), std::string::npos);
  EXPECT_NE(html.find("t over 2 replications"), std::string::npos);
  EXPECT_EQ(external_references(html), std::vector<std::string>{});
}

TEST_F(ReportCommand, ForeignFileExitsTwo) {
  std::ofstream(path("foreign.h5")) << "\x89HDF\r\n\x1a\n but not really\n";
  Outcome outcome = run_program("report " + path("foreign.h5") + " -o " + path("report.html"));
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.output.find(path("foreign.h5") + ": error: not a results file"),
            std::string::npos)
      << outcome.output;
  EXPECT_FALSE(fs::exists(path("report.html")));
}

// Issue 16, item 7: one computation. Every figure of the arms, decision and live tables is the one
// `compare --format json --live N` prints, as printed (tests/tools/report_tables_check.py parses
// the page with its own formatter).
TEST_F(ReportCommand, TablesShowComparesJson) {
  const std::string results = camera_results("camera.h5", 3);
  for (const std::string live : {"", " --live 20000"}) {
    ASSERT_EQ(run_program("report " + results + live + " -o " + path("report.html") + " --data " +
                          path("data.json"))
                  .status,
              0);
    // Without --live the plan is for as many entrants as the holdout had.
    const std::string n =
        live.empty() ? run_shell("/usr/bin/python3 -c 'import json; print(round(json.load(open(\"" +
                                 path("data.json") +
                                 "\"))[\"compare\"][\"points\"][0][\"live\"][\"customers\"]))'")
                           .output
                     : "20000\n";
    ASSERT_EQ(run_shell(XSELLSIM_BINARY " compare " + results + " --format json --live " +
                        n.substr(0, n.size() - 1) + " > " + path("compare.json"))
                  .status,
              0);
    const Outcome check =
        run_shell("/usr/bin/python3 " XSELLSIM_SOURCE_DIR "/tests/tools/report_tables_check.py " +
                  path("report.html") + " " + path("compare.json"));
    EXPECT_EQ(check.status, 0) << check.output;
    EXPECT_NE(check.output.find("checked 4"), std::string::npos) << check.output;  // 40-odd cells
  }
  EXPECT_NE(bytes(path("report.html")).find("A live test of 20,000 entrants (<code>--live</code>)"),
            std::string::npos);
}

// The recommendation is compare's line, word for word.
TEST_F(ReportCommand, OpensWithComparesRecommendation) {
  const std::string results = camera_results("camera.h5", 2);
  ASSERT_EQ(run_program("report " + results + " -o " + path("report.html")).status, 0);
  const Outcome table = run_program("compare " + results, false);
  const auto at = table.output.find("\nLaunch ");
  ASSERT_NE(at, std::string::npos) << table.output;
  std::string line = table.output.substr(at + 1, table.output.find('\n', at + 1) - at - 1);
  const std::string html = bytes(path("report.html"));
  EXPECT_NE(html.find("<p class=\"decision launch\">" + line + "</p>"), std::string::npos) << line;
  EXPECT_LT(html.find("class=\"decision"), html.find("<h2>The scenario</h2>"));
}

// What was assumed: calibrate's estimates say they came from data, hand-set values say so, the
// rest are defaults.
TEST_F(ReportCommand, SaysWhichParametersCameFromData) {
  ASSERT_EQ(run_program("calibrate orders " XSELLSIM_TEST_DATA
                        "/online-retail/sample_2010-2011.csv.gz -o " +
                        path("shop.toml"))
                .status,
            0);
  ASSERT_EQ(run_program("run " + path("shop.toml") + " --set population.size=1500 -q -o " +
                        path("shop.h5"))
                .status,
            0);
  ASSERT_EQ(run_program("report " + path("shop.h5") + " --data " + path("data.json")).status, 0);
  const Outcome origins =
      run_shell("/usr/bin/python3 -c 'import json; a = json.load(open(\"" + path("data.json") +
                "\"))[\"scenario\"][\"assumptions\"]; o = {x[\"key\"]: x[\"origin\"] for x in a}; "
                "print(o[\"segments.calibrated.purchasing.r\"], o[\"engagement.open_base\"], "
                "[o[k] for k in o if k.endswith(\".price\")][0], "
                "[o[k] for k in o if k.endswith(\".lag_shape\")][0])'");
  ASSERT_EQ(origins.status, 0) << origins.output;
  // lag_shape = 100 is calibrate's fixed choice, not an estimate.
  EXPECT_EQ(origins.output, "data default data scenario\n");
  EXPECT_NE(bytes(path("shop.html")).find("estimated from data"), std::string::npos);
}

}  // namespace
}  // namespace xsellsim::tools

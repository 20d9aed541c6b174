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
  // The scenario in words and every section.
  for (const std::string text :
       {"2,000 simulated customers over 180 days", "camera-accessories", "Funnel",
        "Fatigue and unsubscribes over time", "<h2>Attribution</h2>", "Greenwood's formula",
        // Issue 17: each step's day since entry (late: days 21, 28, 35), and what the policy did.
        "<th>day since entry</th>", "<td>7 days</td><td>35</td>",
        "The frequency cap and quiet hours held or dropped no email"}) {
    EXPECT_NE(html.find(text), std::string::npos) << text;
  }
  // Attribution shown when the file has it (per-step revenue credit), else said to be absent.
  EXPECT_NE(html.find("Attribution is not in this file") == std::string::npos,
            html.find("Revenue credited to each step") == std::string::npos);
  // The same lift at day 90 as the summary `run` printed for the same file.
  const std::string lift = summary_lift(run.output, "late");
  ASSERT_FALSE(lift.empty()) << run.output;
  EXPECT_NE(html.find(">" + lift + "<"), std::string::npos) << lift;
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
  EXPECT_NE(html.find("t = 12.706"), std::string::npos) << "t(0.975, 1) for 2 replications";
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

TEST_F(ReportCommand, NetValueIsComparesFigure) {
  // The page's net value per entrant is the one `compare` computes (the same formula in
  // models/comparison.cpp and xsellsim_plot.py's net_value), to the cent.
  Outcome run = run_program("run " + testing::kCamera + " --set population.size=2000 -o " +
                            path("camera.h5"));
  ASSERT_EQ(run.status, 0) << run.output;
  ASSERT_EQ(run_program("report " + path("camera.h5") + " -o " + path("report.html")).status, 0);
  const Outcome json = run_shell(
      XSELLSIM_BINARY " compare " + path("camera.h5") +
          " --format json | /usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin); "
          "print(\"%+.2f\" % d[\"points\"][0][\"arms\"][2][\"metrics\"]"
          "[\"net_value_per_entrant\"][\"value\"])'",
      false);
  ASSERT_EQ(json.status, 0) << json.output;
  const std::string net = json.output.substr(0, json.output.find('\n'));
  const std::string html = bytes(path("report.html"));
  const auto late = html.find("<tr><th class=left>late</th>");
  ASSERT_NE(late, std::string::npos);
  const std::string row = html.substr(late, html.find("</tr>", late) - late);
  EXPECT_NE(row.find("<td>" + net + "<br>"), std::string::npos) << net << " not in " << row;
}

}  // namespace
}  // namespace xsellsim::tools

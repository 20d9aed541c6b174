// End-to-end tests of `xsellsim plot`: pictures from real results files, and clear failures.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "drawing.hpp"

namespace xsellsim::tools {
namespace {

using testing::bytes;
using testing::DrawingTest;
using testing::Outcome;
using testing::run_program;
using testing::run_shell;
using PlotCommand = DrawingTest;
namespace fs = std::filesystem;

TEST_F(PlotCommand, WritesAValidPngByDefaultAndAnSvgOnRequest) {
  const std::string results = camera_results("camera.h5", 3);
  // Run from another directory: the program must find its Python wherever it is started.
  Outcome png = run_shell("cd / && " XSELLSIM_BINARY " plot " + results);
  ASSERT_EQ(png.status, 0) << png.output;
  EXPECT_EQ(png.output, "wrote " + path("camera.png") + "\n");
  EXPECT_TRUE(testing::looks_like_png(bytes(path("camera.png"))));
  Outcome decoded = testing::python("from PIL import Image; im = Image.open(\"" +
                                    path("camera.png") + "\"); im.load(); print(*im.size)");
  ASSERT_EQ(decoded.status, 0) << decoded.output;
  int width = 0;
  int height = 0;
  ASSERT_EQ(std::sscanf(decoded.output.c_str(), "%d %d", &width, &height), 2) << decoded.output;
  EXPECT_GT(width, 1000);  // three panels side by side
  EXPECT_GT(height, 300);

  Outcome svg = run_program("plot " + results + " -o " + path("curves.svg"));
  ASSERT_EQ(svg.status, 0) << svg.output;
  const std::string text = bytes(path("curves.svg"));
  EXPECT_NE(text.find("<svg"), std::string::npos);
  EXPECT_NE(text.find("t over 3 replications"), std::string::npos) << "the caption names the band";
  Outcome parsed = testing::python("import xml.etree.ElementTree as e; print(e.parse(\"" +
                                   path("curves.svg") + "\").getroot().tag)");
  EXPECT_EQ(parsed.output, "{http://www.w3.org/2000/svg}svg\n") << parsed.output;
  // Nothing left behind but the inputs and the two pictures.
  EXPECT_EQ(std::distance(fs::directory_iterator(directory_), fs::directory_iterator()), 3);
}

TEST_F(PlotCommand, OneReplicationGetsBandsFromTheSpreadBetweenCustomers) {
  const std::string results = camera_results("one.h5", 1);
  Outcome outcome = run_program("plot " + results + " -o " + path("one.svg"));
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_NE(bytes(path("one.svg")).find("the spread between the customers of the one"),
            std::string::npos);
}

// Issue 16, item 7: plot draws compare's computation. Day d of the lift curve it draws (the json
// of --data) is the lift `compare --day d` prints, digit for digit, and so are its bounds.
TEST_F(PlotCommand, LiftCurveIsComparesLiftOnEveryDay) {
  for (int replications : {1, 3}) {
    const std::string results =
        camera_results("camera-" + std::to_string(replications) + ".h5", replications);
    ASSERT_EQ(
        run_program("plot " + results + " -o " + path("c.png") + " --data " + path("data.json"))
            .status,
        0);
    for (int day : {7, 30, 45, 90, 179}) {
      const std::string d = std::to_string(day);
      const Outcome drawn = run_shell(
          "/usr/bin/python3 -c 'import json; c = json.load(open(\"" + path("data.json") +
          "\"))[\"curves\"][2]; l = c[\"lift\"]; print(c[\"arm\"], \"%.10g %.10g %.10g\" % "
          "(l[\"value\"][" +
          d + "], l[\"low\"][" + d + "], l[\"high\"][" + d + "]))'");
      const Outcome compared = run_shell(
          XSELLSIM_BINARY " compare " + results + " --format json --day " + d +
          " | /usr/bin/python3 -c 'import json, sys; a = json.load(sys.stdin)[\"points\"][0]"
          "[\"arms\"][2]; l = a[\"metrics\"][\"lift_" +
          d +
          "\"]; print(a[\"arm\"], "
          "\"%.10g %.10g %.10g\" % (l[\"value\"], l[\"low\"], l[\"high\"]))'");
      ASSERT_EQ(drawn.status, 0) << drawn.output;
      EXPECT_EQ(drawn.output, compared.output) << "day " << day;
    }
  }
}

TEST_F(PlotCommand, ForeignMissingOrTruncatedFilesExitTwoAndWriteNothing) {
  std::ofstream(path("foreign.h5")) << "not HDF5 at all\n";
  Outcome foreign = run_program("plot " + path("foreign.h5"));
  EXPECT_EQ(foreign.status, 2);
  EXPECT_EQ(foreign.output, path("foreign.h5") +
                                ": error: not a results file of format_version 4: not an HDF5 "
                                "file\n");
  Outcome missing = run_program("plot " + path("missing.h5"));
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.output, path("missing.h5") + ": error: no such file\n");

  const std::string whole = bytes(camera_results("whole.h5", 1));
  std::ofstream(path("truncated.h5"), std::ios::binary) << whole.substr(0, whole.size() / 2);
  Outcome truncated = run_program("plot " + path("truncated.h5"));
  EXPECT_EQ(truncated.status, 2) << truncated.output;
  EXPECT_NE(truncated.output.find(path("truncated.h5") + ": error: "), std::string::npos);
  EXPECT_FALSE(fs::exists(path("foreign.png")));
  EXPECT_FALSE(fs::exists(path("truncated.png")));

  EXPECT_EQ(run_program("plot " + path("whole.h5") + " -o " + path("curves.jpg")).status, 2);
  EXPECT_EQ(run_program("plot " + path("whole.h5") + " --point 1").status, 2);
  EXPECT_EQ(run_program("plot").status, 2);
}

TEST_F(PlotCommand, ChoosesAPointOfASweep) {
  const std::string sweep = sweep_results("sweep.h5");
  Outcome outcome = run_program("plot " + sweep + " --point 3 -o " + path("point3.svg"));
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  // The title names the point and its parameter values.
  EXPECT_NE(bytes(path("point3.svg")).find("point 3 of 4"), std::string::npos);
  Outcome beyond = run_program("plot " + sweep + " --point 4");
  EXPECT_EQ(beyond.status, 2);
  EXPECT_NE(beyond.output.find("--point 4 is out of range: the file has 4 points (0..3)"),
            std::string::npos)
      << beyond.output;
}

TEST_F(PlotCommand, MissingPythonExitsOneNamingThePackage) {
  const std::string results = camera_results("camera.h5", 1);
  Outcome outcome =
      run_shell("XSELLSIM_PYTHON=" + path("no-python3") + " " XSELLSIM_BINARY " plot " + results);
  EXPECT_EQ(outcome.status, 1);
  EXPECT_NE(outcome.output.find("apt-get install python3-matplotlib"), std::string::npos)
      << outcome.output;
  EXPECT_FALSE(fs::exists(path("camera.png")));
}

}  // namespace
}  // namespace xsellsim::tools

#pragma once
// Shared by the end-to-end tests of `plot` and `report`: a private directory per test, small
// results files (a run of the camera example, a sweep), and checks on what the commands write.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "output/results_file.hpp"
#include "program.hpp"

namespace xsellsim::tools::testing {

namespace fs = std::filesystem;

// A PNG's signature, a first IHDR chunk with a non-zero size, and a last IEND chunk.
inline bool looks_like_png(const std::string& data) {
  const std::string signature = "\x89PNG\r\n\x1a\n";
  if (data.size() < 57 || data.compare(0, 8, signature) != 0) return false;
  if (data.compare(12, 4, "IHDR") != 0) return false;
  auto u32 = [&](std::size_t at) {
    return (static_cast<unsigned>(static_cast<unsigned char>(data[at])) << 24U) |
           (static_cast<unsigned>(static_cast<unsigned char>(data[at + 1])) << 16U) |
           (static_cast<unsigned>(static_cast<unsigned char>(data[at + 2])) << 8U) |
           static_cast<unsigned>(static_cast<unsigned char>(data[at + 3]));
  };
  return u32(16) > 0 && u32(20) > 0 && data.compare(data.size() - 8, 4, "IEND") == 0;
}

// Runs Debian's python3 on a one-line program (for Pillow and xml.etree checks of our outputs).
inline Outcome python(const std::string& program) {
  return run_shell("/usr/bin/python3 -E -s -c '" + program + "'");
}

class DrawingTest : public InTemporaryDirectory {
 protected:
  // Runs a Python program (written to a file: no shell quoting) with `arguments`.
  Outcome python_script(const std::string& program, const std::string& arguments) {
    std::ofstream(path("check.py")) << program;
    return run_shell("/usr/bin/python3 -E -s " + path("check.py") + " " + arguments);
  }

  // Runs `plot` or `report` on `results` (and `options`), keeping the json it drew from in
  // data.json; whether it succeeded (its output is reported when not).
  bool draw_keeping_data(const std::string& command, const std::string& results,
                         const std::string& options = "") {
    const std::string picture = path(command == "plot" ? "c.png" : "r.html");
    const Outcome outcome = run_program(command + " " + results + " " + options + " -o " + picture +
                                        " --data " + path("data.json"));
    if (outcome.status != 0) ADD_FAILURE() << outcome.output;
    return outcome.status == 0;
  }

  // The camera example at 2,000 customers; `extra` adds options such as --set.
  std::string camera_results(const std::string& name, int replications,
                             const std::string& extra = "") {
    const std::string out = path(name);
    Outcome outcome = run_program("run " + kCamera + " --set population.size=2000 --replications " +
                                  std::to_string(replications) + " -q " + extra + " -o " + out);
    EXPECT_EQ(outcome.status, 0) << outcome.output;
    return out;
  }

  // A 2 x 2 sweep of the late arm's first delay and the fatigue half-life, 2 replications each,
  // written as `run` will write sweeps: every point at /points/<k> and the values in /points/table.
  std::string sweep_results(const std::string& name) {
    const std::string delay = "arms.late.sequences.accessories.steps.nudge.delay";
    const std::string half_life = "fatigue.half_life";
    std::vector<output::SweepPoint> points;
    output::RunMetadata metadata;
    for (const std::string d : {"14d", "28d"}) {
      for (const std::string h : {"3d", "14d"}) {
        const std::string one =
            camera_results("point-" + d + "-" + h + ".h5", 2,
                           "--set " + delay + "=" + d + " --set " + half_life + "=" + h);
        output::ResultsFile file = output::read_results(one);
        metadata = file.metadata;
        points.push_back(output::SweepPoint{
            {{delay, "\"" + d + "\""}, {half_life, "\"" + h + "\""}}, file.points.at(0).result});
      }
    }
    output::write_results(path(name), metadata, points);
    return path(name);
  }
};

}  // namespace xsellsim::tools::testing

// /parameter_draws: written only by a run with parameter draws, read back exactly, and each
// point's result then knows its blocks.
#include "output/parameter_draws.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "output/results_file.hpp"
#include "tests/models/test_world.hpp"

namespace xsellsim::output {
namespace {

namespace fs = std::filesystem;

fs::path temporary(const std::string& name) {
  return fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".h5");
}

std::vector<SweepPoint> one_point() {
  const models::World world = models::testing::camera_world(50);
  return {{{}, models::testing::run_world(world, 3, 2)}};
}

TEST(ParameterDraws, ReadBackExactly) {
  ParameterDraws written;
  written.keys = {"segments.all.purchasing.r", "products.camera.price"};
  written.means = {0.243, 500};
  written.sds = {0.013, 25};
  written.values = {{0.2512345678901234, 512.5}, {0.2298, 471.25}};
  const fs::path path = temporary("draws");
  write_results(path, {"name = \"x\"\n", 42, "0.1.0", "USD"}, one_point(), written);
  const ResultsFile file = read_results(path);
  fs::remove(path);
  const ParameterDraws& draws = file.parameter_draws;
  EXPECT_EQ(draws.keys, written.keys);
  EXPECT_EQ(draws.means, written.means);
  EXPECT_EQ(draws.sds, written.sds);
  EXPECT_EQ(draws.values, written.values);
  EXPECT_EQ(file.points[0].result.parameter_blocks, 2u);
}

TEST(ParameterDraws, NoneWithoutDraws) {
  const fs::path path = temporary("no-draws");
  write_results(path, {"name = \"x\"\n", 42, "0.1.0", "USD"}, one_point());
  const ResultsFile file = read_results(path);
  fs::remove(path);
  EXPECT_TRUE(file.parameter_draws.keys.empty());
  EXPECT_TRUE(file.parameter_draws.values.empty());
  EXPECT_EQ(file.points[0].result.parameter_blocks, 0u);
}

}  // namespace
}  // namespace xsellsim::output

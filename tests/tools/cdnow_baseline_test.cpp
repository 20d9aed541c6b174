// The CDNOW baseline example through the whole program: with no email, the daily purchases in the
// HDF5 file give mean repeat transactions per customer that match BG/NBD's E[X(t)] within 4
// standard errors, the standard error sqrt(Var[X(t)] / n) taken from the closed-form distribution.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "models/bgnbd.hpp"
#include "output/results_file.hpp"

namespace xsellsim::tools {
namespace {

TEST(CdnowBaseline, MeanRepeatTransactionsFollowTheClosedForm) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("xsellsim-cdnow-" + std::to_string(::getpid()) + ".h5");
  const std::string command = std::string(XSELLSIM_BINARY) +
                              " run " XSELLSIM_SOURCE_DIR
                              "/scenarios/examples/cdnow-baseline.toml -q --force -o " +
                              path.string();
  ASSERT_EQ(std::system(command.c_str()), 0);
  output::ResultsFile file = output::read_results(path);
  std::filesystem::remove(path);
  const models::RunResult& result = file.points.at(0).result;
  const auto& purchases = result.tallies[0][0].series(models::Daily::kPurchases);
  const double customers = 20000;  // population.size in the example
  ASSERT_GE(purchases[0], customers) << "every customer's first purchase is on day 0";

  const models::Purchasing cdnow{0.243, 4.414, 0.793, 2.426, sim::kWeek};
  for (int week : {13, 26, 39, 52, 78}) {
    double repeat = -customers;  // the first purchases
    for (int day = 0; day < 7 * week; ++day) repeat += static_cast<double>(purchases[day]);
    double mean = repeat / customers;
    double expected = models::expected_repeat_transactions(cdnow, week);
    double second_moment = 0;
    for (int x = 1; x < 5000; ++x) {
      second_moment +=
          static_cast<double>(x) * x * models::probability_of_repeat_count(cdnow, week, x);
    }
    double standard_error = std::sqrt((second_moment - expected * expected) / customers);
    EXPECT_NEAR(mean, expected, 4 * standard_error) << "week " << week;
  }
}

}  // namespace
}  // namespace xsellsim::tools

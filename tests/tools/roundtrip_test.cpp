// The round trip of `calibrate orders` (issue 15, item 4; docs/calibration.md, "Round trip"): a
// store whose truth is known (tests/data/scenarios/roundtrip-store.toml: 12,000 customers
// acquired over 52 weeks, BG/NBD r = 0.8, alpha = 5 weeks, a = 0.6, b = 3, one edge starter ->
// accessory with p = 0.5, a lag of 14 days, a life of 40 days) is simulated, its order log
// exported, and calibrated back to 2025-09-30 (9,007 customers). Each estimate is within 3 of its
// standard errors of the truth (a false failure 0.27% of the time for a normal estimate: about 2%
// for the seven together), the lag within 3 standard errors and a day (the log's times are
// whole days); no other pair has an excess above 4 standard errors (3.2e-5 each for a pair with no
// effect; the pairs that the exclusive choice of one product per occasion pushes below 0 are
// allowed); and the forecast of 2025-10-01 .. 2026-06-30 is within 5% of the simulated repeat
// occasions, and the A-then-B purchases within 3 standard errors (the Poisson error of the
// count and the learned excess's), the seed fixed.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "program.hpp"

namespace xsellsim::tools {
namespace {

using testing::Outcome;
using testing::run_program;

struct Estimate {
  double value = 0, standard_error = 0;
};

// `key = VALUE   # standard error SE` at the start of a line of the scenario, VALUE a number, a
// quoted "Nd" or a distribution {mean = VALUE, sd = SE} (what calibrate writes for a fitted value).
Estimate estimate_of(const std::string& scenario, const std::string& key) {
  const std::regex line("(?:^|\n)" + key +
                        R"( = (?:\{mean = )?"?([0-9.eE+-]+)d?"?(?:, sd = [0-9.eE+-]+\})?)"
                        R"(\s+# standard error ([0-9.eE+-]+))");
  std::smatch match;
  if (!std::regex_search(scenario, match, line)) {
    ADD_FAILURE() << "no " << key << " in\n" << scenario;
    return {};
  }
  return Estimate{std::stod(match[1]), std::stod(match[2])};
}

// The first number after `before` in `text`.
double number_after(const std::string& text, const std::string& before) {
  const auto at = text.find(before);
  if (at == std::string::npos) {
    ADD_FAILURE() << "no '" << before << "' in\n" << text;
    return 0;
  }
  return std::stod(text.substr(at + before.size()));
}

struct Pair {
  std::string from, to;
  double baseline_rate = 0, excess = 0, excess_se = 0;
};

std::vector<Pair> read_pairs(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);  // header: from,to,buyers,buyers_buying,buyer_rate,baseline_rate,...
  std::vector<Pair> pairs;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream row(line);
    for (std::string field; std::getline(row, field, ',');) {
      if (field.size() >= 2 && field.front() == '"') field = field.substr(1, field.size() - 2);
      fields.push_back(field);
    }
    pairs.push_back(Pair{fields[0], fields[1], std::stod(fields[5]), std::stod(fields[6]),
                         std::stod(fields[7])});
  }
  return pairs;
}

class RoundTrip : public testing::InTemporaryDirectory {};

void expect_within(const Estimate& e, double truth, double multiple, double slack,
                   const char* what) {
  EXPECT_GT(e.standard_error, 0) << what;
  EXPECT_NEAR(e.value, truth, multiple * e.standard_error + slack)
      << what << " = " << e.value << " (standard error " << e.standard_error << ")";
}

TEST_F(RoundTrip, CalibrateOrdersRecoversTheStoreThatMadeTheLog) {
  Outcome ran = run_program("run " XSELLSIM_TEST_DATA "/scenarios/roundtrip-store.toml -o " +
                            path("store.h5") + " --export " + path("logs"));
  ASSERT_EQ(ran.status, 0) << ran.output;
  Outcome calibrated = run_program("calibrate orders " + path("logs/orders.csv.gz") + " -o " +
                                   path("calibrated.toml") +
                                   " --product-codes any --calibration-end 2025-09-30 "
                                   "--forecast-end 2026-06-30 --pairs " +
                                   path("pairs.csv"));
  ASSERT_EQ(calibrated.status, 0) << calibrated.output;
  const std::string scenario = testing::bytes(path("calibrated.toml"));
  const std::string& report = calibrated.output;
  EXPECT_NE(report.find("BG/NBD on order occasions of 9007 customers"), std::string::npos)
      << report;

  // Purchasing.
  expect_within(estimate_of(scenario, "r"), 0.8, 3, 0, "r");
  expect_within(estimate_of(scenario, "alpha"), 5.0, 3, 0, "alpha");
  expect_within(estimate_of(scenario, "a"), 0.6, 3, 0, "a");
  expect_within(estimate_of(scenario, "b"), 3.0, 3, 0, "b");

  // The graph: the one true edge, and nothing else.
  EXPECT_NE(scenario.find("[products.starter.complements.accessory]"), std::string::npos)
      << scenario;
  std::size_t edges = 0;
  for (auto at = scenario.find(".complements."); at != std::string::npos;
       at = scenario.find(".complements.", at + 1)) {
    ++edges;
  }
  EXPECT_EQ(edges, 1u) << scenario;
  expect_within(estimate_of(scenario, "probability"), 0.5, 3, 0, "p");
  expect_within(estimate_of(scenario, "lag"), 14, 3, 1, "lag");
  expect_within(estimate_of(scenario, "duration"), 40, 3, 0, "duration");
  const auto pairs = read_pairs(path("pairs.csv"));
  EXPECT_EQ(pairs.size(), 4u);  // starter is bought first, so nothing leads to it
  Pair edge;
  for (const Pair& p : pairs) {
    if (p.from == "starter" && p.to == "accessory") {
      edge = p;
      continue;
    }
    EXPECT_LT(p.excess, 4 * p.excess_se) << p.from << " -> " << p.to << ": false edge";
  }
  ASSERT_GT(edge.excess_se, 0);

  // The forecast of the holdout period.
  const double occasions = number_after(report, "the cohort's repeat order occasions ");
  const double occasions_forecast =
      number_after(report, std::to_string(long(occasions)) + " against ");
  EXPECT_NEAR(occasions_forecast, occasions, 0.05 * occasions) << report;
  const double buyers = number_after(report, "A-then-B purchases over the 1 edges (");
  const double bought = number_after(report, "each followed 60 days): ");
  const double forecast = number_after(report, std::to_string(long(bought)) + " against ");
  const double baseline_only = number_after(report, "no complement effect, give ");
  // The forecast's own error: the learned need met, excess / (1 - baseline), times the buyers who
  // would not have bought B anyway.
  const double met_se = edge.excess_se / (1 - edge.baseline_rate);
  const double forecast_se = (buyers - baseline_only) * met_se;
  EXPECT_NEAR(forecast, bought, 3 * std::sqrt(bought + forecast_se * forecast_se)) << report;
  EXPECT_GT(bought - baseline_only, 4 * std::sqrt(bought)) << report;  // the edge is visible
}

}  // namespace
}  // namespace xsellsim::tools

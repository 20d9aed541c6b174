// `xsellsim compare` as a user runs it, and the common random numbers behind its paired lifts.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "models/comparison.hpp"
#include "models/runner.hpp"
#include "program.hpp"
#include "scenarios/scenario.hpp"

namespace xsellsim::tools {
namespace {

namespace fs = std::filesystem;

using testing::kCamera;
const std::string kSweep = XSELLSIM_SOURCE_DIR "/scenarios/examples/timing-sweep.toml";

class CompareCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ =
        fs::temp_directory_path() / ("xsellsim-compare-test-" + std::to_string(::getpid()));
    fs::create_directories(directory_);
    auto outcome = testing::run_program("run " + kCamera +
                                        " --set population.size=3000 --set attribution=true "
                                        "--replications 3 -q -o " +
                                        results());
    ASSERT_EQ(outcome.status, 0) << outcome.output;
  }
  static void TearDownTestSuite() { fs::remove_all(directory_); }
  static std::string results() { return (directory_ / "camera.h5").string(); }
  static inline fs::path directory_;
};

TEST_F(CompareCommand, TableShowsEveryArmWithIntervalsAndTheSteps) {
  auto outcome = testing::run_program("compare " + results(), false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  for (const char* expected :
       {"holdout", "early", "late", "lift at day 90 (points)", "conversion by day 180",
        "revenue per entrant (USD)", "t over 3 replications", "late: accessories.offer"}) {
    EXPECT_NE(outcome.output.find(expected), std::string::npos) << expected << "\n"
                                                                << outcome.output;
  }
  EXPECT_NE(outcome.output.find(" ["), std::string::npos) << "no interval:\n" << outcome.output;
}

// Issue 17, item 8: what the frequency cap did, per step; a cap that never binds says so.
TEST_F(CompareCommand, ShowsTheEmailsTheCapHeldOrDropped) {
  auto outcome = testing::run_program("compare " + results(), false);
  EXPECT_NE(outcome.output.find("Policy: the frequency cap and quiet hours held or dropped no "
                                "email."),
            std::string::npos)
      << outcome.output;
  const std::string capped = (directory_ / "capped.h5").string();
  auto ran = testing::run_program("run " + kCamera +
                                  " --set population.size=500 --set policy.frequency_cap.max=1 "
                                  "--set policy.frequency_cap.window=30d -q -o " +
                                  capped);
  ASSERT_EQ(ran.status, 0) << ran.output;
  outcome = testing::run_program("compare " + capped, false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("Policy: emails held or dropped, per replication"),
            std::string::npos)
      << outcome.output;
  EXPECT_NE(outcome.output.find("cap delayed"), std::string::npos) << outcome.output;
  outcome = testing::run_program("compare --format csv " + capped, false);
  EXPECT_NE(outcome.output.find(",early,accessories.reminder,capped_delayed,"), std::string::npos)
      << outcome.output;
}

TEST_F(CompareCommand, CsvHasOneFigurePerLine) {
  auto outcome = testing::run_program("compare --format csv " + results(), false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_EQ(outcome.output.rfind("point,arm,step,metric,value,low,high\n", 0), 0u);
  EXPECT_NE(outcome.output.find("\n0,late,,lift_90,"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("\n0,early,accessories.nudge,revenue_incremental,"),
            std::string::npos);
  // The holdout sends nothing, so its steps have no counterfactual and no incremental revenue.
  EXPECT_EQ(outcome.output.find("\n0,holdout,accessories.nudge,revenue_incremental,"),
            std::string::npos);
}

TEST_F(CompareCommand, JsonIsValidAndHoldsTheLift) {
  // Python's json module is the referee of validity.
  auto outcome = testing::run_shell(
      std::string(XSELLSIM_BINARY) + " compare --format json " + results() +
      " | /usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin); "
      "arms = d[\"points\"][0][\"arms\"]; "
      "print(arms[2][\"arm\"], arms[2][\"metrics\"][\"lift_90\"][\"low\"] is not None)'");
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_EQ(outcome.output, "late True\n");
}

TEST_F(CompareCommand, ReportsEveryPointOfASweep) {
  const std::string sweep = (directory_ / "sweep.h5").string();
  auto ran = testing::run_program("run " + kSweep + " --set population.size=500 -q -o " + sweep);
  ASSERT_EQ(ran.status, 0) << ran.output;
  auto outcome = testing::run_program("compare " + sweep, false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("point: sequences.accessories.steps.nudge.delay = \"1d\", "
                                "sequences.accessories.steps.offer.discount = 0.0"),
            std::string::npos)
      << outcome.output;
  EXPECT_NE(outcome.output.find(
                "nudge.delay = \"28d\", sequences.accessories.steps.offer.discount = 0.3"),
            std::string::npos);
}

// Issue 16, item 1: differences against any arm, saying what their intervals cover.
TEST_F(CompareCommand, DifferencesSayWhatTheirIntervalsCoverAndTakeAnyBaseline) {
  auto outcome = testing::run_program("compare " + results(), false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  for (const char* expected : {"incremental revenue per entrant", "extra complaints per entrant",
                               "95% intervals cover the simulation error of each figure for this "
                               "population",
                               "against holdout", "paired per customer"}) {
    EXPECT_NE(outcome.output.find(expected), std::string::npos) << expected << "\n"
                                                                << outcome.output;
  }
  outcome = testing::run_shell(
      std::string(XSELLSIM_BINARY) + " compare --format json --baseline early " + results() +
      " | /usr/bin/python3 -c 'import json, sys; p = json.load(sys.stdin)[\"points\"][0]; "
      "print(p[\"baseline\"], p[\"intervals\"][\"paired\"], "
      "p[\"arms\"][1][\"metrics\"][\"lift_90\"], "
      "p[\"arms\"][2][\"metrics\"][\"net_value_per_entrant\"][\"low\"] is not None)'");
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_EQ(outcome.output, "early True None True\n");
  outcome = testing::run_program("compare --baseline nosuch " + results());
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("--baseline: no arm named nosuch"), std::string::npos)
      << outcome.output;
}

// Issue 16, item 5: which arm, in every format.
TEST_F(CompareCommand, ChoosesAnArmInEveryFormat) {
  auto outcome = testing::run_program("compare " + results(), false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  for (const char* expected :
       {"Choosing on net value per entrant (USD) against holdout",
        "simultaneous 95% intervals over the arms (Bonferroni)", "Holm-adjusted", "P(best)"}) {
    EXPECT_NE(outcome.output.find(expected), std::string::npos) << expected << "\n"
                                                                << outcome.output;
  }
  const bool launch = outcome.output.find("\nLaunch ") != std::string::npos;
  const bool undecided =
      outcome.output.find("\nNo arm can be told apart at this precision") != std::string::npos;
  EXPECT_TRUE(launch || undecided) << outcome.output;
  outcome =
      testing::run_shell(std::string(XSELLSIM_BINARY) + " compare --format json " + results() +
                         " | /usr/bin/python3 -c 'import json, sys; c = "
                         "json.load(sys.stdin)[\"points\"][0][\"choice\"]; "
                         "print(sorted(c), float(round(sum(a[\"probability_best\"] for a in "
                         "c[\"arms\"].values()), 9)))'");
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_EQ(outcome.output,
            "['arms', 'best', 'lead', 'method', 'recommendation', 'runner_up', 'scale_needed', "
            "'separated'] 1.0\n");
  outcome = testing::run_program("compare --format csv " + results(), false);
  EXPECT_NE(outcome.output.find("\n0,late,,probability_best,"), std::string::npos);
  EXPECT_NE(outcome.output.find("\n0,late,,net_value_simultaneous,"), std::string::npos);
  EXPECT_NE(outcome.output.find("\n0,,,recommendation,"), std::string::npos);
}

// Issue 16, item 2: the plan of a live test, in every format.
TEST_F(CompareCommand, LivePlansATestOfNEntrants) {
  auto outcome =
      testing::run_program("compare --live 20000 --holdout-share 0.1 " + results(), false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  for (const char* expected :
       {"Live test of 20000 entrants, 10% held out (holdout)", "interval a test shows",
        "entrants needed", "Population sampling error of a real test"}) {
    EXPECT_NE(outcome.output.find(expected), std::string::npos) << expected << "\n"
                                                                << outcome.output;
  }
  outcome = testing::run_shell(
      std::string(XSELLSIM_BINARY) + " compare --format json --live 20000 " + results() +
      " | /usr/bin/python3 -c 'import json, sys; l = "
      "json.load(sys.stdin)[\"points\"][0][\"live\"]; "
      "a = l[\"arms\"][\"late\"]; "
      "print(l[\"customers\"], sorted(a), a[\"interval\"][\"low\"] < a[\"interval\"][\"high\"])'");
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_EQ(outcome.output, "20000 ['customers_needed', 'interval', 'mde', 'power'] True\n");
  outcome = testing::run_program("compare --format csv --live 20000 " + results(), false);
  EXPECT_NE(outcome.output.find("\n0,late,,live_power,"), std::string::npos) << outcome.output;
  outcome = testing::run_program("compare --live 20000 --holdout-share 1.5 " + results());
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("--holdout-share must be between 0 and 1"), std::string::npos)
      << outcome.output;
}

// Issue 16, item 8: sweeps for researchers.
TEST_F(CompareCommand, SweepRowsCarryTheirParametersAndOnePointCanBeChosen) {
  const std::string sweep = (directory_ / "sweep-rows.h5").string();
  ASSERT_EQ(
      testing::run_program("run " + kSweep + " --set population.size=300 -q -o " + sweep).status,
      0);
  auto outcome = testing::run_program("compare --format csv " + sweep, false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_EQ(outcome.output.rfind("point,sequences.accessories.steps.nudge.delay,"
                                 "sequences.accessories.steps.offer.discount,arm,step,metric,"
                                 "value,low,high\n",
                                 0),
            0u)
      << outcome.output.substr(0, 300);
  EXPECT_NE(outcome.output.find("\n14,28d,0.3,email,,lift_90,"), std::string::npos);
  // json: the values typed (a number, a string), and --point keeps one point.
  outcome = testing::run_shell(
      std::string(XSELLSIM_BINARY) + " compare --format json --point 14 " + sweep +
      " | /usr/bin/python3 -c 'import json, sys; p = json.load(sys.stdin)[\"points\"]; "
      "print(len(p), p[0][\"point\"], sorted(p[0][\"parameters\"].values(), key=str))'");
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_EQ(outcome.output, "1 14 [0.3, '28d']\n");
  outcome = testing::run_program("compare --point 15 " + sweep);
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("--point 15 is out of range: the file has 15 point(s), 0..14"),
            std::string::npos)
      << outcome.output;
  // tidy: every point x arm x replication x metric x day, once.
  outcome = testing::run_shell(
      std::string(XSELLSIM_BINARY) + " compare --format tidy " + sweep +
      " | /usr/bin/python3 -c 'import csv, sys, collections; "
      "rows = list(csv.DictReader(sys.stdin)); "
      "keys = collections.Counter((r[\"point\"], r[\"arm\"], r[\"replication\"], "
      "r[\"metric\"], r[\"day\"]) for r in rows); "
      "print(len({k[0] for k in keys}), sorted({k[1] for k in keys}), len({k[3] for k in keys}), "
      "len({k[4] for k in keys}), max(keys.values()), len(rows))'");
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  // 15 points, 2 arms, 2 curves + 18 daily series, 181 days (180d horizon + day 0), 1 replication.
  EXPECT_EQ(outcome.output,
            "15 ['email', 'holdout'] 20 181 1 " + std::to_string(15 * 2 * 20 * 181) + "\n");
}

TEST_F(CompareCommand, ForeignFilesExitTwo) {
  const std::string foreign = (directory_ / "foreign.h5").string();
  testing::run_shell("echo not hdf5 > " + foreign);
  auto outcome = testing::run_program("compare " + foreign);
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("not a results file"), std::string::npos) << outcome.output;
  EXPECT_EQ(testing::run_program("compare " + (directory_ / "missing.h5").string()).status, 2);
}

TEST(CommonRandomNumbers, PairedLiftVariesFarLessThanIndependentPopulations) {
  // The camera-accessories scenario, 30 replications of 4,000 customers. Paired: each
  // replication's late-arm conversion at day 90 minus the holdout's of the same replication (same
  // customers). Independent: minus the holdout's of the next replication (other customers). The
  // paired variance is about 20 times smaller here; the ratio of two sample variances with 29
  // degrees of freedom each falls below a quarter of its true value with probability 1.8e-4 (F
  // distribution), so a true ratio of 20 gives an observed ratio under 5 with at most that chance.
  scenarios::Scenario scenario = scenarios::load_scenario(kCamera, {"population.size=4000"});
  models::RunOptions options;
  options.seed = scenario.seed;
  options.replications = 30;
  options.threads = 2;
  const models::RunResult result = models::run(scenario.world, options);
  const std::size_t holdout = 0, late = 2;
  ASSERT_EQ(result.arm_names[late], "late");
  auto conversion = [&](std::size_t r, std::size_t arm) {
    return result.tallies[r][arm].conversion.cumulative_incidence()[90];
  };
  std::vector<double> paired, independent;
  for (std::size_t r = 0; r < 30; ++r) {
    paired.push_back(conversion(r, late) - conversion(r, holdout));
    independent.push_back(conversion(r, late) - conversion((r + 1) % 30, holdout));
  }
  auto variance = [](const std::vector<double>& x) {
    double mean = 0, squares = 0;
    for (double v : x) mean += v / static_cast<double>(x.size());
    for (double v : x) squares += (v - mean) * (v - mean);
    return squares / static_cast<double>(x.size() - 1);
  };
  const double ratio = variance(independent) / variance(paired);
  RecordProperty("variance_ratio", std::to_string(ratio));
  std::printf("independent / paired variance of the lift: %.1f\n", ratio);
  EXPECT_GE(ratio, 5.0);
}

// Issue 16, item 2: an arm that changes who enters is compared with its no-send twin. The
// browse-and-cart arm same_hour changes only the cart reminder's wait (1h instead of 1d); made to
// send nothing, it changes no customer's purchases, so its lift must be exactly 0. Against the
// holdout (other entrants: carts abandoned for an hour, not a day) selection alone shows as lift
// (+0.23 [+0.02, +0.43] points here, at 4,000 customers).
TEST(MatchedTwins, AnArmThatOnlyChangesWhoEntersAndSendsNothingHasNoLift) {
  scenarios::Scenario scenario = scenarios::load_scenario(
      XSELLSIM_SOURCE_DIR "/scenarios/examples/browse-and-cart.toml", {"population.size=4000"});
  auto& arms = scenario.world.arms;
  ASSERT_EQ(arms[2].name, "same_hour");
  arms[2].sends = false;
  models::RunOptions options;
  options.seed = scenario.seed;
  options.threads = 2;
  const models::RunResult result = models::run(scenario.world, options);
  ASSERT_EQ(result.arm_names.back(), "same_hour~no-send");
  EXPECT_EQ(result.twin_of.back(), "same_hour");
  const models::Comparison c = models::compare(result);
  ASSERT_EQ(c.arms.size(), 3u);  // the twin is the arm's baseline, not a column
  const models::ArmFigures& same_hour = c.arms[2];
  EXPECT_EQ(same_hour.baseline, "same_hour~no-send");
  for (const auto& e : {same_hour.lift, same_hour.incremental_revenue_per_entrant,
                        same_hour.incremental_cross_sell_margin_per_entrant}) {
    ASSERT_TRUE(e && e->low && e->high);
    EXPECT_EQ(e->value, 0.0);
    EXPECT_EQ(*e->low, 0.0);
    EXPECT_EQ(*e->high, 0.0);
  }
  // Against the holdout the selection alone shows as lift.
  const models::Comparison against_holdout = models::compare(result, 90, std::string("holdout"));
  const auto& biased = *against_holdout.arms[2].lift;
  std::printf("same_hour sending nothing, against the holdout: %+.2f [%+.2f, %+.2f] points\n",
              100 * biased.value, 100 * *biased.low, 100 * *biased.high);
  EXPECT_NE(biased.value, 0.0);
  // An arm with the holdout's entry rules gets no twin.
  EXPECT_EQ(std::count(result.twin_of.begin(), result.twin_of.end(), "next_day"), 0);
}

}  // namespace
}  // namespace xsellsim::tools

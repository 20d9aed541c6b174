// `xsellsim calibrate orders` end to end: the issue's figures on the online-retail log, a scenario
// that validates, runs, compares and is described, and bad logs that exit 2 and write nothing.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "program.hpp"

namespace xsellsim::tools {
namespace {

using testing::Outcome;
using testing::run_program;

const std::string kOnlineRetail = XSELLSIM_TEST_DATA "/online-retail/online_retail.csv.gz";
const std::string kSample = XSELLSIM_TEST_DATA "/online-retail/sample_2010-2011.csv.gz";

class CalibrateOrders : public testing::InTemporaryDirectory {
 protected:
  // The scenario's text, or "" when it was not written (nor its temporary file left behind).
  [[nodiscard]] std::string written() const {
    EXPECT_FALSE(std::filesystem::exists(path("out.toml.partial")));
    return std::filesystem::exists(path("out.toml")) ? testing::bytes(path("out.toml")) : "";
  }
  Outcome calibrate(const std::string& log, const std::string& options) {
    return run_program("calibrate orders " + log + " -o " + path("out.toml") + " " + options);
  }
  std::string write_log(const std::string& name, const std::string& text) {
    std::ofstream(path(name)) << text;
    return path(name);
  }
};

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// docs/calibration.md, "Complements": the buyers' side is the issue's to the tenth of a point; the
// baseline is higher than the issue's 5.3% and 3.4% because it is matched on the buyers' own
// orders, and these buyers order more often than the customers ordering on the same days
// (docs/calibration.md explains the difference).
TEST_F(CalibrateOrders, ReproducesTheIssueFiguresOnOnlineRetail) {
  Outcome outcome =
      calibrate(kOnlineRetail, "--cancel-prefix C --currency GBP --description Description");
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  const std::string scenario = written();
  // JUMBO BAG APPLES -> JUMBO BAG DOILEY PATTERNS
  EXPECT_TRUE(has(scenario,
                  "[products.23199.complements.23203]   # JUMBO BAG APPLES -> JUMBO BAG DOILEY "
                  "PATTERNS\n# 181 buyers: 25.4% bought it within 60 "
                  "days against 7.9% expected of their"))
      << scenario;
  // DOORMAT KEEP CALM AND COME IN -> GARDENERS KNEELING PAD KEEP CALM
  EXPECT_TRUE(has(scenario,
                  "[products.23284.complements.23301]   # DOORMAT KEEP CALM AND COME IN -> "
                  "GARDENERS KNEELING PAD KEEP CALM\n# 228 buyers: 14.9% bought it within 60 "
                  "days against 4.1% expected of their"))
      << scenario;
  // The 80 most-bought products: the issue measured +0.6 points.
  EXPECT_TRUE(has(outcome.output,
                  "6320 ordered pairs of the 80 most-bought products with at "
                  "least 30 buyers; median excess +0.37 points within 60 days"))
      << outcome.output;
  // Non-products are left out, the rest of the catalog pooled.
  EXPECT_TRUE(has(outcome.output, "1920 of non-product codes")) << outcome.output;
  EXPECT_FALSE(has(scenario, "[products.POST]"));
  EXPECT_TRUE(has(scenario, "[products.other]   # the other "));
  EXPECT_TRUE(has(scenario, "[products.23199]   # log code 23199: JUMBO BAG APPLES\n"));
}

TEST_F(CalibrateOrders, TheSampleScenarioValidatesRunsComparesAndIsDescribed) {
  Outcome outcome = calibrate(kSample, "--cancel-prefix C");
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  const std::string scenario = written();
  EXPECT_TRUE(has(scenario, "[segments.calibrated.purchasing]   # BG/NBD on order occasions"));
  EXPECT_TRUE(has(scenario, "trigger.products = [\"23199\"]")) << scenario;
  Outcome valid = run_program("validate " + path("out.toml"));
  EXPECT_EQ(valid.status, 0) << valid.output;
  Outcome ran =
      run_program("run " + path("out.toml") + " --set population.size=3000 -o " + path("out.h5"));
  ASSERT_EQ(ran.status, 0) << ran.output;
  Outcome compared = run_program("compare " + path("out.h5"));
  EXPECT_EQ(compared.status, 0) << compared.output;
  EXPECT_TRUE(has(compared.output, "holdout")) << compared.output;
  Outcome described = run_program("describe " + path("out.toml"));
  EXPECT_EQ(described.status, 0) << described.output;
  EXPECT_TRUE(has(described.output, "23199")) << described.output;
}

TEST_F(CalibrateOrders, ChecksTheForecastOutOfTime) {
  Outcome outcome = calibrate(kOnlineRetail,
                              "--cancel-prefix C --calibration-end 2011-08-31 "
                              "--forecast-end 2011-11-30");
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_TRUE(has(outcome.output,
                  "Out of time, 2011-09-01 .. 2011-11-30: the cohort's repeat "
                  "order occasions 4237 against 3283.1 forecast"))
      << outcome.output;
  // docs/calibration.md, "Out of time": the 30 edges' excesses shrunk towards the pairs' median
  // forecast 42.6 A-then-B purchases where 36 happened (Poisson standard error 6.0); as measured,
  // before the shrinkage, they forecast 116.2.
  EXPECT_TRUE(has(outcome.output,
                  "A-then-B purchases over the 30 edges (634 buyers of A from 2011-09-01 to "
                  "2011-10-01, each followed 60 days): 36 against 42.6 forecast (error +18.5%"))
      << outcome.output;
  EXPECT_TRUE(has(outcome.output, "before their shrinkage, 116.2 (+222.7%)")) << outcome.output;
  std::filesystem::remove(path("out.toml"));
  Outcome early =
      calibrate(kOnlineRetail, "--calibration-end 2011-08-31 --forecast-end 2011-09-30");
  EXPECT_EQ(early.status, 2) << early.output;
  EXPECT_TRUE(has(early.output, "--forecast-end:1:1: error: 2011-09-30 must be more than a window"))
      << early.output;
  EXPECT_EQ(written(), "");
}

TEST_F(CalibrateOrders, ACalibrationEndAfterTheLastOrderOrBeforeTheFirstIsAnError) {
  Outcome late = calibrate(kSample, "--calibration-end 2012-01-31");
  EXPECT_EQ(late.status, 2);
  EXPECT_TRUE(has(late.output,
                  "--calibration-end:1:1: error: 2012-01-31 is after the last order "
                  "in " +
                      kSample + " (2011-12-09): choose a date on or before it"))
      << late.output;
  EXPECT_EQ(written(), "");
  Outcome early = calibrate(kSample, "--calibration-end 2009-01-31");
  EXPECT_EQ(early.status, 2);
  EXPECT_TRUE(has(early.output,
                  "--calibration-end:1:1: error: no customer ordered by 2009-01-31 "
                  "(the first order is on 2010-12-01)"))
      << early.output;
  EXPECT_EQ(written(), "");
}

TEST_F(CalibrateOrders, ALogWithoutAPairThatHasSupportIsAnError) {
  const std::string log =
      write_log("few.csv",
                "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
                "1,10001,1,2011-01-01 10:00:00,2.5,1\n2,10002,1,2011-01-02,2.5,2\n"
                "3,10001,1,2011-03-05,2.5,1\n4,10002,1,2011-06-01,2.5,2\n");
  Outcome outcome = calibrate(log, "");
  EXPECT_EQ(outcome.status, 2) << outcome.output;
  EXPECT_TRUE(has(outcome.output, log + ": error: no complement pair has the support: of 0 "
                                        "pairs with at least 30 buyers"))
      << outcome.output;
  EXPECT_EQ(written(), "");
  const std::string fees =
      write_log("fees.csv",
                "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
                "1,POST,1,2011-01-01,18,1\n2,DOT,1,2011-01-02,5,\n");
  Outcome none = calibrate(fees, "");
  EXPECT_EQ(none.status, 2) << none.output;
  EXPECT_TRUE(has(none.output,
                  "error: no order line with a customer, a product code and a price "
                  "among the 2 rows"))
      << none.output;
}

TEST_F(CalibrateOrders, AColumnThatIsNotThereOrAnUnreadableTimeIsAnErrorWithItsPlace) {
  Outcome column = calibrate(kSample, "--customer Customer");
  EXPECT_EQ(column.status, 2);
  EXPECT_TRUE(has(column.output, "--customer:1:1: error: no column 'Customer' in the header of "))
      << column.output;
  EXPECT_EQ(written(), "");
  const std::string log =
      write_log("bad-time.csv",
                "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
                "1,10001,1,2011-01-01 10:00:00,2.5,1\n2,10002,1,2011-02-30x,2.5,2\n");
  Outcome time = calibrate(log, "");
  EXPECT_EQ(time.status, 2);
  EXPECT_TRUE(has(time.output, log + ":3:11: error: '2011-02-30x' is not a time in the format "
                                     "%Y-%m-%d"))
      << time.output;
  EXPECT_EQ(written(), "");
  Outcome nowhere = run_program("calibrate orders " + kSample + " -o /no/such/dir/out.toml");
  EXPECT_EQ(nowhere.status, 2) << nowhere.output;
}

// `calibrate LOG` (BG/NBD on a transaction log) keeps its required options beside `orders`.
TEST_F(CalibrateOrders, TheTransactionLogFormStillAsksForItsOptions) {
  Outcome outcome = run_program("calibrate " XSELLSIM_TEST_DATA
                                "/cdnow/CDNOW_sample.txt --customer-column 2 --date-column 3");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_TRUE(has(outcome.output, "--calibration-end is required")) << outcome.output;
  EXPECT_EQ(run_program("calibrate").status, 2);
}

}  // namespace
}  // namespace xsellsim::tools

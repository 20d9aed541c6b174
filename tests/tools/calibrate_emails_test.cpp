// `xsellsim calibrate emails`: from a simulated store's exported email events to the [engagement]
// and [fatigue] tables of a scenario.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "program.hpp"

namespace xsellsim::tools {
namespace {

class CalibrateEmails : public testing::InTemporaryDirectory {};

TEST_F(CalibrateEmails, PrintsTheEngagementTablesOfAnExportedLog) {
  ASSERT_EQ(testing::run_program("run " + testing::kCamera + " --set population.size=3000 -q -o " +
                                 path("out.h5") + " --export " + path("logs"))
                .status,
            0);
  const testing::Outcome outcome =
      testing::run_program("calibrate emails " + path("logs/email_events.csv.gz"), false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  for (const char* expected : {"[engagement]\n", "open_base ", "click_fatigue ",
                               "unsubscribe_open ", "[fatigue]\nhalf_life = \"", "engagement_sd"}) {
    EXPECT_NE(outcome.output.find(expected), std::string::npos) << expected << outcome.output;
  }
}

TEST_F(CalibrateEmails, ABadLogExitsTwoNamingItsPlace) {
  const std::string log = path("events.csv");
  std::ofstream(log) << "customer,time,sequence,step,event\n1,2025-01-01,s,a,opened\n";
  const testing::Outcome outcome = testing::run_program("calibrate emails " + log);
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.output.find(log + ":2:18: error: 'opened' is not an email event"),
            std::string::npos)
      << outcome.output;
}

TEST_F(CalibrateEmails, TheTransactionLogFitStillNeedsItsColumns) {
  const testing::Outcome outcome = testing::run_program("calibrate some.csv");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.output.find("--customer-column is required"), std::string::npos)
      << outcome.output;
}

}  // namespace
}  // namespace xsellsim::tools

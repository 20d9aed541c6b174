// `xsellsim describe`: the scenario in words, from the same checked Scenario the run uses.
#include <gtest/gtest.h>

#include "program.hpp"

namespace xsellsim::tools {
namespace {

const std::string kExamples = XSELLSIM_SOURCE_DIR "/scenarios/examples/";

TEST(DescribeCommand, TellsTheCustomersNeedsAndEveryArmsSteps) {
  auto outcome = testing::run_program("describe " + kExamples + "camera-accessories.toml", false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  for (const char* expected :
       {"20000 simulated customers over 180 days", "segment casual: 70% of customers",
        "buying camera creates a need for tripod with probability 0.6, formed after about 21 days",
        "Arm holdout", "sends nothing", "1. nudge 1 day after entry", "3. offer 7 days later",
        "15% off"}) {
    EXPECT_NE(outcome.output.find(expected), std::string::npos) << expected << "\n"
                                                                << outcome.output;
  }
}

TEST(DescribeCommand, ShowsEachDistributionWithItsSd) {
  auto outcome = testing::run_program(
      "describe " + kExamples +
          "camera-accessories.toml --set 'segments.casual.purchasing.r={mean = 0.243, sd = 0.013}'",
      false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("BG/NBD r 0.243,"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("- segments.casual.purchasing.r: 0.243 (sd 0.013)"),
            std::string::npos)
      << outcome.output;
}

TEST(DescribeCommand, NamesSignalTriggersAndOverrides) {
  auto outcome = testing::run_program("describe " + kExamples + "browse-and-cart.toml --set " +
                                          "sequences.cart_reminder.trigger.wait=3d",
                                      false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("is left in the cart for 3 days"), std::string::npos)
      << outcome.output;
  EXPECT_NE(outcome.output.find("after 3 visits within 7 days"), std::string::npos);
  EXPECT_NE(outcome.output.find("showing the product looked at"), std::string::npos);
}

TEST(DescribeCommand, SaysWhenABroadcastGoesOutAndWhoItPicks) {
  auto outcome = testing::run_program("describe " + kExamples + "spring-broadcast.toml", false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  for (const char* expected :
       {"starts on day 60, sent once to every subscriber who is a customer by then; a customer "
        "leaves on unsubscribing, or any purchase",
        "who bought cameras within the 60 days before, whose last purchase was at least 7 days "
        "before",
        "1. lens_offer at entry, showing lens, 10% off"}) {
    EXPECT_NE(outcome.output.find(expected), std::string::npos) << expected << "\n"
                                                                << outcome.output;
  }
}

TEST(DescribeCommand, SaysTheStagesOfAnEscalationWithTheirConditionsAndOffers) {
  auto outcome = testing::run_program("describe " + kExamples + "browse-bundle-trial.toml", false);
  ASSERT_EQ(outcome.status, 0) << outcome.output;
  for (const char* expected :
       {"sequence browse starts after 3 visits within 7 days to",
        "1. nudge 1 day after entry, showing the product looked at\n",
        // The plain arm comes first and shows every stage with its condition.
        "Arm soft",
        "2. trial 3 days later (day 4), showing the product looked at; only if not clicked nudge, "
        "else "
        "skipped",
        "3. offer 4 days later (day 8), showing the product looked at; only if not purchased, else "
        "skipped",
        // The product alone in use with a trial, then the 48-hour offer.
        "Arm single",
        "2. trial 3 days later (day 4), showing the product looked at, a free 14-day trial, a "
        "use-case "
        "demonstration; only if not clicked nudge, else skipped",
        "3. offer 4 days later (day 8), showing the product looked at, 15% off for 2 days; only if "
        "not "
        "purchased, else skipped",
        // The second stage as a bundle at 85% of its items' price.
        "Arm escalation", "2. trial 3 days later (day 4), showing a bundle of ",
        " at 85% of their price, a free 14-day trial, a use-case demonstration; only if not "
        "clicked nudge, else skipped"}) {
    EXPECT_NE(outcome.output.find(expected), std::string::npos) << expected << "\n"
                                                                << outcome.output;
  }
}

TEST(DescribeCommand, BadScenariosExitTwo) {
  auto outcome = testing::run_program("describe " + kExamples +
                                      "camera-accessories.toml --set population.horizn=3d");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.output.find("did you mean 'horizon'"), std::string::npos) << outcome.output;
}

}  // namespace
}  // namespace xsellsim::tools

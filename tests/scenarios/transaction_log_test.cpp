#include "scenarios/transaction_log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace xsellsim::scenarios {
namespace {

TEST(ParseDate, FollowsTheFormat) {
  EXPECT_EQ(parse_date("19700101", "%Y%m%d"), 0);
  EXPECT_EQ(parse_date("1970-01-02", "%Y-%m-%d"), 1);
  EXPECT_EQ(parse_date("01/03/1970", "%d/%m/%Y"), 59);
  EXPECT_FALSE(parse_date("1970-13-01", "%Y-%m-%d"));
  EXPECT_FALSE(parse_date("19700101x", "%Y%m%d"));
  EXPECT_FALSE(parse_date("1970011", "%Y%m%d"));
}

TEST(TransactionLog, MergesSameDayPurchasesAndStartsEachClockAtTheFirst) {
  auto path =
      std::filesystem::temp_directory_path() / ("log-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path) << "a,1997-01-01\na,1997-01-01\na,1997-01-15\nb,1997-01-08\n"
                         "a,1997-02-05\nb,1997-02-06\n";
  TransactionLogOptions options;
  options.file = path;
  options.customer_column = 1;
  options.date_column = 2;
  options.date_format = "%Y-%m-%d";
  options.calibration_end = "1997-01-29";
  CalibrationData data = read_transaction_log(options);
  std::filesystem::remove(path);
  ASSERT_EQ(data.histories.size(), 2u);
  EXPECT_EQ(data.histories[0].x, 1);  // a: 01-15 (the second 01-01 row is the same transaction)
  EXPECT_DOUBLE_EQ(data.histories[0].t_x, 2.0);
  EXPECT_DOUBLE_EQ(data.histories[0].T, 4.0);
  EXPECT_EQ(data.histories[1].x, 0);  // b
  EXPECT_DOUBLE_EQ(data.histories[1].T, 3.0);
  ASSERT_EQ(data.holdout_repeats.size(), 2u);  // 8 days after the end: 2 weeks
  EXPECT_EQ(data.holdout_repeats[0], 1);       // a on 02-05 (day 7)
  EXPECT_EQ(data.holdout_repeats[1], 1);       // b on 02-06 (day 8)
}

}  // namespace
}  // namespace xsellsim::scenarios

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

// Timestamps: a time of day after the date is ignored (purchases count by day), or read with
// %H, %M and %S; every other directive is refused up front.
TEST(ParseDate, TakesATimeOfDay) {
  EXPECT_EQ(parse_date("1970-01-02 10:23:45", "%Y-%m-%d"), 1);
  EXPECT_EQ(parse_date("1970-01-02 10:23", "%Y-%m-%d"), 1);
  EXPECT_EQ(parse_date("1970-01-02T10:23:45Z", "%Y-%m-%d"), 1);
  EXPECT_EQ(parse_date("1970-01-02T10:23:45.250+02:00", "%Y-%m-%d"), 1);
  EXPECT_EQ(parse_date("1970-01-02 23:59:59 -0500", "%Y-%m-%d"), 1);
  EXPECT_EQ(parse_date("19700102 102345", "%Y%m%d %H%M%S"), 1);
  EXPECT_EQ(parse_date("02/01/1970 10:23", "%d/%m/%Y %H:%M"), 1);
  EXPECT_EQ(parse_date("100%1970-01-02", "100%%%Y-%m-%d"), 1);
  EXPECT_FALSE(parse_date("1970-01-02 24:00", "%Y-%m-%d"));
  EXPECT_FALSE(parse_date("1970-01-02 10:60", "%Y-%m-%d"));
  EXPECT_FALSE(parse_date("1970-01-02 soon", "%Y-%m-%d"));
  EXPECT_FALSE(parse_date("1970-01-02 10:23 extra", "%Y-%m-%d %H:%M"));
  EXPECT_FALSE(parse_date("19700102 25", "%Y%m%d %H"));
}

TEST(CheckDateFormat, RefusesWhatItCannotRead) {
  EXPECT_NO_THROW(check_date_format("%Y%m%d"));
  EXPECT_NO_THROW(check_date_format("%d.%m.%Y %H:%M:%S"));
  for (const char* bad : {"%Y-%b-%d", "%Y-%m-%d %I:%M %p", "%Y-%m", "%Y-%m-%d%", "%Y%Y%m%d"}) {
    EXPECT_THROW(check_date_format(bad), InputError) << bad;
  }
  try {
    check_date_format("%Y-%m-%d %T");
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().front().format(),
              "--date-format:1:10: error: '%T' is not supported: a date format has %Y, %m and %d "
              "(4, 2 and 2 digits), optionally %H, %M and %S (a time of day, 2 digits each), %% "
              "and literal characters");
  }
}

class LogFile : public ::testing::Test {
 protected:
  CalibrationData read(const std::string& text, const std::string& end = "1997-01-29",
                       int customer = 1, int date = 2) {
    std::ofstream(path_, std::ios::binary) << text;
    TransactionLogOptions options;
    options.file = path_;
    options.customer_column = customer;
    options.date_column = date;
    options.date_format = "%Y-%m-%d";
    options.calibration_end = end;
    return read_transaction_log(options);
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_ =
      std::filesystem::temp_directory_path() / ("log-" + std::to_string(::getpid()) + ".csv");
};

// The same log as MergesSameDayPurchases... written as exports write it.
void expect_the_two_customers(const CalibrationData& data) {
  ASSERT_EQ(data.histories.size(), 2u);
  EXPECT_EQ(data.histories[0].x, 1);
  EXPECT_DOUBLE_EQ(data.histories[0].t_x, 2.0);
  EXPECT_DOUBLE_EQ(data.histories[0].T, 4.0);
  EXPECT_EQ(data.histories[1].x, 0);
  EXPECT_DOUBLE_EQ(data.histories[1].T, 3.0);
  ASSERT_EQ(data.holdout_repeats.size(), 2u);
  EXPECT_EQ(data.rows, 6);
}

TEST_F(LogFile, ReadsSemicolonsTabsQuotesAndTimesOfDay) {
  // Semicolons, decimal commas, quoted names holding the separator, timestamps.
  expect_the_two_customers(
      read("customer;date;amount\r\n"
           "\"Adams; A.\";1997-01-01 09:15:00;12,50\r\n"
           "\"Adams; A.\";1997-01-01 17:40:00;3,00\r\n"
           "\"Adams; A.\";\"1997-01-15 10:00:00\";1,00\r\n"
           "\"Baker \"\"B\"\"\";1997-01-08T08:00:00Z;4,00\r\n"
           "\"Adams; A.\";1997-02-05 12:00;2,00\r\n"
           "\"Baker \"\"B\"\"\";1997-02-06 23:59:59;9,99\r\n"));
  // Tabs, quoted fields holding commas.
  expect_the_two_customers(
      read("\"a, x\"\t1997-01-01 10:00\n\"a, x\"\t1997-01-01 11:00\n"
           "\"a, x\"\t1997-01-15 10:00\nb\t1997-01-08 10:00\n"
           "\"a, x\"\t1997-02-05 10:00\nb\t1997-02-06 10:00\n"));
  // Commas with quoted fields, and a date and time in separate columns (whitespace-separated).
  expect_the_two_customers(
      read("\"a\",\"1997-01-01\"\n\"a\",1997-01-01\n\"a\",1997-01-15\n"
           "b,1997-01-08\n\"a\",1997-02-05\n\"b\",1997-02-06\n"));
  expect_the_two_customers(
      read("a 1997-01-01 10:00\na 1997-01-01 11:00\na 1997-01-15 10:00\n"
           "b 1997-01-08 10:00\na 1997-02-05 10:00\nb 1997-02-06 10:00\n"));
}

TEST_F(LogFile, AnUnclosedQuoteIsAnErrorAtItsColumn) {
  try {
    read("a,1997-01-01\n\"b,1997-01-02\n");
    ADD_FAILURE() << "read";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().front().format(),
              path_.string() + ":2:1: error: a quoted field has no closing quote on its line");
  }
}

// A calibration end after the last order makes T count time the log does not cover: refused.
TEST_F(LogFile, RefusesACalibrationEndAfterTheLastTransaction) {
  const std::string log = "a,1997-01-01\na,1997-01-15\nb,1997-01-08\n";
  EXPECT_NO_THROW(read(log, "1997-01-15"));  // on the last day: no holdout, but T is right
  try {
    read(log, "2003-01-01");
    ADD_FAILURE() << "read";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().front().format(),
              "--calibration-end:1:1: error: 2003-01-01 is after the last transaction in " +
                  path_.string() + " (1997-01-15): choose a date on or before it");
  }
  EXPECT_THROW(read(log, "1997-01-16"), InputError);
}

}  // namespace
}  // namespace xsellsim::scenarios

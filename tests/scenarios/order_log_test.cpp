#include "scenarios/order_log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scenarios/transaction_log.hpp"

namespace xsellsim::scenarios {
namespace {

class OrderLogFile : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove(path_); }
  OrderLogOptions write(const std::string& text) {
    std::ofstream(path_) << text;
    OrderLogOptions options;
    options.file = path_;
    return options;
  }
  std::filesystem::path path_ =
      std::filesystem::temp_directory_path() / ("orders-" + std::to_string(::getpid()) + ".csv");
};

// The message of the InputError that reading throws, or "" when it reads.
std::string error_of(const OrderLogOptions& options) {
  try {
    read_order_log(options);
  } catch (const InputError& e) {
    return e.diagnostics().front().format();
  }
  return "";
}

const std::string kHeader =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n";

TEST_F(OrderLogFile, ReadsColumnsByNameWithQuotesAndTimesOfDay) {
  auto options = write(kHeader +
                       "1,85123A,\"HEART, WHITE\",6,2010-12-01 08:26:00,2.55,17850\n"
                       "1,POST,POSTAGE,1,2010-12-01 08:26:00,18,17850\n"
                       "2,71053,LANTERN,2,2010-12-03,3.39,\n"
                       "C3,85123A,\"HEART, WHITE\",-1,2010-12-05 10:00,2.55,17850\n"
                       "4,71053,LANTERN,1,2010-12-07T09:00:00,0,12000\n"
                       "5,71053,LANTERN,3,2010-12-08 09:00:00,3.39,12000\n");
  options.cancel_prefix.assign(1, 'C');  // (= "C" trips GCC 12's -Wrestrict)
  const OrderLog log = read_order_log(options);
  EXPECT_EQ(log.rows, 6);
  EXPECT_EQ(log.without_customer, 1);
  EXPECT_EQ(log.non_products, 1);   // POST
  EXPECT_EQ(log.without_price, 1);  // a price of 0
  EXPECT_EQ(log.returns, 1);
  ASSERT_EQ(log.history.lines.size(), 3u);
  EXPECT_EQ(log.history.customers, (std::vector<std::string>{"17850", "12000"}));
  EXPECT_EQ(log.history.products, (std::vector<std::string>{"85123A", "71053"}));
  EXPECT_EQ(log.history.lines[1].quantity, -1);
  EXPECT_EQ(log.history.lines[0].day, *parse_date("2010-12-01", "%Y-%m-%d"));
  EXPECT_EQ(log.first_day, *parse_date("2010-12-01", "%Y-%m-%d"));
  EXPECT_EQ(log.last_day, *parse_date("2010-12-08", "%Y-%m-%d"));
}

TEST_F(OrderLogFile, ACancellationPrefixMakesReturnsOfPositiveQuantities) {
  auto options = write(kHeader + "C1,85123A,x,2,2010-12-01,2.55,1\n");
  EXPECT_EQ(read_order_log(options).history.lines.front().quantity, 2);  // no prefix: a sale
  options.cancel_prefix.assign(1, 'C');  // (= "C" trips GCC 12's -Wrestrict)
  EXPECT_EQ(read_order_log(options).history.lines.front().quantity, -2);
}

TEST_F(OrderLogFile, ReadsSemicolonsTabsAndColumnNumbers) {
  auto options = write("7;2010-12-01;1A;2;1.5;o1\n8;2010-12-02;2A;1;3;o2\n");
  // Moved in from std::to_string: assigning the short literals trips GCC 12's -Wrestrict.
  options.customer = std::to_string(1);
  options.time = std::to_string(2);
  options.product = std::to_string(3);
  options.quantity = std::to_string(4);
  options.price = std::to_string(5);
  options.order = std::to_string(6);
  const OrderLog log = read_order_log(options);
  EXPECT_EQ(log.rows, 2);  // no header: the first line's time holds digits
  ASSERT_EQ(log.history.lines.size(), 2u);
  EXPECT_EQ(log.history.lines[1].unit_price, 3);
  auto tabs = write("c\tt\tp\tq\tu\to\n7\t2010-12-01\t1A\t2\t1.5\to1\n");
  tabs.customer = "c", tabs.time = "t", tabs.product = "p", tabs.quantity = "q";
  tabs.price = "u", tabs.order = "o";
  EXPECT_EQ(read_order_log(tabs).history.lines.size(), 1u);
}

TEST_F(OrderLogFile, ReadsGzip) {
  OrderLogOptions options;
  options.file = XSELLSIM_TEST_DATA "/online-retail/sample_2010-2011.csv.gz";
  options.cancel_prefix.assign(1, 'C');  // (= "C" trips GCC 12's -Wrestrict)
  const OrderLog log = read_order_log(options);
  EXPECT_EQ(log.rows, 194630);
  EXPECT_EQ(log.history.customers.size(), 2181u);  // of 2,187: 6 have no product line with a price
}

TEST_F(OrderLogFile, NamesTheFileLineAndColumnOfWhatItCannotRead) {
  const std::string file = path_.string();
  auto time = write(kHeader + "1,85123A,x,6,2010-12-01,2.55,1\n1,85123A,x,6,01/12/2010,2.55,1\n");
  EXPECT_EQ(error_of(time), file +
                                ":3:14: error: '01/12/2010' is not a time in the format "
                                "%Y-%m-%d (a time of day may follow the date)");
  auto quantity = write(kHeader + "1,85123A,x,six,2010-12-01,2.55,1\n");
  EXPECT_EQ(error_of(quantity), file + ":2:12: error: 'six' is not a number (quantity)");
  auto nan = write(kHeader + "1,85123A,x,6,2010-12-01,nan,1\n");
  EXPECT_EQ(error_of(nan), file + ":2:25: error: 'nan' is not a number (price)");
  auto short_row = write(kHeader + "1,85123A,x,6,2010-12-01\n");
  EXPECT_EQ(error_of(short_row), file +
                                     ":2:1: error: expected at least 6 columns, found 5 "
                                     "(--price is column 6)");
  auto quote = write(kHeader + "1,85123A,\"x,6,2010-12-01,2.55,1\n");
  EXPECT_EQ(error_of(quote),
            file + ":2:10: error: a quoted field has no closing quote on its line");
}

TEST_F(OrderLogFile, AColumnThatIsNotThereIsAnErrorAtItsOption) {
  auto options = write(kHeader + "1,85123A,x,6,2010-12-01,2.55,1\n");
  options.customer = "Customer ID";
  EXPECT_EQ(error_of(options), "--customer:1:1: error: no column 'Customer ID' in the header of " +
                                   path_.string() +
                                   " (its columns are InvoiceNo, StockCode, Description, "
                                   "Quantity, InvoiceDate, UnitPrice, CustomerID); did you mean "
                                   "'CustomerID'?");
  options.customer = "9";
  EXPECT_EQ(error_of(options),
            "--customer:1:1: error: column 9 is not there: " + path_.string() + " has 7 columns");
  options.customer = "CustomerID";
  options.time_format = "%d %b %Y";
  EXPECT_NE(error_of(options).find("--time-format:1:4: error: '%b' is not supported"),
            std::string::npos)
      << error_of(options);
  EXPECT_NE(error_of(write("")).find("the order log is empty"), std::string::npos);
  options.time_format = "%Y-%m-%d";
  options.file = "/no/such/log.csv";
  EXPECT_EQ(error_of(options), "/no/such/log.csv: error: cannot read the order log");
}

TEST(ProductCodes, TheDigitRuleLeavesOutPostageFeesAndVouchers) {
  for (const char* code : {"POST", "DOT", "M", "C2", "BANK CHARGES", "AMAZONFEE", "gift_0001_10",
                           "ADJUST", "TEST001", ""}) {
    EXPECT_FALSE(is_product_code(code, "digit")) << code;
  }
  for (const char* code : {"85123A", "23199", "90214Y"})
    EXPECT_TRUE(is_product_code(code, "digit"));
  EXPECT_TRUE(is_product_code("POST", "any"));
}

}  // namespace
}  // namespace xsellsim::scenarios

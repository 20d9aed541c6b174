// Reading an email-events log: an email's events gathered under its send, and each bad line an
// error at its file, line and column.
#include "scenarios/email_log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace xsellsim::scenarios {
namespace {

std::filesystem::path written(const std::string& text) {
  auto path =
      std::filesystem::temp_directory_path() / ("email-log-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::string& text) {
  const auto path = written(text);
  try {
    read_email_log(path);
  } catch (const InputError& e) {
    std::string message = e.diagnostics().front().format();
    return message.substr(message.find(':') + 1);  // without the temporary file's name
  }
  return "";
}

constexpr const char* kEmailLogHeader = "customer,arm,time,sequence,step,product,event\n";

TEST(EmailLog, GathersEachEmailsEventsUnderItsSend) {
  const auto path = written(std::string(kEmailLogHeader) +
                            "7,email,2025-01-02 10:00:00,s,one,tripod,send\n"
                            "7,email,2025-01-02 10:00:00,s,one,tripod,deliver\n"
                            "7,email,2025-01-02 10:00:00,s,one,tripod,open\n"
                            "8,email,2025-01-01,s,one,bag,send\n"
                            "7,email,2025-01-05 10:00:00,s,two,tripod,send\n"
                            "7,email,2025-01-05 10:00:00,s,two,tripod,deliver\n"
                            "7,email,2025-01-05 10:00:00,s,two,tripod,unsubscribe\n"
                            "7,email,2025-01-02 10:00:00,s,one,tripod,click\n"
                            "7,email,2025-01-06 09:00:00,s,two,tripod,order\n");
  const EmailLog log = read_email_log(path);
  ASSERT_EQ(log.histories.size(), 2u);
  const models::EmailHistory& seven = log.histories[0];
  ASSERT_EQ(seven.size(), 2u);
  EXPECT_EQ(seven[0].time, (20090L * 86400) + 10 * 3600);  // 2025-01-02 is day 20090 of 1970
  EXPECT_TRUE(seven[0].delivered && seven[0].opened && seven[0].clicked);
  EXPECT_FALSE(seven[0].unsubscribed);
  EXPECT_TRUE(seven[1].delivered && seven[1].unsubscribed && !seven[1].opened);
  EXPECT_EQ(seven[0].lead, seven[1].lead);  // both tripod
  EXPECT_NE(log.histories[1][0].lead, seven[0].lead);
  EXPECT_FALSE(log.histories[1][0].delivered);
  EXPECT_EQ(log.rows, 8);  // the order is skipped
}

TEST(EmailLog, BadLinesAreErrorsAtTheirPlace) {
  EXPECT_EQ(error_of("customer,time,step,event\n"),
            "1:1: error: the header has no column `sequence` (an email log needs customer, time, "
            "sequence, step and event)");
  EXPECT_EQ(error_of(std::string(kEmailLogHeader) + "7,email,2025-01-02,s,one,tripod,opne\n"),
            "2:33: error: 'opne' is not an email event (send, deliver, open, click, order, "
            "unsubscribe, complaint) (at event)");
  EXPECT_EQ(error_of(std::string(kEmailLogHeader) + "7,email,2025-01-02,s,one,tripod,open\n"),
            "2:33: error: a 'open' without its email's send (the same customer, time, sequence "
            "and step) on an earlier line (at event)");
  EXPECT_EQ(error_of(std::string(kEmailLogHeader) + "7,email,2025-13-02,s,one,tripod,send\n"),
            "2:9: error: '2025-13-02' is not a time YYYY-MM-DD[ HH:MM:SS] (at time)");
  EXPECT_EQ(error_of(std::string(kEmailLogHeader) + "7,email\n"),
            "2:8: error: the line has 2 fields, the header more");
  EXPECT_EQ(error_of(kEmailLogHeader), " error: the email log has no send");  // the whole file
  EXPECT_EQ(error_of(""), "1:1: error: the email log is empty");
}

}  // namespace
}  // namespace xsellsim::scenarios

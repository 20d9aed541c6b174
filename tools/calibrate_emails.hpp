#pragma once
// `xsellsim calibrate emails LOG`: fit the email response to an email-events log and print the
// [engagement] and [fatigue] tables. The flags are in tools/calibrate_command_line.cpp.
#include <string>

namespace xsellsim::tools {

struct EmailsArguments {
  std::string file;
  double complaint_threshold = 5.0;
};

int calibrate_emails(const EmailsArguments& args);  // 0; bad input throws

}  // namespace xsellsim::tools

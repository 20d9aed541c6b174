#pragma once
// Runs the xsellsim program as a user would, for the end-to-end tests.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace xsellsim::tools::testing {

struct Outcome {
  int status;          // exit status, -1 when killed
  std::string output;  // stdout, and stderr too when asked
};

inline Outcome run_program(const std::string& arguments, bool with_stderr = true) {
  std::string command =
      std::string(XSELLSIM_BINARY) + " " + arguments + (with_stderr ? " 2>&1" : " 2>/dev/null");
  std::FILE* pipe = popen(command.c_str(), "r");
  Outcome outcome{-1, ""};
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) outcome.output += buffer.data();
  int status = pclose(pipe);
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

}  // namespace xsellsim::tools::testing

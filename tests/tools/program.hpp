#pragma once
// Runs the xsellsim program as a user would, for the end-to-end tests.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern char** environ;

namespace xsellsim::tools::testing {

struct Outcome {
  int status;          // exit status, -1 when killed
  std::string output;  // stdout, and stderr too when asked
};

inline int exit_status(int wait_status) {
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
}

// Runs a whole shell command line (for ulimit, or arguments too long to quote by hand).
inline Outcome run_shell(const std::string& command, bool with_stderr = true) {
  std::FILE* pipe = popen((command + (with_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
  Outcome outcome{-1, ""};
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) outcome.output += buffer.data();
  outcome.status = exit_status(pclose(pipe));
  return outcome;
}

inline Outcome run_program(const std::string& arguments, bool with_stderr = true) {
  return run_shell(std::string(XSELLSIM_BINARY) + " " + arguments, with_stderr);
}

// The program started in the background (no shell between), for tests that signal it while it
// runs. Its stdout and stderr go to a pipe that finish() reads; a test that fails before then
// leaves no process behind: the destructor kills it.
class Started {
 public:
  explicit Started(const std::vector<std::string>& arguments) {
    std::vector<std::string> argv_strings{XSELLSIM_BINARY};
    argv_strings.insert(argv_strings.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    if (::pipe(out) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    output_ = ::fdopen(out[0], "r");
  }
  ~Started() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      finish();
    }
  }
  Started(const Started&) = delete;
  Started& operator=(const Started&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }

  // Waits for the program to end: its exit status (-1 when killed) and everything it printed.
  Outcome finish() {
    Outcome outcome{-1, ""};
    std::array<char, 4096> buffer{};
    while (output_ != nullptr && std::fgets(buffer.data(), buffer.size(), output_) != nullptr) {
      outcome.output += buffer.data();
    }
    if (output_ != nullptr) std::fclose(output_);
    output_ = nullptr;
    int status = 0;
    if (pid_ > 0 && ::waitpid(pid_, &status, 0) == pid_) outcome.status = exit_status(status);
    pid_ = -1;
    return outcome;
  }

 private:
  pid_t pid_ = -1;
  std::FILE* output_ = nullptr;
};

// Each of `words` appears in `text`, one after the other: a word missing or out of order fails
// (for the order of options in a --help text).
inline void expect_in_order(const std::string& text, const std::vector<std::string>& words) {
  std::size_t from = 0;
  for (const std::string& word : words) {
    const std::size_t at = text.find(word, from);
    ASSERT_NE(at, std::string::npos) << word << " missing after offset " << from << ":\n" << text;
    from = at + word.size();
  }
}

inline const std::string kCamera =
    XSELLSIM_SOURCE_DIR "/scenarios/examples/camera-accessories.toml";

inline std::string bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A fresh directory for each test's files, named after the test and removed after it.
class InTemporaryDirectory : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    directory_ = std::filesystem::temp_directory_path() /
                 ("xsellsim-test-" + std::to_string(::getpid()) + "-" + test->test_suite_name() +
                  "-" + test->name());
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }
  [[nodiscard]] std::string path(const std::string& name) const {
    return (directory_ / name).string();
  }
  std::filesystem::path directory_;
};

}  // namespace xsellsim::tools::testing

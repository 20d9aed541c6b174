#pragma once
// What the program shows while it works: a progress bar with the time left on a terminal (nothing
// when stderr is not one), and a flag that SIGINT and SIGTERM raise so a run stops cleanly.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace xsellsim::tools {

// Installs handlers for SIGINT and SIGTERM that set stop_requested(); returns the flag.
const std::atomic<bool>& install_stop_handlers();
// The signal that stopped the run (0 if none); exit status is 128 + it.
int stop_signal();

// "error:" in bold red when stderr is a terminal (and NO_COLOR is not set), plain otherwise, so
// that logs and pipes never see escape codes.
std::string error_label();
// A diagnostic line with its "error:" coloured the same way.
std::string colour_error(std::string line);

class ProgressBar {
 public:
  // Draws only when enabled and stderr is a terminal.
  ProgressBar(std::uint64_t total, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(std::uint64_t done);
  // For models::run's callback.
  static void callback(void* self, std::uint64_t done) {
    static_cast<ProgressBar*>(self)->update(done);
  }

 private:
  std::uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace xsellsim::tools

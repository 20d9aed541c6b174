#include "tools/terminal.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace xsellsim::tools {

namespace {
// A signal handler can reach only globals.
// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables)
std::atomic<bool> stop_flag{false};
std::atomic<int> received_signal{0};
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)

extern "C" void on_stop_signal(int signal_number) {
  received_signal = signal_number;
  stop_flag = true;
}
}  // namespace

const std::atomic<bool>& install_stop_handlers() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  return stop_flag;
}

int stop_signal() { return received_signal.load(); }

ProgressBar::ProgressBar(std::uint64_t total, bool enabled)
    : total_(total),
      enabled_(enabled && isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() {
  if (drawn_) fmt::print(stderr, "\r\033[K");
}

void ProgressBar::update(std::uint64_t done) {
  if (!enabled_ || total_ == 0) return;
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && done < total_) return;
  last_draw_ = now;
  drawn_ = true;
  double fraction = static_cast<double>(done) / static_cast<double>(total_);
  double elapsed = std::chrono::duration<double>(now - start_).count();
  double left = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  constexpr int kWidth = 30;
  int filled = static_cast<int>(fraction * kWidth);
  fmt::print(stderr, "\r[{:#<{}}{:<{}}] {:5.1f}%  {}/{} customer-lives  {:.0f}s left \033[K", "",
             filled, "", kWidth - filled, 100 * fraction, done, total_, left);
}

std::string error_label() {
  static const bool colour = ::isatty(STDERR_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  return colour ? "\033[1;31merror:\033[0m" : "error:";
}

std::string colour_error(std::string line) {
  if (auto at = line.find(": error: "); at != std::string::npos) {
    line.replace(at + 2, 6, error_label());
  }
  return line;
}

}  // namespace xsellsim::tools

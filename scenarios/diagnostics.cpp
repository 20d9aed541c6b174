#include "scenarios/diagnostics.hpp"

#include <fmt/format.h>

namespace xsellsim::scenarios {

std::string Diagnostic::format() const {
  std::string where = file;
  if (line > 0) where += fmt::format(":{}", line);
  if (line > 0 && column > 0) where += fmt::format(":{}", column);
  std::string text = fmt::format("{}: error: {}", where, message);
  if (!key.empty()) text += fmt::format(" (at {})", key);
  return text;
}

namespace {
std::string join(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += d.format();
  }
  return text;
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace xsellsim::scenarios

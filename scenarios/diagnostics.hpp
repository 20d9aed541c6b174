#pragma once
// Problems with user input, each tied to a place in a file: `FILE:LINE:COLUMN: error: WHAT (at
// KEY)`. Library code collects or throws them; only tools/ prints them and turns them into exit
// status 2.
#include <stdexcept>
#include <string>
#include <vector>

namespace xsellsim::scenarios {

struct Diagnostic {
  std::string file;
  long line = 0;    // 1-based; 0 when the problem has no line (a whole file)
  long column = 0;  // 1-based; 0 when unknown
  std::string message;
  std::string key;  // dotted path of the offending value, empty when none

  [[nodiscard]] std::string format() const;
};

// Thrown for bad input: carries every problem found, in file order.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  explicit InputError(Diagnostic diagnostic)
      : InputError(std::vector<Diagnostic>{std::move(diagnostic)}) {}
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace xsellsim::scenarios

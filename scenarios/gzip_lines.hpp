#pragma once
// Lines of a log file, gzipped or not (zlib reads plain files as they are), for the readers of
// the logs `calibrate` takes (order_log.cpp, email_log.cpp). Problems are InputErrors naming the
// file and what it is.
#include <fmt/format.h>
#include <zlib.h>

#include <array>
#include <string>

#include "scenarios/diagnostics.hpp"

namespace xsellsim::scenarios {

class GzipLines {
 public:
  // `what` names the file in messages: "the order log".
  GzipLines(std::string file, std::string what)
      : file_(std::move(file)), what_(std::move(what)), gz_(gzopen(file_.c_str(), "rb")) {
    if (gz_ == nullptr) throw InputError(Diagnostic{file_, 0, 0, "cannot read " + what_, ""});
  }
  ~GzipLines() { gzclose(gz_); }
  GzipLines(const GzipLines&) = delete;
  GzipLines& operator=(const GzipLines&) = delete;
  GzipLines(GzipLines&&) = delete;
  GzipLines& operator=(GzipLines&&) = delete;

  // The next line without its '\n'; false at the end of the file.
  bool next(std::string& line) {
    line.clear();
    std::array<char, 8192> buffer{};
    while (gzgets(gz_, buffer.data(), static_cast<int>(buffer.size())) != nullptr) {
      line += buffer.data();
      if (!line.empty() && line.back() == '\n') {
        line.pop_back();
        return true;
      }
    }
    int error = Z_OK;
    const char* message = gzerror(gz_, &error);
    if (error != Z_OK && error != Z_STREAM_END) {
      throw InputError(
          Diagnostic{file_, 0, 0, fmt::format("cannot read {}: {}", what_, message), ""});
    }
    return !line.empty();
  }

 private:
  std::string file_, what_;
  gzFile gz_;
};

}  // namespace xsellsim::scenarios

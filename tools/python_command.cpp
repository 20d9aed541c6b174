#include "tools/python_command.hpp"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "output/results_file.hpp"
#include "scenarios/diagnostics.hpp"
#include "tools/python_scripts.hpp"

namespace xsellsim::tools {

namespace {

namespace fs = std::filesystem;

constexpr const char* kPackages = "python3-matplotlib python3-numpy";

scenarios::InputError bad_file(const fs::path& results, std::string message) {
  // FormatError messages start with the file name; the diagnostic prints it once.
  const std::string prefix = results.string() + ": ";
  if (message.starts_with(prefix)) message.erase(0, prefix.size());
  return scenarios::InputError(scenarios::Diagnostic{results.string(), 0, 0, message, ""});
}

// A directory of our own under $TMPDIR, removed with everything in it when done.
class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    std::string pattern = (fs::temp_directory_path() / "xsellsim-python-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::system_error(
          errno, std::generic_category(),
          "cannot create a temporary directory in " + fs::temp_directory_path().string());
    }
    path_ = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

output::ResultsFile check_results_file(const fs::path& results, long point) {
  output::ResultsFile file;
  try {
    file = output::read_results(results);
  } catch (const output::FormatError& e) {
    throw bad_file(results, e.what());
  }
  const auto count = static_cast<long>(file.points.size());
  if (point < 0 || point >= count) {
    throw bad_file(results, fmt::format("--point {} is out of range: the file has {} point{} "
                                        "(0..{})",
                                        point, count, count == 1 ? "" : "s", count - 1));
  }
  return file;
}

void check_output_directory(const fs::path& output) {
  const fs::path directory = output.parent_path().empty() ? fs::path(".") : output.parent_path();
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    throw std::runtime_error(
        fmt::format("cannot write {}: no such directory {}", output.string(), directory.string()));
  }
}

std::string python_interpreter() {
  const char* chosen = std::getenv("XSELLSIM_PYTHON");
  return chosen != nullptr && *chosen != '\0' ? chosen : "/usr/bin/python3";
}

int run_embedded_python(const std::string& script, const std::string& data,
                        const std::vector<std::string>& arguments) {
  const std::string interpreter = python_interpreter();
  if (::access(interpreter.c_str(), X_OK) != 0) {
    throw std::runtime_error(fmt::format(
        "{} not found: drawing needs Python 3 with matplotlib and numpy; install them with "
        "`apt-get install {}` (or run ./tools/setup), or point XSELLSIM_PYTHON at a python3 "
        "that has them",
        interpreter, kPackages));
  }
  TemporaryDirectory directory;
  for (const auto& embedded : embedded::kPythonScripts) {
    std::ofstream out(directory.path() / embedded.name, std::ios::binary);
    out.write(embedded.text.data(), static_cast<std::streamsize>(embedded.text.size()));
    if (!out.flush()) {
      throw std::runtime_error("cannot write " + (directory.path() / embedded.name).string());
    }
  }
  const fs::path data_file = directory.path() / "data.json";
  if (!(std::ofstream(data_file, std::ios::binary) << data).flush()) {
    throw std::runtime_error("cannot write " + data_file.string());
  }
  // -E and -s: ignore PYTHON* variables and the user's site-packages, which may belong to another
  // Python (PYTHONHOME of a separate build would break Debian's); -B: no __pycache__ to write.
  std::vector<std::string> words{
      interpreter, "-E", "-s", "-B", (directory.path() / script).string(), data_file.string()};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  argv.reserve(words.size() + 1);
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (int error = ::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
      error != 0) {
    throw std::system_error(error, std::generic_category(), "cannot start " + interpreter);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  fmt::print(stderr, "xsellsim: error: {} was killed by signal {}\n", interpreter,
             WTERMSIG(status));
  return 1;
}

int draw_with_python(const DrawingRequest& request) {
  const output::ResultsFile file = check_results_file(request.results, request.point);
  check_output_directory(request.output);
  std::string data;
  try {
    data = drawing_json(request.results, file,
                        {static_cast<std::size_t>(request.point), request.live, 0.5});
  } catch (const std::invalid_argument& e) {
    throw bad_file(request.results, e.what());
  }
  if (!request.data.empty()) {
    check_output_directory(request.data);
    if (!(std::ofstream(request.data, std::ios::binary) << data).flush()) {
      throw std::runtime_error("cannot write " + request.data.string());
    }
  }
  const int status = run_embedded_python(request.script, data, {"-o", request.output.string()});
  if (status == 0) fmt::print("wrote {}\n", request.output.string());
  return status;
}

}  // namespace xsellsim::tools

// `xsellsim report`: one self-contained HTML page about a results file (docs/report.md): every
// figure computed here (tools/drawing_data.hpp, the same as `compare`), laid out by
// tools/python/xsellsim_report.py (embedded in the binary).
#include "tools/report.hpp"

#include <filesystem>
#include <optional>

#include "tools/python_command.hpp"

namespace xsellsim::tools {

int report(const ReportArguments& args) {
  std::filesystem::path output = args.output;
  if (output.empty()) output = std::filesystem::path(args.results).replace_extension(".html");
  return draw_with_python(
      {"xsellsim_report.py", args.results, output, args.point, args.live, args.data});
}

}  // namespace xsellsim::tools

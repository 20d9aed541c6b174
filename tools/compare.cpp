// `xsellsim compare OUT.h5`: every arm with 95% intervals, its lift over the holdout, and each
// step's attributed revenue beside its true incremental revenue (models/comparison.hpp), as an
// aligned table, CSV or JSON, for every point of a sweep. This file reads the options and picks
// the points; tools/compare_{rows,table,csv,json}.cpp render.
#include "tools/compare.hpp"

#include <fmt/format.h>

#include <optional>
#include <stdexcept>

#include "models/comparison.hpp"
#include "models/live_test.hpp"
#include "output/results_file.hpp"
#include "tools/compare_csv.hpp"
#include "tools/compare_json.hpp"
#include "tools/compare_table.hpp"
#include "tools/summary.hpp"
#include "tools/terminal.hpp"

namespace xsellsim::tools {

namespace {

// The points to show: all, or the one --point names.
std::optional<std::vector<std::size_t>> chosen_points(const CompareArguments& args,
                                                      const output::ResultsFile& file) {
  std::vector<std::size_t> points;
  if (!args.point) {
    for (std::size_t k = 0; k < file.points.size(); ++k) points.push_back(k);
    return points;
  }
  if (*args.point >= file.points.size()) {
    fmt::print(stderr,
               "xsellsim: {} {}: --point {} is out of range: the file has {} point(s), 0..{}\n",
               error_label(), args.file, *args.point, file.points.size(), file.points.size() - 1);
    return std::nullopt;
  }
  return std::vector<std::size_t>{*args.point};
}

// Bad options (--baseline naming no arm, a --live design out of range) exit 2 before anything is
// printed. [k]: the comparison of point k (empty for the points not shown).
std::optional<std::vector<models::Comparison>> comparisons_of(
    const CompareArguments& args, const output::ResultsFile& file,
    const std::vector<std::size_t>& points) {
  std::vector<models::Comparison> comparisons(file.points.size());
  try {
    if (const auto design = args.design()) models::plan_live_test(0.5, 0.5, *design);
    for (std::size_t k : points) {
      comparisons[k] = models::compare(file.points[k].result, args.day, args.baseline);
    }
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "xsellsim: {} {}: {}\n", error_label(), args.file, e.what());
    return std::nullopt;
  }
  return comparisons;
}

void print_json(const CompareArguments& args, const output::ResultsFile& file,
                const std::vector<models::Comparison>& comparisons,
                const std::vector<std::size_t>& shown) {
  fmt::print("{}\n", compare_json(file, comparisons, shown, args.day, args.design()));
}

void print_csv(const CompareArguments& args, const output::ResultsFile& file,
               const std::vector<models::Comparison>& comparisons,
               const std::vector<std::size_t>& shown) {
  fmt::print("point{},arm,step,metric,value,low,high\n", csv_header_parameters(file));
  for (std::size_t k : shown) {
    const std::string prefix = csv_prefix(k, file.points[k]);
    print_csv_rows(comparisons[k], file.metadata.currency, prefix);
    if (const auto design = args.design()) print_live_csv(comparisons[k], *design, prefix);
  }
}

void print_tables(const CompareArguments& args, const output::ResultsFile& file,
                  const std::vector<models::Comparison>& comparisons,
                  const std::vector<std::size_t>& shown) {
  for (std::size_t k : shown) {
    if (!file.points[k].parameters.empty()) {
      fmt::print("{}{}\n", k == shown.front() ? "" : "\n", point_label(file.points[k].parameters));
    }
    print_table(comparisons[k], file.metadata.currency);
    if (const auto design = args.design()) print_live_table(comparisons[k], *design);
  }
}

}  // namespace

int compare_file(const CompareArguments& args) {
  const output::ResultsFile file = output::read_results(args.file);
  const auto shown = chosen_points(args, file);
  if (!shown) return 2;
  if (args.format == "tidy") {
    print_tidy(file, *shown);
    return 0;
  }
  const auto comparisons = comparisons_of(args, file, *shown);
  if (!comparisons) return 2;
  if (args.format == "json") {
    print_json(args, file, *comparisons, *shown);
  } else if (args.format == "csv") {
    print_csv(args, file, *comparisons, *shown);
  } else {
    print_tables(args, file, *comparisons, *shown);
  }
  return 0;
}

}  // namespace xsellsim::tools

// `xsellsim run`: load a scenario, simulate every arm, write the HDF5 results, print a summary.
#include "tools/run.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <filesystem>
#include <limits>
#include <optional>

#include "models/export.hpp"
#include "models/runner.hpp"
#include "output/log_export.hpp"
#include "output/results_file.hpp"
#include "scenarios/limits.hpp"
#include "scenarios/scenario.hpp"
#include "sim/parallel.hpp"
#include "tools/cluster.hpp"
#include "tools/resume.hpp"
#include "tools/summary.hpp"
#include "tools/terminal.hpp"

namespace xsellsim::tools {

namespace {

ResumeMode resume_mode(const RunArguments& args) {
  if (args.resume) return ResumeMode::kResume;
  if (args.resume_if_possible) return ResumeMode::kIfPossible;
  if (args.restart) return ResumeMode::kRestart;
  return ResumeMode::kRefuse;
}

std::filesystem::path output_path(const RunArguments& args) {
  if (!args.output.empty()) return args.output;
  return std::filesystem::path(args.scenario).stem().string() + ".h5";
}

void refuse_to_overwrite(const std::filesystem::path& path, bool force) {
  if (!force && std::filesystem::exists(path)) {
    throw scenarios::InputError(scenarios::Diagnostic{
        path.string(), 0, 0, "output file exists; pass --force to overwrite it", ""});
  }
}

// --seed as `seed = ...` in the scenario: an integer in [0, 2^63 - 1]. (Read as an unsigned
// number, "-1" once wrapped to 18446744073709551615.)
std::uint64_t seed_of(const std::string& text) {
  constexpr std::int64_t kMost = std::numeric_limits<std::int64_t>::max();
  std::int64_t value = 0;
  const std::string_view digits = text;
  const auto [end, error] = std::from_chars(digits.begin(), digits.end(), value);
  const bool integer = !text.empty() && end == digits.end();
  if (integer && error == std::errc() && value >= 0) return static_cast<std::uint64_t>(value);
  std::string why = integer || error == std::errc::result_out_of_range
                        ? fmt::format("{} is out of range: must be in [0, {}]", text, kMost)
                        : fmt::format("'{}' is not an integer", text);
  throw scenarios::InputError(scenarios::Diagnostic{"--seed", 0, 0, std::move(why), ""});
}

// Before simulating: a results file whose folder does not exist could only fail at the end.
void refuse_missing_folder(const std::filesystem::path& path) {
  const std::filesystem::path folder = path.parent_path();
  std::error_code error;
  if (!folder.empty() && !std::filesystem::exists(folder, error) && !error) {
    throw scenarios::InputError(scenarios::Diagnostic{
        path.string(), 0, 0,
        fmt::format("the output folder {} does not exist; create it first", folder.string()), ""});
  }
}

// --replications comes after the scenario's own check of the run's size: check it again.
void check_limits(std::span<const models::PointSpec> points) {
  std::vector<scenarios::Diagnostic> problems;
  for (const auto& over : scenarios::over_limits(points)) {
    problems.push_back({"--replications", 0, 0, over.message, ""});
  }
  if (!problems.empty()) throw scenarios::InputError(std::move(problems));
}

void print_stats(const models::RunStats& stats, double seconds, unsigned threads) {
  fmt::print(stderr,
             "stats: {} events, {} customer-lives, {:.3f} s wall on {} thread(s): {:.3g} events/s, "
             "{:.3g} customer-lives/s\n",
             stats.events, stats.customers, seconds, threads,
             static_cast<double>(stats.events) / seconds,
             static_cast<double>(stats.customers) / seconds);
}

// On a cluster, sums every rank's partial tallies of every point into rank 0's results.
std::vector<models::RunResult> gather(std::vector<models::RunResult> partial) {
  if (cluster().size() == 1) return partial;
  std::vector<std::int64_t> counts;
  for (const auto& result : partial) {
    auto more = result.counts();
    counts.insert(counts.end(), more.begin(), more.end());
  }
  cluster().sum_to_root(counts);
  if (!cluster().is_root()) return partial;
  std::size_t offset = 0;
  for (auto& result : partial) {
    const std::size_t length = result.counts().size();
    result.clear_counts();
    result.add_counts({counts.begin() + static_cast<std::ptrdiff_t>(offset),
                       counts.begin() + static_cast<std::ptrdiff_t>(offset + length)});
    offset += length;
  }
  return partial;
}

// --export writes the logs of one world: a sweep must be narrowed to one point first, and the
// files are not overwritten without --force.
void check_export(const RunArguments& args, const scenarios::Scenario& scenario) {
  if (!args.export_directory) return;
  const std::filesystem::path directory = *args.export_directory;
  if (!scenario.sweep.empty()) {
    throw scenarios::InputError(scenarios::Diagnostic{
        args.scenario, 0, 0,
        fmt::format("--export writes the logs of one world, and this scenario sweeps {} points: "
                    "fix the swept values with --set, or run without --export",
                    scenario.sweep.size()),
        "sweep"});
  }
  refuse_to_overwrite(directory / "orders.csv.gz", args.force);
}

// The logs of replication 1, customer by customer (docs/export.md).
void export_logs(const RunArguments& args, const scenarios::Scenario& scenario,
                 std::uint64_t seed) {
  output::LogExport log(*args.export_directory, scenario.world);
  models::export_lives(scenario.world, seed, 0, log);
  log.finish();
  if (!args.quiet) fmt::print("exported the logs of replication 1 to {}\n", *args.export_directory);
}

// The points to run: the sweep's, or the scenario itself as the only point.
std::vector<models::PointSpec> point_specs(const scenarios::Scenario& scenario,
                                           std::optional<int> replications) {
  std::vector<models::PointSpec> specs;
  if (scenario.sweep.empty()) {
    specs.push_back({&scenario.world, replications.value_or(scenario.replications)});
  }
  for (const auto& point : scenario.sweep) {
    specs.push_back({&point.world, replications.value_or(point.replications)});
  }
  return specs;
}

// The progress bar's total: customers of all points and replications.
std::uint64_t customers(const std::vector<models::PointSpec>& specs) {
  std::uint64_t total = 0;
  for (const auto& spec : specs) {
    total += spec.world->population.size * static_cast<std::uint64_t>(spec.replications);
  }
  return total;
}

models::RunStats total_stats(const std::vector<models::RunResult>& results) {
  models::RunStats total;
  for (const auto& result : results) {
    total.customers += result.stats.customers;
    total.events += result.stats.events;
  }
  return total;
}

// --parameter-draws K: the scenario again for each block, its distributions' draws set as --set
// overrides (so that a draw meets every check a written value meets), and the draws for the
// results file. Block b draws from streams keyed by (seed, b): the same for any thread count.
struct ParameterBlocks {
  std::vector<scenarios::Scenario> scenarios;  // [block]
  output::ParameterDraws draws;
};

ParameterBlocks parameter_blocks(const RunArguments& args, const scenarios::Scenario& scenario,
                                 std::uint64_t seed) {
  ParameterBlocks blocks;
  if (!args.parameter_draws) return blocks;
  const auto& uncertain = scenario.uncertain;
  if (uncertain.empty()) {
    throw scenarios::InputError(scenarios::Diagnostic{
        "--parameter-draws", 0, 0,
        "the scenario has no value written as a distribution, {mean = M, sd = S}, to draw", ""});
  }
  for (const auto& value : uncertain) {
    blocks.draws.keys.push_back(value.key);
    blocks.draws.means.push_back(value.distribution.mean);
    blocks.draws.sds.push_back(value.distribution.sd);
  }
  for (std::size_t b = 0; b < static_cast<std::size_t>(*args.parameter_draws); ++b) {
    std::vector<double> draws = scenarios::draw_block(uncertain, seed, b);
    std::vector<std::string> overrides = args.overrides;
    for (std::string& assignment : scenarios::draw_assignments(uncertain, draws)) {
      overrides.push_back(std::move(assignment));
    }
    blocks.scenarios.push_back(scenarios::load_scenario(args.scenario, overrides));
    blocks.draws.values.push_back(std::move(draws));
  }
  return blocks;
}

// Each point's replications are K blocks of R / K: R must be a multiple of K.
void attach_blocks(const std::vector<models::PointSpec>& specs, const ParameterBlocks& blocks,
                   models::RunOptions& options) {
  const std::size_t k = blocks.scenarios.size();
  if (k == 0) return;
  for (std::size_t p = 0; p < specs.size(); ++p) {
    if (static_cast<std::size_t>(specs[p].replications) % k != 0) {
      throw scenarios::InputError(scenarios::Diagnostic{
          "--parameter-draws", 0, 0,
          fmt::format("{} replications cannot be cut into {} blocks of equal size: give "
                      "--replications a multiple of {}",
                      specs[p].replications, k, k),
          ""});
    }
    auto& worlds = options.parameter_blocks.emplace_back();
    for (const auto& block : blocks.scenarios) {
      worlds.push_back(block.sweep.empty() ? &block.world : &block.sweep[p].world);
    }
  }
}

}  // namespace

int run_scenario(const RunArguments& args) {
  scenarios::Scenario scenario = scenarios::load_scenario(args.scenario, args.overrides);
  const auto path = output_path(args);
  refuse_to_overwrite(path, args.force);
  refuse_missing_folder(path);
  check_export(args, scenario);

  models::RunOptions options;
  options.seed = args.seed ? seed_of(*args.seed) : scenario.seed;
  options.replications = args.replications.value_or(scenario.replications);
  options.threads = args.threads;
  options.stop = &install_stop_handlers();
  options.rank = cluster().rank();
  options.ranks = cluster().size();

  const auto specs = point_specs(scenario, args.replications);
  if (args.replications) check_limits(specs);
  const ParameterBlocks blocks = parameter_blocks(args, scenario, options.seed);
  attach_blocks(specs, blocks, options);
  std::size_t units = 0;
  for (const auto& spec : specs) units += static_cast<std::size_t>(spec.replications);
  std::string identity =
      fmt::format("{}\nseed {}\n{}\n", scenario.resolved_toml, options.seed, XSELLSIM_VERSION);
  for (const auto& spec : specs) identity += fmt::format("{} ", spec.replications);
  if (args.parameter_draws) identity += fmt::format("\nparameter draws {}", *args.parameter_draws);
  Checkpointing checkpoints(path, identity, resume_mode(args), units, cluster().size() == 1);
  checkpoints.attach(options);
  auto start = std::chrono::steady_clock::now();
  std::vector<models::RunResult> results;
  try {
    ProgressBar progress(customers(specs), !args.quiet && cluster().is_root());
    results = gather(models::run_points(specs, options, ProgressBar::callback, &progress));
  } catch (const models::RunStopped&) {
    checkpoints.stopped();
    fmt::print(stderr, "xsellsim: stopped by signal {}; nothing written{}\n", stop_signal(),
               checkpoints.saved_units() > 0
                   ? fmt::format(" ({} of {} replications saved in {}: --resume continues)",
                                 checkpoints.saved_units(), units, checkpoints.path().string())
                   : "");
    return 128 + stop_signal();
  }
  checkpoints.restore(results);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!cluster().is_root()) return 0;  // rank 0 alone writes and prints

  const models::RunStats totals = total_stats(results);  // before the results move into points
  output::RunMetadata metadata{scenario.resolved_toml, options.seed, XSELLSIM_VERSION,
                               scenario.currency};
  std::vector<output::SweepPoint> points;
  for (std::size_t k = 0; k < results.size(); ++k) {
    auto parameters = scenario.sweep.empty() ? decltype(scenario.sweep[0].parameters){}
                                             : scenario.sweep[k].parameters;
    points.push_back({std::move(parameters), std::move(results[k])});
  }
  output::write_results(path, metadata, points, blocks.draws);
  checkpoints.remove();
  if (!args.quiet) {
    for (const auto& point : points) {
      if (!point.parameters.empty()) fmt::print("\n{}\n", point_label(point.parameters));
      print_summary(stdout, point.result, scenario.currency);
    }
    fmt::print("wrote {}\n", path.string());
  }
  if (args.stats) print_stats(totals, seconds, options.threads);
  if (args.export_directory) export_logs(args, scenario, options.seed);
  return 0;
}

}  // namespace xsellsim::tools

// `xsellsim run`: load a scenario, simulate every arm, write the HDF5 results, print a summary.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

#include "models/runner.hpp"
#include "output/results_file.hpp"
#include "scenarios/scenario.hpp"
#include "sim/parallel.hpp"
#include "tools/cluster.hpp"
#include "tools/commands.hpp"
#include "tools/summary.hpp"
#include "tools/terminal.hpp"

namespace xsellsim::tools {

namespace {

struct RunArguments {
  std::string scenario;
  std::string output;
  std::vector<std::string> overrides;
  unsigned threads = sim::hardware_threads();
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  bool force = false;
  bool stats = false;
  bool quiet = false;
};

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

void print_stats(const models::RunStats& stats, double seconds, unsigned threads) {
  fmt::print(stderr,
             "stats: {} events, {} customer-lives, {:.3f} s wall on {} thread(s): {:.3g} events/s, "
             "{:.3g} customer-lives/s\n",
             stats.events, stats.customers, seconds, threads,
             static_cast<double>(stats.events) / seconds,
             static_cast<double>(stats.customers) / seconds);
}

// On a cluster, sums every rank's partial tallies into rank 0's result.
models::RunResult gather(models::RunResult partial) {
  if (cluster().size() == 1) return partial;
  std::vector<std::int64_t> counts = partial.counts();
  cluster().sum_to_root(counts);
  if (!cluster().is_root()) return partial;
  models::RunResult total = partial;
  total.stats = {};
  for (auto& replication : total.tallies) {
    for (auto& tally : replication) tally = models::ArmTally(total.days);
  }
  total.add_counts(counts);
  return total;
}

int run_scenario(const RunArguments& args) {
  scenarios::Scenario scenario = scenarios::load_scenario(args.scenario, args.overrides);
  const auto path = output_path(args);
  refuse_to_overwrite(path, args.force);

  models::RunOptions options;
  options.seed = args.seed.value_or(scenario.seed);
  options.replications = args.replications.value_or(scenario.replications);
  options.threads = args.threads;
  options.stop = &install_stop_handlers();
  options.rank = cluster().rank();
  options.ranks = cluster().size();

  auto start = std::chrono::steady_clock::now();
  models::RunResult result;
  try {
    ProgressBar progress(scenario.world.population.size * scenario.world.arms.size() *
                             static_cast<std::uint64_t>(options.replications),
                         !args.quiet && cluster().is_root());
    result = gather(models::run(scenario.world, options, ProgressBar::callback, &progress));
  } catch (const models::RunStopped&) {
    fmt::print(stderr, "xsellsim: stopped by signal {}; nothing written\n", stop_signal());
    return 128 + stop_signal();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!cluster().is_root()) return 0;  // rank 0 alone writes and prints

  output::RunMetadata metadata{scenario.resolved_toml, options.seed, XSELLSIM_VERSION,
                               scenario.currency};
  output::write_results(path, metadata, {output::SweepPoint{{}, result}});
  if (!args.quiet) {
    print_summary(stdout, result, scenario.currency);
    fmt::print("wrote {}\n", path.string());
  }
  if (args.stats) print_stats(result.stats, seconds, options.threads);
  return 0;
}

}  // namespace

void add_run_command(CLI::App& app, int& status) {
  auto args = std::make_shared<RunArguments>();
  CLI::App* run =
      app.add_subcommand("run", "Simulate every arm of a scenario and write HDF5 results");
  run->add_option("scenario", args->scenario, "Scenario file (TOML)")->required();
  run->add_option("-o,--output", args->output, "Results file (default: SCENARIO-STEM.h5)");
  run->add_option("--set", args->overrides, "Override a scenario value: KEY=VALUE (dotted path)")
      ->allow_extra_args(false);  // one KEY=VALUE per --set, so it cannot swallow the scenario
  run->add_option("--threads", args->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 4096u));
  run->add_option("--replications", args->replications, "Independent replications")
      ->check(CLI::Range(1, 100000));
  run->add_option("--seed", args->seed, "Seed (default: the scenario's `seed`)");
  run->add_flag("--force", args->force, "Overwrite an existing results file");
  run->add_flag("--stats", args->stats, "Print events, customers, wall time and rates");
  run->add_flag("-q,--quiet", args->quiet, "Print nothing but errors (and --stats)");
  run->callback([args, &status] { status = run_scenario(*args); });
}

}  // namespace xsellsim::tools

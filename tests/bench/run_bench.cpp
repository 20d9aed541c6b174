// Speed of the model: one customer's life, and whole runs of the camera-accessories scenario,
// reported as customer-lives and events per second.
#include <benchmark/benchmark.h>

#include <deque>

#include "models/catalog.hpp"
#include "models/customer.hpp"
#include "models/customer_life.hpp"
#include "models/runner.hpp"
#include "scenarios/scenario.hpp"

namespace xsellsim::models {
namespace {

// The camera scenario without its attribution counterfactuals: the lives of the three arms only
// (the counterfactuals are more lives of the same kind, each step's arm again).
const scenarios::Scenario& camera_scenario() {
  static const scenarios::Scenario scenario = scenarios::load_scenario(
      XSELLSIM_SOURCE_DIR "/scenarios/examples/camera-accessories.toml", {"attribution=false"});
  return scenario;
}

// One customer's life under every arm (traits, organic timeline, then each arm's events).
void BM_CustomerLife(benchmark::State& state) {
  const World& world = camera_scenario().world;
  Catalog catalog(world.products);
  const auto days = static_cast<std::size_t>(sim::day_of(world.population.horizon)) + 1;
  std::deque<CompiledArm> compiled;
  std::vector<CustomerLife> lives;
  std::vector<ArmTally> tallies;
  for (const Arm& arm : world.arms) {
    lives.emplace_back(compiled.emplace_back(world, catalog, arm));
    tallies.emplace_back(days, step_count(arm), world.segments.size());
  }
  CustomerSimulation simulation;
  OrganicTimeline timeline;
  std::uint64_t customer = 0;
  for (auto _ : state) {
    CustomerKey key{1, 0, customer++};
    Traits traits = draw_traits(world, key);
    draw_organic_timeline(world, catalog, traits, key, timeline);
    for (std::size_t a = 0; a < lives.size(); ++a) {
      lives[a].simulate(key, traits, timeline, simulation, tallies[a]);
    }
  }
  state.counters["arms"] = static_cast<double>(lives.size());
  state.counters["events/s"] = benchmark::Counter(
      static_cast<double>(simulation.events_processed()), benchmark::Counter::kIsRate);
  state.counters["customer-lives/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * lives.size()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CustomerLife);

// A whole run of 100,000 customers on range(0) threads.
void BM_RunCameraAccessories(benchmark::State& state) {
  World world = camera_scenario().world;
  world.population.size = 100000;
  RunOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  RunStats total;
  for (auto _ : state) {
    RunResult result = run(world, options);
    total.events += result.stats.events;
    total.customers += result.stats.customers;
  }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(total.events), benchmark::Counter::kIsRate);
  state.counters["customer-lives/s"] =
      benchmark::Counter(static_cast<double>(total.customers), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RunCameraAccessories)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace xsellsim::models

// Speed of the kernel's pieces: the event queue's hold operation and one random draw.
#include <benchmark/benchmark.h>

#include "sim/event_queue.hpp"
#include "sim/random.hpp"

namespace xsellsim::sim {
namespace {

// The classic hold model: pop the next event and schedule one a random time later, keeping the
// queue at a fixed size (customers' queues hold about a dozen events).
void BM_EventQueueHold(benchmark::State& state) {
  EventQueue<std::uint32_t> queue;
  RandomStream stream({1, 0, 0, 0});
  for (int i = 0; i < state.range(0); ++i)
    queue.push(static_cast<Time>(stream.next_u64() % 1000), 0);
  for (auto _ : state) {
    auto entry = queue.pop();
    queue.push(entry.time + 1 + static_cast<Time>(stream.next_u64() % 1000), entry.payload);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventQueueHold)->Arg(4)->Arg(16)->Arg(64);

void BM_UniformDraw(benchmark::State& state) {
  RandomStream stream({1, 0, 0, 0});
  for (auto _ : state) benchmark::DoNotOptimize(stream.uniform());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_UniformDraw);

void BM_NewStreamAndDraw(benchmark::State& state) {
  std::uint64_t purpose = 0;
  for (auto _ : state) {
    RandomStream stream({1, 0, 7, ++purpose});
    benchmark::DoNotOptimize(stream.uniform());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NewStreamAndDraw);

void BM_GammaDrawShapeBelowOne(benchmark::State& state) {
  RandomStream stream({1, 0, 0, 0});
  for (auto _ : state) benchmark::DoNotOptimize(stream.gamma(0.243, 1.0 / 4.414));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GammaDrawShapeBelowOne);

}  // namespace
}  // namespace xsellsim::sim

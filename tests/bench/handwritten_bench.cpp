// The yardstick of issue 18: a plain, hand-written per-customer loop of a simpler cross-sell model
// (a local heap, Philox, BG/NBD occasions, four complement needs, three emails, a fatigue stock),
// timed beside the simulator's own run of camera-accessories (run_bench.cpp,
// BM_RunCameraAccessories/1) in the same benchmark binary, so that the two events-per-second
// figures come from the same minute on the same machine (docs/cluster.md, "Speed").
//
// It has none of the simulator's generality (no scenario, no arms, no tallies of curves), so the
// ratio of the two rates says what that generality costs per event.
#include <Random123/philox.h>
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <queue>
#include <vector>

namespace xsellsim::bench {
namespace {

constexpr double kDay = 86400.0;

// Philox4x64 keyed by the customer, a counter per draw block: the simulator's kind of stream.
class Stream {
 public:
  explicit Stream(std::uint64_t customer) : key_{{customer, 0x5eed}} {}
  double uniform() {
    if (used_ == 4) {
      block_ = r123::Philox4x64()(counter_, key_);
      ++counter_.v[0];
      used_ = 0;
    }
    return (static_cast<double>(block_.v[used_++] >> 11) + 0.5) * 0x1.0p-53;
  }
  double exponential(double mean) { return -mean * std::log(uniform()); }
  double normal() {
    return std::sqrt(-2.0 * std::log(uniform())) * std::cos(6.283185307179586 * uniform());
  }
  double gamma(double shape, double scale) {  // Marsaglia & Tsang, boosted below shape 1
    if (shape < 1.0) return gamma(shape + 1.0, scale) * std::pow(uniform(), 1.0 / shape);
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      const double x = normal(), v0 = 1.0 + c * x;
      if (v0 <= 0) continue;
      const double v = v0 * v0 * v0, u = uniform();
      if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return scale * d * v;
    }
  }

 private:
  r123::Philox4x64::key_type key_;
  r123::Philox4x64::ctr_type counter_{{0, 0, 0, 0}};
  r123::Philox4x64::ctr_type block_{};
  unsigned used_ = 4;
};

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

enum class Kind : std::uint8_t { kOccasion, kNeedForms, kNeedEnds, kEmail };
struct Event {
  double time;
  Kind kind;
  std::uint32_t index;
  bool operator>(const Event& other) const { return time > other.time; }
};

struct Need {
  double probability, lag, duration;  // lag and duration in days
};
// camera-accessories' camera: tripod, memory card, bag, lens.
constexpr std::array<Need, 4> kNeeds{{{0.6, 21, 45}, {0.5, 2, 14}, {0.4, 10, 30}, {0.2, 60, 90}}};
constexpr std::array<double, 3> kEmailDays{1, 7, 21};

struct Customer {
  std::array<double, 4> formed{}, ends{};
  std::array<bool, 4> active{}, bought{};
  double fatigue = 0, fatigue_at = 0, engagement = 0;
  std::uint64_t purchases = 0;
};

// One customer's life over 180 days; returns the events it handled.
std::uint64_t live(std::uint64_t id,
                   std::priority_queue<Event, std::vector<Event>, std::greater<>>& heap,
                   std::uint64_t& purchases) {
  Stream s(id);
  const double horizon = 180 * kDay;
  const double lambda = s.gamma(0.243, 1.0 / 4.414) / (7 * kDay);  // CDNOW's BG/NBD, per second
  const double p = [&] {
    const double x = s.gamma(0.793, 1.0), y = s.gamma(2.426, 1.0);
    return x / (x + y);
  }();
  Customer c;
  c.engagement = 0.5 * s.normal();
  const double first = s.uniform() * 30 * kDay;
  for (std::uint32_t n = 0; n < kNeeds.size(); ++n) {
    if (s.uniform() >= kNeeds[n].probability) continue;
    c.formed[n] = first + s.gamma(3.0, kNeeds[n].lag / 3.0) * kDay;
    c.ends[n] = c.formed[n] + s.exponential(kNeeds[n].duration * kDay);
    heap.push({c.formed[n], Kind::kNeedForms, n});
    heap.push({c.ends[n], Kind::kNeedEnds, n});
  }
  for (std::uint32_t e = 0; e < kEmailDays.size(); ++e) {
    heap.push({first + kEmailDays[e] * kDay, Kind::kEmail, e});
  }
  heap.push({first + s.exponential(1.0 / lambda), Kind::kOccasion, 0});
  std::uint64_t events = 0;
  auto buy_first_need = [&] {
    int chosen = -1;
    for (std::uint32_t n = 0; n < kNeeds.size(); ++n) {
      if (c.active[n] && (chosen < 0 || c.formed[n] < c.formed[chosen]))
        chosen = static_cast<int>(n);
    }
    if (chosen < 0) return;
    c.active[chosen] = false;
    c.bought[chosen] = true;
    ++purchases;
  };
  while (!heap.empty()) {
    const Event event = heap.top();
    heap.pop();
    if (event.time > horizon) continue;
    ++events;
    switch (event.kind) {
      case Kind::kOccasion:
        buy_first_need();
        if (s.uniform() >= p)
          heap.push({event.time + s.exponential(1.0 / lambda), Kind::kOccasion, 0});
        break;
      case Kind::kNeedForms:
        c.active[event.index] = !c.bought[event.index];
        break;
      case Kind::kNeedEnds:
        c.active[event.index] = false;
        break;
      case Kind::kEmail: {
        c.fatigue = c.fatigue * std::exp2(-(event.time - c.fatigue_at) / (7 * kDay)) + 1.0;
        c.fatigue_at = event.time;
        const bool relevant = c.active[0];  // the emails show the tripod
        if (s.uniform() < logistic(c.engagement - 0.25 * c.fatigue) &&
            s.uniform() < logistic(-2.6 + c.engagement + (relevant ? 1.0 : 0.0)) && relevant &&
            s.uniform() < logistic(-3.0)) {
          c.active[0] = false;
          c.bought[0] = true;
          ++purchases;
        }
        break;
      }
    }
  }
  return events;
}

// 100,000 customers, as BM_RunCameraAccessories/1 runs (one thread).
void BM_HandWrittenLoop(benchmark::State& state) {
  std::priority_queue<Event, std::vector<Event>, std::greater<>> heap;
  std::uint64_t events = 0, customers = 0, purchases = 0;
  for (auto _ : state) {
    for (std::uint64_t id = 0; id < 100000; ++id) events += live(id + customers, heap, purchases);
    customers += 100000;
  }
  benchmark::DoNotOptimize(purchases);
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["customer-lives/s"] =
      benchmark::Counter(static_cast<double>(customers), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HandWrittenLoop)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace xsellsim::bench

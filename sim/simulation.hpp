#pragma once
// The run loop of one logical process: a clock and an event queue. Models schedule typed events;
// `run` pops them in order and hands each to the model's handler. Nothing else happens here.
#include <cassert>
#include <cstdint>
#include <type_traits>

#include "sim/event_queue.hpp"
#include "sim/time.hpp"

namespace xsellsim::sim {

template <class Payload>
class Simulation;

// The kernel's whole contract with a model: a handler called with the simulation (to read the
// clock and schedule more) and each event's payload, which the queue copies as plain bytes.
template <class Handler, class Payload>
concept EventHandler = std::is_trivially_copyable_v<Payload> &&
    requires(Handler handler, Simulation<Payload>& simulation, const Payload& payload) {
  handler(simulation, payload);
};

template <class Payload>
class Simulation {
 public:
  [[nodiscard]] Time now() const { return now_; }
  [[nodiscard]] std::uint64_t events_processed() const { return events_processed_; }

  // Starts a new process at `start`, forgetting pending events but keeping the queue's memory.
  void reset(Time start) {
    queue_.clear();
    now_ = start;
  }

  void schedule(Time at, Payload payload) {
    assert(at >= now_);
    queue_.push(at, payload);
  }

  // Dispatches every event with time <= until to handler(*this, payload), in (time, sequence)
  // order; the clock ends at `until`.
  template <class Handler>
  requires EventHandler<Handler, Payload>
  void run(Time until, Handler&& handler) {
    while (!queue_.empty() && queue_.peek().time <= until) {
      auto entry = queue_.pop();
      now_ = entry.time;
      ++events_processed_;
      handler(*this, entry.payload);
    }
    now_ = until;
  }

 private:
  EventQueue<Payload> queue_;
  Time now_ = 0;
  std::uint64_t events_processed_ = 0;
};

}  // namespace xsellsim::sim

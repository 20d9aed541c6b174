#pragma once
// Email fatigue as a stock: each email adds its weight, and the stock decays exponentially with a
// half-life. Under a constant cadence (weight w every interval d) the level just after a send
// converges to w / (1 - 2^(-d / half_life)) (the geometric series of decayed past sends).
#include <cmath>

#include "sim/time.hpp"

namespace xsellsim::models {

class FatigueStock {
 public:
  explicit FatigueStock(sim::Time half_life)
      : decay_per_second_(std::log(2.0) / static_cast<double>(half_life)) {}

  [[nodiscard]] double level(sim::Time now) const {
    if (level_ == 0.0) return 0.0;
    return level_ * std::exp(-decay_per_second_ * static_cast<double>(now - updated_));
  }
  void add(sim::Time now, double weight) {
    level_ = level(now) + weight;
    updated_ = now;
  }
  void reset() {
    level_ = 0.0;
    updated_ = 0;
  }

  // The closed-form steady state just after a send, for tests and docs.
  [[nodiscard]] static double steady_state_after_send(double weight, sim::Time interval,
                                                      sim::Time half_life) {
    return weight /
           (1.0 - std::exp2(-static_cast<double>(interval) / static_cast<double>(half_life)));
  }

 private:
  double decay_per_second_;
  double level_ = 0.0;
  sim::Time updated_ = 0;
};

}  // namespace xsellsim::models

// Credits an entrant's cross-sell orders to the emails opened before them, under four rules
// (docs/model.md, "Attribution"): what a marketer's dashboard would show, beside the truth.
#include <algorithm>
#include <cmath>

#include "models/customer_life.hpp"

namespace xsellsim::models {

// Credits a cross-sell order's revenue to the emails opened in the 30 days before it, under each
// attribution rule. Integer cents, the rounding remainder to the last touch, so every rule
// credits exactly the order's revenue.
void CustomerLife::attribute(Time now, std::int64_t cents_paid) {
  constexpr Time kLookback = 30 * sim::kDay;
  constexpr double kHalfLife = 7.0 * sim::kDay;  // time decay: a touch a week older counts half
  auto first = std::find_if(touches_.begin(), touches_.end(),
                            [&](const Touch& t) { return t.time >= now - kLookback; });
  const auto n = static_cast<std::int64_t>(touches_.end() - first);
  if (n == 0) return;
  auto credit = [&](Attribution rule, std::size_t step, std::int64_t amount) {
    tally_->steps[step].attributed_cents[static_cast<std::size_t>(rule)] += amount;
  };
  credit(Attribution::kLastTouch, touches_.back().step, cents_paid);
  credit(Attribution::kFirstTouch, first->step, cents_paid);
  double weights = 0;
  for (auto t = first; t != touches_.end(); ++t) {
    weights += std::exp2(-static_cast<double>(now - t->time) / kHalfLife);
  }
  std::int64_t linear_left = cents_paid, decay_left = cents_paid;
  for (auto t = first; t + 1 != touches_.end(); ++t) {
    const std::int64_t decay =
        std::llround(static_cast<double>(cents_paid) *
                     std::exp2(-static_cast<double>(now - t->time) / kHalfLife) / weights);
    credit(Attribution::kLinear, t->step, cents_paid / n);
    credit(Attribution::kTimeDecay, t->step, decay);
    linear_left -= cents_paid / n;
    decay_left -= decay;
  }
  credit(Attribution::kLinear, touches_.back().step, linear_left);
  credit(Attribution::kTimeDecay, touches_.back().step, decay_left);
}

}  // namespace xsellsim::models

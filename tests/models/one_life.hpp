#pragma once
// One customer's life under one arm of a World, outside the runner: for tests that follow single
// customers or count per customer. It draws each customer's traits and organic timeline the way
// the runner does and simulates them into a tally the caller keeps.
#include <cstddef>

#include "models/catalog.hpp"
#include "models/compiled_arm.hpp"
#include "models/customer.hpp"
#include "models/customer_life.hpp"

namespace xsellsim::models::testing {

class OneLife {
 public:
  OneLife(const World& world, std::size_t arm)
      : world_(world),
        arm_(world.arms[arm]),
        catalog_(world.products),
        compiled_(world, catalog_, arm_),
        life_(compiled_) {}

  // An empty tally shaped for this arm.
  [[nodiscard]] ArmTally tally() const {
    const auto days = static_cast<std::size_t>(sim::day_of(world_.population.horizon)) + 1;
    return ArmTally(days, step_count(arm_), world_.segments.size());
  }
  // Every later life reports its order lines and email events to `log` (nullptr: to none).
  void set_log(LifeLog* log) { life_.set_log(log); }
  // The organic timeline of the customer simulated last.
  [[nodiscard]] const OrganicTimeline& timeline() const { return timeline_; }
  // And its traits.
  [[nodiscard]] const Traits& traits() const { return traits_; }

  // Draws customer `key`'s traits and timeline and adds their life to `into`.
  void simulate(const CustomerKey& key, ArmTally& into) {
    traits_ = draw_traits(world_, key);
    draw_organic_timeline(world_, catalog_, traits_, key, timeline_);
    again(key, into);
  }
  // The same customer once more (the draws of the last simulate()).
  void again(const CustomerKey& key, ArmTally& into) {
    life_.simulate(key, traits_, timeline_, simulation_, into);
  }

 private:
  const World& world_;
  const Arm& arm_;
  Catalog catalog_;
  CompiledArm compiled_;
  CustomerLife life_;
  CustomerSimulation simulation_;
  OrganicTimeline timeline_;
  Traits traits_;
};

}  // namespace xsellsim::models::testing

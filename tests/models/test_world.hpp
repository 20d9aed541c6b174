#pragma once
// A small World built in code, for model tests that must not depend on the scenario loader.
#include "models/parameters.hpp"

namespace xsellsim::models::testing {

// A camera (index 0) whose tripod need (index 1) forms `need_lag` after the purchase; one
// sequence of `steps` emails recommending the tripod, `delay` apart; arms: holdout, email.
inline World camera_world(std::uint64_t size = 2000, Time need_lag = 14 * sim::kDay,
                          Time first_delay = sim::kDay, int steps = 3) {
  World world;
  world.population.size = size;
  world.population.horizon = 120 * sim::kDay;
  world.segments.push_back(Segment{"all", 1.0, Purchasing{}, 0.9, 0.5, 1.0, 0.3});
  world.categories = {{"cameras"}, {"accessories"}};
  Product camera{"camera", 0, 500.0, 0.1, 0.05, 0.2, 1.0, {}};
  Complement tripod_need;
  tripod_need.to = 1;
  tripod_need.probability = 0.7;
  tripod_need.lag = need_lag;
  tripod_need.lag_shape = 4.0;
  tripod_need.duration = 40 * sim::kDay;
  tripod_need.organic_delay = 20 * sim::kDay;
  tripod_need.store_share = 0.5;
  camera.complements.push_back(tripod_need);
  world.products.push_back(camera);
  world.products.push_back(Product{"tripod", 1, 80.0, 0.3, 0.02, 1.0, 0.0, {}});

  Sequence sequence;
  sequence.name = "accessories";
  sequence.trigger_products = {0};
  for (int i = 0; i < steps; ++i) {
    Step step;
    step.name = "step" + std::to_string(i);
    step.delay = i == 0 ? first_delay : 3 * sim::kDay;
    sequence.steps.push_back(step);
  }
  world.arms.push_back(Arm{"holdout", false, {sequence}});
  world.arms.push_back(Arm{"email", true, {sequence}});
  return world;
}

}  // namespace xsellsim::models::testing

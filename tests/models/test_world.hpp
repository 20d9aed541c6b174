#pragma once
// A small World built in code, for model tests that must not depend on the scenario loader.
#include <string>
#include <utility>

#include "models/parameters.hpp"
#include "models/runner.hpp"

namespace xsellsim::models::testing {

inline Product product(std::string name, std::uint32_t category, double price, double margin,
                       double return_rate, double popularity, double acquisition) {
  Product p;
  p.name = std::move(name);
  p.category = category;
  p.price = price;
  p.margin = margin;
  p.return_rate = return_rate;
  p.popularity = popularity;
  p.acquisition = acquisition;
  return p;
}

// A camera (index 0) whose tripod need (index 1) forms `need_lag` after the purchase; one
// sequence of `steps` emails recommending the tripod, `delay` apart; arms: holdout, email.
inline World camera_world(std::uint64_t size = 2000, Time need_lag = 14 * sim::kDay,
                          Time first_delay = sim::kDay, int steps = 3) {
  World world;
  world.population.size = size;
  world.population.horizon = 120 * sim::kDay;
  Segment all;
  all.name = "all";
  all.subscribed = 0.9;
  all.engagement_sd = 0.5;
  all.price_tolerance = 1.0;
  all.price_tolerance_sd = 0.3;
  world.segments.push_back(all);
  world.categories = {{"cameras"}, {"accessories"}};
  Product camera = product("camera", 0, 500.0, 0.1, 0.05, 0.2, 1.0);
  Complement tripod_need;
  tripod_need.to = 1;
  tripod_need.probability = 0.7;
  tripod_need.lag = need_lag;
  tripod_need.lag_shape = 4.0;
  tripod_need.duration = 40 * sim::kDay;
  camera.complements.push_back(tripod_need);
  world.products.push_back(camera);
  world.products.push_back(product("tripod", 1, 80.0, 0.3, 0.02, 1.0, 0.0));

  Sequence sequence;
  sequence.name = "accessories";
  sequence.trigger_products = {0};
  for (int i = 0; i < steps; ++i) {
    Step step;
    step.name = "step" + std::to_string(i);
    step.delay = i == 0 ? first_delay : 3 * sim::kDay;
    sequence.steps.push_back(step);
  }
  world.arms.push_back(Arm{"holdout", false, {sequence}, 0.0});
  world.arms.push_back(Arm{"email", true, {sequence}, 0.0});
  return world;
}

// Customers at every default (CDNOW's BG/NBD, the default segment) who buy a camera over the
// first two months of a 180-day run; the camera needs a tripod by a default edge (probability 0.5,
// lag 7 days, life 30 days). No arms yet.
inline World default_camera_buyers(std::uint64_t size) {
  World world;
  world.population.size = size;
  world.population.horizon = 180 * sim::kDay;
  world.population.acquisition = 60 * sim::kDay;
  Segment all;
  all.name = "all";
  world.segments.push_back(all);
  world.categories = {{"cameras"}, {"accessories"}};
  Product camera = product("camera", 0, 500.0, 0.1, 0.05, 0.3, 1.0);
  Complement tripod;
  tripod.to = 1;
  camera.complements.push_back(tripod);
  world.products.push_back(camera);
  world.products.push_back(product("tripod", 1, 80.0, 0.3, 0.03, 1.0, 0.0));
  return world;
}

// Makes the customers of a world easy to count: no repeat purchases, everybody subscribed (so
// every camera buyer enters), nobody unsubscribes or complains, and a cross-sell purchase does
// not end the sequence. Each step's sends are then exact identities of what the customers did.
inline void everybody_enters_and_stays(World& world) {
  world.segments[0].purchasing.r = 1e-9;
  world.segments[0].subscribed = 1.0;
  world.engagement.unsubscribe_base = -50;
  world.engagement.complaint_base = -50;
  for (Arm& arm : world.arms) {
    for (Sequence& sequence : arm.sequences) sequence.exit_on_cross_sell = false;
  }
}

// Runs a world on two threads (results do not depend on the number).
inline RunResult run_world(const World& world, std::uint64_t seed, int replications = 1) {
  RunOptions options;
  options.seed = seed;
  options.threads = 2;
  options.replications = replications;
  return run(world, options);
}

// Gives every customer purchase occasions at a steady `per_day` rate for life (BG/NBD with a
// practically fixed rate, r large, and practically no drop-out), and a product of its own, added
// last, that an occasion buys when the customer has no active need: so the needs' purchases here
// are exactly the occasions that fall within their lives. Returns that product's index.
inline ProductIndex add_steady_occasions(World& world, double per_day) {
  for (Segment& segment : world.segments) {
    segment.purchasing.r = 1e4;
    segment.purchasing.alpha = 1e4 / per_day;
    segment.purchasing.time_unit = sim::kDay;
    segment.purchasing.a = 1e-3;  // p ~ Beta(1e-3, 1e9): drop-out practically never
    segment.purchasing.b = 1e9;
  }
  for (Product& p : world.products) p.popularity = 0;
  world.products.push_back(product("other", 0, 10.0, 0.3, 0.0, 1.0, 0.0));
  return static_cast<ProductIndex>(world.products.size() - 1);
}

// camera_world with a second holdout ("placebo": enters the same customers, sends nothing) beside
// the email arm: every paired difference of the placebo is exactly 0.
inline World with_placebo(std::uint64_t size) {
  World world = camera_world(size, 3 * sim::kDay);
  world.arms.push_back(Arm{"placebo", false, world.arms[0].sequences, 0.0});
  return world;
}

}  // namespace xsellsim::models::testing

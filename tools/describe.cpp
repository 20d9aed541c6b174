// `xsellsim describe`: the scenario in plain language, for the people who did not write it.
#include <fmt/format.h>

#include <memory>

#include "scenarios/scenario.hpp"
#include "tools/commands.hpp"

namespace xsellsim::tools {

namespace {

std::string days(sim::Time t) {
  const double d = static_cast<double>(t) / sim::kDay;
  if (t % sim::kDay != 0 && d < 2)
    return fmt::format("{:g} hours", static_cast<double>(t) / sim::kHour);
  return fmt::format("{:g} day{}", d, d == 1 ? "" : "s");
}

std::string percent(double share) { return fmt::format("{:g}%", 100 * share); }

void describe_customers(const scenarios::Scenario& s) {
  const models::World& w = s.world;
  fmt::print("{} simulated customers over {}; first purchases spread over {}.\n", w.population.size,
             days(w.population.horizon), days(w.population.acquisition));
  for (const models::Segment& segment : w.segments) {
    fmt::print(
        "- segment {}: {} of customers, {} subscribed to email ({} of them to product "
        "updates), BG/NBD r {:g}, alpha {:g}, a {:g}, b {:g}\n",
        segment.name, percent(segment.share), percent(segment.subscribed),
        percent(segment.product_updates), segment.purchasing.r, segment.purchasing.alpha,
        segment.purchasing.a, segment.purchasing.b);
  }
  fmt::print("Needs (an email converts only a need that exists):\n");
  for (const models::Product& product : w.products) {
    for (const models::Complement& edge : product.complements) {
      fmt::print(
          "- buying {} creates a need for {} with probability {:g}, formed after about {}, "
          "lasting about {}; met here organically with share {:g}\n",
          product.name, w.products[edge.to].name, edge.probability, days(edge.lag),
          days(edge.duration), edge.store_share);
    }
  }
}

std::string trigger(const models::Sequence& sequence, const models::World& w) {
  std::vector<std::string> names;
  for (auto p : sequence.trigger_products) names.push_back(w.products[p].name);
  const std::string what = fmt::format("{}", fmt::join(names, ", "));
  switch (sequence.trigger_event) {
    case models::TriggerEvent::kBrowse:
      return fmt::format("after {} visits within {} to {}", sequence.visits, days(sequence.window),
                         what);
    case models::TriggerEvent::kCart:
      return fmt::format("when {} is left in the cart for {}", what, days(sequence.wait));
    case models::TriggerEvent::kPurchase:
      break;
  }
  return "when a customer buys " + what;
}

std::string shows(const models::Step& step, const models::World& w) {
  switch (step.recommendation) {
    case models::Recommendation::kProduct:
      return w.products[step.product].name;
    case models::Recommendation::kTrigger:
      return "the product looked at";
    case models::Recommendation::kTopComplement:
      break;
  }
  return "the top complement";
}

void describe_arm(const models::Arm& arm, const scenarios::ArmInfo& info, const models::World& w) {
  fmt::print("\nArm {}{}\n", arm.name, info.description.empty() ? "" : ": " + info.description);
  if (!arm.sends) {
    fmt::print("  enters customers by the same triggers and sends nothing.\n");
    return;
  }
  for (const models::Sequence& sequence : arm.sequences) {
    if (!sequence.enabled) continue;
    fmt::print("  sequence {} starts {}:\n", sequence.name, trigger(sequence, w));
    for (std::size_t j = 0; j < sequence.steps.size(); ++j) {
      const models::Step& step = sequence.steps[j];
      fmt::print("    {}. {} {} {}, showing {}{}{}{}\n", j + 1, step.name, days(step.delay),
                 j == 0 ? "after entry" : "later", shows(step, w),
                 step.discount > 0 ? fmt::format(", {} off", percent(step.discount)) : "",
                 step.condition.empty() ? "" : ", only if its condition holds",
                 step.evergreen ? " (evergreen)" : "");
    }
  }
}

}  // namespace

void add_describe_command(CLI::App& app, int& status) {
  struct Arguments {
    std::string scenario;
    std::vector<std::string> overrides;
  };
  auto args = std::make_shared<Arguments>();
  CLI::App* describe = app.add_subcommand("describe", "Explain a scenario in plain language");
  describe->add_option("scenario", args->scenario, "Scenario file (TOML)")->required();
  describe->add_option("--set", args->overrides, "Override a scenario value: KEY=VALUE")
      ->allow_extra_args(false);
  describe->callback([args, &status] {
    const scenarios::Scenario s = scenarios::load_scenario(args->scenario, args->overrides);
    fmt::print("{}{}\n\n", s.name, s.description.empty() ? "" : ": " + s.description);
    describe_customers(s);
    fmt::print("Email fatigue halves every {}.\n", days(s.world.fatigue.half_life));
    for (std::size_t a = 0; a < s.world.arms.size(); ++a) {
      describe_arm(s.world.arms[a], s.arms[a], s.world);
    }
    if (!s.sweep.empty()) fmt::print("\nThe sweep runs {} points.\n", s.sweep.size());
    status = 0;
  });
}

}  // namespace xsellsim::tools

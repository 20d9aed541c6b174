#include "tools/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <optional>

#include "models/parameters.hpp"

namespace xsellsim::tools {

namespace {

// Mean over replications of a per-replication figure.
template <class Figure>
double mean_over_replications(const models::RunResult& result, std::size_t arm, Figure figure) {
  double sum = 0;
  for (const auto& replication : result.tallies) sum += figure(replication[arm]);
  return sum / static_cast<double>(result.tallies.size());
}

double incidence_at(const models::SurvivalTally& tally, std::size_t day) {
  auto curve = tally.cumulative_incidence();
  return curve.empty() ? 0.0 : curve[std::min(day, curve.size() - 1)];
}

std::optional<std::size_t> holdout_index(const models::RunResult& result) {
  auto it = std::find(result.arm_names.begin(), result.arm_names.end(), models::kHoldoutArm);
  if (it == result.arm_names.end()) return std::nullopt;
  return static_cast<std::size_t>(it - result.arm_names.begin());
}

bool is_twin(const models::RunResult& result, std::size_t arm) {
  return arm < result.twin_of.size() && !result.twin_of[arm].empty();
}

// What an arm's lift is against: its no-send twin when it changes who enters, else the holdout.
std::optional<std::size_t> lift_baseline(const models::RunResult& result, std::size_t arm) {
  for (std::size_t t = 0; t < result.twin_of.size(); ++t) {
    if (result.twin_of[t] == result.arm_names[arm]) return t;
  }
  return holdout_index(result);
}

}  // namespace

void print_summary(std::FILE* out, const models::RunResult& result, const std::string& currency) {
  const auto holdout = holdout_index(result);
  auto conversion = [&](std::size_t arm, std::size_t day) {
    return mean_over_replications(
        result, arm, [&](const models::ArmTally& t) { return incidence_at(t.conversion, day); });
  };
  fmt::print(out, "{:<14} {:>9} {:>8} {:>8} {:>8} {:>10} {:>13} {:>12}\n", "arm", "entrants",
             "conv@30", "conv@60", "conv@90", "unsub@90", "rev/entrant", "lift@90");
  for (std::size_t arm = 0; arm < result.arm_names.size(); ++arm) {
    if (is_twin(result, arm)) continue;  // a baseline, not an arm of the scenario
    double entrants = mean_over_replications(
        result, arm, [](const models::ArmTally& t) { return static_cast<double>(t.entrants); });
    double unsubscribed = mean_over_replications(
        result, arm, [](const models::ArmTally& t) { return incidence_at(t.unsubscribe, 90); });
    double revenue = mean_over_replications(result, arm, [](const models::ArmTally& t) {
      return t.entrants > 0 ? static_cast<double>(t.entrant_cross_sell_cents) / 100.0 /
                                  static_cast<double>(t.entrants)
                            : 0.0;
    });
    std::string lift = "-";
    const auto baseline = lift_baseline(result, arm);
    if (holdout && arm != *holdout && baseline) {
      lift = fmt::format("{:+.2f} pp", 100.0 * (conversion(arm, 90) - conversion(*baseline, 90)));
    }
    fmt::print(
        out, "{:<14} {:>9.0f} {:>7.2f}% {:>7.2f}% {:>7.2f}% {:>9.3f}% {:>9.2f} {:<3} {:>12}\n",
        result.arm_names[arm], entrants, 100 * conversion(arm, 30), 100 * conversion(arm, 60),
        100 * conversion(arm, 90), 100 * unsubscribed, revenue, currency, lift);
  }
}

std::string point_label(const std::vector<std::pair<std::string, std::string>>& parameters) {
  std::string label = "point:";
  for (const auto& [key, value] : parameters) {
    label += fmt::format("{} {} = {}", label.size() > 6 ? "," : "", key, value);
  }
  return label;
}

}  // namespace xsellsim::tools

#include "models/metrics.hpp"

#include <cassert>

namespace xsellsim::models {

namespace {
void add_into(std::vector<std::int64_t>& into, const std::vector<std::int64_t>& from) {
  assert(into.size() == from.size());
  for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
}
}  // namespace

void SurvivalTally::merge(const SurvivalTally& other) {
  add_into(events, other.events);
  add_into(censored, other.censored);
}

std::vector<double> SurvivalTally::cumulative_incidence() const {
  std::int64_t at_risk = 0;
  for (std::size_t d = 0; d < events.size(); ++d) at_risk += events[d] + censored[d];
  std::vector<double> incidence(events.size(), 0.0);
  double survival = 1.0;
  for (std::size_t d = 0; d < events.size(); ++d) {
    if (at_risk > 0) survival *= 1.0 - static_cast<double>(events[d]) / static_cast<double>(at_risk);
    incidence[d] = 1.0 - survival;
    at_risk -= events[d] + censored[d];
  }
  return incidence;
}

ArmTally::ArmTally(std::size_t days) : conversion(days), unsubscribe(days) {
  for (auto& series : daily) series.assign(days, 0);
}

void ArmTally::merge(const ArmTally& other) {
  entrants += other.entrants;
  conversion.merge(other.conversion);
  unsubscribe.merge(other.unsubscribe);
  for (std::size_t m = 0; m < kDailyCount; ++m) add_into(daily[m], other.daily[m]);
  entrant_cross_sell_cents += other.entrant_cross_sell_cents;
}

}  // namespace xsellsim::models

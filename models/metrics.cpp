#include "models/metrics.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>

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
    if (at_risk > 0)
      survival *= 1.0 - static_cast<double>(events[d]) / static_cast<double>(at_risk);
    incidence[d] = 1.0 - survival;
    at_risk -= events[d] + censored[d];
  }
  return incidence;
}

void StepTally::merge(const StepTally& other) {
  sends += other.sends;
  opens += other.opens;
  clicks += other.clicks;
  orders += other.orders;
  for (std::size_t m = 0; m < kAttributionCount; ++m) {
    attributed_cents[m] += other.attributed_cents[m];
  }
  without_step_cents += other.without_step_cents;
  without_step_conversions += other.without_step_conversions;
  delivered += other.delivered;
  exposure_orders += other.exposure_orders;
  unsubscribes += other.unsubscribes;
  complaints += other.complaints;
  capped_delayed += other.capped_delayed;
  capped_skipped += other.capped_skipped;
  quiet_delayed += other.quiet_delayed;
}

namespace {
// The products of money in cents grow fast (1e10 for a customer of 100 currency units): a sum
// that leaves 64 bits is an error, never a silent wrap-around.
void add_exactly(std::int64_t& into, std::int64_t amount) {
  if (__builtin_add_overflow(into, amount, &into)) {
    throw std::overflow_error("a paired sum of squares left 64 bits: simulate fewer customers");
  }
}
}  // namespace

void PairedTally::merge(const PairedTally& other) {
  assert(cross.size() == other.cross.size());
  for (std::size_t m = 0; m < kPairedCount; ++m) add_exactly(sums[m], other.sums[m]);
  for (std::size_t p = 0; p < cross.size(); ++p) {
    for (std::size_t m = 0; m < kPairedCount; ++m) add_exactly(cross[p][m], other.cross[p][m]);
    add_into(both_converted[p], other.both_converted[p]);
  }
}

void pair_customer(std::span<ArmTally> arms, std::span<const PairedFigures> figures,
                   std::span<const std::size_t> converted_days) {
  constexpr std::size_t kNone = SurvivalTally::kNoEvent;
  for (std::size_t a = 0; a < arms.size(); ++a) {
    PairedTally& paired = arms[a].paired;
    for (std::size_t m = 0; m < kPairedCount; ++m) add_exactly(paired.sums[m], figures[a][m]);
    for (std::size_t p = 0; p < paired.cross.size(); ++p) {
      const std::size_t b = a + p;
      for (std::size_t m = 0; m < kPairedCount; ++m) {
        std::int64_t product = 0;
        if (__builtin_mul_overflow(figures[a][m], figures[b][m], &product)) {
          throw std::overflow_error("a customer's paired product left 64 bits");
        }
        add_exactly(paired.cross[p][m], product);
      }
      if (converted_days[a] != kNone && converted_days[b] != kNone) {
        ++paired.both_converted[p][std::max(converted_days[a], converted_days[b])];
      }
    }
  }
}

void SegmentTally::merge(const SegmentTally& other) {
  entrants += other.entrants;
  conversion.merge(other.conversion);
  unsubscribe.merge(other.unsubscribe);
  entrant_cross_sell_cents += other.entrant_cross_sell_cents;
  sends += other.sends;
  clicks += other.clicks;
}

ArmTally::ArmTally(std::size_t days, std::size_t step_count, std::size_t segment_count)
    : conversion(days),
      unsubscribe(days),
      steps(step_count),
      segments(segment_count, SegmentTally(days)) {
  for (auto& series : daily) series.assign(days, 0);
}

void ArmTally::merge(const ArmTally& other) {
  customers += other.customers;
  entrants += other.entrants;
  conversion.merge(other.conversion);
  unsubscribe.merge(other.unsubscribe);
  for (std::size_t m = 0; m < kDailyCount; ++m) add_into(daily[m], other.daily[m]);
  entrant_cross_sell_cents += other.entrant_cross_sell_cents;
  entrant_cross_sell_margin_cents += other.entrant_cross_sell_margin_cents;
  retained += other.retained;
  margin_cents += other.margin_cents;
  subscriber_value_cents += other.subscriber_value_cents;
  assert(steps.size() == other.steps.size() && segments.size() == other.segments.size());
  for (std::size_t s = 0; s < steps.size(); ++s) steps[s].merge(other.steps[s]);
  for (std::size_t s = 0; s < segments.size(); ++s) segments[s].merge(other.segments[s]);
  paired.merge(other.paired);
}

namespace {
template <class Visit>
void for_each_survival_count(auto& conversion, auto& unsubscribe, Visit& visit) {
  for (auto* series :
       {&conversion.events, &conversion.censored, &unsubscribe.events, &unsubscribe.censored}) {
    for (auto& count : *series) visit(count);
  }
}

// Visits every count of a tally in a fixed order; `visit` takes a reference to each count.
template <class Tally, class Visit>
void for_each_count(Tally& tally, Visit visit) {
  visit(tally.customers);
  visit(tally.entrants);
  visit(tally.entrant_cross_sell_cents);
  visit(tally.entrant_cross_sell_margin_cents);
  visit(tally.retained);
  visit(tally.margin_cents);
  visit(tally.subscriber_value_cents);
  for_each_survival_count(tally.conversion, tally.unsubscribe, visit);
  for (auto& series : tally.daily) {
    for (auto& count : series) visit(count);
  }
  for (auto& step : tally.steps) {
    for (auto* count : {&step.sends, &step.opens, &step.clicks, &step.orders,
                        &step.without_step_cents, &step.without_step_conversions, &step.delivered,
                        &step.exposure_orders, &step.unsubscribes, &step.complaints,
                        &step.capped_delayed, &step.capped_skipped, &step.quiet_delayed}) {
      visit(*count);
    }
    for (auto& count : step.attributed_cents) visit(count);
  }
  for (auto& segment : tally.segments) {
    visit(segment.entrants);
    visit(segment.entrant_cross_sell_cents);
    visit(segment.sends);
    for_each_survival_count(segment.conversion, segment.unsubscribe, visit);
  }
  for (auto& sum : tally.paired.sums) visit(sum);
  for (auto& partner : tally.paired.cross) {
    for (auto& product : partner) visit(product);
  }
  for (auto& series : tally.paired.both_converted) {
    for (auto& count : series) visit(count);
  }
}
}  // namespace

std::vector<std::int64_t> RunResult::counts() const {
  std::vector<std::int64_t> flat{static_cast<std::int64_t>(stats.customers),
                                 static_cast<std::int64_t>(stats.events)};
  for (const auto& replication : tallies) {
    for (const auto& tally : replication) {
      for_each_count(tally, [&](const std::int64_t& count) { flat.push_back(count); });
    }
  }
  return flat;
}

void RunResult::add_counts(const std::vector<std::int64_t>& flat) {
  std::size_t next = 0;
  stats.customers += static_cast<std::uint64_t>(flat.at(next++));
  stats.events += static_cast<std::uint64_t>(flat.at(next++));
  for (auto& replication : tallies) {
    for (auto& tally : replication) {
      for_each_count(tally, [&](std::int64_t& count) { count += flat.at(next++); });
    }
  }
}

void RunResult::clear_counts() {
  stats = {};
  for (auto& replication : tallies) {
    for (auto& tally : replication) for_each_count(tally, [](std::int64_t& count) { count = 0; });
  }
}

void RunResult::pair_arms() {
  for (auto& replication : tallies) {
    for (std::size_t a = 0; a < replication.size(); ++a) {
      replication[a].pair_with(replication.size() - a, days);
    }
  }
}

std::vector<std::int64_t> flat_counts(const std::vector<ArmTally>& arms) {
  std::vector<std::int64_t> flat;
  for (const auto& tally : arms) {
    for_each_count(tally, [&](const std::int64_t& count) { flat.push_back(count); });
  }
  return flat;
}

void add_flat_counts(std::vector<ArmTally>& arms, const std::vector<std::int64_t>& counts) {
  std::size_t next = 0;
  for (auto& tally : arms) {
    for_each_count(tally, [&](std::int64_t& count) { count += counts.at(next++); });
  }
  if (next != counts.size()) throw std::length_error("counts do not fit the tallies");
}

}  // namespace xsellsim::models

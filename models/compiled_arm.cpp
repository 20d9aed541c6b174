#include "models/compiled_arm.hpp"

#include <algorithm>

namespace xsellsim::models {

namespace {
// Visits are remembered only when a browse trigger, a `browsed` condition or dynamic content asks
// about them.
bool asks_about_visits(const Sequence& sequence) {
  auto asks = [](const Condition& condition) {
    return std::any_of(condition.begin(), condition.end(), [](const auto& all) {
      return std::any_of(all.begin(), all.end(), [](const ConditionTerm& term) {
        return term.kind == ConditionTerm::Kind::kBrowsed;
      });
    });
  };
  if (sequence.trigger_event == TriggerEvent::kBrowse || asks(sequence.exit_condition)) {
    return true;
  }
  return std::any_of(sequence.steps.begin(), sequence.steps.end(), [&](const Step& step) {
    return asks(step.condition) || step.recommendation == Recommendation::kDynamic;
  });
}

// The engagement coefficients of a segment: the world's, with the segment's own baselines.
Engagement segment_engagement(const Engagement& world, const Segment& segment) {
  Engagement e = world;
  e.open_base = segment.open_base.value_or(e.open_base);
  e.click_base = segment.click_base.value_or(e.click_base);
  return e;
}
}  // namespace

CompiledArm::CompiledArm(const World& w, const Catalog& c, const Arm& a)
    : world(w), catalog(c), arm(a), by_purchase(c.size()), by_visit(c.size()), by_cart(c.size()) {
  std::size_t steps = 0;
  for (const Sequence& sequence : arm.sequences) {
    first_step.push_back(steps);
    steps += sequence.steps.size();
    records_visits |= asks_about_visits(sequence);
    records_shown |= sequence.exit_on_recommended;
    uses_priorities |= world.policy.cap > 0 && sequence.priority != arm.sequences[0].priority;
  }
  preferred.assign(world.segments.size() * world.categories.size(), 0);
  for (std::size_t g = 0; g < world.segments.size(); ++g) {
    engagement.push_back(segment_engagement(world.engagement, world.segments[g]));
    for (std::uint32_t category : world.segments[g].preferred_categories) {
      preferred[g * world.categories.size() + category] = 1;
    }
  }
  for (std::size_t s = 0; s < arm.sequences.size(); ++s) {
    const Sequence& sequence = arm.sequences[s];
    if (!sequence.enabled) continue;
    if (sequence.trigger_event == TriggerEvent::kBroadcast) {
      broadcasts.push_back(static_cast<std::uint16_t>(s));  // at most kMostSequences
      continue;
    }
    auto& index = sequence.trigger_event == TriggerEvent::kBrowse ? by_visit
                  : sequence.trigger_event == TriggerEvent::kCart ? by_cart
                                                                  : by_purchase;
    // At most kMostSequences, which fit 16 bits (the static_assert in compiled_arm.hpp).
    for (ProductIndex p : sequence.trigger_products)
      index[p].push_back(static_cast<std::uint16_t>(s));
  }
}

}  // namespace xsellsim::models

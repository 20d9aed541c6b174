#include "scenarios/steps.hpp"

#include <fmt/format.h>

#include <array>
#include <string_view>
#include <vector>

#include "scenarios/condition.hpp"

namespace xsellsim::scenarios {

namespace {

using models::ProductIndex;
using models::Recommendation;

// Timing: `delay` after the step before (or the branch), or `at` after entry; one of them.
void read_timing(TableReader& reader, models::Step& step) {
  if (reader.has("at")) {
    step.at = reader.duration("at", true).value_or(0);
    if (reader.has("delay")) {
      reader.error(reader.where("at"),
                   "set delay (after the step before) or at (after entry), not both", "at");
    }
    reader.ignore("delay");
    step.delay = 0;
  } else {
    step.delay = reader.required_duration("delay", true).value_or(step.delay);
    reader.ignore("at");  // known: a misspelling of it gets its did-you-mean
  }
}

// `recommend` (top_complement, dynamic or bundle) shows a complement of each trigger product.
void check_triggers_have_complements(TableReader& reader, const std::vector<ProductIndex>& triggers,
                                     std::string_view recommend, const ReadContext& context) {
  for (ProductIndex p : triggers) {
    if (p < context.products.size() && context.products[p].complements.empty()) {
      reader.error(reader.where("recommend"),
                   fmt::format("{}: trigger product '{}' has no complements", recommend,
                               context.names.product_names()[p]),
                   "recommend");
    }
  }
}

// A broadcast has no trigger product: it shows the best seller (the default) or a named product.
bool read_broadcast_recommendation(TableReader& reader, models::Step& step,
                                   const ReadContext& context) {
  step.recommendation = Recommendation::kBestSeller;
  const std::optional<std::string> recommend = reader.string("recommend");
  if (!recommend) return !reader.has("recommend");
  if (*recommend == "best_seller") return true;
  for (std::string_view kind : {"trigger", "top_complement", "dynamic", "bundle"}) {
    if (*recommend == kind) {
      reader.error(reader.where("recommend"),
                   fmt::format("a broadcast has no trigger product to show or to take complements "
                               "of: recommend \"best_seller\" or a product, not '{}'",
                               kind),
                   "recommend");
      return false;
    }
  }
  auto product = context.names.product(reader, "recommend", reader.where("recommend"), *recommend);
  if (!product) return false;
  step.recommendation = Recommendation::kProduct;
  step.product = *product;
  return true;
}

// What the step shows: `recommend` is one of the kinds below or a product's name; without it, the
// trigger's top complement (after a purchase) or what the customer looked at (after a browse or
// cart add). False when recommend is wrong (recorded), so the keys that depend on it are not
// checked on.
bool read_recommendation(TableReader& reader, models::Step& step, const models::Sequence& sequence,
                         const ReadContext& context) {
  static constexpr std::array<Named<Recommendation>, 5> kKinds{{
      {"trigger", Recommendation::kTrigger},
      {"top_complement", Recommendation::kTopComplement},
      {"dynamic", Recommendation::kDynamic},
      {"best_seller", Recommendation::kBestSeller},
      {"bundle", Recommendation::kBundle},
  }};
  const std::vector<ProductIndex>& triggers = sequence.trigger_products;
  if (sequence.trigger_event == models::TriggerEvent::kBroadcast) {
    return read_broadcast_recommendation(reader, step, context);
  }
  const bool shows_trigger = sequence.trigger_event != models::TriggerEvent::kPurchase;
  if (shows_trigger) step.recommendation = Recommendation::kTrigger;
  const std::optional<std::string> recommend = reader.string("recommend");
  if (!recommend) {
    if (reader.has("recommend")) return false;  // not a string: recorded
    if (!shows_trigger)
      check_triggers_have_complements(reader, triggers, "top_complement", context);
    return true;
  }
  if (auto kind = find_named(kKinds, *recommend)) {
    step.recommendation = *kind;
    // These show the trigger's complements (dynamic: when no visit points elsewhere). A bundle
    // after a browse or cart trigger holds the product looked at and its complements.
    const bool bundle_of_trigger = *kind == Recommendation::kBundle && shows_trigger;
    if (*kind == Recommendation::kTopComplement || *kind == Recommendation::kDynamic ||
        (*kind == Recommendation::kBundle && !bundle_of_trigger)) {
      check_triggers_have_complements(reader, triggers, *recommend, context);
    }
    return true;
  }
  auto product = context.names.product(reader, "recommend", reader.where("recommend"), *recommend);
  if (!product) return false;
  step.recommendation = Recommendation::kProduct;
  step.product = *product;
  return true;
}

// discount (a fraction) or discount_amount (money off), and discount_expires. "Both" means both
// above zero, so an arm can turn one off by setting it to 0 and the other on.
void read_discount(TableReader& reader, models::Step& step, bool recommend_good,
                   const ReadContext& context) {
  step.discount = reader.number("discount", {0, 1, false, true}).value_or(0);
  step.discount_amount = reader.number("discount_amount", Range::non_negative()).value_or(0);
  if (step.discount > 0 && step.discount_amount > 0) {
    reader.error(reader.where("discount_amount"), "set discount or discount_amount, not both",
                 "discount_amount");
  } else if (step.discount_amount > 0 && recommend_good &&
             step.recommendation == Recommendation::kProduct &&
             step.product < context.products.size()) {
    const models::Product& product = context.products[step.product];
    if (step.discount_amount > product.price) {
      reader.error(reader.where("discount_amount"),
                   fmt::format("discount_amount {} is more than the price of '{}' ({})",
                               step.discount_amount, product.name, product.price),
                   "discount_amount");
    }
  }
  if (auto expires = reader.duration("discount_expires", false)) {
    step.discount_expires = *expires;
    if (!reader.has("discount") && !reader.has("discount_amount")) {
      reader.error(reader.where("discount_expires"), "discount_expires needs a discount",
                   "discount_expires");
    }
  }
}

}  // namespace

models::Step read_step(TableReader& reader, const std::string& name,
                       const models::Sequence& sequence, const ReadContext& context) {
  models::Step step;
  step.name = name;
  read_timing(reader, step);
  if (reader.has("add")) {
    reader.error(reader.where("add"),
                 "add is for a step that an arm adds to a base sequence ([arms.<arm>.sequences."
                 "<sequence>.steps.<new step>]); here the step is there without it",
                 "add");
    reader.ignore("add");
  }
  if (reader.has("send_at")) step.send_at = reader.time_of_day("send_at").value_or(step.send_at);
  const bool recommend_good = read_recommendation(reader, step, sequence, context);
  const bool bundle = step.recommendation == Recommendation::kBundle;
  step.bundle_size = static_cast<int>(reader.integer("bundle_size", 2, 8).value_or(2));
  step.bundle_price = reader.number("bundle_price", {0, 1, true}).value_or(1);
  for (std::string_view key : {"bundle_size", "bundle_price"}) {
    if (reader.has(key) && !bundle && recommend_good) {
      reader.error(reader.where(key), fmt::format("{} is only for recommend = \"bundle\"", key),
                   key);
    }
  }
  read_discount(reader, step, recommend_good, context);
  step.weight = reader.number("weight", Range::non_negative()).value_or(1);
  step.social_proof = reader.number("social_proof", Range::probability()).value_or(0);
  step.evergreen = reader.boolean("evergreen").value_or(false);
  step.demonstration = reader.boolean("demonstration").value_or(false);
  step.trial = reader.duration("trial", false).value_or(0);
  // Read with the whole sequence (read_step_links): they name other steps.
  for (const char* key : {"condition", "on_fail", "wait_timeout", "next"}) reader.ignore(key);
  constexpr std::array<Named<bool>, 2> kSubjects{{{"personalized", true}, {"generic", false}}};
  step.personalized_subject =
      reader
          .choice("subject", kSubjects, R"(subject must be "personalized" or "generic", not '{}')")
          .value_or(step.personalized_subject);
  reader.finish();
  return step;
}

bool read_step_links(TableReader& reader, models::Sequence& sequence, std::size_t index,
                     const References& names) {
  static constexpr std::array<Named<models::OnFail>, 3> kOnFail{{
      {"skip", models::OnFail::kSkip},
      {"stop", models::OnFail::kStop},
      {"wait", models::OnFail::kWait},
  }};
  models::Step& step = sequence.steps[index];
  bool links_good = true;
  if (auto condition = read_condition(reader, "condition", sequence, index, names)) {
    step.condition = std::move(*condition);
  }
  const std::optional<std::string> on_fail = reader.string("on_fail");
  if (!on_fail) {
    step.on_fail = models::OnFail::kSkip;
    if (reader.has("on_fail")) links_good = false;  // not a string: recorded
  } else if (auto kind = find_named(kOnFail, *on_fail)) {
    step.on_fail = *kind;
  } else if (auto target = step_index(sequence, *on_fail)) {
    step.on_fail = models::OnFail::kBranch;
    step.branch_to = *target;
  } else {
    reader.error(reader.where("on_fail"),
                 fmt::format("on_fail must be \"skip\", \"stop\", \"wait\" or a step of this "
                             "sequence, not '{}'{}",
                             *on_fail, suggestion(*on_fail, step_names(sequence))),
                 "on_fail");
    links_good = false;
  }
  if (auto timeout = reader.duration("wait_timeout", false)) {
    if (step.on_fail == models::OnFail::kWait) {
      step.wait_timeout = *timeout;
    } else if (links_good) {  // a wrong on_fail is reported instead
      reader.error(reader.where("wait_timeout"), "wait_timeout is only for on_fail = \"wait\"",
                   "wait_timeout");
    }
  }
  if (auto next = reader.string("next")) {
    if (*next == "end") {
      step.next = models::kEndOfSequence;
    } else if (auto target = step_index(sequence, *next)) {
      step.next = *target;
    } else {
      reader.error(reader.where("next"),
                   fmt::format("next must be \"end\" or a step of this sequence, not '{}'{}", *next,
                               suggestion(*next, step_names(sequence))),
                   "next");
      links_good = false;
    }
  } else if (reader.has("next")) {
    links_good = false;  // not a string: recorded
  }
  // No finish(): read_step has checked this step's other keys.
  return links_good;
}

}  // namespace xsellsim::scenarios

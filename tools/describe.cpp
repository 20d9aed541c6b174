// `xsellsim describe`: the scenario in plain language, for the people who did not write it.
#include "tools/describe.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <string>

#include "models/engagement.hpp"
#include "scenarios/scenario.hpp"

namespace xsellsim::tools {

namespace {

std::string days(sim::Time t) {
  const double d = static_cast<double>(t) / sim::kDay;
  if (t % sim::kDay != 0 && d < 2)
    return fmt::format("{:g} hours", static_cast<double>(t) / sim::kHour);
  return fmt::format("{:g} day{}", d, d == 1 ? "" : "s");
}

std::string percent(double share) { return fmt::format("{:g}%", 100 * share); }

constexpr std::array<const char*, 12> kMonthNames{"January",   "February", "March",    "April",
                                                  "May",       "June",     "July",     "August",
                                                  "September", "October",  "November", "December"};
constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string names_of(const std::vector<std::uint32_t>& categories, const models::World& w) {
  std::vector<std::string> names;
  names.reserve(categories.size());
  for (auto c : categories) names.push_back(w.categories[c].name);
  return fmt::format("{}", fmt::join(names, ", "));
}

// "a", "a or b", "a, b or c".
std::string either(const std::vector<std::string>& names) {
  if (names.size() < 2) return names.empty() ? "" : names[0];
  std::vector<std::string> all_but_last(names.begin(), names.end() - 1);
  return fmt::format("{} or {}", fmt::join(all_but_last, ", "), names.back());
}

// The values written as distributions: the figures above are their means.
void describe_uncertain(std::string& out, const std::vector<scenarios::UncertainValue>& uncertain) {
  if (uncertain.empty()) return;
  fmt::format_to(
      std::back_inserter(out),
      "\nUncertain values (the figures above are their means; run --parameter-draws K draws them, "
      "one draw per block of replications):\n");
  for (const auto& value : uncertain) {
    fmt::format_to(std::back_inserter(out), "- {}: {}\n", value.key,
                   scenarios::describe(value.distribution));
  }
}

void describe_customers(std::string& out, const scenarios::Scenario& s) {
  const models::World& w = s.world;
  fmt::format_to(
      std::back_inserter(out),
      "{} simulated customers over {} from the start of {}; first purchases spread over {}.\n",
      w.population.size, days(w.population.horizon),
      kMonthNames[static_cast<std::size_t>(w.population.start_month - 1)],
      days(w.population.acquisition));
  for (const models::Segment& segment : w.segments) {
    std::string extra;
    if (!segment.preferred_categories.empty()) {
      extra += ", prefers " + names_of(segment.preferred_categories, w);
    }
    if (segment.open_base) {
      extra += ", opens " + percent(models::logistic(*segment.open_base)) + " of first emails";
    }
    if (segment.click_base) {
      extra += ", clicks " + percent(models::logistic(*segment.click_base)) + " of those opened";
    }
    fmt::format_to(std::back_inserter(out),
                   "- segment {}: {} of customers, {} subscribed to email ({} of them to product "
                   "updates), BG/NBD r {:g}, alpha {:g}, a {:g}, b {:g}{}\n",
                   segment.name, percent(segment.share), percent(segment.subscribed),
                   percent(segment.product_updates), segment.purchasing.r, segment.purchasing.alpha,
                   segment.purchasing.a, segment.purchasing.b, extra);
  }
}

// The demand multipliers in words: "x2 in Nov-Dec, x0 in Jan".
std::string season(const models::Product& product) {
  std::vector<std::string> parts;
  for (std::size_t m = 0; m < 12;) {
    std::size_t end = m;
    while (end + 1 < 12 && product.seasonality[end + 1] == product.seasonality[m]) ++end;
    if (product.seasonality[m] != 1.0) {
      parts.push_back(fmt::format("x{:g} in {}{}", product.seasonality[m], kMonths[m],
                                  end > m ? std::string("-") + kMonths[end] : ""));
    }
    m = end + 1;
  }
  return parts.empty() ? "" : fmt::format(", demand {}", fmt::join(parts, ", "));
}

void describe_catalog(std::string& out, const models::World& w) {
  fmt::format_to(std::back_inserter(out), "Catalog:\n");
  for (const models::Product& product : w.products) {
    fmt::format_to(std::back_inserter(out), "- {} ({}): {:g}, margin {}, returns {}{}{}\n",
                   product.name, w.categories[product.category].name, product.price,
                   percent(product.margin), percent(product.return_rate),
                   product.release > 0
                       ? fmt::format(", released on day {:g}",
                                     static_cast<double>(product.release) / sim::kDay)
                       : "",
                   season(product));
  }
  fmt::format_to(std::back_inserter(out),
                 "Needs (an email converts only a need that exists; a need is bought here at the "
                 "customer's next purchase occasion while it lasts, else elsewhere):\n");
  for (const models::Product& product : w.products) {
    for (const models::Complement& edge : product.complements) {
      fmt::format_to(
          std::back_inserter(out),
          "- buying {} creates a need for {} with probability {:g}, formed after about {}, "
          "lasting about {}\n",
          product.name, w.products[edge.to].name, edge.probability, days(edge.lag),
          days(edge.duration));
    }
  }
}

void describe_policy(std::string& out, const models::World& w) {
  const models::Policy& policy = w.policy;
  if (policy.cap > 0) {
    fmt::format_to(std::back_inserter(out),
                   "At most {} email{} per customer in any {} (a capped email {}).\n", policy.cap,
                   policy.cap == 1 ? "" : "s", days(policy.cap_window),
                   policy.capped_waits ? "waits" : "is skipped");
  }
  if (policy.quiet_start >= 0 && policy.quiet_start != policy.quiet_end) {
    fmt::format_to(std::back_inserter(out),
                   "Nothing is sent between {:02}:{:02} and {:02}:{:02} local time.\n",
                   policy.quiet_start / sim::kHour, policy.quiet_start % sim::kHour / sim::kMinute,
                   policy.quiet_end / sim::kHour, policy.quiet_end % sim::kHour / sim::kMinute);
  }
}

// "on day 30, once, to every subscriber in loyal who bought lenses within the 90 days before and
// whose last purchase was 30 to 365 days before".
std::string broadcast_audience(const models::Sequence& sequence, const models::World& w) {
  const models::Audience& audience = sequence.audience;
  const std::string when = sequence.at % sim::kDay == 0
                               ? fmt::format("on day {}", sequence.at / sim::kDay)
                               : days(sequence.at) + " after the start of the run";
  std::string text = when + ", sent once to every subscriber who is a customer by then";
  std::vector<std::string> rules;
  if (!audience.segments.empty()) {
    std::vector<std::string> names;
    for (auto g : audience.segments) names.push_back(w.segments[g].name);
    rules.push_back("in segment " + either(names));
  }
  if (!audience.bought_categories.empty()) {
    std::vector<std::string> names;
    for (auto c : audience.bought_categories) names.push_back(w.categories[c].name);
    rules.push_back("who bought " + either(names) +
                    (audience.bought_within >= 0
                         ? " within the " + days(audience.bought_within) + " before"
                         : std::string(" before")));
  }
  if (audience.since_last_min > 0 || audience.since_last_max >= 0) {
    rules.push_back(
        audience.since_last_max < 0
            ? "whose last purchase was at least " + days(audience.since_last_min) + " before"
            : fmt::format("whose last purchase was {} to {} before", days(audience.since_last_min),
                          days(audience.since_last_max)));
  }
  if (!rules.empty()) text += fmt::format(", {}", fmt::join(rules, ", "));
  return text;
}

std::string trigger(const models::Sequence& sequence, const models::World& w) {
  if (sequence.trigger_event == models::TriggerEvent::kBroadcast) {
    return broadcast_audience(sequence, w);
  }
  std::vector<std::string> names;
  for (auto p : sequence.trigger_products) names.push_back(w.products[p].name);
  const std::string what = either(names);
  switch (sequence.trigger_event) {
    case models::TriggerEvent::kBrowse:
      return fmt::format("after {} visits within {} to {}", sequence.visits, days(sequence.window),
                         what);
    case models::TriggerEvent::kCart:
      return fmt::format("when {} is left in the cart for {}", what, days(sequence.wait));
    case models::TriggerEvent::kPurchase:
    case models::TriggerEvent::kBroadcast:
      break;
  }
  return "when a customer buys " + what;
}

std::string condition_text(const models::Condition& condition, const models::Sequence& sequence,
                           const models::World& w) {
  std::vector<std::string> any;
  for (const auto& all : condition) {
    std::vector<std::string> terms;
    for (const models::ConditionTerm& term : all) {
      std::string text = term.negated ? "not " : "";
      switch (term.kind) {
        case models::ConditionTerm::Kind::kOpened:
          text += "opened " + sequence.steps[term.target].name;
          break;
        case models::ConditionTerm::Kind::kClicked:
          text += "clicked " + sequence.steps[term.target].name;
          break;
        case models::ConditionTerm::Kind::kPurchased:
          text += "purchased";
          break;
        case models::ConditionTerm::Kind::kBrowsed:
          text += "browsed " + w.categories[term.target].name;
          break;
      }
      terms.push_back(std::move(text));
    }
    any.push_back(fmt::format("{}", fmt::join(terms, " and ")));
  }
  return fmt::format("{}", fmt::join(any, " or "));
}

std::string shows(const models::Step& step, const models::Sequence& sequence,
                  const models::World& w) {
  switch (step.recommendation) {
    case models::Recommendation::kProduct:
      return w.products[step.product].name;
    case models::Recommendation::kTrigger:
      return "the product looked at";
    case models::Recommendation::kDynamic:
      return "what the customer browsed last";
    case models::Recommendation::kBestSeller:
      return "the best-seller";
    case models::Recommendation::kBundle:
      if (sequence.trigger_event != models::TriggerEvent::kPurchase) {
        const std::string more = step.bundle_size == 2
                                     ? std::string("complement")
                                     : fmt::format("{} complements", step.bundle_size - 1);
        return fmt::format("a bundle of the product looked at and its top {} at {} of their price",
                           more, percent(step.bundle_price));
      }
      return fmt::format("a bundle of the top {} complements at {} of their price",
                         step.bundle_size, percent(step.bundle_price));
    case models::Recommendation::kTopComplement:
      break;
  }
  return "the top complement";
}

std::string offer(const models::Step& step) {
  std::string text;
  if (step.discount > 0) text += fmt::format(", {} off", percent(step.discount));
  if (step.discount_amount > 0) text += fmt::format(", {:g} off", step.discount_amount);
  if (step.discount_expires > 0) text += " for " + days(step.discount_expires);
  if (step.trial > 0) {
    text += step.trial % sim::kDay == 0
                ? fmt::format(", a free {}-day trial", step.trial / sim::kDay)
                : ", a free trial of " + days(step.trial);
  }
  if (step.demonstration) text += ", a use-case demonstration";
  if (step.personalized_subject) text += ", a personalized subject";
  if (step.social_proof > 0) text += fmt::format(", social proof {:g}", step.social_proof);
  if (step.evergreen) text += " (evergreen)";
  return text;
}

// Each step's time since entry on its first pass: along `next` (or the file order) from the first
// step, then through branches, each step timed by `delay` after the step before it or by `at`
// after entry (never before the step before). Waits, send_at and the policy may send it later;
// nullopt for a step reached only otherwise.
std::vector<std::optional<sim::Time>> times_since_entry(const models::Sequence& sequence) {
  const auto& steps = sequence.steps;
  std::vector<std::optional<sim::Time>> since(steps.size());
  auto reach = [&](std::size_t to, sim::Time from) {
    const models::Step& step = steps[to];
    since[to] = step.at >= 0 ? std::max(step.at, from) : from + step.delay;
  };
  auto walk = [&](std::size_t j) {
    while (true) {
      const std::uint16_t next = steps[j].next;
      const std::size_t k = next == models::kFollowingStep ? j + 1 : next;
      if (next == models::kEndOfSequence || k >= steps.size() || since[k]) return;
      reach(k, *since[j]);
      j = k;
    }
  };
  if (steps.empty()) return since;
  reach(0, 0);
  walk(0);
  for (bool more = true; more;) {  // branches from steps already timed
    more = false;
    for (std::size_t j = 0; j < steps.size(); ++j) {
      const models::Step& step = steps[j];
      if (!since[j] || step.on_fail != models::OnFail::kBranch || since[step.branch_to]) continue;
      reach(step.branch_to, *since[j]);
      walk(step.branch_to);
      more = true;
    }
  }
  return since;
}

std::string step_line(const models::Sequence& sequence, std::size_t j, const models::World& w) {
  const models::Step& step = sequence.steps[j];
  const std::string at = step.send_at >= 0 ? fmt::format(" at the next {:02}:{:02} local time",
                                                         step.send_at / sim::kHour,
                                                         step.send_at % sim::kHour / sim::kMinute)
                                           : "";
  std::string when;
  if (step.at >= 0) {
    when = step.at == 0 ? "at entry" : days(step.at) + " after entry";
  } else {
    when = step.delay == 0 ? (j == 0 ? "at entry" : "right after")
                           : days(step.delay) + (j == 0 ? " after entry" : " later");
  }
  const std::optional<sim::Time> since = times_since_entry(sequence)[j];
  // The day since entry, where the words above do not already say it.
  if (since && !(j == 0 && step.at < 0) && !(step.at >= 0 && *since == step.at)) {
    when += fmt::format(" (day {:g})", static_cast<double>(*since) / sim::kDay);
  }
  std::string line = fmt::format("{}. {} {}{}, showing {}{}", j + 1, step.name, when, at,
                                 shows(step, sequence, w), offer(step));
  if (!step.condition.empty()) {
    line += "; only if " + condition_text(step.condition, sequence, w) + ", else ";
    switch (step.on_fail) {
      case models::OnFail::kSkip:
        line += "skipped";
        break;
      case models::OnFail::kStop:
        line += "the sequence stops";
        break;
      case models::OnFail::kBranch:
        line += "go to " + sequence.steps[step.branch_to].name;
        break;
      case models::OnFail::kWait:
        line += "it waits for it up to " + days(step.wait_timeout);
        break;
    }
  }
  if (step.next == models::kEndOfSequence) {
    line += "; then the sequence ends";
  } else if (step.next != models::kFollowingStep) {
    line += fmt::format("; then {} {}", step.next <= j ? "back to" : "on to",
                        sequence.steps[step.next].name);
  }
  return line;
}

std::string exits(const models::Sequence& sequence, const models::World& w) {
  std::vector<std::string> reasons{"unsubscribing"};
  if (sequence.exit_on_cross_sell) {
    reasons.emplace_back(sequence.trigger_event == models::TriggerEvent::kBroadcast
                             ? "any purchase"
                             : "a cross-sell purchase");
  }
  if (sequence.exit_on_recommended) reasons.emplace_back("buying what an email showed");
  if (sequence.exit_on_trigger_return) reasons.emplace_back("a return of the trigger purchase");
  if (!sequence.exit_condition.empty()) {
    reasons.push_back("once " + condition_text(sequence.exit_condition, sequence, w));
  }
  return fmt::format("{}", fmt::join(reasons, ", or "));
}

// "sequence S starts when ...; (priority, re-entry;) a customer leaves on ...:".
std::string sequence_header(const models::Sequence& sequence, const models::World& w) {
  std::string rules;
  if (sequence.priority != 0) rules += fmt::format(" (priority {})", sequence.priority);
  switch (sequence.reentry) {
    case models::Reentry::kAlways:
      rules += "; a customer enters again on every trigger";
      break;
    case models::Reentry::kAfterCooldown:
      rules += "; a customer enters again " + days(sequence.cooldown) + " after the last entry";
      break;
    case models::Reentry::kNever:
      break;
  }
  return fmt::format("sequence {} starts {}{}; a customer leaves on {}:", sequence.name,
                     trigger(sequence, w), rules, exits(sequence, w));
}

// Each sequence as a timeline. With `base`, only what differs from it.
void describe_sequences(std::string& out, const models::Arm& arm, const models::Arm* base,
                        const models::World& w) {
  for (std::size_t s = 0; s < arm.sequences.size(); ++s) {
    const models::Sequence& sequence = arm.sequences[s];
    if (!sequence.enabled) continue;
    std::vector<std::string> lines;
    for (std::size_t j = 0; j < sequence.steps.size(); ++j) {
      lines.push_back(step_line(sequence, j, w));
    }
    const std::string header = sequence_header(sequence, w);
    if (base != nullptr) {
      const models::Sequence& other = base->sequences[s];
      const bool header_differs = sequence_header(other, w) != header;
      std::vector<std::string> differing;
      for (std::size_t j = 0; j < lines.size(); ++j) {
        if (!other.enabled || j >= other.steps.size() || step_line(other, j, w) != lines[j]) {
          differing.push_back(lines[j]);
        }
      }
      if (differing.empty() && !header_differs) continue;
      std::string what = header_differs ? header : "sequence " + sequence.name;
      if (differing.empty()) what.pop_back();  // no steps follow the colon
      fmt::format_to(std::back_inserter(out), "  unlike {}: {}\n", base->name, what);
      for (const auto& line : differing) fmt::format_to(std::back_inserter(out), "    {}\n", line);
      continue;
    }
    fmt::format_to(std::back_inserter(out), "  {}\n", header);
    for (const auto& line : lines) fmt::format_to(std::back_inserter(out), "    {}\n", line);
  }
}

void describe_arm(std::string& out, const models::Arm& arm, const scenarios::ArmInfo& info,
                  const models::Arm* base, const models::World& w) {
  fmt::format_to(std::back_inserter(out), "\nArm {}{}{}\n", arm.name,
                 info.description.empty() ? "" : ": " + info.description,
                 w.split_arms ? fmt::format(" ({} of customers)", percent(arm.share)) : "");
  if (!arm.sends) {
    fmt::format_to(std::back_inserter(out),
                   "  enters customers by the same triggers and sends nothing.\n");
    return;
  }
  describe_sequences(out, arm, base, w);
}

}  // namespace

std::string describe_text(const scenarios::Scenario& s) {
  std::string out;
  fmt::format_to(std::back_inserter(out), "{}{}\n\n", s.name,
                 s.description.empty() ? "" : ": " + s.description);
  describe_customers(out, s);
  describe_catalog(out, s.world);
  fmt::format_to(std::back_inserter(out), "Email fatigue halves every {}.\n",
                 days(s.world.fatigue.half_life));
  describe_policy(out, s.world);
  fmt::format_to(std::back_inserter(out), "{}\n",
                 s.world.split_arms ? "Each customer is assigned to one arm, by the arms' shares."
                                    : "Every arm runs on the same simulated customers.");
  const models::Arm* first_emailing = nullptr;
  for (std::size_t a = 0; a < s.world.arms.size(); ++a) {
    describe_arm(out, s.world.arms[a], s.arms[a], first_emailing, s.world);
    if (first_emailing == nullptr && s.world.arms[a].sends) first_emailing = &s.world.arms[a];
  }
  if (!s.sweep.empty())
    fmt::format_to(std::back_inserter(out), "\nThe sweep runs {} points.\n", s.sweep.size());
  describe_uncertain(out, s.uncertain);
  return out;
}

void describe_scenario(const scenarios::Scenario& s) { fmt::print("{}", describe_text(s)); }

int describe_command(const DescribeArguments& args) {
  describe_scenario(scenarios::load_scenario(args.scenario, args.overrides));
  return 0;
}

}  // namespace xsellsim::tools

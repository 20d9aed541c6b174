#include "scenarios/sequences.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "scenarios/condition.hpp"
#include "scenarios/duration.hpp"
#include "scenarios/limits.hpp"
#include "scenarios/step_graph.hpp"
#include "scenarios/steps.hpp"

namespace xsellsim::scenarios {

namespace {

using models::ProductIndex;
using NamedTables = std::vector<std::pair<std::string, const toml::table*>>;

// exit_on = ["cross_sell", "recommended", "trigger_return", "unsubscribe"]: the events on which a
// customer leaves the sequence (an unsubscribe always ends every sequence: no flag).
void read_exit_on(TableReader& reader, models::Sequence& sequence) {
  static constexpr std::array<Named<bool models::Sequence::*>, 4> kEvents{{
      {"cross_sell", &models::Sequence::exit_on_cross_sell},
      {"recommended", &models::Sequence::exit_on_recommended},
      {"trigger_return", &models::Sequence::exit_on_trigger_return},
      {"unsubscribe", nullptr},
  }};
  if (reader.has("exit_on_cross_sell")) {  // before exit_on
    reader.error(reader.where("exit_on_cross_sell"),
                 "exit_on_cross_sell is replaced by exit_on: write exit_on = [\"cross_sell\"], or "
                 "exit_on = [] not to exit on a cross-sell",
                 "exit_on_cross_sell");
    reader.ignore("exit_on_cross_sell");
  }
  auto events = reader.strings("exit_on");
  if (!events) return;  // the default: exit on a cross-sell only
  sequence.exit_on_cross_sell = false;
  for (std::size_t i = 0; i < events->size(); ++i) {
    const std::string& event = (*events)[i];
    if (auto flag = find_named(kEvents, event)) {
      if (*flag != nullptr) sequence.*(*flag) = true;
    } else {
      reader.error(reader.where("exit_on", i),
                   fmt::format("exit_on must list \"cross_sell\", \"recommended\", "
                               "\"trigger_return\" or \"unsubscribe\", not '{}'",
                               event),
                   "exit_on");
    }
  }
}

// The segments a broadcast's audience names, each once, in the order given.
std::vector<std::uint32_t> audience_segments(TableReader& reader, const ReadContext& context) {
  std::vector<std::uint32_t> segments;
  const auto named = reader.strings("segments").value_or(std::vector<std::string>{});
  std::vector<std::string> known;
  for (const models::Segment& segment : context.segments) known.push_back(segment.name);
  for (std::size_t i = 0; i < named.size(); ++i) {
    auto found = std::find(known.begin(), known.end(), named[i]);
    if (found == known.end()) {
      reader.error(reader.where("segments", i),
                   fmt::format("unknown segment '{}'{}", named[i], suggestion(named[i], known)),
                   "segments");
    } else if (auto g = static_cast<std::uint32_t>(found - known.begin());
               std::find(segments.begin(), segments.end(), g) == segments.end()) {
      segments.push_back(g);
    }
  }
  return segments;
}

// trigger.audience = {segments = [...], bought = [categories], within = "90d",
// since_last_purchase = {min = "30d", max = "365d"}}: every rule given must hold at the send.
models::Audience read_audience(TableReader& trigger, const ReadContext& context) {
  models::Audience audience;
  TableReader reader = trigger.sub("audience");
  audience.segments = audience_segments(reader, context);
  const auto bought = reader.strings("bought").value_or(std::vector<std::string>{});
  for (std::size_t i = 0; i < bought.size(); ++i) {
    auto c = context.names.category(reader, "bought", reader.where("bought", i), bought[i]);
    if (c) audience.bought_categories.push_back(*c);
  }
  if (auto within = reader.duration("within", false)) {
    audience.bought_within = *within;
    if (!reader.has("bought")) {
      reader.error(reader.where("within"),
                   "within is the window of a purchase of the bought categories: set bought too",
                   "within");
    }
  }
  TableReader since = reader.sub("since_last_purchase");
  audience.since_last_min = since.duration("min", true).value_or(0);
  audience.since_last_max = since.duration("max", true).value_or(-1);
  if (audience.since_last_max >= 0 && audience.since_last_max < audience.since_last_min) {
    since.error(since.where("max"), "since_last_purchase.max is below its min", "max");
  }
  since.finish();
  reader.finish();
  return audience;
}

// trigger.event = "purchase" (default) | "browse" (with visits, window) | "cart" (with wait) |
// "broadcast" (with at and audience).
void read_trigger_event(TableReader& reader, models::Sequence& sequence,
                        const ReadContext& context) {
  using models::TriggerEvent;
  static constexpr std::array<Named<TriggerEvent>, 4> kEvents{{
      {"purchase", TriggerEvent::kPurchase},
      {"browse", TriggerEvent::kBrowse},
      {"cart", TriggerEvent::kCart},
      {"broadcast", TriggerEvent::kBroadcast},
  }};
  sequence.trigger_event =
      reader
          .choice("event", kEvents,
                  R"(trigger.event must be "purchase", "browse", "cart" or "broadcast", not '{}')")
          .value_or(TriggerEvent::kPurchase);
  if (sequence.trigger_event == TriggerEvent::kBrowse) {
    sequence.visits = static_cast<int>(reader.integer("visits", 1, 1000).value_or(3));
    sequence.window = reader.duration("window", false).value_or(sequence.window);
  } else if (sequence.trigger_event == TriggerEvent::kCart) {
    sequence.wait = reader.duration("wait", true).value_or(sequence.wait);
  } else if (sequence.trigger_event == TriggerEvent::kBroadcast) {
    sequence.at = reader.required_duration("at", true).value_or(0);
    sequence.audience = read_audience(reader, context);
  }
}

// reentry = "never" | "always" | a cool-down duration ("30d").
void read_reentry(TableReader& reader, models::Sequence& sequence) {
  static constexpr std::array<Named<models::Reentry>, 2> kReentry{{
      {"never", models::Reentry::kNever},
      {"always", models::Reentry::kAlways},
  }};
  auto text = reader.string("reentry");
  if (!text) return;
  if (auto reentry = find_named(kReentry, *text)) {
    sequence.reentry = *reentry;
  } else if (auto cooldown = parse_duration(*text); cooldown && *cooldown > 0) {
    sequence.reentry = models::Reentry::kAfterCooldown;
    sequence.cooldown = *cooldown;
  } else {
    reader.error(reader.where("reentry"),
                 minute_or_month(*text).value_or(
                     fmt::format("reentry must be \"never\", \"always\" or a cool-down like "
                                 "\"30d\", not '{}'",
                                 *text)),
                 "reentry");
  }
}

// trigger.products and the products of trigger.categories, each once, in index order.
std::vector<ProductIndex> trigger_products(TableReader& reader, const ReadContext& context) {
  std::vector<ProductIndex> products;
  const std::vector<std::string> named =
      reader.strings("products").value_or(std::vector<std::string>{});
  for (std::size_t i = 0; i < named.size(); ++i) {
    auto p = context.names.product(reader, "products", reader.where("products", i), named[i]);
    if (p) products.push_back(*p);
  }
  const std::vector<std::string> categories =
      reader.strings("categories").value_or(std::vector<std::string>{});
  for (std::size_t i = 0; i < categories.size(); ++i) {
    auto category =
        context.names.category(reader, "categories", reader.where("categories", i), categories[i]);
    if (!category) continue;
    for (ProductIndex p = 0; p < context.products.size(); ++p) {
      if (context.products[p].category == *category) products.push_back(p);
    }
  }
  std::sort(products.begin(), products.end());
  products.erase(std::unique(products.begin(), products.end()), products.end());
  return products;
}

void read_trigger(TableReader& sequence_reader, models::Sequence& sequence,
                  const ReadContext& context) {
  const toml::table* table = sequence_reader.required_table("trigger");
  if (table == nullptr) return;
  TableReader reader = sequence_reader.sub(*table, "trigger");
  sequence.min_order_value = reader.number("min_order_value", Range::non_negative()).value_or(0);
  read_trigger_event(reader, sequence, context);
  if (sequence.trigger_event == models::TriggerEvent::kBroadcast) {
    for (std::string_view key : {"products", "categories", "min_order_value"}) {
      if (reader.has(key)) {
        reader.error(reader.where(key),
                     fmt::format("a broadcast has no trigger purchase: {} is for purchase, browse "
                                 "and cart triggers (trigger.audience picks who gets it)",
                                 key),
                     key);
      }
      reader.ignore(key);
    }
    reader.finish();
    return;
  }
  sequence.trigger_products = trigger_products(reader, context);
  reader.finish();
  if (sequence.trigger_products.empty() && context.problems.empty()) {
    sequence_reader.error(table->source(),
                          "the trigger names no product: set trigger.products or "
                          "trigger.categories",
                          "trigger");
  }
}

// The sequence's steps as a graph (scenarios/step_graph.hpp): steps nothing leads to and loops
// that take no time, each reported at its step (`steps` in file order, as in the sequence).
void check_step_links(TableReader& reader, const models::Sequence& sequence,
                      const NamedTables& steps) {
  for (const StepGraphProblem& problem : check_step_graph(sequence.steps)) {
    const toml::table& step = *steps[problem.step].second;
    const std::string path = "steps." + steps[problem.step].first;
    if (const toml::node* value = problem.key.empty() ? nullptr : step.get(problem.key)) {
      reader.error(value->source(), problem.message, path + "." + problem.key);
    } else {
      reader.error(step.source(), problem.message, path);
    }
  }
}

// The steps in file order; then, once all are known, the conditions, branches and `next` that
// name them, and the shape they give the sequence.
void read_steps(TableReader& reader, models::Sequence& sequence, const ReadContext& context) {
  const NamedTables steps = reader.named_in_file_order("steps");
  for (const auto& [step_name, step] : steps) {
    TableReader step_reader = reader.sub(*step, "steps." + step_name);
    sequence.steps.push_back(read_step(step_reader, step_name, sequence, context));
  }
  if (steps.empty()) reader.error(reader.where(), "a sequence needs at least one step", "steps");
  if (steps.size() > kMostStepsPerSequence) {
    reader.error(
        reader.where(),
        fmt::format("a sequence has at most {} steps, not {}", kMostStepsPerSequence, steps.size()),
        "steps");
    return;
  }
  bool links_good = true;
  for (std::size_t j = 0; j < steps.size(); ++j) {
    TableReader step_reader = reader.sub(*steps[j].second, "steps." + steps[j].first);
    links_good &= read_step_links(step_reader, sequence, j, context.names);
  }
  if (links_good) check_step_links(reader, sequence, steps);
}

models::Sequence read_sequence(TableReader& reader, const std::string& name,
                               const ReadContext& context) {
  models::Sequence sequence;
  sequence.name = name;
  sequence.enabled = reader.boolean("enabled").value_or(true);
  sequence.priority = static_cast<int>(reader.integer("priority", -1000, 1000).value_or(0));
  read_exit_on(reader, sequence);
  read_reentry(reader, sequence);
  read_trigger(reader, sequence, context);
  read_steps(reader, sequence, context);
  if (auto exit_when = read_condition(reader, "exit_when", sequence, std::nullopt, context.names)) {
    sequence.exit_condition = std::move(*exit_when);
  }
  reader.finish();
  return sequence;
}

}  // namespace

std::vector<models::Sequence> read_sequences(const toml::table& sequences,
                                             const ReadContext& context) {
  std::vector<models::Sequence> result;
  TableReader all(sequences, "sequences", context.problems);
  for (auto&& [name_key, node] : sequences) {
    all.ignore(name_key.str());
    const std::string name(name_key.str());
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      all.error(node.source(), "expected a table [sequences." + name + "]", name);
      continue;
    }
    TableReader reader = all.sub(*table, name);
    result.push_back(read_sequence(reader, name, context));
  }
  return result;
}

}  // namespace xsellsim::scenarios

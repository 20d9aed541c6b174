// The scenario schema (docs/scenario-reference.md): reads every table of a scenario into the
// models' plain parameter types, collecting every problem on the way.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>

#include "scenarios/duration.hpp"
#include "scenarios/limits.hpp"
#include "scenarios/overrides.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/step_graph.hpp"
#include "scenarios/sweep.hpp"
#include "scenarios/table_reader.hpp"

namespace xsellsim::scenarios {

namespace {

using models::ProductIndex;

constexpr std::string_view kHoldout = "holdout";

// Source order of a key: the scenario file first, then --set, by line and column.
auto source_order(const toml::key& key, const std::string& main_file) {
  const auto& where = key.source();
  bool from_main = !where.path || *where.path == main_file;
  return std::tuple(!from_main, where.begin.line, where.begin.column);
}

// Named tables (steps, arms) with their source order, to be read in file order.
using SourceOrder = std::tuple<bool, std::uint32_t, std::uint32_t>;
using NamedTables = std::vector<std::tuple<SourceOrder, std::string, const toml::table*>>;

class Loader {
 public:
  Loader(const toml::table& root, std::string file, Origins origins)
      : root_(root), file_(std::move(file)) {
    problems_.main_file = file_;
    problems_.origins = std::move(origins);
  }

  Scenario load() {
    Scenario scenario;
    scenario.file = file_;
    TableReader top(root_, "", problems_);
    scenario.name = top.string("name").value_or(std::filesystem::path(file_).stem().string());
    scenario.description = top.string("description").value_or("");
    scenario.currency = top.string("currency").value_or("USD");
    scenario.seed = static_cast<std::uint64_t>(
        top.integer("seed", 0, std::numeric_limits<std::int64_t>::max()).value_or(1));
    scenario.replications =
        static_cast<int>(top.integer("replications", 1, kMostReplications).value_or(1));
    scenario.world.attribution = top.boolean("attribution").value_or(false);

    models::World& world = scenario.world;
    world.population = read_population(top);
    world.categories = read_categories(top);  // before segments: they name preferred categories
    world.segments = read_segments(top);
    world.products = read_products(top);
    world.fatigue = read_fatigue(top);
    world.engagement = read_engagement(top);
    world.money = read_money(top);
    world.policy = read_policy(top);
    const toml::table& sequences = *top.table("sequences");
    std::vector<models::Sequence> base = read_sequences(sequences, world);
    read_arms(top, sequences, base, scenario);
    top.finish();
    if (problems_.empty()) check_limits(scenario);
    if (!problems_.empty()) throw InputError(problems_.sorted());
    return scenario;
  }

 private:
  // Last, and on valid values only: whether the run as a whole fits (scenarios/limits.hpp).
  void check_limits(const Scenario& scenario) {
    for (const OverLimit& over : over_limits(scenario.world, scenario.replications)) {
      const toml::node* value = root_.at_path(over.key).node();
      problems_.add(value != nullptr ? value->source() : root_.source(), over.message, over.key);
    }
  }

  models::Population read_population(TableReader& top) {
    models::Population population;
    if (!top.has("population")) {
      top.error(top.where(), "missing required table [population]", "population");
      top.ignore("population");
      return population;
    }
    TableReader reader(*top.table("population"), "population", problems_);
    if (!reader.has("size")) reader.error(reader.where(), "missing required key 'size'", "size");
    population.size =
        static_cast<std::uint64_t>(reader.integer("size", 1, 1'000'000'000).value_or(1));
    population.horizon = reader.required_duration("horizon", false).value_or(population.horizon);
    population.acquisition = reader.duration("acquisition", true).value_or(0);
    if (population.acquisition >= population.horizon) {
      reader.error(reader.raw().get("acquisition")->source(),
                   "acquisition window must be shorter than the horizon", "acquisition");
    }
    population.return_window =
        reader.duration("return_window", false).value_or(population.return_window);
    population.start_month = static_cast<int>(reader.integer("start_month", 1, 12).value_or(1));
    reader.finish();
    return population;
  }

  models::Purchasing read_purchasing(TableReader& segment) {
    models::Purchasing purchasing;
    if (!segment.has("purchasing")) {
      segment.error(segment.where(), "missing required table 'purchasing'", "purchasing");
      segment.ignore("purchasing");
      return purchasing;
    }
    TableReader reader(*segment.table("purchasing"), segment.path_of("purchasing"), problems_);
    auto model = reader.string("model");
    if (!model) {
      if (!reader.has("model"))
        reader.error(reader.where(), "missing required key 'model'", "model");
    } else if (*model != "bgnbd") {
      reader.error(reader.raw().get("model")->source(),
                   fmt::format("unknown purchasing model '{}'; the only model is 'bgnbd'", *model),
                   "model");
    }
    purchasing.r = reader.required_number("r", Range::positive()).value_or(purchasing.r);
    purchasing.alpha =
        reader.required_number("alpha", Range::positive()).value_or(purchasing.alpha);
    purchasing.a = reader.required_number("a", Range::positive()).value_or(purchasing.a);
    purchasing.b = reader.required_number("b", Range::positive()).value_or(purchasing.b);
    if (auto unit = reader.string("time_unit")) {
      if (*unit == "day") {
        purchasing.time_unit = sim::kDay;
      } else if (*unit == "week") {
        purchasing.time_unit = sim::kWeek;
      } else {
        reader.error(reader.raw().get("time_unit")->source(),
                     fmt::format("time_unit must be \"day\" or \"week\", got '{}'", *unit),
                     "time_unit");
      }
    }
    reader.number("log_likelihood");  // printed by `calibrate`; informative only
    reader.finish();
    return purchasing;
  }

  std::vector<models::Segment> read_segments(TableReader& top) {
    std::vector<models::Segment> segments;
    bool shares_read = true;  // false when a share is wrong (recorded): no sum to check then
    top.for_each_named("segments", [&](const std::string& name, const toml::table& table,
                                       const toml::key&) {
      TableReader reader(table, "segments." + name, problems_);
      models::Segment segment;
      segment.name = name;
      const auto share = reader.number("share", {0, 1, true});
      shares_read = shares_read && (share || !reader.has("share"));
      segment.share = share.value_or(1.0);
      segment.subscribed =
          reader.number("subscribed", Range::probability()).value_or(segment.subscribed);
      segment.engagement_sd =
          reader.number("engagement_sd", Range::non_negative()).value_or(segment.engagement_sd);
      segment.price_tolerance =
          reader.number("price_tolerance", Range::positive()).value_or(segment.price_tolerance);
      segment.price_tolerance_sd = reader.number("price_tolerance_sd", Range::non_negative())
                                       .value_or(segment.price_tolerance_sd);
      segment.product_updates =
          reader.number("product_updates", Range::probability()).value_or(segment.product_updates);
      segment.utc_offset = static_cast<sim::Time>(
          std::llround(reader.number("utc_offset_hours", {-12, 14}).value_or(0) * 3600.0));
      if (auto names = reader.strings("preferred_categories")) {
        const toml::array& array = *table.get("preferred_categories")->as_array();
        for (std::size_t i = 0; i < names->size(); ++i) {
          auto c = category_reference(reader, "preferred_categories", *array.get(i), (*names)[i]);
          if (c &&
              std::find(segment.preferred_categories.begin(), segment.preferred_categories.end(),
                        *c) == segment.preferred_categories.end()) {
            segment.preferred_categories.push_back(*c);
          }
        }
      }
      // Rates as the logits the engagement model adds its terms to.
      auto logit = [](double p) { return std::log(p / (1 - p)); };
      if (auto rate = reader.number("open_rate", {0, 1, true, true})) {
        segment.open_base = logit(*rate);
      }
      if (auto rate = reader.number("click_rate", {0, 1, true, true})) {
        segment.click_base = logit(*rate);
      }
      segment.purchasing = read_purchasing(reader);
      reader.finish();
      segments.push_back(segment);
    });
    if (segments.empty()) {
      top.error(top.has("segments") ? top.raw().get("segments")->source() : top.where(),
                "at least one segment is required, e.g. [segments.all]", "segments");
      return segments;
    }
    double total = 0;
    for (const auto& s : segments) total += s.share;
    if (shares_read && std::abs(total - 1.0) > 1e-6) {
      top.error(top.raw().get("segments")->source(),
                fmt::format("segment shares sum to {}, not 1", total), "segments");
    }
    return segments;
  }

  std::vector<models::Category> read_categories(TableReader& top) {
    std::vector<models::Category> categories;
    top.for_each_named(
        "categories", [&](const std::string& name, const toml::table& table, const toml::key&) {
          TableReader reader(table, "categories." + name, problems_);
          reader.string("description");
          models::Category category{name};
          category.browse_rate =
              reader.number("browse_rate", Range::non_negative()).value_or(category.browse_rate);
          category.cart_probability = reader.number("cart_probability", Range::probability())
                                          .value_or(category.cart_probability);
          reader.finish();
          category_index_[name] = static_cast<std::uint32_t>(categories.size());
          categories.push_back(std::move(category));
        });
    if (categories.empty()) {
      top.error(top.where(), "at least one category is required, e.g. [categories.main]",
                "categories");
    }
    return categories;
  }

  std::vector<std::string> category_names() const {
    std::vector<std::string> names;
    for (const auto& [name, index] : category_index_) names.push_back(name);
    return names;
  }

  std::optional<std::uint32_t> category_reference(TableReader& reader, std::string_view key,
                                                  const toml::node& where,
                                                  const std::string& name) {
    auto it = category_index_.find(name);
    if (it != category_index_.end()) return it->second;
    reader.error(where.source(),
                 fmt::format("unknown category '{}'{}", name, suggestion(name, category_names())),
                 key);
    return std::nullopt;
  }

  std::optional<ProductIndex> product_reference(TableReader& reader, std::string_view key,
                                                const toml::node& where, const std::string& name) {
    auto it = product_index_.find(name);
    if (it != product_index_.end()) return it->second;
    reader.error(where.source(),
                 fmt::format("unknown product '{}'{}", name, suggestion(name, product_names_)),
                 key);
    return std::nullopt;
  }

  models::Complement read_complement(TableReader& reader, ProductIndex to) {
    models::Complement c;
    c.to = to;
    c.probability = reader.number("probability", Range::probability()).value_or(c.probability);
    c.lag = reader.duration("lag", true).value_or(c.lag);
    c.lag_shape = reader.number("lag_shape", {0.01, 1000}).value_or(c.lag_shape);
    c.duration = reader.duration("duration", false).value_or(c.duration);
    // Keys of the earlier need model, in which needs bought on top of the BG/NBD purchases.
    for (const char* removed : {"organic_delay", "store_share"}) {
      if (!reader.has(removed)) continue;
      reader.error(reader.raw().get(removed)->source(),
                   fmt::format("'{}' is no longer a key: a need is met here at the customer's own "
                               "purchase occasions (BG/NBD) while it lasts, and `duration` covers "
                               "the time until it is bought elsewhere or forgotten "
                               "(docs/model.md, One purchase process)",
                               removed),
                   removed);
      reader.ignore(removed);
    }
    reader.finish();
    return c;
  }

  std::vector<models::Product> read_products(TableReader& top) {
    // First the names, so complements may name products defined later in the file.
    const toml::table& all = *top.table("products");
    for (auto&& [name, node] : all) {
      product_index_[std::string(name.str())] = static_cast<ProductIndex>(product_names_.size());
      product_names_.emplace_back(name.str());
    }
    std::vector<models::Product> products;
    top.for_each_named("products", [&](const std::string& name, const toml::table& table,
                                       const toml::key&) {
      TableReader reader(table, "products." + name, problems_);
      models::Product product;
      product.name = name;
      if (auto category = reader.string("category")) {
        product.category =
            category_reference(reader, "category", *table.get("category"), *category).value_or(0);
      } else if (!reader.has("category")) {
        reader.error(reader.where(), "missing required key 'category'", "category");
      }
      product.price = reader.required_number("price", Range::non_negative()).value_or(0);
      product.margin = reader.number("margin", Range::probability()).value_or(product.margin);
      product.return_rate =
          reader.number("return_rate", Range::probability()).value_or(product.return_rate);
      product.popularity =
          reader.number("popularity", Range::non_negative()).value_or(product.popularity);
      product.acquisition =
          reader.number("acquisition", Range::non_negative()).value_or(product.acquisition);
      product.release = reader.duration("release", true).value_or(0);
      if (auto months = reader.numbers("seasonality", Range::non_negative())) {
        if (months->size() == product.seasonality.size()) {
          std::copy(months->begin(), months->end(), product.seasonality.begin());
        } else {
          reader.error(table.get("seasonality")->source(),
                       fmt::format("seasonality needs 12 numbers, one per month from January, "
                                   "not {}",
                                   months->size()),
                       "seasonality");
        }
      }
      reader.for_each_named("complements", [&](const std::string& other, const toml::table& edge,
                                               const toml::key& key) {
        TableReader edge_reader(edge, reader.path_of("complements." + other), problems_);
        // An edge to the product itself is a refill: buying beans may create a need for beans.
        auto it = product_index_.find(other);
        if (it == product_index_.end()) {
          reader.error(
              key.source(),
              fmt::format("unknown product '{}'{}", other, suggestion(other, product_names_)),
              "complements." + other, true);
          return;
        }
        product.complements.push_back(read_complement(edge_reader, it->second));
      });
      reader.finish();
      products.push_back(std::move(product));
    });
    if (products.empty()) {
      top.error(top.where(), "at least one product is required, e.g. [products.widget]",
                "products");
    } else if (std::none_of(products.begin(), products.end(),
                            [](const auto& p) { return p.acquisition > 0; })) {
      top.error(top.raw().get("products")->source(),
                "no product can be a first purchase: give at least one product acquisition > 0",
                "products");
    }
    return products;
  }

  // "HH:MM" as seconds after midnight.
  std::optional<sim::Time> clock_time(TableReader& reader, std::string_view key) {
    auto text = reader.string(key);
    if (!text) {
      if (!reader.has(key)) {
        reader.error(reader.where(), fmt::format("missing required key '{}'", key), key);
      }
      return std::nullopt;
    }
    int hours = -1, minutes = -1;
    char tail = 0;
    if (std::sscanf(text->c_str(), "%2d:%2d%c", &hours, &minutes, &tail) != 2 || hours < 0 ||
        hours > 23 || minutes < 0 || minutes > 59) {
      reader.error(reader.raw().get(key)->source(),
                   fmt::format("'{}' is not a time of day \"HH:MM\" (00:00 to 23:59)", *text), key);
      return std::nullopt;
    }
    return hours * sim::kHour + minutes * sim::kMinute;
  }

  models::Policy read_policy(TableReader& top) {
    models::Policy policy;
    TableReader reader(*top.table("policy"), "policy", problems_);
    if (reader.has("frequency_cap")) {
      TableReader cap(*reader.table("frequency_cap"), reader.path_of("frequency_cap"), problems_);
      policy.cap = static_cast<int>(cap.integer("max", 1, 1000).value_or(0));
      if (!cap.has("max")) cap.error(cap.where(), "missing required key 'max'", "max");
      policy.cap_window = cap.required_duration("window", false).value_or(policy.cap_window);
      cap.finish();
    }
    if (auto capped = reader.string("capped")) {
      if (*capped == "delay" || *capped == "skip") {
        policy.capped_waits = *capped == "delay";
      } else {
        reader.error(reader.raw().get("capped")->source(),
                     fmt::format("capped must be \"delay\" or \"skip\", not '{}'", *capped),
                     "capped");
      }
    }
    if (reader.has("quiet_hours")) {
      TableReader quiet(*reader.table("quiet_hours"), reader.path_of("quiet_hours"), problems_);
      auto start = clock_time(quiet, "start");
      auto end = clock_time(quiet, "end");
      if (start && end) {
        policy.quiet_start = *start;
        policy.quiet_end = *end;
      }
      quiet.finish();
    }
    reader.finish();
    return policy;
  }

  models::Fatigue read_fatigue(TableReader& top) {
    models::Fatigue fatigue;
    TableReader reader(*top.table("fatigue"), "fatigue", problems_);
    fatigue.half_life = reader.duration("half_life", false).value_or(fatigue.half_life);
    reader.finish();
    return fatigue;
  }

  // [money]: the cost of a send and the value of a subscriber (docs/model.md, "Money").
  // `subscriber_value` is a number, or "derived" (the default) from the customer's expected
  // purchases after the horizon.
  models::Money read_money(TableReader& top) {
    models::Money money;
    TableReader reader(*top.table("money"), "money", problems_);
    money.send_cost = reader.number("send_cost", Range::non_negative()).value_or(money.send_cost);
    if (reader.has("subscriber_value")) {
      const toml::node& node = *reader.raw().get("subscriber_value");
      if (node.is_string()) {
        if (node.value<std::string>() != "derived") {
          reader.error(node.source(), "subscriber_value must be a number (money) or \"derived\"",
                       "subscriber_value");
        }
        reader.ignore("subscriber_value");
      } else {
        money.subscriber_value = reader.number("subscriber_value", Range::non_negative());
      }
    }
    money.email_share =
        reader.number("email_share", Range::probability()).value_or(money.email_share);
    money.value_horizon = reader.duration("value_horizon", false).value_or(money.value_horizon);
    reader.finish();
    return money;
  }

  models::Engagement read_engagement(TableReader& top) {
    models::Engagement e;
    TableReader reader(*top.table("engagement"), "engagement", problems_);
    const std::pair<const char*, double models::Engagement::*> coefficients[] = {
        {"inbox_base", &models::Engagement::inbox_base},
        {"inbox_ignored", &models::Engagement::inbox_ignored},
        {"inbox_complaint", &models::Engagement::inbox_complaint},
        {"open_wearout", &models::Engagement::open_wearout},
        {"click_wearout", &models::Engagement::click_wearout},
        {"dropout_base", &models::Engagement::dropout_base},
        {"dropout_fatigue", &models::Engagement::dropout_fatigue},
        {"dropout_irrelevant", &models::Engagement::dropout_irrelevant},
        {"unsubscribe_open", &models::Engagement::unsubscribe_open},
        {"unsubscribe_personalized", &models::Engagement::unsubscribe_personalized},
        {"complaint_open", &models::Engagement::complaint_open},
        {"complaint_fatigue_threshold", &models::Engagement::complaint_threshold},
        {"open_base", &models::Engagement::open_base},
        {"open_fatigue", &models::Engagement::open_fatigue},
        {"click_base", &models::Engagement::click_base},
        {"click_relevance", &models::Engagement::click_relevance},
        {"click_fatigue", &models::Engagement::click_fatigue},
        {"buy_base", &models::Engagement::buy_base},
        {"buy_discount", &models::Engagement::buy_discount},
        {"buy_price", &models::Engagement::buy_price},
        {"buy_in_cart", &models::Engagement::buy_in_cart},
        {"open_personalized", &models::Engagement::open_personalized},
        {"click_social_proof", &models::Engagement::click_social_proof},
        {"buy_social_proof", &models::Engagement::buy_social_proof},
        {"unsubscribe_base", &models::Engagement::unsubscribe_base},
        {"unsubscribe_fatigue", &models::Engagement::unsubscribe_fatigue},
        {"unsubscribe_irrelevant", &models::Engagement::unsubscribe_irrelevant},
        {"complaint_base", &models::Engagement::complaint_base},
        {"complaint_fatigue", &models::Engagement::complaint_fatigue},
        {"click_preferred", &models::Engagement::click_preferred},
        {"click_demonstration", &models::Engagement::click_demonstration},
        {"buy_trial", &models::Engagement::buy_trial},
        {"buy_expiring", &models::Engagement::buy_expiring},
    };
    for (const auto& [key, member] : coefficients) {
      e.*member = reader.number(key, {-50, 50}).value_or(e.*member);
    }
    const std::pair<const char*, double models::Engagement::*> probabilities[] = {
        {"create_need", &models::Engagement::create_need},
        {"create_need_demonstration", &models::Engagement::create_need_demonstration},
        {"trial_return", &models::Engagement::trial_return},
        {"click_order_later", &models::Engagement::click_order_later},
        {"exposure_open", &models::Engagement::exposure_open},
        {"exposure_delivered", &models::Engagement::exposure_delivered},
        {"complaint_unsubscribes", &models::Engagement::complaint_unsubscribes},
    };
    for (const auto& [key, member] : probabilities) {
      e.*member = reader.number(key, Range::probability()).value_or(e.*member);
    }
    e.exposure_offer = reader.number("exposure_offer", {0, 20}).value_or(e.exposure_offer);
    e.exposure_fatigue = reader.number("exposure_fatigue", {-50, 0}).value_or(e.exposure_fatigue);
    e.click_order_delay = reader.duration("click_order_delay", false).value_or(e.click_order_delay);
    e.exposure_delay = reader.duration("exposure_delay", false).value_or(e.exposure_delay);
    reader.finish();
    return e;
  }

  static std::optional<std::uint16_t> step_index(const models::Sequence& sequence,
                                                 const std::string& name) {
    for (std::size_t j = 0; j < sequence.steps.size(); ++j) {
      if (sequence.steps[j].name == name) return static_cast<std::uint16_t>(j);
    }
    return std::nullopt;
  }

  static std::vector<std::string> step_names(const models::Sequence& sequence) {
    std::vector<std::string> names;
    for (const models::Step& step : sequence.steps) names.push_back(step.name);
    return names;
  }

  // A condition at `key` ("clicked nudge and not purchased or browsed lenses"): a step's
  // `condition` or a sequence's `exit_when`. Its terms may name any step of the sequence, except
  // `self` (the step whose condition it is). nullopt when absent or wrong (the problem recorded).
  std::optional<models::Condition> read_condition(TableReader& reader, std::string_view key,
                                                  const models::Sequence& sequence,
                                                  std::optional<std::size_t> self) {
    auto text = reader.string(key);
    if (!text) return std::nullopt;
    const toml::source_region where = reader.raw().get(key)->source();
    std::istringstream words(*text);
    std::vector<std::string> tokens{std::istream_iterator<std::string>(words), {}};
    auto fail = [&](const std::string& why) {
      reader.error(where, fmt::format("{}: {}", key, why), key);
      return std::nullopt;
    };
    models::Condition condition(1);
    bool negated = false, expect_term = true;
    for (std::size_t t = 0; t < tokens.size(); ++t) {
      const std::string& word = tokens[t];
      if (!expect_term && (word == "and" || word == "or")) {
        if (word == "or") condition.emplace_back();
        expect_term = true;
        continue;
      }
      if (expect_term && word == "not" && !negated) {
        negated = true;
        continue;
      }
      models::ConditionTerm term;
      term.negated = negated;
      const bool needs_name = word == "opened" || word == "clicked" || word == "browsed";
      if (!expect_term || (!needs_name && word != "purchased")) {
        return fail(
            fmt::format("unexpected '{}'; write terms like 'opened STEP', 'clicked STEP', "
                        "'purchased', 'browsed CATEGORY', joined by and/or, each possibly after "
                        "not",
                        word));
      }
      if (needs_name && t + 1 == tokens.size()) {
        return fail(fmt::format("'{}' needs a name after it", word));
      }
      if (word == "purchased") {
        term.kind = models::ConditionTerm::Kind::kPurchased;
      } else if (word == "browsed") {
        term.kind = models::ConditionTerm::Kind::kBrowsed;
        auto it = category_index_.find(tokens[++t]);
        if (it == category_index_.end()) {
          return fail(fmt::format("unknown category '{}'", tokens[t]));
        }
        term.target = it->second;
      } else {
        term.kind = word == "opened" ? models::ConditionTerm::Kind::kOpened
                                     : models::ConditionTerm::Kind::kClicked;
        const std::string& name = tokens[++t];
        auto target = step_index(sequence, name);
        if (!target) {
          return fail(fmt::format("'{}' is not a step of this sequence{}", name,
                                  suggestion(name, step_names(sequence))));
        }
        if (self && *target == *self) {
          return fail(fmt::format("a step's condition cannot name the step itself ('{}')", name));
        }
        term.target = *target;
      }
      condition.back().push_back(term);
      negated = false;
      expect_term = false;
    }
    if (expect_term) return fail("incomplete (it ends with and, or, not or nothing)");
    return condition;
  }

  // What a step does besides its email, read once every step of the sequence is known: its
  // condition; on_fail = "skip" | "stop" | "wait" (with wait_timeout) | STEP to branch to; next =
  // STEP | "end". False when on_fail or next is wrong (the problem recorded).
  bool read_step_links(TableReader& reader, models::Sequence& sequence, std::size_t index) {
    models::Step& step = sequence.steps[index];
    bool links_good = true;
    if (auto condition = read_condition(reader, "condition", sequence, index)) {
      step.condition = std::move(*condition);
    }
    const std::optional<std::string> on_fail = reader.string("on_fail");
    if (!on_fail || *on_fail == "skip") {
      step.on_fail = models::OnFail::kSkip;
    } else if (*on_fail == "stop") {
      step.on_fail = models::OnFail::kStop;
    } else if (*on_fail == "wait") {
      step.on_fail = models::OnFail::kWait;
    } else if (auto target = step_index(sequence, *on_fail)) {
      step.on_fail = models::OnFail::kBranch;
      step.branch_to = *target;
    } else {
      reader.error(reader.raw().get("on_fail")->source(),
                   fmt::format("on_fail must be \"skip\", \"stop\", \"wait\" or a step of this "
                               "sequence, not '{}'{}",
                               *on_fail, suggestion(*on_fail, step_names(sequence))),
                   "on_fail");
      links_good = false;
    }
    if (reader.has("on_fail") && !on_fail) links_good = false;  // not a string: recorded
    if (auto timeout = reader.duration("wait_timeout", false)) {
      if (step.on_fail == models::OnFail::kWait) {
        step.wait_timeout = *timeout;
      } else if (links_good) {  // a wrong on_fail is reported instead
        reader.error(reader.raw().get("wait_timeout")->source(),
                     "wait_timeout is only for on_fail = \"wait\"", "wait_timeout");
      }
    }
    if (auto next = reader.string("next")) {
      if (*next == "end") {
        step.next = models::kEndOfSequence;
      } else if (auto target = step_index(sequence, *next)) {
        step.next = *target;
      } else {
        reader.error(reader.raw().get("next")->source(),
                     fmt::format("next must be \"end\" or a step of this sequence, not '{}'{}",
                                 *next, suggestion(*next, step_names(sequence))),
                     "next");
        links_good = false;
      }
    } else if (reader.has("next")) {
      links_good = false;  // not a string: recorded
    }
    // No finish(): read_step has checked this step's other keys.
    return links_good;
  }

  // The sequence's steps as a graph (scenarios/step_graph.hpp): steps nothing leads to and loops
  // that take no time, each reported at its step (`steps` in file order, as in the sequence).
  void check_step_links(TableReader& reader, const models::Sequence& sequence,
                        const NamedTables& steps) {
    for (const StepGraphProblem& problem : check_step_graph(sequence.steps)) {
      const toml::table& step = *std::get<2>(steps[problem.step]);
      const std::string path = "steps." + std::get<1>(steps[problem.step]);
      if (const toml::node* value = problem.key.empty() ? nullptr : step.get(problem.key)) {
        reader.error(value->source(), problem.message, path + "." + problem.key);
      } else {
        reader.error(step.source(), problem.message, path);
      }
    }
  }

  // exit_on = ["cross_sell", "recommended", "trigger_return", "unsubscribe"]: the events on
  // which a customer leaves the sequence (an unsubscribe always ends every sequence).
  void read_exit_on(TableReader& reader, models::Sequence& sequence) {
    if (const toml::node* old = reader.raw().get("exit_on_cross_sell")) {  // before exit_on
      reader.error(old->source(),
                   "exit_on_cross_sell is replaced by exit_on: write exit_on = [\"cross_sell\"], "
                   "or exit_on = [] not to exit on a cross-sell",
                   "exit_on_cross_sell");
      reader.ignore("exit_on_cross_sell");
    }
    auto events = reader.strings("exit_on");
    if (!events) return;  // the default: exit on a cross-sell only
    sequence.exit_on_cross_sell = false;
    const toml::array& array = *reader.raw().get("exit_on")->as_array();
    for (std::size_t i = 0; i < events->size(); ++i) {
      const std::string& event = (*events)[i];
      if (event == "cross_sell") {
        sequence.exit_on_cross_sell = true;
      } else if (event == "recommended") {
        sequence.exit_on_recommended = true;
      } else if (event == "trigger_return") {
        sequence.exit_on_trigger_return = true;
      } else if (event != "unsubscribe") {
        reader.error(array.get(i)->source(),
                     fmt::format("exit_on must list \"cross_sell\", \"recommended\", "
                                 "\"trigger_return\" or \"unsubscribe\", not '{}'",
                                 event),
                     "exit_on");
      }
    }
  }

  // trigger.event = "purchase" (default) | "browse" (with visits, window) | "cart" (with wait).
  void read_trigger_event(TableReader& reader, models::Sequence& sequence) {
    const std::string event = reader.string("event").value_or("purchase");
    if (event == "browse") {
      sequence.trigger_event = models::TriggerEvent::kBrowse;
      sequence.visits = static_cast<int>(reader.integer("visits", 1, 1000).value_or(3));
      sequence.window = reader.duration("window", false).value_or(sequence.window);
    } else if (event == "cart") {
      sequence.trigger_event = models::TriggerEvent::kCart;
      sequence.wait = reader.duration("wait", true).value_or(sequence.wait);
    } else if (event != "purchase") {
      reader.error(reader.raw().get("event")->source(),
                   fmt::format("trigger.event must be \"purchase\", \"browse\" or \"cart\", not "
                               "'{}'",
                               event),
                   "event");
    }
  }

  // reentry = "never" | "always" | a cool-down duration ("30d").
  void read_reentry(TableReader& reader, models::Sequence& sequence) {
    auto text = reader.string("reentry");
    if (!text || *text == "never") return;
    if (*text == "always") {
      sequence.reentry = models::Reentry::kAlways;
    } else if (auto cooldown = parse_duration(*text); cooldown && *cooldown > 0) {
      sequence.reentry = models::Reentry::kAfterCooldown;
      sequence.cooldown = *cooldown;
    } else {
      reader.error(reader.raw().get("reentry")->source(),
                   minute_or_month(*text).value_or(
                       fmt::format("reentry must be \"never\", \"always\" or a cool-down like "
                                   "\"30d\", not '{}'",
                                   *text)),
                   "reentry");
    }
  }

  std::vector<ProductIndex> read_trigger(TableReader& sequence, models::Sequence& into) {
    std::vector<ProductIndex> products;
    if (!sequence.has("trigger")) {
      sequence.error(sequence.where(), "missing required table 'trigger'", "trigger");
      sequence.ignore("trigger");
      return products;
    }
    const toml::table& table = *sequence.table("trigger");
    TableReader reader(table, sequence.path_of("trigger"), problems_);
    into.min_order_value = reader.number("min_order_value", Range::non_negative()).value_or(0);
    read_trigger_event(reader, into);
    if (auto names = reader.strings("products")) {
      const toml::array& array = *table.get("products")->as_array();
      for (std::size_t i = 0; i < names->size(); ++i) {
        if (auto p = product_reference(reader, "products", *array.get(i), (*names)[i])) {
          products.push_back(*p);
        }
      }
    }
    if (auto names = reader.strings("categories")) {
      const toml::array& array = *table.get("categories")->as_array();
      for (std::size_t i = 0; i < names->size(); ++i) {
        auto category = category_reference(reader, "categories", *array.get(i), (*names)[i]);
        if (!category) continue;
        for (ProductIndex p = 0; p < world_products_->size(); ++p) {
          if ((*world_products_)[p].category == *category) products.push_back(p);
        }
      }
    }
    reader.finish();
    std::sort(products.begin(), products.end());
    products.erase(std::unique(products.begin(), products.end()), products.end());
    if (products.empty() && problems_.empty()) {
      sequence.error(table.source(),
                     "the trigger names no product: set trigger.products or "
                     "trigger.categories",
                     "trigger");
    }
    return products;
  }

  models::Step read_step(TableReader& reader, const std::string& name,
                         const models::Sequence& sequence) {
    const std::vector<ProductIndex>& triggers = sequence.trigger_products;
    models::Step step;
    step.name = name;
    // Timing: `delay` after the step before (or the branch), or `at` after entry; one of them.
    if (reader.has("at")) {
      step.at = reader.duration("at", true).value_or(0);
      if (reader.has("delay")) {
        reader.error(reader.raw().get("at")->source(),
                     "set delay (after the step before) or at (after entry), not both", "at");
      }
      reader.ignore("delay");
      step.delay = 0;
    } else {
      step.delay = reader.required_duration("delay", true).value_or(step.delay);
      reader.ignore("at");  // known: a misspelling of it gets its did-you-mean
    }
    if (const toml::node* add = reader.raw().get("add")) {
      reader.error(add->source(),
                   "add is for a step that an arm adds to a base sequence ([arms.<arm>.sequences."
                   "<sequence>.steps.<new step>]); here the step is there without it",
                   "add");
      reader.ignore("add");
    }
    if (reader.has("send_at")) {
      step.send_at = clock_time(reader, "send_at").value_or(step.send_at);
    }
    // A browse or cart trigger shows what the customer looked at, unless the step says otherwise.
    const bool shows_trigger = sequence.trigger_event != models::TriggerEvent::kPurchase;
    if (shows_trigger) step.recommendation = models::Recommendation::kTrigger;
    bool recommend_good = true;  // false: recommend is wrong (recorded), so is not checked on
    if (auto recommend = reader.string("recommend")) {
      using models::Recommendation;
      const std::pair<const char*, Recommendation> kinds[] = {
          {"trigger", Recommendation::kTrigger}, {"top_complement", Recommendation::kTopComplement},
          {"dynamic", Recommendation::kDynamic}, {"best_seller", Recommendation::kBestSeller},
          {"bundle", Recommendation::kBundle},
      };
      auto kind = std::find_if(std::begin(kinds), std::end(kinds),
                               [&](const auto& k) { return *recommend == k.first; });
      if (kind != std::end(kinds)) {
        step.recommendation = kind->second;
        // These show the trigger's complements (dynamic: when no visit points elsewhere). A
        // bundle after a browse or cart trigger holds the product looked at and its complements.
        const bool bundle_of_trigger = kind->second == Recommendation::kBundle && shows_trigger;
        if (kind->second == Recommendation::kTopComplement ||
            kind->second == Recommendation::kDynamic ||
            (kind->second == Recommendation::kBundle && !bundle_of_trigger)) {
          check_triggers_have_complements(reader, triggers, *recommend);
        }
      } else if (auto p = product_reference(reader, "recommend", *reader.raw().get("recommend"),
                                            *recommend)) {
        step.recommendation = Recommendation::kProduct;
        step.product = *p;
      } else {
        recommend_good = false;
      }
    } else if (reader.has("recommend")) {
      recommend_good = false;
    } else if (!shows_trigger) {
      check_triggers_have_complements(reader, triggers, "top_complement");
    }
    const bool bundle = step.recommendation == models::Recommendation::kBundle;
    step.bundle_size = static_cast<int>(reader.integer("bundle_size", 2, 8).value_or(2));
    step.bundle_price = reader.number("bundle_price", {0, 1, true}).value_or(1);
    for (std::string_view key : {"bundle_size", "bundle_price"}) {
      if (reader.has(key) && !bundle && recommend_good) {
        reader.error(reader.raw().get(key)->source(),
                     fmt::format("{} is only for recommend = \"bundle\"", key), key);
      }
    }
    read_discount(reader, step, recommend_good);
    step.weight = reader.number("weight", Range::non_negative()).value_or(1);
    step.social_proof = reader.number("social_proof", Range::probability()).value_or(0);
    step.evergreen = reader.boolean("evergreen").value_or(false);
    step.demonstration = reader.boolean("demonstration").value_or(false);
    step.trial = reader.duration("trial", false).value_or(0);
    // Read with the whole sequence (read_step_links): they name other steps.
    for (const char* key : {"condition", "on_fail", "wait_timeout", "next"}) reader.ignore(key);
    if (auto subject = reader.string("subject")) {
      if (*subject == "personalized" || *subject == "generic") {
        step.personalized_subject = *subject == "personalized";
      } else {
        reader.error(
            reader.raw().get("subject")->source(),
            fmt::format("subject must be \"personalized\" or \"generic\", not '{}'", *subject),
            "subject");
      }
    }
    reader.finish();
    return step;
  }

  // discount (a fraction) or discount_amount (money off), and discount_expires. "Both" means both
  // above zero, so an arm can turn one off by setting it to 0 and the other on.
  void read_discount(TableReader& reader, models::Step& step, bool recommend_good) {
    step.discount = reader.number("discount", {0, 1, false, true}).value_or(0);
    step.discount_amount = reader.number("discount_amount", Range::non_negative()).value_or(0);
    if (step.discount > 0 && step.discount_amount > 0) {
      reader.error(reader.raw().get("discount_amount")->source(),
                   "set discount or discount_amount, not both", "discount_amount");
    } else if (step.discount_amount > 0 && recommend_good &&
               step.recommendation == models::Recommendation::kProduct) {
      const models::Product& product = (*world_products_)[step.product];
      if (step.discount_amount > product.price) {
        reader.error(reader.raw().get("discount_amount")->source(),
                     fmt::format("discount_amount {} is more than the price of '{}' ({})",
                                 step.discount_amount, product.name, product.price),
                     "discount_amount");
      }
    }
    if (auto expires = reader.duration("discount_expires", false)) {
      step.discount_expires = *expires;
      if (!reader.has("discount") && !reader.has("discount_amount")) {
        reader.error(reader.raw().get("discount_expires")->source(),
                     "discount_expires needs a discount", "discount_expires");
      }
    }
  }

  // `recommend` (top_complement, dynamic or bundle) shows a complement of each trigger product.
  void check_triggers_have_complements(TableReader& reader,
                                       const std::vector<ProductIndex>& triggers,
                                       std::string_view recommend) {
    for (ProductIndex p : triggers) {
      if ((*world_products_)[p].complements.empty()) {
        const toml::node* where = reader.raw().get("recommend");
        reader.error(where != nullptr ? where->source() : reader.where(),
                     fmt::format("{}: trigger product '{}' has no complements", recommend,
                                 product_names_[p]),
                     "recommend");
      }
    }
  }

  std::vector<models::Sequence> read_sequences(const toml::table& sequences,
                                               const models::World& world) {
    world_products_ = &world.products;
    std::vector<models::Sequence> result;
    TableReader all(sequences, "sequences", problems_);
    for (auto&& [name_key, node] : sequences) {
      all.ignore(name_key.str());
      std::string name(name_key.str());
      const toml::table* table = node.as_table();
      if (table == nullptr) {
        all.error(node.source(), "expected a table [sequences." + name + "]", name);
        continue;
      }
      TableReader reader(*table, "sequences." + name, problems_);
      models::Sequence sequence;
      sequence.name = name;
      sequence.enabled = reader.boolean("enabled").value_or(true);
      sequence.priority = static_cast<int>(reader.integer("priority", -1000, 1000).value_or(0));
      read_exit_on(reader, sequence);
      read_reentry(reader, sequence);
      sequence.trigger_products = read_trigger(reader, sequence);
      NamedTables steps;
      reader.for_each_named("steps", [&](const std::string& step_name, const toml::table& step,
                                         const toml::key& key) {
        steps.emplace_back(source_order(key, file_), step_name, &step);
      });
      std::sort(steps.begin(), steps.end(),
                [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
      for (const auto& [order, step_name, step] : steps) {
        TableReader step_reader(*step, reader.path_of("steps." + step_name), problems_);
        sequence.steps.push_back(read_step(step_reader, step_name, sequence));
      }
      if (steps.empty())
        reader.error(reader.where(), "a sequence needs at least one step", "steps");
      if (steps.size() > kMostStepsPerSequence) {
        reader.error(reader.where(),
                     fmt::format("a sequence has at most {} steps, not {}", kMostStepsPerSequence,
                                 steps.size()),
                     "steps");
      }
      // Conditions, branches and `next` name steps of the whole sequence: read once all are
      // known, then the shape they give the sequence is checked.
      bool links_good = steps.size() <= kMostStepsPerSequence;
      for (std::size_t j = 0; j < steps.size() && steps.size() <= kMostStepsPerSequence; ++j) {
        TableReader step_reader(*std::get<2>(steps[j]),
                                reader.path_of("steps." + std::get<1>(steps[j])), problems_);
        links_good &= read_step_links(step_reader, sequence, j);
      }
      if (links_good) check_step_links(reader, sequence, steps);
      if (auto exit_when = read_condition(reader, "exit_when", sequence, std::nullopt)) {
        sequence.exit_condition = std::move(*exit_when);
      }
      reader.finish();
      result.push_back(std::move(sequence));
    }
    return result;
  }

  void read_arms(TableReader& top, const toml::table& base_table,
                 const std::vector<models::Sequence>& base, Scenario& scenario) {
    models::World& world = scenario.world;
    world.arms.push_back({std::string(kHoldout), false, base});
    scenario.arms.push_back({std::string(kHoldout), "receives no email"});
    if (!top.has("arms")) {
      world.arms.push_back({"email", true, base});
      scenario.arms.push_back({"email", "the scenario's sequences"});
      top.ignore("arms");
      return;
    }
    NamedTables arms;
    top.for_each_named(
        "arms", [&](const std::string& name, const toml::table& table, const toml::key& key) {
          arms.emplace_back(source_order(key, file_), name, &table);
        });
    std::sort(arms.begin(), arms.end(),
              [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
    std::vector<ArmShare> shares;
    for (const auto& [order, name, table] : arms) {
      TableReader reader(*table, "arms." + name, problems_);
      std::string description = reader.string("description").value_or("");
      const std::size_t arm = name == kHoldout ? 0 : world.arms.size();
      shares.push_back({arm, name, table, reader.number("share", Range::probability())});
      if (name == kHoldout) {
        if (reader.has("sequences")) {
          reader.error(table->get("sequences")->source(),
                       "the holdout receives nothing: it cannot override sequences", "sequences");
        }
        reader.ignore("sequences");
        scenario.arms[0].description =
            description.empty() ? scenario.arms[0].description : description;
      } else {
        world.arms.push_back({name, true, arm_sequences(reader, base_table, base, world)});
        scenario.arms.push_back({name, description});
      }
      reader.finish();
    }
    read_arm_shares(top, shares, world);
  }

  struct ArmShare {
    std::size_t arm = 0;  // in World::arms
    std::string name;
    const toml::table* table = nullptr;
    std::optional<double> share;  // nullopt: absent or wrong (recorded)
  };

  // `share` of every arm or of none: with shares, each customer is assigned to one arm.
  void read_arm_shares(TableReader& top, const std::vector<ArmShare>& arms, models::World& world) {
    auto has_share = [](const ArmShare& a) { return a.table->contains("share"); };
    if (std::none_of(arms.begin(), arms.end(), has_share)) return;
    const std::string missing = "missing share: give every arm a share, or none";
    bool complete = true;
    if (std::none_of(arms.begin(), arms.end(), [](const ArmShare& a) { return a.arm == 0; })) {
      // The holdout is not in the file: report it at the arms.
      top.error(top.raw().get("arms")->source(), missing + " (the holdout too: [arms.holdout])",
                "arms.holdout.share");
      complete = false;
    }
    double total = 0;
    for (const ArmShare& a : arms) {
      if (!has_share(a)) {
        problems_.add(a.table->source(), missing, "arms." + a.name + ".share");
        complete = false;
      } else if (!a.share) {
        complete = false;  // wrong: recorded
      } else {
        total += *a.share;
      }
    }
    if (!complete) return;
    if (std::abs(total - 1.0) > 1e-9) {
      const ArmShare& first = arms.front();
      problems_.add(first.table->get("share")->source(),
                    fmt::format("arm shares sum to {}, not 1", total),
                    "arms." + first.name + ".share");
      return;
    }
    world.split_arms = true;
    for (const ArmShare& a : arms) world.arms[a.arm].share = *a.share;
  }

  // The base sequences with the arm's partial `sequences` table merged over them. Problems that
  // come from the arm's own values are reported with the arm's dotted path.
  std::vector<models::Sequence> arm_sequences(TableReader& arm, const toml::table& base_table,
                                              const std::vector<models::Sequence>& base,
                                              const models::World& world) {
    if (!arm.has("sequences")) return base;
    toml::table merged = base_table;
    const toml::table changes = arm_changes(arm, *arm.table("sequences"), base_table);
    deep_merge(merged, changes);
    replace_timing(merged, changes);
    // The merged copy has no positions: map its paths to where base and arm values came from.
    Origins file_origins = std::move(problems_.origins);  // moved, not copied: once per arm
    problems_.origins = arm_origins(file_origins, arm.path());
    std::size_t before = problems_.size();
    auto sequences = read_sequences(merged, world);
    problems_.origins = std::move(file_origins);
    for (Diagnostic& d : problems_.take_after(before)) {
      if (problems_.contains(d.key, d.message)) continue;  // the base's own problem, reported once
      d.key = arm.path() + "." + d.key;
      problems_.add(std::move(d));
    }
    return sequences;
  }

  // An arm changes what the base has: a sequence or step of the arm that the base lacks is a
  // misspelling ([arms.late.sequences.coffee.steps.grinder_pich]) unless its table says
  // `add = true`. Returns the arm's table without its `add` keys, to merge over the base.
  toml::table arm_changes(TableReader& arm, const toml::table& changes,
                          const toml::table& base_table) {
    toml::table kept = changes;
    const std::string path = arm.path_of("sequences");
    auto names_of = [](const toml::table* table) {
      std::vector<std::string> names;
      if (table != nullptr) {
        for (auto&& [key, node] : *table) names.emplace_back(key.str());
      }
      return names;
    };
    // Whether `table` (of the thing at `where`) says add = true; an `add` is removed from `copy`.
    auto adds = [&](const toml::table& table, toml::table& copy, const std::string& where) {
      const toml::node* add = table.get("add");
      if (add == nullptr) return false;
      copy.erase("add");
      if (!add->is_boolean()) {
        problems_.add(add->source(), "expected true or false, got another type", where + ".add");
        return false;
      }
      return add->as_boolean()->get();
    };
    for (auto&& [name, node] : changes) {
      const toml::table* sequence = node.as_table();
      if (sequence == nullptr) continue;  // reported when the merged table is read
      const std::string sequence_path = path + "." + std::string(name.str());
      toml::table& sequence_copy = *kept.get(name.str())->as_table();
      const toml::node* base_node = base_table.get(name.str());
      const toml::table* base_sequence = base_node == nullptr ? nullptr : base_node->as_table();
      const bool added = adds(*sequence, sequence_copy, sequence_path);
      if (base_sequence == nullptr) {
        if (!added) {
          kept.erase(name.str());  // not merged: its problems would all follow from the name
          problems_.add(name.source(),
                        fmt::format("unknown sequence '{}'{} (to add a sequence in this arm only, "
                                    "write add = true in its table)",
                                    name.str(), suggestion(name.str(), names_of(&base_table))),
                        sequence_path, true);
        }
        continue;  // a new sequence: all its steps are new
      }
      if (added) {
        problems_.add(sequence->get("add")->source(),
                      fmt::format("add = true is for a sequence the base does not have; the base "
                                  "has '{}': leave add out to change it",
                                  name.str()),
                      sequence_path + ".add");
      }
      const toml::node* steps_node = sequence->get("steps");
      const toml::table* steps = steps_node == nullptr ? nullptr : steps_node->as_table();
      const toml::node* base_steps_node = base_sequence->get("steps");
      const toml::table* base_steps =
          base_steps_node == nullptr ? nullptr : base_steps_node->as_table();
      if (steps == nullptr) continue;
      toml::table& steps_copy = *sequence_copy.get("steps")->as_table();
      for (auto&& [step_name, step_node] : *steps) {
        const toml::table* step = step_node.as_table();
        if (step == nullptr) continue;
        const std::string step_path = sequence_path + ".steps." + std::string(step_name.str());
        const bool step_added =
            adds(*step, *steps_copy.get(step_name.str())->as_table(), step_path);
        const bool in_base = base_steps != nullptr && base_steps->contains(step_name.str());
        if (!in_base && !step_added) {
          steps_copy.erase(step_name.str());
          problems_.add(step_name.source(),
                        fmt::format("unknown step '{}' of sequence '{}'{} (to add a step in this "
                                    "arm only, write add = true in its table)",
                                    step_name.str(), name.str(),
                                    suggestion(step_name.str(), names_of(base_steps))),
                        step_path, true);
        } else if (in_base && step_added) {
          problems_.add(step->get("add")->source(),
                        fmt::format("add = true is for a step the base does not have; sequence "
                                    "'{}' has '{}': leave add out to change it",
                                    name.str(), step_name.str()),
                        step_path + ".add");
        }
      }
    }
    return kept;
  }

  // An arm step's `at` or `delay` replaces the base step's timing, whichever of the two it has.
  static void replace_timing(toml::table& merged, const toml::table& changes) {
    for (auto&& [name, node] : changes) {
      const toml::node* steps = node.is_table() ? node.as_table()->get("steps") : nullptr;
      if (steps == nullptr || !steps->is_table()) continue;
      for (auto&& [step_name, step] : *steps->as_table()) {
        const toml::table* own = step.as_table();
        if (own == nullptr || own->contains("at") == own->contains("delay")) continue;
        toml::table* target = merged[name.str()]["steps"][step_name.str()].as_table();
        if (target != nullptr) target->erase(own->contains("at") ? "delay" : "at");
      }
    }
  }

  // Origins of the arm's merged `sequences` table: the base's, overwritten by the arm's own. Only
  // the paths under those two prefixes are visited, so many arms cost linear, not quadratic, time.
  static Origins arm_origins(const Origins& file, const std::string& arm_path) {
    Origins merged;
    const std::string arm_prefix = arm_path + ".";
    for (const auto* side : {&file.values, &file.keys}) {
      auto& into = side == &file.values ? merged.values : merged.keys;
      for_each_under(*side, "sequences",
                     [&](const auto& path, const auto& where) { into.emplace(path, where); });
      for_each_under(*side, arm_prefix + "sequences", [&](const auto& path, const auto& where) {
        into[path.substr(arm_prefix.size())] = where;
      });
    }
    return merged;
  }

  // Visits the entries of a sorted map whose path starts with `prefix`.
  template <class Visit>
  static void for_each_under(const std::map<std::string, toml::source_region>& paths,
                             const std::string& prefix, Visit visit) {
    for (auto it = paths.lower_bound(prefix); it != paths.end() && it->first.starts_with(prefix);
         ++it) {
      visit(it->first, it->second);
    }
  }

  const toml::table& root_;
  std::string file_;
  Problems problems_;
  std::map<std::string, std::uint32_t> category_index_;
  std::map<std::string, ProductIndex> product_index_;
  std::vector<std::string> product_names_;
  const std::vector<models::Product>* world_products_ = nullptr;
};

toml::table parse_document(std::string_view text, const std::string& file) {
  if (auto problem = too_many_dots(text, file)) throw InputError(*problem);
  try {
    return toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& e) {
    throw InputError(Diagnostic{file, static_cast<long>(e.source().begin.line),
                                static_cast<long>(e.source().begin.column),
                                std::string(e.description()), ""});
  }
}

// The dotted keys that --set overrides set, e.g. "population.size".
std::vector<std::string> override_keys(const toml::table& table, const std::string& prefix = "") {
  std::vector<std::string> keys;
  for (auto&& [key, node] : table) {
    std::string path =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const toml::table* sub = node.as_table()) {
      auto below = override_keys(*sub, path);
      keys.insert(keys.end(), below.begin(), below.end());
    } else {
      keys.push_back(path);
    }
  }
  return keys;
}

// Every name an override passes must exist (scenarios/overrides.hpp, unknown_name): --set changes
// values of what the scenario has, and adds nothing.
void check_override_names(const toml::table& root, const toml::table& assignment) {
  std::vector<Diagnostic> problems;
  std::vector<std::string> parts;
  std::vector<const toml::key*> keys;
  auto visit = [&](auto& self, const toml::table& table) -> void {
    for (auto&& [key, node] : table) {
      parts.emplace_back(key.str());
      keys.push_back(&key);
      if (const toml::table* below = node.as_table()) {
        self(self, *below);
      } else if (auto unknown = unknown_name(root, parts); unknown && problems.empty()) {
        std::string path = parts[0];
        for (std::size_t i = 1; i <= unknown->part; ++i) path += "." + parts[i];
        const toml::source_position& at = keys[unknown->part]->source().begin;
        problems.push_back({"--set", static_cast<long>(at.line), static_cast<long>(at.column),
                            unknown->message + " (--set changes what the scenario has; it adds "
                                               "nothing)",
                            path});
      }
      parts.pop_back();
      keys.pop_back();
    }
  };
  visit(visit, assignment);
  if (!problems.empty()) throw InputError(std::move(problems));
}

// A sweep varies what the scenario has: an axis that names a missing sequence or step is a
// misspelling. And a base value that an arm sets itself would not vary in that arm, while every
// point is labelled with the swept value: an error that names the arm, unless the sweep also
// sweeps the arm's value.
void check_axis(const toml::table& base, const SweepAxes& axes, const SweepAxis& axis,
                Problems& problems) {
  const std::vector<std::string> parts = dotted_parts(axis.key);
  if (auto unknown = unknown_name(base, parts)) {
    problems.add(axis.where, unknown->message + " (a sweep varies what the scenario has)",
                 "sweep." + axis.key);
    return;
  }
  const toml::node* arms = base.get("arms");
  if (parts[0] != "sequences" || arms == nullptr || !arms->is_table()) return;
  for (auto&& [arm, node] : *arms->as_table()) {
    const toml::node* at = node.as_table() != nullptr ? node.as_table()->get("sequences") : nullptr;
    for (std::size_t i = 1; at != nullptr && i < parts.size(); ++i) {
      at = at->is_table() ? at->as_table()->get(parts[i]) : nullptr;
    }
    const std::string arm_key = "arms." + std::string(arm.str()) + "." + axis.key;
    auto sweeps_it = [&](const SweepAxis& other) { return other.key == arm_key; };
    if (at == nullptr || std::any_of(axes.grid.begin(), axes.grid.end(), sweeps_it) ||
        std::any_of(axes.zip.begin(), axes.zip.end(), sweeps_it)) {
      continue;
    }
    problems.add(axis.where,
                 fmt::format("arm '{}' sets {} itself, so the sweep would not change it in that "
                             "arm while labelling every point with the swept value: sweep "
                             "arms.{}.{} too (beside this axis in [sweep.zip]) or remove the "
                             "arm's value",
                             arm.str(), axis.key, arm.str(), axis.key),
                 "sweep." + axis.key);
  }
}

// Loads every point of the sweep: the base with the point's values set, each value reported at
// its place in [sweep] when it is wrong. Every problem of every point is collected, once.
std::vector<ScenarioPoint> load_sweep(const toml::table& sweep, const toml::table& base,
                                      const std::string& file, const Origins& origins,
                                      const std::vector<std::string>& pinned) {
  Problems problems;
  problems.main_file = file;
  problems.origins = origins;
  const SweepAxes axes = read_sweep(sweep, pinned, problems);
  for (const auto* axes_of_one_kind : {&axes.grid, &axes.zip}) {
    for (const SweepAxis& axis : *axes_of_one_kind) check_axis(base, axes, axis, problems);
  }
  if (!problems.empty()) throw InputError(problems.sorted());
  std::vector<ScenarioPoint> points;
  for (const SweepCoordinates& coordinates : sweep_points(axes)) {
    toml::table root = base;
    Origins point_origins = origins;
    ScenarioPoint point;
    for (const auto& [axis, index] : coordinates) {
      const toml::node& value = axis->values[index];
      point.parameters.emplace_back(axis->key, toml_text(value));
      point_origins.values[axis->key] = axis->where;
      point_origins.keys[axis->key] = axis->where;
      if (!set_dotted(root, axis->key, value)) {
        problems.add(
            axis->where,
            fmt::format("cannot sweep '{}': part of it is a value, not a table", axis->key),
            "sweep." + axis->key);
      }
    }
    if (!problems.empty()) break;
    try {
      Scenario scenario = Loader(root, file, std::move(point_origins)).load();
      point.world = std::move(scenario.world);
      point.replications = scenario.replications;
      points.push_back(std::move(point));
    } catch (const InputError& error) {
      for (const Diagnostic& d : error.diagnostics()) problems.add(d);
    }
  }
  if (!problems.empty()) throw InputError(problems.sorted());
  return points;
}

// A sweep's points run together: their sum must fit the limits too (scenarios/limits.hpp).
void check_sweep_limits(const std::vector<ScenarioPoint>& points, const toml::table& sweep,
                        const std::string& file) {
  if (points.size() < 2) return;  // one point was checked as a scenario
  std::vector<models::PointSpec> specs;
  for (const ScenarioPoint& point : points) specs.push_back({&point.world, point.replications});
  const toml::source_position& where = sweep.source().begin;
  std::vector<Diagnostic> problems;
  for (const OverLimit& over : over_limits(specs)) {
    problems.push_back({file, static_cast<long>(where.line), static_cast<long>(where.column),
                        over.message, over.key});
  }
  if (!problems.empty()) throw InputError(std::move(problems));
}

}  // namespace

Scenario load_scenario_text(std::string_view toml_text, const std::string& file_name,
                            const std::vector<std::string>& overrides) {
  toml::table root = parse_document(toml_text, file_name);
  Origins origins;
  origins.record(root, "");
  std::vector<std::string> pinned;
  for (const std::string& assignment : overrides) {
    toml::table override_table = parse_override(assignment);
    check_override_names(root, override_table);
    origins.record(override_table, "");
    for (std::string& key : override_keys(override_table)) pinned.push_back(std::move(key));
    deep_merge(root, override_table);
  }
  // The base scenario is read without its sweep (moved out, keeping its positions), then every
  // point of the sweep.
  std::optional<toml::table> sweep;
  if (toml::node* node = root.get("sweep")) {
    if (!node->is_table()) {
      throw InputError(Diagnostic{file_name, static_cast<long>(node->source().begin.line),
                                  static_cast<long>(node->source().begin.column),
                                  "sweep must be a table with grid and/or zip", "sweep"});
    }
    sweep = std::move(*node->as_table());
    root.erase("sweep");
  }
  Scenario scenario = Loader(root, file_name, origins).load();
  if (sweep) {
    scenario.sweep = load_sweep(*sweep, root, file_name, origins, pinned);
    check_sweep_limits(scenario.sweep, *sweep, file_name);
    root.insert("sweep", std::move(*sweep));
  }
  std::ostringstream resolved;
  resolved << toml::toml_formatter(root) << '\n';
  scenario.resolved_toml = resolved.str();
  return scenario;
}

Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<std::string>& overrides) {
  constexpr std::uintmax_t kLargest = 16u << 20;  // no scenario needs more; refuse, don't exhaust
  std::error_code error;
  auto size = std::filesystem::file_size(file, error);
  if (error || std::filesystem::is_directory(file)) {
    throw InputError(Diagnostic{file.string(), 0, 0, "cannot read the scenario file", ""});
  }
  if (size > kLargest) {
    throw InputError(Diagnostic{file.string(), 0, 0, "scenario file larger than 16 MiB", ""});
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof())
    throw InputError(Diagnostic{file.string(), 0, 0, "cannot read the scenario file", ""});
  return load_scenario_text(text.str(), file.string(), overrides);
}

}  // namespace xsellsim::scenarios

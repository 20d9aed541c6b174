#include "scenarios/world_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace xsellsim::scenarios {

namespace {

using models::ProductIndex;

models::Purchasing read_purchasing(TableReader& segment) {
  models::Purchasing purchasing;
  const toml::table* table = segment.required_table("purchasing");
  if (table == nullptr) return purchasing;
  TableReader reader = segment.sub(*table, "purchasing");
  constexpr std::array<Named<bool>, 1> kModels{{{"bgnbd", true}}};
  if (reader.require("model")) {
    reader.choice("model", kModels, "unknown purchasing model '{}'; the only model is 'bgnbd'");
  }
  purchasing.r = reader.required_number("r", Range::positive()).value_or(purchasing.r);
  purchasing.alpha = reader.required_number("alpha", Range::positive()).value_or(purchasing.alpha);
  purchasing.a = reader.required_number("a", Range::positive()).value_or(purchasing.a);
  purchasing.b = reader.required_number("b", Range::positive()).value_or(purchasing.b);
  constexpr std::array<Named<sim::Time>, 2> kTimeUnits{{{"day", sim::kDay}, {"week", sim::kWeek}}};
  purchasing.time_unit =
      reader.choice("time_unit", kTimeUnits, R"(time_unit must be "day" or "week", got '{}')")
          .value_or(purchasing.time_unit);
  reader.number("log_likelihood");  // printed by `calibrate`; informative only
  reader.finish();
  return purchasing;
}

// A segment's preferred categories, each once, in the order given.
std::vector<std::uint32_t> preferred_categories(TableReader& reader, const References& names) {
  std::vector<std::uint32_t> preferred;
  const std::string key = "preferred_categories";
  std::optional<std::vector<std::string>> given = reader.strings(key);
  for (std::size_t i = 0; given && i < given->size(); ++i) {
    auto c = names.category(reader, key, reader.where(key, i), (*given)[i]);
    if (c && std::find(preferred.begin(), preferred.end(), *c) == preferred.end()) {
      preferred.push_back(*c);
    }
  }
  return preferred;
}

// A rate as the logit the engagement model adds its terms to.
double logit(double p) { return std::log(p / (1 - p)); }

// The segment, and whether its share was read: false when it is wrong (recorded), so that the
// shares' sum is not checked.
std::pair<models::Segment, bool> read_segment(TableReader& reader, const std::string& name,
                                              const References& names) {
  models::Segment segment;
  segment.name = name;
  const auto share = reader.number("share", {0, 1, true});
  const bool share_read = share || !reader.has("share");
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
  segment.preferred_categories = preferred_categories(reader, names);
  if (auto rate = reader.number("open_rate", {0, 1, true, true})) segment.open_base = logit(*rate);
  if (auto rate = reader.number("click_rate", {0, 1, true, true})) {
    segment.click_base = logit(*rate);
  }
  segment.purchasing = read_purchasing(reader);
  reader.finish();
  return {segment, share_read};
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
    reader.error(reader.where(removed),
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

// [products.<name>.complements.<other>]: an edge to the product itself is a refill (buying beans
// may create a need for beans).
std::vector<models::Complement> read_complements(TableReader& reader, const References& names) {
  std::vector<models::Complement> complements;
  reader.for_each_named(
      "complements", [&](const std::string& other, const toml::table& edge, const toml::key& key) {
        TableReader edge_reader = reader.sub(edge, "complements." + other);
        auto to = names.find_product(other);
        if (!to) {
          reader.error(key.source(),
                       fmt::format("unknown product '{}'{}", other,
                                   suggestion(other, names.product_names())),
                       "complements." + other, true);
          return;
        }
        complements.push_back(read_complement(edge_reader, *to));
      });
  return complements;
}

models::Product read_product(TableReader& reader, const std::string& name,
                             const References& names) {
  models::Product product;
  product.name = name;
  if (auto category = reader.required_string("category")) {
    product.category =
        names.category(reader, "category", reader.where("category"), *category).value_or(0);
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
      reader.error(reader.where("seasonality"),
                   fmt::format("seasonality needs 12 numbers, one per month from January, not {}",
                               months->size()),
                   "seasonality");
    }
  }
  product.complements = read_complements(reader, names);
  reader.finish();
  return product;
}

}  // namespace

models::Population read_population(TableReader& top) {
  models::Population population;
  const toml::table* table = top.required_table("population");
  if (table == nullptr) return population;
  TableReader reader = top.sub(*table, "population");
  population.size =
      static_cast<std::uint64_t>(reader.required_integer("size", 1, 1'000'000'000).value_or(1));
  population.horizon = reader.required_duration("horizon", false).value_or(population.horizon);
  population.acquisition = reader.duration("acquisition", true).value_or(0);
  if (population.acquisition >= population.horizon) {
    reader.error(reader.where("acquisition"), "acquisition window must be shorter than the horizon",
                 "acquisition");
  }
  population.return_window =
      reader.duration("return_window", false).value_or(population.return_window);
  population.start_month = static_cast<int>(reader.integer("start_month", 1, 12).value_or(1));
  reader.finish();
  return population;
}

std::vector<models::Segment> read_segments(TableReader& top, const References& names) {
  std::vector<models::Segment> segments;
  bool shares_read = true;  // false when a share is wrong (recorded): no sum to check then
  top.for_each_named("segments",
                     [&](const std::string& name, const toml::table& table, const toml::key&) {
                       TableReader reader = top.sub(table, "segments." + name);
                       auto [segment, share_read] = read_segment(reader, name, names);
                       shares_read = shares_read && share_read;
                       segments.push_back(std::move(segment));
                     });
  if (segments.empty()) {
    top.error(top.where("segments"), "at least one segment is required, e.g. [segments.all]",
              "segments");
    return segments;
  }
  double total = 0;
  for (const auto& s : segments) total += s.share;
  if (shares_read && std::abs(total - 1.0) > 1e-6) {
    top.error(top.where("segments"), fmt::format("segment shares sum to {}, not 1", total),
              "segments");
  }
  return segments;
}

std::vector<models::Category> read_categories(TableReader& top, References& names) {
  std::vector<models::Category> categories;
  top.for_each_named("categories", [&](const std::string& name, const toml::table& table,
                                       const toml::key&) {
    TableReader reader = top.sub(table, "categories." + name);
    reader.string("description");
    models::Category category{name};
    category.browse_rate =
        reader.number("browse_rate", Range::non_negative()).value_or(category.browse_rate);
    category.cart_probability =
        reader.number("cart_probability", Range::probability()).value_or(category.cart_probability);
    reader.finish();
    names.add_category(name);
    categories.push_back(std::move(category));
  });
  if (categories.empty()) {
    top.error(top.where(), "at least one category is required, e.g. [categories.main]",
              "categories");
  }
  return categories;
}

std::vector<models::Product> read_products(TableReader& top, References& names) {
  for (auto&& [name, node] : *top.table("products")) names.add_product(std::string(name.str()));
  std::vector<models::Product> products;
  top.for_each_named("products",
                     [&](const std::string& name, const toml::table& table, const toml::key&) {
                       TableReader reader = top.sub(table, "products." + name);
                       products.push_back(read_product(reader, name, names));
                     });
  if (products.empty()) {
    top.error(top.where(), "at least one product is required, e.g. [products.widget]", "products");
  } else if (std::none_of(products.begin(), products.end(),
                          [](const auto& p) { return p.acquisition > 0; })) {
    top.error(top.where("products"),
              "no product can be a first purchase: give at least one product acquisition > 0",
              "products");
  }
  return products;
}

models::Fatigue read_fatigue(TableReader& top) {
  models::Fatigue fatigue;
  TableReader reader = top.sub("fatigue");
  fatigue.half_life = reader.duration("half_life", false).value_or(fatigue.half_life);
  reader.finish();
  return fatigue;
}

models::Engagement read_engagement(TableReader& top) {
  using E = models::Engagement;
  static constexpr auto kCoefficients = std::to_array<Named<double E::*>>({
      {"inbox_base", &E::inbox_base},
      {"inbox_ignored", &E::inbox_ignored},
      {"inbox_complaint", &E::inbox_complaint},
      {"open_wearout", &E::open_wearout},
      {"click_wearout", &E::click_wearout},
      {"dropout_base", &E::dropout_base},
      {"dropout_fatigue", &E::dropout_fatigue},
      {"dropout_irrelevant", &E::dropout_irrelevant},
      {"unsubscribe_open", &E::unsubscribe_open},
      {"unsubscribe_personalized", &E::unsubscribe_personalized},
      {"complaint_open", &E::complaint_open},
      {"complaint_fatigue_threshold", &E::complaint_threshold},
      {"open_base", &E::open_base},
      {"open_fatigue", &E::open_fatigue},
      {"click_base", &E::click_base},
      {"click_relevance", &E::click_relevance},
      {"click_fatigue", &E::click_fatigue},
      {"buy_base", &E::buy_base},
      {"buy_discount", &E::buy_discount},
      {"buy_price", &E::buy_price},
      {"buy_in_cart", &E::buy_in_cart},
      {"open_personalized", &E::open_personalized},
      {"click_social_proof", &E::click_social_proof},
      {"buy_social_proof", &E::buy_social_proof},
      {"unsubscribe_base", &E::unsubscribe_base},
      {"unsubscribe_fatigue", &E::unsubscribe_fatigue},
      {"unsubscribe_irrelevant", &E::unsubscribe_irrelevant},
      {"complaint_base", &E::complaint_base},
      {"complaint_fatigue", &E::complaint_fatigue},
      {"click_preferred", &E::click_preferred},
      {"click_demonstration", &E::click_demonstration},
      {"buy_trial", &E::buy_trial},
      {"buy_expiring", &E::buy_expiring},
  });
  static constexpr auto kProbabilities = std::to_array<Named<double E::*>>({
      {"create_need", &E::create_need},
      {"create_need_demonstration", &E::create_need_demonstration},
      {"trial_return", &E::trial_return},
      {"click_order_later", &E::click_order_later},
      {"exposure_open", &E::exposure_open},
      {"exposure_delivered", &E::exposure_delivered},
      {"complaint_unsubscribes", &E::complaint_unsubscribes},
  });
  models::Engagement e;
  TableReader reader = top.sub("engagement");
  for (const auto& [key, member] : kCoefficients) {
    e.*member = reader.number(key, {-50, 50}).value_or(e.*member);
  }
  for (const auto& [key, member] : kProbabilities) {
    e.*member = reader.number(key, Range::probability()).value_or(e.*member);
  }
  e.exposure_offer = reader.number("exposure_offer", {0, 20}).value_or(e.exposure_offer);
  e.exposure_fatigue = reader.number("exposure_fatigue", {-50, 0}).value_or(e.exposure_fatigue);
  e.click_order_delay = reader.duration("click_order_delay", false).value_or(e.click_order_delay);
  e.exposure_delay = reader.duration("exposure_delay", false).value_or(e.exposure_delay);
  reader.finish();
  return e;
}

// [money]: the cost of a send and the value of a subscriber (docs/model.md, "Money").
// `subscriber_value` is a number, or "derived" (the default) from the customer's expected
// purchases after the horizon.
models::Money read_money(TableReader& top) {
  models::Money money;
  TableReader reader = top.sub("money");
  money.send_cost = reader.number("send_cost", Range::non_negative()).value_or(money.send_cost);
  if (const toml::node* value = reader.raw().get("subscriber_value"); value && value->is_string()) {
    if (value->value<std::string>() != "derived") {
      reader.error(value->source(), "subscriber_value must be a number (money) or \"derived\"",
                   "subscriber_value");
    }
    reader.ignore("subscriber_value");
  } else if (value != nullptr) {
    money.subscriber_value = reader.number("subscriber_value", Range::non_negative());
  }
  money.email_share =
      reader.number("email_share", Range::probability()).value_or(money.email_share);
  money.value_horizon = reader.duration("value_horizon", false).value_or(money.value_horizon);
  reader.finish();
  return money;
}

models::Policy read_policy(TableReader& top) {
  models::Policy policy;
  TableReader reader = top.sub("policy");
  if (reader.has("frequency_cap")) {
    TableReader cap = reader.sub("frequency_cap");
    policy.cap = static_cast<int>(cap.required_integer("max", 1, 1000).value_or(0));
    policy.cap_window = cap.required_duration("window", false).value_or(policy.cap_window);
    cap.finish();
  }
  constexpr std::array<Named<bool>, 2> kCapped{{{"delay", true}, {"skip", false}}};
  policy.capped_waits =
      reader.choice("capped", kCapped, R"(capped must be "delay" or "skip", not '{}')")
          .value_or(policy.capped_waits);
  if (reader.has("quiet_hours")) {
    TableReader quiet = reader.sub("quiet_hours");
    auto start = quiet.required_time_of_day("start");
    auto end = quiet.required_time_of_day("end");
    if (start && end) {
      policy.quiet_start = *start;
      policy.quiet_end = *end;
    }
    quiet.finish();
  }
  reader.finish();
  return policy;
}

}  // namespace xsellsim::scenarios

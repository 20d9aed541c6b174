// What a run assumed, and where each value came from (tools/assumptions.hpp).
#include "tools/assumptions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <sstream>

namespace xsellsim::tools {

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// A TOML key as written, without the quotes of a quoted part ('a b'.c -> a b.c).
std::string unquoted(std::string key) {
  std::erase(key, '\'');
  std::erase(key, '"');
  return key;
}

std::string days(sim::Time t) {
  return fmt::format("{:g} days", static_cast<double>(t) / static_cast<double>(sim::kDay));
}

// The keys `calibrate orders` estimates from an order log (the others it writes are fixed or
// hand-made: the starting sequence, lag_shape, the holdout).
bool estimated_from_orders(const std::string& key) {
  static const std::vector<std::string> kEndings{
      ".price", ".popularity", ".acquisition", ".return_rate", ".probability", ".lag", ".duration"};
  if (key == "population.size" || key == "population.acquisition" ||
      key == "population.start_month") {
    return true;
  }
  if (!key.starts_with("products.")) return false;
  return std::any_of(kEndings.begin(), kEndings.end(),
                     [&](const std::string& end) { return key.ends_with(end); });
}

class Collector {
 public:
  Collector(const std::string& toml, const std::string& description)
      : from_orders_(description.starts_with("Calibrated from ")) {
    for (std::string& key : keys_set(toml)) set_.insert(std::move(key));
  }
  void add(const std::string& key, const std::string& value) {
    Assumption a{key, value, Origin::kDefault, ""};
    if (set_.contains(key)) {
      a.origin = Origin::kScenario;
      const std::string table = key.substr(0, key.rfind('.'));
      if (table.ends_with(".purchasing") && set_.contains(table + ".log_likelihood")) {
        a.origin = Origin::kData;
        a.note = "BG/NBD fit by calibrate";
      } else if (from_orders_ && estimated_from_orders(key)) {
        a.origin = Origin::kData;
        a.note = "calibrate orders";
      }
    }
    all_.push_back(std::move(a));
  }
  std::vector<Assumption> take() { return std::move(all_); }

 private:
  std::set<std::string> set_;
  bool from_orders_ = false;
  std::vector<Assumption> all_;
};

void add_segments(Collector& c, const models::World& w) {
  for (const models::Segment& s : w.segments) {
    const std::string at = "segments." + s.name + ".";
    c.add(at + "share", fmt::format("{:g}", s.share));
    c.add(at + "subscribed", fmt::format("{:g}", s.subscribed));
    c.add(at + "purchasing.r", fmt::format("{:g}", s.purchasing.r));
    c.add(at + "purchasing.alpha", fmt::format("{:g}", s.purchasing.alpha));
    c.add(at + "purchasing.a", fmt::format("{:g}", s.purchasing.a));
    c.add(at + "purchasing.b", fmt::format("{:g}", s.purchasing.b));
    c.add(at + "engagement_sd", fmt::format("{:g}", s.engagement_sd));
    c.add(at + "price_tolerance", fmt::format("{:g}", s.price_tolerance));
  }
}

void add_products(Collector& c, const models::World& w) {
  for (const models::Product& p : w.products) {
    const std::string at = "products." + p.name + ".";
    c.add(at + "price", fmt::format("{:g}", p.price));
    c.add(at + "margin", fmt::format("{:g}", p.margin));
    c.add(at + "return_rate", fmt::format("{:g}", p.return_rate));
    for (const models::Complement& edge : p.complements) {
      const std::string to = at + "complements." + w.products[edge.to].name + ".";
      c.add(to + "probability", fmt::format("{:g}", edge.probability));
      c.add(to + "lag", days(edge.lag));
      c.add(to + "lag_shape", fmt::format("{:g}", edge.lag_shape));
      c.add(to + "duration", days(edge.duration));
    }
  }
}

// The email response terms that move the lift most (docs/model.md, "Email response"); the other
// coefficients are listed when the scenario sets them.
void add_response(Collector& c, const models::World& w) {
  const models::Engagement& e = w.engagement;
  const std::vector<std::pair<const char*, double>> terms{
      {"open_base", e.open_base},
      {"click_base", e.click_base},
      {"click_relevance", e.click_relevance},
      {"buy_base", e.buy_base},
      {"buy_discount", e.buy_discount},
      {"exposure_open", e.exposure_open},
      {"exposure_delivered", e.exposure_delivered},
      {"create_need", e.create_need},
      {"unsubscribe_base", e.unsubscribe_base},
      {"unsubscribe_fatigue", e.unsubscribe_fatigue}};
  for (const auto& [name, value] : terms) {
    c.add(std::string("engagement.") + name, fmt::format("{:g}", value));
  }
  c.add("fatigue.half_life", days(w.fatigue.half_life));
  c.add("money.send_cost", fmt::format("{:g}", w.money.send_cost));
  c.add("money.email_share", fmt::format("{:g}", w.money.email_share));
}

}  // namespace

std::vector<std::string> keys_set(const std::string& scenario_toml) {
  std::vector<std::string> keys;
  std::istringstream lines(scenario_toml);
  std::string line, table;
  while (std::getline(lines, line)) {
    line = trimmed(line);
    if (line.starts_with("[[")) continue;  // arrays of tables: none among the parameters
    if (line.starts_with('[') && line.ends_with(']')) {
      table = unquoted(trimmed(line.substr(1, line.size() - 2)));
      continue;
    }
    const auto equals = line.find(" = ");
    if (line.empty() || line.starts_with('#') || equals == std::string::npos) continue;
    const std::string key = unquoted(trimmed(line.substr(0, equals)));
    std::string dotted = table;
    if (!dotted.empty()) dotted += '.';
    keys.push_back(dotted += key);
  }
  return keys;
}

std::vector<Assumption> assumptions(const models::World& world, const std::string& scenario_toml,
                                    const std::string& description) {
  Collector c(scenario_toml, description);
  c.add("population.size", fmt::format("{}", world.population.size));
  c.add("population.horizon", days(world.population.horizon));
  c.add("population.acquisition", days(world.population.acquisition));
  c.add("population.start_month", fmt::format("{}", world.population.start_month));
  add_segments(c, world);
  add_products(c, world);
  add_response(c, world);
  return c.take();
}

const char* origin_name(Origin origin) {
  switch (origin) {
    case Origin::kData:
      return "data";
    case Origin::kScenario:
      return "scenario";
    case Origin::kDefault:
      break;
  }
  return "default";
}

}  // namespace xsellsim::tools

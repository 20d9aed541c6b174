// Method-of-moments fit of a past randomized campaign (models/campaign_fit.hpp).
#include "models/campaign_fit.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>

#include "models/metrics.hpp"
#include "models/parameters.hpp"
#include "sim/random.hpp"

namespace xsellsim::models {

namespace {

SampleMean share(long events, long n) {
  if (n == 0) return {};
  const double p = static_cast<double>(events) / static_cast<double>(n);
  return {p, std::sqrt(p * (1 - p) / static_cast<double>(n))};
}

// A click share between 0 and 0.99: a group that visited less than the control got nothing
// from the email (the model's email cannot keep a customer away).
double clamp_share(double x) { return std::clamp(x, 0.0, 0.99); }

// The standard error of a difference of independent estimates.
double se_of_difference(const SampleMean& a, const SampleMean& b) {
  return std::sqrt(a.se * a.se + b.se * b.se);
}

}  // namespace

std::string safe_name(std::string_view text) {
  std::string name;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0) {
      name += static_cast<char>(std::tolower(c));
    } else if (!name.empty() && name.back() != '_') {
      name += '_';
    }
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  return name.empty() ? "none" : name;
}

GroupRates rates_of(const CampaignData& data, std::size_t group, std::size_t cell) {
  long n = 0, visits = 0, conversions = 0;
  double sum = 0, squares = 0;
  for (const CampaignRow& row : data.rows) {
    if (row.group != group || (cell != kAllCells && row.cell != cell)) continue;
    ++n;
    visits += row.visit ? 1 : 0;
    conversions += row.conversion ? 1 : 0;
    sum += row.spend;
    squares += row.spend * row.spend;
  }
  GroupRates rates;
  rates.customers = n;
  rates.visit = share(visits, n);
  rates.conversion = share(conversions, n);
  if (n > 0) {
    const double mean = sum / static_cast<double>(n);
    const double variance =
        n > 1 ? (squares - static_cast<double>(n) * mean * mean) / static_cast<double>(n - 1) : 0;
    rates.spend = {mean, std::sqrt(std::max(0.0, variance) / static_cast<double>(n))};
  }
  return rates;
}

CampaignFit fit_campaign(const CampaignData& data, double window_days) {
  CampaignFit fit;
  fit.window_days = window_days;
  long conversions = 0;
  double spend = 0;
  for (const CampaignRow& row : data.rows) {
    conversions += row.conversion ? 1 : 0;
    spend += row.spend;
  }
  fit.price = conversions > 0 ? spend / static_cast<double>(conversions) : 0;
  const std::size_t cells = data.cells.size();
  fit.click.assign(data.groups.size(), std::vector<SampleMean>(cells));
  // Pooled buy-given-click: the treated groups' excess conversions over the clicks expected,
  // sum n (c_g - c_0) = q sum n (1 - c_0) click (each cell's conversion 1 - (1 - c_0)(1 - q
  // click)).
  double excess = 0, clicks = 0, excess_variance = 0;
  for (std::size_t c = 0; c < cells; ++c) {
    const GroupRates control = rates_of(data, data.control, c);
    fit.organic_visit.push_back(control.visit);
    fit.organic_conversion.push_back(control.conversion);
    // P(no purchase in the window) = exp(-rate window) = 1 - c_0; a cell without a conversion
    // gets a rate that makes none likely, not exactly zero (BG/NBD needs a positive rate).
    const double c0 = std::min(control.conversion.value, 0.999);
    fit.purchase_rate.push_back(std::max(-std::log1p(-c0), 1e-6) / window_days);
    for (std::size_t g = 0; g < data.groups.size(); ++g) {
      if (g == data.control) continue;
      const GroupRates treated = rates_of(data, g, c);
      if (treated.customers == 0 || control.customers == 0) continue;
      const double v0 = std::min(control.visit.value, 0.999);
      const double click = clamp_share((treated.visit.value - v0) / (1 - v0));
      fit.click[g][c] = {click, se_of_difference(treated.visit, control.visit) / (1 - v0)};
      const auto n = static_cast<double>(treated.customers);
      excess += n * (treated.conversion.value - control.conversion.value);
      excess_variance +=
          n * n * std::pow(se_of_difference(treated.conversion, control.conversion), 2);
      clicks += n * (1 - control.conversion.value) * click;
    }
  }
  if (clicks > 0) {
    fit.buy_given_click = {clamp_share(excess / clicks), std::sqrt(excess_variance) / clicks};
  }
  return fit;
}

GroupRates predicted_rates(const CampaignFit& fit, std::size_t group, std::size_t cell) {
  const double v0 = fit.organic_visit[cell].value;
  const double c0 = fit.organic_conversion[cell].value;
  const double click = fit.click[group][cell].value;
  const double q = fit.buy_given_click.value;
  const double organic_purchases = fit.purchase_rate[cell] * fit.window_days;
  GroupRates rates;
  rates.visit.value = v0 + (1 - v0) * click;
  rates.conversion.value = 1 - (1 - c0) * (1 - click * q);
  rates.spend.value = fit.price * (organic_purchases + click * q);
  return rates;
}

std::pair<CampaignData, CampaignData> split_halves(const CampaignData& data, std::uint64_t seed) {
  CampaignData first = data, second = data;
  first.rows.clear();
  second.rows.clear();
  sim::RandomStream stream({seed, 0, 0, 0x68616c66});  // "half"
  for (const CampaignRow& row : data.rows) {
    (stream.bernoulli(0.5) ? first : second).rows.push_back(row);
  }
  return {first, second};
}

namespace {

// The lifts of `group` over the control in `rates` (cells: kAllCells for all).
struct Lifts {
  SampleMean visit, conversion, spend;
};
Lifts observed_lifts(const CampaignData& data, std::size_t group, std::size_t cell) {
  const GroupRates t = rates_of(data, group, cell);
  const GroupRates c = rates_of(data, data.control, cell);
  return {{t.visit.value - c.visit.value, se_of_difference(t.visit, c.visit)},
          {t.conversion.value - c.conversion.value, se_of_difference(t.conversion, c.conversion)},
          {t.spend.value - c.spend.value, se_of_difference(t.spend, c.spend)}};
}

// The fit's lift of `group` in `cell`, or over all cells weighted by the group's customers in
// `data`.
Lifts predicted_lifts(const CampaignFit& fit, const CampaignData& data, std::size_t group,
                      std::size_t cell) {
  Lifts lifts;
  double weight = 0;
  for (std::size_t c = 0; c < data.cells.size(); ++c) {
    if (cell != kAllCells && c != cell) continue;
    const double n =
        cell == kAllCells ? static_cast<double>(rates_of(data, group, c).customers) : 1;
    const GroupRates t = predicted_rates(fit, group, c);
    const GroupRates o = predicted_rates(fit, data.control, c);
    lifts.visit.value += n * (t.visit.value - o.visit.value);
    lifts.conversion.value += n * (t.conversion.value - o.conversion.value);
    lifts.spend.value += n * (t.spend.value - o.spend.value);
    weight += n;
  }
  if (weight > 0) {
    lifts.visit.value /= weight;
    lifts.conversion.value /= weight;
    lifts.spend.value /= weight;
  }
  return lifts;
}

}  // namespace

std::vector<LiftCheck> check_lifts(const CampaignData& train, const CampaignData& test,
                                   double window_days) {
  const CampaignFit fit = fit_campaign(train, window_days);
  std::vector<LiftCheck> checks;
  for (std::size_t g = 0; g < train.groups.size(); ++g) {
    if (g == train.control) continue;
    for (std::size_t c = 0; c <= train.cells.size(); ++c) {
      const std::size_t cell = c == train.cells.size() ? kAllCells : c;
      const Lifts predicted = predicted_lifts(fit, test, g, cell);
      // The prediction's error: the training half's sampling error of the raw lift (an upper
      // bound for the pooled conversion and spend), beside the test half's own.
      const Lifts train_lifts = observed_lifts(train, g, cell);
      const Lifts test_lifts = observed_lifts(test, g, cell);
      auto check = [&](const char* outcome, double p, const SampleMean& train_lift,
                       const SampleMean& test_lift) {
        const double half = 1.959964 * std::hypot(train_lift.se, test_lift.se);
        checks.push_back({train.groups[g], cell == kAllCells ? "" : train.cells[c], outcome, p,
                          test_lift.value, p - half, p + half});
      };
      check("visit", predicted.visit.value, train_lifts.visit, test_lifts.visit);
      check("conversion", predicted.conversion.value, train_lifts.conversion,
            test_lifts.conversion);
      check("spend", predicted.spend.value, train_lifts.spend, test_lifts.spend);
    }
  }
  return checks;
}

GroupRates replay_rates(const World& world, const RunResult& result, const CampaignData& data,
                        const CampaignFit& fit, std::size_t group, std::size_t cell) {
  const std::string arm_name =
      group == data.control ? std::string(kHoldoutArm) : safe_name(data.groups[group]);
  std::size_t arm = 0;
  while (arm < world.arms.size() && world.arms[arm].name != arm_name) ++arm;
  long entrants = 0;
  double converted = 0, visits = 0, spend_cents = 0;
  for (std::size_t c = 0; c < data.cells.size(); ++c) {
    if (cell != kAllCells && c != cell) continue;
    const std::string segment = safe_name(data.groups[group]) + "_" + data.cells[c];
    std::size_t s = 0;
    while (s < world.segments.size() && world.segments[s].name != segment) ++s;
    if (s == world.segments.size() || arm == world.arms.size()) continue;
    const SegmentTally& tally = result.tallies[0][arm].segments[s];
    if (tally.entrants == 0) continue;
    const auto n = static_cast<double>(tally.entrants);
    entrants += tally.entrants;
    converted += n * tally.conversion.cumulative_incidence().back();
    const double v0 = fit.organic_visit[c].value;
    visits += n * v0 + (1 - v0) * static_cast<double>(tally.clicks);
    spend_cents += static_cast<double>(tally.entrant_cross_sell_cents);
  }
  GroupRates rates;
  rates.customers = entrants;
  if (entrants == 0) return rates;
  const auto n = static_cast<double>(entrants);
  rates.visit = share(std::lround(visits), entrants);
  rates.conversion = share(std::lround(converted), entrants);
  rates.spend.value = spend_cents / 100.0 / n;
  // Every purchase is at the one price, and their count is about Poisson.
  if (fit.price > 0) rates.spend.se = std::sqrt(spend_cents / 100.0 * fit.price) / n;
  return rates;
}

}  // namespace xsellsim::models

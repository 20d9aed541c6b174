// Which arm to launch, on net value per entrant (models/choice.hpp, docs/compare.md "Choosing").
#include "models/choice.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>

#include "models/paired_differences.hpp"
#include "sim/random.hpp"

namespace xsellsim::models {

namespace {

// Net value per entrant of arm a against the base, a linear form of the two totals per customer:
// alpha x_a - beta x_base.
struct NetForm {
  std::size_t arm;
  double alpha, beta;
};

NetForm net_form(const RunResult& result, const std::vector<ArmTally>& r, std::size_t arm,
                 std::size_t base) {
  const double scale = result.split_arms ? ratio(static_cast<double>(r[arm].customers),
                                                 static_cast<double>(r[base].customers))
                                         : 1.0;
  const double per_entrant = ratio(0.01, static_cast<double>(r[arm].entrants));
  return {arm, per_entrant, per_entrant * scale};
}

// Sum over customers of x_i y_i for the net values of arms i and j.
double net_product(const std::vector<ArmTally>& r, std::size_t i, std::size_t j) {
  return static_cast<double>(keeper(r, i, j).product(partner(i, j), Paired::kNetValueCents));
}

// Covariance of two arms' net values against the base within one replication.
double net_covariance(const RunResult& result, const std::vector<ArmTally>& r, const NetForm& f,
                      const NetForm& g, std::size_t base) {
  auto sum = [&](std::size_t i) {
    return static_cast<double>(r[i].paired.sum(Paired::kNetValueCents));
  };
  auto spread = [&](std::size_t i) {
    return total_spread(static_cast<double>(r[i].customers), sum(i), net_product(r, i, i));
  };
  if (result.split_arms) {  // no customer under two arms: only the shared base covaries
    return (f.arm == g.arm ? f.alpha * g.alpha * spread(f.arm) : 0.0) +
           f.beta * g.beta * spread(base);
  }
  const auto n = static_cast<double>(r[base].customers);
  if (n <= 1) return 0.0;
  const double sum_f = f.alpha * sum(f.arm) - f.beta * sum(base);
  const double sum_g = g.alpha * sum(g.arm) - g.beta * sum(base);
  const double products = f.alpha * g.alpha * net_product(r, f.arm, g.arm) -
                          f.alpha * g.beta * net_product(r, f.arm, base) -
                          f.beta * g.alpha * net_product(r, base, g.arm) +
                          f.beta * g.beta * net_product(r, base, base);
  return n / (n - 1) * (products - sum_f * sum_g / n);
}

// The covariance matrix of the candidates' net values (the base's row and column are 0), pooled
// over replications.
std::vector<std::vector<double>> net_covariances(const RunResult& result, std::size_t base) {
  const std::size_t arms = result.arm_names.size();
  std::vector<std::vector<double>> covariance(arms, std::vector<double>(arms, 0.0));
  const auto replications = static_cast<double>(result.tallies.size());
  for (const auto& r : result.tallies) {
    for (std::size_t i = 0; i < arms; ++i) {
      for (std::size_t j = 0; j < arms; ++j) {
        if (i == base || j == base) continue;
        covariance[i][j] += net_covariance(result, r, net_form(result, r, i, base),
                                           net_form(result, r, j, base), base) /
                            (replications * replications);
      }
    }
  }
  return covariance;
}

// Lower-triangular L with L L^T = the matrix, dropping directions without variance.
std::vector<std::vector<double>> cholesky(const std::vector<std::vector<double>>& matrix) {
  const std::size_t n = matrix.size();
  std::vector<std::vector<double>> lower(n, std::vector<double>(n, 0.0));
  for (std::size_t j = 0; j < n; ++j) {
    double diagonal = matrix[j][j];
    for (std::size_t k = 0; k < j; ++k) diagonal -= lower[j][k] * lower[j][k];
    if (diagonal <= 1e-300) continue;  // a fixed candidate (the base, an identical arm)
    lower[j][j] = std::sqrt(diagonal);
    for (std::size_t i = j + 1; i < n; ++i) {
      double value = matrix[i][j];
      for (std::size_t k = 0; k < j; ++k) value -= lower[i][k] * lower[j][k];
      lower[i][j] = value / lower[j][j];
    }
  }
  return lower;
}

// P(each candidate has the highest net value) under the normal approximation of the estimates,
// from `draws` draws of a Philox stream with a fixed key (the same numbers every time).
std::vector<double> probabilities_best(const std::vector<double>& values,
                                       const std::vector<std::vector<double>>& covariance,
                                       std::size_t draws) {
  const std::size_t n = values.size();
  const auto lower = cholesky(covariance);
  sim::RandomStream stream(sim::StreamKey{16, 0, 0, sim::mix(16, 4)});
  std::vector<double> wins(n, 0.0), z(n), draw(n);
  for (std::size_t d = 0; d < draws; ++d) {
    for (std::size_t i = 0; i < n; ++i) z[i] = stream.normal();
    for (std::size_t i = 0; i < n; ++i) {
      draw[i] = values[i];
      for (std::size_t k = 0; k <= i; ++k) draw[i] += lower[i][k] * z[k];
    }
    // Ties (candidates without variance at the same value) share the win.
    const double top = *std::max_element(draw.begin(), draw.end());
    const auto tied = static_cast<double>(std::count(draw.begin(), draw.end(), top));
    for (std::size_t i = 0; i < n; ++i) {
      if (draw[i] == top) wins[i] += 1.0 / tied;
    }
  }
  for (double& w : wins) w /= static_cast<double>(draws);
  return wins;
}

}  // namespace

std::vector<double> holm(const std::vector<double>& p) {
  std::vector<std::size_t> order(p.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> adjusted(p.size(), 1.0);
  double running = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    running = std::max(running, std::min(1.0, static_cast<double>(p.size() - k) * p[order[k]]));
    adjusted[order[k]] = running;
  }
  return adjusted;
}

namespace {

double two_sided_p(double value, double variance) {
  if (variance <= 0) return value == 0 ? 1.0 : 0.0;
  return 2 * boost::math::cdf(boost::math::complement(boost::math::normal(),
                                                      std::abs(value) / std::sqrt(variance)));
}

}  // namespace

// The candidates are the arms `shown` (indices of the result's arms: no twins), against the arm
// `base_arm` (every one, not each arm's twin: net value counts all customers, whoever enters).
Choice choose(const RunResult& result, const std::vector<std::size_t>& shown,
              std::size_t base_arm) {
  constexpr std::size_t kDraws = 100000;
  const auto all = net_covariances(result, base_arm);
  const std::size_t arms = shown.size();
  std::vector<std::vector<double>> covariance(arms, std::vector<double>(arms, 0.0));
  std::vector<double> values(arms, 0.0);
  std::size_t base = 0;
  for (std::size_t i = 0; i < arms; ++i) {
    for (std::size_t j = 0; j < arms; ++j) covariance[i][j] = all[shown[i]][shown[j]];
    if (shown[i] == base_arm) {
      base = i;
      continue;
    }
    ArmFigures against_base;
    net_value(result, shown[i], base_arm, against_base);
    values[i] = against_base.net_value_per_entrant->value;
  }
  Choice choice;
  choice.draws = kDraws;
  const auto best = probabilities_best(values, covariance, kDraws);
  std::vector<double> raw;
  for (std::size_t a = 0; a < arms; ++a) {
    if (a != base) raw.push_back(two_sided_p(values[a], covariance[a][a]));
  }
  const auto adjusted = holm(raw);
  // Bonferroni over the m arms against the base: simultaneous coverage of at least 95%.
  const double z =
      boost::math::quantile(boost::math::normal(), 1 - 0.05 / (2 * static_cast<double>(arms - 1)));
  for (std::size_t a = 0, k = 0; a < arms; ++a) {
    ArmChoice arm{result.arm_names[shown[a]], {values[a], 0.0, 0.0}, 1.0, best[a]};
    if (a != base) {
      const double half = z * std::sqrt(covariance[a][a]);
      arm.net_value = {values[a], values[a] - half, values[a] + half};
      arm.holm_p = adjusted[k++];
    }
    choice.arms.push_back(arm);
  }
  std::vector<std::size_t> ranked(arms);
  std::iota(ranked.begin(), ranked.end(), std::size_t{0});
  std::stable_sort(ranked.begin(), ranked.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
  choice.best = ranked[0];
  choice.runner_up = ranked[1];
  const std::size_t t = ranked[0], r = ranked[1];
  const double lead_variance =
      std::max(0.0, covariance[t][t] + covariance[r][r] - 2 * covariance[t][r]);
  choice.lead = with_normal_interval(values[t] - values[r], lead_variance);
  choice.separated = *choice.lead.low > 0;
  const double lead = values[t] - values[r];
  if (!choice.separated && lead > 0) {
    const double z_sum = kZ975 + boost::math::quantile(boost::math::normal(), 0.8);
    choice.scale_needed = z_sum * z_sum * lead_variance / (lead * lead);
  }
  return choice;
}

}  // namespace xsellsim::models

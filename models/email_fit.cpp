// Email-response estimates (models/email_fit.hpp): three logistic regressions by Newton's method,
// the open-and-click model with its shared random intercept by BFGS on the quadrature likelihood,
// and a profile over the fatigue half-life.
#include "models/email_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numbers>
#include <stdexcept>

#include "models/optimize.hpp"

namespace xsellsim::models {

namespace {

double log_logistic(double x) {
  return x >= 0 ? -std::log1p(std::exp(-x)) : x - std::log1p(std::exp(x));
}
double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// A logistic regression's rows: covariates (the first is the intercept's 1) and the outcome.
struct Rows {
  std::vector<std::array<double, 3>> x;
  std::vector<bool> y;
  void add(std::array<double, 3> covariates, bool outcome) {
    x.push_back(covariates);
    y.push_back(outcome);
  }
};

struct Fitted {
  Vector estimate, standard_error;
  double log_likelihood = 0;
};

double logistic_log_likelihood(const Rows& rows, const Vector& beta) {
  double sum = 0;
  for (std::size_t i = 0; i < rows.x.size(); ++i) {
    const double eta = beta[0] * rows.x[i][0] + beta[1] * rows.x[i][1] + beta[2] * rows.x[i][2];
    sum += rows.y[i] ? log_logistic(eta) : log_logistic(-eta);
  }
  return sum;
}

// Newton's method with step halving, from all coefficients 0 but the intercept at the log odds.
// A covariate that is 0 in every row (complaint fatigue when no stock passes the threshold) is
// not estimable: it keeps the estimate NaN and an infinite standard error.
// The covariates (of the three) that are not 0 in every row.
std::vector<std::size_t> used_covariates(const Rows& rows) {
  std::vector<std::size_t> used;
  for (std::size_t a = 0; a < 3; ++a) {
    if (std::any_of(rows.x.begin(), rows.x.end(), [&](const auto& x) { return x[a] != 0.0; })) {
      used.push_back(a);
    }
  }
  return used;
}

// The log likelihood's gradient and Fisher information at `beta` over the `used` covariates.
void score_and_information(const Rows& rows, const Vector& beta,
                           const std::vector<std::size_t>& used, Vector& gradient,
                           Matrix& information) {
  const std::size_t k = used.size();
  gradient.assign(k, 0.0);
  information.assign(k, Vector(k, 0.0));
  for (std::size_t i = 0; i < rows.x.size(); ++i) {
    const auto& x = rows.x[i];
    const double p = logistic(beta[0] * x[0] + beta[1] * x[1] + beta[2] * x[2]);
    for (std::size_t a = 0; a < k; ++a) {
      gradient[a] += ((rows.y[i] ? 1.0 : 0.0) - p) * x[used[a]];
      for (std::size_t b = 0; b < k; ++b) {
        information[a][b] += p * (1 - p) * x[used[a]] * x[used[b]];
      }
    }
  }
}

// The Newton step covariance x gradient, spread back over all three coefficients.
Vector newton_step(const Matrix& covariance, const Vector& gradient,
                   const std::vector<std::size_t>& used) {
  Vector step(3, 0.0);
  for (std::size_t a = 0; a < used.size(); ++a) {
    for (std::size_t b = 0; b < used.size(); ++b) step[used[a]] += covariance[a][b] * gradient[b];
  }
  return step;
}

Fitted fit_logistic(const Rows& rows) {
  const std::vector<std::size_t> used = used_covariates(rows);
  const std::size_t k = used.size();
  const auto events = static_cast<double>(std::count(rows.y.begin(), rows.y.end(), true));
  const auto n = static_cast<double>(rows.y.size());
  Vector beta{std::log((events + 0.5) / (n - events + 0.5)), 0.0, 0.0};
  double current = logistic_log_likelihood(rows, beta);
  Matrix information;
  Vector gradient;
  for (int iteration = 0; iteration < 100; ++iteration) {
    score_and_information(rows, beta, used, gradient, information);
    const Matrix covariance = inverse(information);
    if (covariance.empty()) break;
    const Vector step = newton_step(covariance, gradient, used);
    double scale = 1.0, next = current;
    Vector trial = beta;
    for (int halving = 0; halving < 30; ++halving, scale /= 2) {
      for (std::size_t a = 0; a < 3; ++a) trial[a] = beta[a] + scale * step[a];
      next = logistic_log_likelihood(rows, trial);
      if (next >= current) break;
    }
    if (next < current) break;
    beta = trial;
    const bool converged = next - current < 1e-10;
    current = next;
    if (converged) break;
  }
  const Vector used_se = standard_errors(information);
  Vector se(3, std::numeric_limits<double>::infinity());
  for (std::size_t a = 0; a < k; ++a) se[used[a]] = used_se[a];
  for (std::size_t a = 0; a < 3; ++a) {
    if (std::find(used.begin(), used.end(), a) == used.end()) beta[a] = std::nan("");
  }
  return {beta, se, current};
}

// Gauss-Hermite nodes and weights for integrals of f(x) exp(-x^2) (Golub & Welsch's results by
// Newton's method on the Hermite polynomials, as in Numerical Recipes' gauher).
struct Quadrature {
  Vector nodes, weights;
};
Quadrature gauss_hermite(int n) {
  Quadrature q{Vector(static_cast<std::size_t>(n)), Vector(static_cast<std::size_t>(n))};
  const double pi_fourth = std::pow(std::numbers::pi, -0.25);
  double z = 0;
  for (int i = 0; i < (n + 1) / 2; ++i) {
    if (i == 0) {
      z = std::sqrt(2.0 * n + 1) - 1.85575 * std::pow(2.0 * n + 1, -1.0 / 6);
    } else if (i == 1) {
      z -= 1.14 * std::pow(n, 0.426) / z;
    } else if (i == 2) {
      z = 1.86 * z - 0.86 * q.nodes[0];
    } else if (i == 3) {
      z = 1.91 * z - 0.91 * q.nodes[1];
    } else {
      z = 2.0 * z - q.nodes[static_cast<std::size_t>(i - 2)];
    }
    double derivative = 0;
    for (int iteration = 0; iteration < 100; ++iteration) {
      double p1 = pi_fourth, p2 = 0;
      for (int j = 1; j <= n; ++j) {
        const double p3 = p2;
        p2 = p1;
        p1 = z * std::sqrt(2.0 / j) * p2 - std::sqrt(static_cast<double>(j - 1) / j) * p3;
      }
      derivative = std::sqrt(2.0 * n) * p2;
      const double previous = z;
      z = previous - p1 / derivative;
      if (std::abs(z - previous) < 1e-14) break;
    }
    const auto low = static_cast<std::size_t>(i), high = static_cast<std::size_t>(n - 1 - i);
    q.nodes[low] = z;
    q.nodes[high] = -z;
    q.weights[low] = q.weights[high] = 2.0 / (derivative * derivative);
  }
  return q;
}

// What the open-and-click model sees of a delivered email.
struct Delivered {
  double fatigue, wearout;
  bool opened, clicked;
};

// The open-and-click model's parameters: open base, fatigue, wear-out; click base, fatigue,
// wear-out; ln(engagement_sd).
constexpr std::size_t kJoint = 7;

// Minus the log-likelihood of the open-and-click model and its gradient.
class JointLikelihood {
 public:
  explicit JointLikelihood(const std::vector<std::vector<Delivered>>& customers)
      : customers_(customers), quadrature_(gauss_hermite(15)) {}

  double operator()(const Vector& theta, Vector& gradient) const {
    gradient.assign(kJoint, 0.0);
    const double sd = std::exp(theta[6]);
    const std::size_t nodes = quadrature_.nodes.size();
    Vector log_terms(nodes);
    Matrix scores(nodes, Vector(kJoint, 0.0));
    double total = 0;
    for (const auto& emails : customers_) {
      for (std::size_t k = 0; k < nodes; ++k) {
        const double e = sd * std::numbers::sqrt2 * quadrature_.nodes[k];
        double log_l = std::log(quadrature_.weights[k] / std::sqrt(std::numbers::pi));
        Vector& score = scores[k];
        std::fill(score.begin(), score.end(), 0.0);
        // One logistic outcome of the email: the open (parameters 0-2) or the click (3-5), both
        // with the customer's intercept e.
        auto add = [&](bool outcome, std::size_t first, const Delivered& d) {
          const double eta =
              theta[first] + e + theta[first + 1] * d.fatigue + theta[first + 2] * d.wearout;
          const double residual = (outcome ? 1.0 : 0.0) - logistic(eta);
          log_l += outcome ? log_logistic(eta) : log_logistic(-eta);
          score[first] += residual;
          score[first + 1] += residual * d.fatigue;
          score[first + 2] += residual * d.wearout;
          score[6] += residual * e;
        };
        for (const Delivered& d : emails) {
          add(d.opened, 0, d);
          if (d.opened) add(d.clicked, 3, d);
        }
        log_terms[k] = log_l;
      }
      const double top = *std::max_element(log_terms.begin(), log_terms.end());
      double sum = 0;
      for (double t : log_terms) sum += std::exp(t - top);
      total += top + std::log(sum);
      for (std::size_t k = 0; k < nodes; ++k) {
        const double share = std::exp(log_terms[k] - top) / sum;  // the node's posterior weight
        for (std::size_t a = 0; a < kJoint; ++a) gradient[a] -= share * scores[k][a];
      }
    }
    return -total;
  }

 private:
  const std::vector<std::vector<Delivered>>& customers_;
  Quadrature quadrature_;
};

// Everything the models see, at one half-life.
struct Prepared {
  Rows inbox, unsubscribe, complaint;
  std::vector<std::vector<Delivered>> delivered;  // [customer]
};

Prepared prepare(const std::vector<EmailHistory>& histories, double half_life_days,
                 double threshold) {
  Prepared p;
  const double decay = std::log(2.0) / (half_life_days * static_cast<double>(sim::kDay));
  for (const EmailHistory& history : histories) {
    std::vector<Delivered>& delivered = p.delivered.emplace_back();
    double stock = 0;
    sim::Time updated = 0;
    int streak = 0, complaints = 0;
    std::map<std::uint32_t, int> same_lead;
    for (const SentEmail& email : history) {
      stock *= std::exp(-decay * static_cast<double>(email.time - updated));
      const double fatigue = stock;
      stock += 1.0;
      updated = email.time;
      const double wearout = std::log1p(same_lead[email.lead]++);
      p.inbox.add({1.0, static_cast<double>(streak), static_cast<double>(complaints)},
                  email.delivered);
      if (!email.delivered) continue;
      delivered.push_back({fatigue, wearout, email.opened, email.clicked});
      const double opened = email.opened ? 1.0 : 0.0;
      p.complaint.add({1.0, opened, std::max(0.0, fatigue - threshold)}, email.complained);
      if (!email.complained) {
        p.unsubscribe.add({1.0, opened, -std::expm1(-fatigue)}, email.unsubscribed);
      }
      streak = email.opened ? 0 : streak + 1;
      complaints += email.complained ? 1 : 0;
    }
  }
  return p;
}

struct AtHalfLife {
  Fitted joint, unsubscribe, complaint;
  // The profile's criterion: the open-and-click and unsubscribe models. Complaints are left out:
  // their threshold term exists only at half-lives long enough to pass it, and a model that
  // gains a coefficient at some grid values would win there for that alone.
  double log_likelihood = 0;
};

// The fits at one half-life; the open-and-click model's standard errors (its costly part) only
// when asked, for the best half-life.
AtHalfLife fit_at(const Prepared& p, Vector& joint_start, bool with_errors) {
  AtHalfLife at;
  const JointLikelihood joint(p.delivered);
  joint_start = minimize(joint, joint_start);
  Vector unused;
  at.joint = {
      joint_start,
      with_errors ? standard_errors(observed_information(joint, joint_start)) : Vector(kJoint, 0.0),
      -joint(joint_start, unused)};
  at.unsubscribe = fit_logistic(p.unsubscribe);
  at.complaint = fit_logistic(p.complaint);
  at.log_likelihood = at.joint.log_likelihood + at.unsubscribe.log_likelihood;
  return at;
}

// A logit coefficient whose standard error passes 10 is not known at all (too few events, or a
// covariate that separates them): it is reported as not estimable.
void add(EmailFit& fit, const char* name, double estimate, double se) {
  if (!(se < 10)) estimate = std::nan("");
  fit.coefficients.push_back({name, estimate, se});
}

void count(EmailFit& fit, const std::vector<EmailHistory>& histories) {
  for (const EmailHistory& history : histories) {
    if (!history.empty()) ++fit.customers;
    for (const SentEmail& e : history) {
      ++fit.sends;
      fit.delivered += e.delivered ? 1 : 0;
      fit.opens += e.opened ? 1 : 0;
      fit.clicks += e.clicked ? 1 : 0;
      fit.unsubscribes += e.unsubscribed ? 1 : 0;
      fit.complaints += e.complained ? 1 : 0;
    }
  }
}

// The share of complaints that unsubscribed at once, with its binomial standard error.
void complaint_unsubscribes(EmailFit& fit, const std::vector<EmailHistory>& histories) {
  double both = 0;
  for (const EmailHistory& history : histories) {
    for (const SentEmail& e : history) both += e.complained && e.unsubscribed ? 1 : 0;
  }
  if (fit.complaints == 0) return;
  const auto n = static_cast<double>(fit.complaints);
  fit.complaint_unsubscribes = both / n;
  fit.complaint_unsubscribes_se =
      std::sqrt(fit.complaint_unsubscribes * (1 - fit.complaint_unsubscribes) / n);
}

}  // namespace

const Coefficient& EmailFit::operator[](const std::string& name) const {
  for (const Coefficient& c : coefficients) {
    if (c.name == name) return c;
  }
  throw std::out_of_range("no coefficient " + name);
}

EmailFit fit_email_response(const std::vector<EmailHistory>& histories,
                            const EmailFitOptions& options) {
  EmailFit fit;
  count(fit, histories);
  if (fit.delivered == 0 || fit.opens == 0) {
    throw std::invalid_argument("the email log has no delivered or no opened email to fit");
  }
  // The profile over the half-life: the best grid value, and those within chi2(1, 0.95)/2 of it.
  std::vector<AtHalfLife> profile;
  Vector joint_start{0, 0, 0, -2, 0, 0, std::log(0.5)};
  for (double h : options.half_life_grid_days) {
    profile.push_back(
        fit_at(prepare(histories, h, options.complaint_threshold), joint_start, false));
  }
  const auto best =
      static_cast<std::size_t>(std::max_element(profile.begin(), profile.end(),
                                                [](const AtHalfLife& a, const AtHalfLife& b) {
                                                  return a.log_likelihood < b.log_likelihood;
                                                }) -
                               profile.begin());
  const auto& grid = options.half_life_grid_days;
  fit.half_life_days = fit.half_life_low_days = fit.half_life_high_days = grid[best];
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (profile[best].log_likelihood - profile[i].log_likelihood > 1.92) continue;
    fit.half_life_low_days = std::min(fit.half_life_low_days, grid[i]);
    fit.half_life_high_days = std::max(fit.half_life_high_days, grid[i]);
  }
  const Prepared at_best = prepare(histories, grid[best], options.complaint_threshold);
  Vector start = profile[best].joint.estimate;
  const AtHalfLife at = fit_at(at_best, start, true);
  const Fitted inbox = fit_logistic(at_best.inbox);
  const std::array<const char*, 3> inbox_names{"inbox_base", "inbox_ignored", "inbox_complaint"};
  for (std::size_t i = 0; i < 3; ++i)
    add(fit, inbox_names[i], inbox.estimate[i], inbox.standard_error[i]);
  const std::array<const char*, 6> joint_names{"open_base",  "open_fatigue",  "open_wearout",
                                               "click_base", "click_fatigue", "click_wearout"};
  for (std::size_t i = 0; i < 6; ++i) {
    add(fit, joint_names[i], at.joint.estimate[i], at.joint.standard_error[i]);
  }
  const double sd = std::exp(at.joint.estimate[6]);
  add(fit, "engagement_sd", sd, sd * at.joint.standard_error[6]);  // the delta method
  const std::array<const char*, 3> unsubscribe_names{"unsubscribe_base", "unsubscribe_open",
                                                     "unsubscribe_fatigue"};
  const std::array<const char*, 3> complaint_names{"complaint_base", "complaint_open",
                                                   "complaint_fatigue"};
  for (std::size_t i = 0; i < 3; ++i) {
    add(fit, unsubscribe_names[i], at.unsubscribe.estimate[i], at.unsubscribe.standard_error[i]);
  }
  for (std::size_t i = 0; i < 3; ++i) {
    add(fit, complaint_names[i], at.complaint.estimate[i], at.complaint.standard_error[i]);
  }
  complaint_unsubscribes(fit, histories);
  fit.log_likelihood = at.log_likelihood + at.complaint.log_likelihood + inbox.log_likelihood;
  return fit;
}

}  // namespace xsellsim::models

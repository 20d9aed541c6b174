#include "models/optimize.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace xsellsim::models {

namespace {

// -h x gradient, BFGS's search direction.
Vector descent_direction(const Matrix& h, const Vector& gradient) {
  const std::size_t n = gradient.size();
  Vector direction(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) direction[i] -= h[i][j] * gradient[j];
  }
  return direction;
}

double dot(const Vector& a, const Vector& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

// Forgets the inverse Hessian's estimate: a scaled steepest descent from here.
void restart_from_steepest_descent(Matrix& h, const Vector& gradient, Vector& direction) {
  for (std::size_t i = 0; i < h.size(); ++i) {
    std::fill(h[i].begin(), h[i].end(), 0.0);
    h[i][i] = 1e-3;
    direction[i] = -1e-3 * gradient[i];
  }
}

// BFGS's update of the inverse Hessian's estimate from the step s and the gradient's change y
// (skipped when their product is not positive: the estimate would not stay positive-definite).
void update_inverse_hessian(Matrix& h, const Vector& s, const Vector& y) {
  const std::size_t n = s.size();
  const double sy = dot(s, y);
  if (sy <= 1e-12) return;
  Vector hy(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) hy[i] += h[i][j] * y[j];
  }
  const double yhy = dot(y, hy);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      h[i][j] += (sy + yhy) * s[i] * s[j] / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy;
    }
  }
}

}  // namespace

// The inverse of a symmetric positive-definite matrix by Gauss-Jordan elimination; empty when it
// is singular (a coefficient the data cannot pin down).
Matrix inverse(Matrix m) {
  const std::size_t n = m.size();
  Matrix inv(n, Vector(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) inv[i][i] = 1.0;
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r) {
      if (std::abs(m[r][col]) > std::abs(m[pivot][col])) pivot = r;
    }
    if (std::abs(m[pivot][col]) < 1e-12) return {};
    std::swap(m[col], m[pivot]);
    std::swap(inv[col], inv[pivot]);
    const double scale = m[col][col];
    for (std::size_t c = 0; c < n; ++c) {
      m[col][c] /= scale;
      inv[col][c] /= scale;
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (r == col || m[r][col] == 0.0) continue;
      const double factor = m[r][col];
      for (std::size_t c = 0; c < n; ++c) {
        m[r][c] -= factor * m[col][c];
        inv[r][c] -= factor * inv[col][c];
      }
    }
  }
  return inv;
}

Vector standard_errors(const Matrix& information) {
  const Matrix covariance = inverse(information);
  Vector se(information.size(), std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < covariance.size(); ++i) {
    if (covariance[i][i] > 0) se[i] = std::sqrt(covariance[i][i]);
  }
  return se;
}

// BFGS with a backtracking line search, from `start`.
Vector minimize(const Objective& f, Vector x) {
  const std::size_t n = x.size();
  Vector gradient;
  double value = f(x, gradient);
  Matrix h(n, Vector(n, 0.0));  // the inverse Hessian's estimate
  for (std::size_t i = 0; i < n; ++i) h[i][i] = 1e-3;
  Vector next_gradient;
  for (int iteration = 0; iteration < 500; ++iteration) {
    Vector direction = descent_direction(h, gradient);
    double slope = dot(direction, gradient);
    if (slope >= 0) {  // not a descent direction
      restart_from_steepest_descent(h, gradient, direction);
      slope = dot(direction, gradient);
    }
    double step = 1.0, next_value = value;
    Vector next(n);
    for (int halving = 0; halving < 40; ++halving, step /= 2) {
      for (std::size_t i = 0; i < n; ++i) next[i] = x[i] + step * direction[i];
      next_value = f(next, next_gradient);
      if (next_value <= value + 1e-4 * step * slope) break;
    }
    if (!(next_value < value)) break;
    Vector s(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
      s[i] = next[i] - x[i];
      y[i] = next_gradient[i] - gradient[i];
    }
    const bool converged = value - next_value < 1e-9 * (1 + std::abs(value));
    x = next;
    value = next_value;
    gradient = next_gradient;
    if (converged) break;
    update_inverse_hessian(h, s, y);
  }
  return x;
}

// The observed information: central differences of the analytic gradient, symmetrized.
Matrix observed_information(const Objective& f, const Vector& x) {
  const std::size_t n = x.size();
  Matrix information(n, Vector(n, 0.0));
  Vector up, down;
  for (std::size_t i = 0; i < n; ++i) {
    const double h = 1e-4 * (1 + std::abs(x[i]));
    Vector shifted = x;
    shifted[i] = x[i] + h;
    f(shifted, up);
    shifted[i] = x[i] - h;
    f(shifted, down);
    for (std::size_t j = 0; j < n; ++j) information[i][j] = (up[j] - down[j]) / (2 * h);
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      information[i][j] = information[j][i] = (information[i][j] + information[j][i]) / 2;
    }
  }
  return information;
}

}  // namespace xsellsim::models

#pragma once
// Small dense numerics for the maximum-likelihood fits (calibrate emails): the inverse of a
// symmetric positive-definite matrix, standard errors from an information matrix, a BFGS
// minimizer and the observed information by central differences of an analytic gradient.
#include <functional>
#include <vector>

namespace xsellsim::models {

using Vector = std::vector<double>;
using Matrix = std::vector<Vector>;

// f(x, gradient): the value at x, and its gradient written into `gradient` (resized by f).
using Objective = std::function<double(const Vector& x, Vector& gradient)>;

// The inverse by Gauss-Jordan elimination with partial pivoting; empty when the matrix is
// singular (a coefficient the data cannot pin down).
Matrix inverse(Matrix m);
// The square roots of the inverse's diagonal; infinity where it is singular or not positive.
Vector standard_errors(const Matrix& information);
// BFGS with a backtracking (Armijo) line search from `x`, until a step gains less than 1e-9 of
// the value (relative), no step gains at all, or 500 iterations.
Vector minimize(const Objective& f, Vector x);
// The Hessian of f at x by central differences of its gradient (steps 1e-4 (1 + |x_i|)),
// symmetrized: at a minimum of a negative log likelihood, the observed information.
Matrix observed_information(const Objective& f, const Vector& x);

}  // namespace xsellsim::models

#include "models/optimize.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace xsellsim::models {
namespace {

TEST(Optimize, InverseOfAKnownMatrix) {
  // [[4, 2], [2, 3]]^-1 = [[3, -2], [-2, 4]] / 8.
  const Matrix inv = inverse({{4, 2}, {2, 3}});
  ASSERT_EQ(inv.size(), 2U);
  EXPECT_DOUBLE_EQ(inv[0][0], 3.0 / 8);
  EXPECT_DOUBLE_EQ(inv[0][1], -2.0 / 8);
  EXPECT_DOUBLE_EQ(inv[1][0], -2.0 / 8);
  EXPECT_DOUBLE_EQ(inv[1][1], 4.0 / 8);
  EXPECT_TRUE(inverse({{1, 2}, {2, 4}}).empty());  // singular
}

TEST(Optimize, StandardErrorsAreTheRootsOfTheInversesDiagonal) {
  const Vector se = standard_errors({{4, 0}, {0, 25}});
  EXPECT_DOUBLE_EQ(se[0], 0.5);
  EXPECT_DOUBLE_EQ(se[1], 0.2);
  const Vector none = standard_errors({{1, 1}, {1, 1}});
  EXPECT_EQ(none[0], std::numeric_limits<double>::infinity());
}

// Rosenbrock's valley, minimum 0 at (1, 1): a classic test that a quasi-Newton method's curvature
// estimate works (steepest descent alone crawls along the valley for thousands of steps).
double rosenbrock(const Vector& x, Vector& gradient) {
  const double a = 1 - x[0], b = x[1] - x[0] * x[0];
  gradient = {-2 * a - 400 * x[0] * b, 200 * b};
  return a * a + 100 * b * b;
}

TEST(Optimize, BfgsFindsRosenbrocksMinimum) {
  const Vector x = minimize(rosenbrock, {-1.2, 1.0});
  EXPECT_NEAR(x[0], 1.0, 1e-3);
  EXPECT_NEAR(x[1], 1.0, 1e-3);
}

// For a quadratic 1/2 x'Ax - b'x the minimum is A^-1 b and the observed information is A exactly
// (central differences of a linear gradient have no truncation error).
TEST(Optimize, AQuadraticsMinimumAndInformation) {
  const Matrix a{{3, 1}, {1, 2}};
  const Vector b{1, -1};
  const Objective f = [&](const Vector& x, Vector& gradient) {
    const Vector ax{a[0][0] * x[0] + a[0][1] * x[1], a[1][0] * x[0] + a[1][1] * x[1]};
    gradient = {ax[0] - b[0], ax[1] - b[1]};
    return 0.5 * (x[0] * ax[0] + x[1] * ax[1]) - (b[0] * x[0] + b[1] * x[1]);
  };
  // A^-1 b = [[2, -1], [-1, 3]] / 5 x (1, -1) = (3/5, -4/5).
  const Vector x = minimize(f, {0, 0});
  EXPECT_NEAR(x[0], 0.6, 1e-4);
  EXPECT_NEAR(x[1], -0.8, 1e-4);
  const Matrix information = observed_information(f, x);
  for (std::size_t i = 0; i < 2; ++i) {
    for (std::size_t j = 0; j < 2; ++j) EXPECT_NEAR(information[i][j], a[i][j], 1e-9);
  }
}

}  // namespace
}  // namespace xsellsim::models

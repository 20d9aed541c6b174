#include "sim/random.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace xsellsim::sim {
namespace {

// Moment tests use n = 200,000 draws and a tolerance of 5 standard errors of the sample mean: a
// correct sampler fails one of them with probability below 1e-6, and the seeds are fixed anyway.
constexpr int kDraws = 200000;

template <class Draw>
void expect_mean_and_variance(Draw draw, double mean, double variance) {
  RandomStream stream({11, 0, 0, 42});
  double sum = 0, sum_squares = 0;
  for (int i = 0; i < kDraws; ++i) {
    double x = draw(stream);
    sum += x;
    sum_squares += x * x;
  }
  double sample_mean = sum / kDraws;
  double sample_variance = sum_squares / kDraws - sample_mean * sample_mean;
  double standard_error = std::sqrt(variance / kDraws);
  EXPECT_NEAR(sample_mean, mean, 5 * standard_error);
  // The variance of a sample variance is about (mu4 - sigma^4) / n; 10% is far beyond 5 SE here
  // for the distributions below and still catches a wrong scale.
  EXPECT_NEAR(sample_variance, variance, 0.1 * variance);
}

TEST(RandomStream, PhiloxKnownAnswer) {
  // Random123's published known-answer vector for Philox4x64-10 with zero counter and key
  // (kat_vectors: philox4x64 10 0...0 -> 16554d9eca36314c db20fe9d672d0fdc d7e772cee186176b
  // 7e68b68aec7ba23b).
  RandomStream stream({0, 0, 0, 0});
  EXPECT_EQ(stream.next_u64(), 0x16554d9eca36314cULL);
  EXPECT_EQ(stream.next_u64(), 0xdb20fe9d672d0fdcULL);
  EXPECT_EQ(stream.next_u64(), 0xd7e772cee186176bULL);
  EXPECT_EQ(stream.next_u64(), 0x7e68b68aec7ba23bULL);
}

TEST(RandomStream, SameKeyGivesSameNumbers) {
  RandomStream a({1, 2, 3, 4}), b({1, 2, 3, 4});
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(RandomStream, EveryKeyPartChangesTheNumbers) {
  const StreamKey base{1, 2, 3, 4};
  RandomStream reference(base);
  const std::uint64_t first = reference.next_u64();
  for (int part = 0; part < 4; ++part) {
    StreamKey key = base;
    std::uint64_t* fields[] = {&key.seed, &key.replication, &key.entity, &key.purpose};
    ++*fields[part];
    EXPECT_NE(RandomStream(key).next_u64(), first) << "key part " << part;
  }
}

TEST(RandomStream, StreamsOfNeighbouringCustomersAreUncorrelated) {
  // Pearson correlation of 100,000 paired uniforms: its sd is 1/sqrt(n) ~ 0.0032; 5 sd bound.
  const int n = 100000;
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (int i = 0; i < n; ++i) {
    double x = RandomStream({5, 0, static_cast<std::uint64_t>(i), 1}).uniform();
    double y = RandomStream({5, 0, static_cast<std::uint64_t>(i) + 1, 1}).uniform();
    sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
  }
  double covariance = sxy / n - (sx / n) * (sy / n);
  double correlation =
      covariance / std::sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
  EXPECT_LT(std::abs(correlation), 5.0 / std::sqrt(n));
}

TEST(RandomStream, UniformIsOpenInterval) {
  RandomStream stream({0, 0, 0, 0});
  for (int i = 0; i < 10000; ++i) {
    double u = stream.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(RandomStream, UniformMoments) {
  expect_mean_and_variance([](RandomStream& s) { return s.uniform(); }, 0.5, 1.0 / 12);
}

TEST(RandomStream, ExponentialMoments) {
  expect_mean_and_variance([](RandomStream& s) { return s.exponential(3.0); }, 3.0, 9.0);
}

TEST(RandomStream, NormalMoments) {
  expect_mean_and_variance([](RandomStream& s) { return s.normal(); }, 0.0, 1.0);
}

TEST(RandomStream, GammaMomentsAboveAndBelowShapeOne) {
  // Gamma(k, theta): mean k theta, variance k theta^2. Shape 0.243 is CDNOW's r.
  expect_mean_and_variance([](RandomStream& s) { return s.gamma(2.5, 2.0); }, 5.0, 10.0);
  expect_mean_and_variance([](RandomStream& s) { return s.gamma(0.243, 1.0 / 4.414); },
                           0.243 / 4.414, 0.243 / (4.414 * 4.414));
}

TEST(RandomStream, BetaMoments) {
  // Beta(a, b): mean a/(a+b), variance ab/((a+b)^2 (a+b+1)). CDNOW's a and b.
  const double a = 0.793, b = 2.426, s = a + b;
  expect_mean_and_variance([&](RandomStream& r) { return r.beta(a, b); }, a / s,
                           a * b / (s * s * (s + 1)));
}

TEST(RandomStream, ChooseFollowsWeights) {
  RandomStream stream({3, 0, 0, 0});
  std::vector<double> weights{1, 0, 3};
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < kDraws; ++i) ++counts[stream.choose(weights, 4.0)];
  EXPECT_EQ(counts[1], 0);
  // Binomial(n, 0.25): sd sqrt(n 0.25 0.75); 5 sd bound.
  EXPECT_NEAR(counts[0], kDraws * 0.25, 5 * std::sqrt(kDraws * 0.25 * 0.75));
}

TEST(Mix, SpreadsNeighbouringInputs) {
  EXPECT_NE(mix(1, 2), mix(2, 1));
  EXPECT_NE(mix(0, 0), mix(0, 1));
}

}  // namespace
}  // namespace xsellsim::sim

#include "models/bgnbd.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "cdnow_fit.hpp"
#include "sim/random.hpp"

namespace xsellsim::models {
namespace {

using testing::kCdnow;

// References from scipy (hyp2f1, betaln, gammaln), computed once with /usr/bin/python3:
//   E = lambda t: (a+b-1)/(a-1)*(1-(al/(al+t))**r*hyp2f1(r,b,a+b-1,t/(al+t)))
TEST(Bgnbd, ExpectedRepeatTransactionsMatchesScipy) {
  EXPECT_NEAR(expected_repeat_transactions(kCdnow, 39), 1.1967231933207985, 1e-10);
  EXPECT_NEAR(expected_repeat_transactions(kCdnow, 78), 1.8605190579427455, 1e-10);
  EXPECT_NEAR(expected_repeat_transactions(kCdnow, 1000), 6.580391613737897, 1e-9);
  EXPECT_EQ(expected_repeat_transactions(kCdnow, 0), 0.0);
}

TEST(Bgnbd, ProbabilityOfRepeatCountMatchesScipy) {
  const double reference[] = {0.5737863520960094, 0.1993952808359115, 0.08542975953906076,
                              0.04586035384799972};
  for (int x = 0; x < 4; ++x) {
    EXPECT_NEAR(probability_of_repeat_count(kCdnow, 39, x), reference[x], 1e-12) << x;
  }
}

// The same scipy formula of FHL eq. 10; the first is the example of the BTYD package's vignette.
TEST(Bgnbd, ConditionalExpectationMatchesScipy) {
  EXPECT_NEAR(conditional_expected_transactions(kCdnow, {2, 30.43, 38.86}, 39), 1.226028174767135,
              1e-10);
  EXPECT_NEAR(conditional_expected_transactions(kCdnow, {0, 0, 38.86}, 39), 0.19509805201125396,
              1e-10);
  EXPECT_NEAR(conditional_expected_transactions(kCdnow, {7, 35, 38}, 52), 5.728681664346136, 1e-9);
}

TEST(Bgnbd, ConditionalExpectationAveragesToTheUnconditionalOne) {
  // Law of total expectation: over customers drawn from the model and observed until T, the mean
  // of E[Y(t) | history] is E[X(T + t)] - E[X(T)]. 40,000 simulated histories; 5 standard errors
  // of the sample mean (false-failure rate < 1e-6).
  const double T = 39, t = 26;
  const int customers = 40000;
  double sum = 0, sum_squares = 0;
  for (int i = 0; i < customers; ++i) {
    sim::RandomStream stream({9, 0, static_cast<std::uint64_t>(i), 1});
    const double rate = stream.gamma(kCdnow.r, 1.0 / kCdnow.alpha);
    const double dropout = stream.beta(kCdnow.a, kCdnow.b);
    CustomerHistory history{0, 0, T};
    for (double when = stream.exponential(1.0 / rate); when <= T;
         when += stream.exponential(1.0 / rate)) {
      ++history.x;
      history.t_x = when;
      if (stream.bernoulli(dropout)) break;  // drops out after this repeat purchase
    }
    const double y = conditional_expected_transactions(kCdnow, history, t);
    sum += y;
    sum_squares += y * y;
  }
  const double mean = sum / customers;
  const double se = std::sqrt((sum_squares / customers - mean * mean) / customers);
  const double expected =
      expected_repeat_transactions(kCdnow, T + t) - expected_repeat_transactions(kCdnow, T);
  EXPECT_NEAR(mean, expected, 5 * se);
}

TEST(Bgnbd, DistributionSumsToOneWithTheClosedFormMean) {
  for (double t : {13.0, 52.0}) {
    double total = 0, mean = 0;
    for (int x = 0; x < 3000; ++x) {
      double p = probability_of_repeat_count(kCdnow, t, x);
      total += p;
      mean += x * p;
    }
    EXPECT_NEAR(total, 1.0, 1e-6) << t;
    EXPECT_NEAR(mean, expected_repeat_transactions(kCdnow, t), 1e-3) << t;
  }
}

}  // namespace
}  // namespace xsellsim::models

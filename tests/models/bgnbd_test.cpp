#include "models/bgnbd.hpp"

#include <gtest/gtest.h>

namespace xsellsim::models {
namespace {

const Purchasing kCdnow{0.243, 4.414, 0.793, 2.426, sim::kWeek};

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

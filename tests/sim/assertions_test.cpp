// The build with asserts: the sanitize preset promises (XSELLSIM_EXPECT_ASSERTS) that `assert`s are
// compiled in, so that CI runs the internal invariants under AddressSanitizer and
// UndefinedBehaviorSanitizer. If NDEBUG sneaks back into that build, this file does not compile;
// and the death tests show that the kernel's own asserts fire. In a build that defines NDEBUG
// without promising asserts (the Release presets) they are skipped.
#include <gtest/gtest.h>

#include "sim/event_queue.hpp"
#include "sim/simulation.hpp"

#if defined(XSELLSIM_EXPECT_ASSERTS) && defined(NDEBUG)
#error "XSELLSIM_EXPECT_ASSERTS is set but NDEBUG is defined: this build compiles no assert"
#endif

namespace xsellsim::sim {
namespace {

#ifdef NDEBUG
constexpr bool kAssertsOn = false;
#else
constexpr bool kAssertsOn = true;
#endif

TEST(Assertions, PoppingAnEmptyQueueAborts) {
  if (!kAssertsOn) GTEST_SKIP() << "NDEBUG: asserts are compiled out in this build";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EventQueue<int> queue;
  EXPECT_DEATH((void)queue.pop(), "Assertion .*entries_.empty.* failed");
}

TEST(Assertions, SchedulingInThePastAborts) {
  if (!kAssertsOn) GTEST_SKIP() << "NDEBUG: asserts are compiled out in this build";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  Simulation<int> simulation;
  simulation.reset(10 * kDay);
  EXPECT_DEATH(simulation.schedule(kDay, 0), "Assertion .*at >= now_.* failed");
}

}  // namespace
}  // namespace xsellsim::sim

// Step conditions on what happened since entry, and what a failed one does: skip, stop, branch.
// Nobody unsubscribes or leaves the sequence here, so the step counts are exact identities.
#include <gtest/gtest.h>

#include "models/runner.hpp"
#include "test_world.hpp"

namespace xsellsim::models {
namespace {

using sim::kDay;
using Kind = ConditionTerm::Kind;

World three_steps() {
  World world = testing::camera_world(5000, 3 * kDay, kDay, 3);
  testing::everybody_enters_and_stays(world);
  return world;
}

std::vector<StepTally> email_steps(const World& world) {
  RunOptions options;
  options.threads = 2;
  return run(world, options).tallies[0][1].steps;
}

void set_step(World& world, std::size_t j, Condition condition, OnFail on_fail = OnFail::kSkip,
              std::uint16_t branch_to = 0) {
  for (Arm& arm : world.arms) {
    Step& step = arm.sequences[0].steps[j];
    step.condition = condition;
    step.on_fail = on_fail;
    step.branch_to = branch_to;
  }
}

TEST(Conditions, OnlyThoseWhoClickedGetTheFollowUp) {
  World world = three_steps();
  set_step(world, 1, {{{Kind::kClicked, false, 0}}});
  auto steps = email_steps(world);
  EXPECT_GT(steps[0].clicks, 100);
  EXPECT_EQ(steps[1].sends, steps[0].clicks);
  EXPECT_EQ(steps[2].sends, steps[0].sends);  // a skipped step does not stop the sequence
}

TEST(Conditions, NegationAndOr) {
  World world = three_steps();
  set_step(world, 1, {{{Kind::kOpened, true, 0}}});  // not opened step0
  auto steps = email_steps(world);
  EXPECT_EQ(steps[1].sends, steps[0].sends - steps[0].opens);
  // opened step0 or not opened step0: everybody.
  set_step(world, 1, {{{Kind::kOpened, false, 0}}, {{Kind::kOpened, true, 0}}});
  steps = email_steps(world);
  EXPECT_EQ(steps[1].sends, steps[0].sends);
  // opened step0 and not opened step0: nobody.
  set_step(world, 1, {{{Kind::kOpened, false, 0}, {Kind::kOpened, true, 0}}});
  EXPECT_EQ(email_steps(world)[1].sends, 0);
}

TEST(Conditions, AFailedConditionCanStopOrBranch) {
  World world = three_steps();
  const Condition clicked{{{Kind::kClicked, false, 0}}};
  set_step(world, 1, clicked, OnFail::kStop);
  auto steps = email_steps(world);
  EXPECT_EQ(steps[1].sends, steps[0].clicks);
  EXPECT_EQ(steps[2].sends, steps[0].clicks);  // the others left the sequence
  set_step(world, 1, clicked, OnFail::kBranch, 2);
  steps = email_steps(world);
  EXPECT_EQ(steps[1].sends, steps[0].clicks);
  EXPECT_EQ(steps[2].sends, steps[0].sends);  // the others jumped to the last step
}

}  // namespace
}  // namespace xsellsim::models

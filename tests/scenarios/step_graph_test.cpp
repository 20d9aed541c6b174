#include "scenarios/step_graph.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xsellsim::scenarios {
namespace {

using models::kEndOfSequence;
using models::kFollowingStep;
using models::OnFail;

models::Step step(std::string name, sim::Time delay, std::uint16_t next = kFollowingStep) {
  models::Step s;
  s.name = std::move(name);
  s.delay = delay;
  s.next = next;
  return s;
}

models::Step branching(std::string name, sim::Time delay, std::uint16_t branch_to,
                       std::uint16_t next = kFollowingStep) {
  models::Step s = step(std::move(name), delay, next);
  s.on_fail = OnFail::kBranch;
  s.branch_to = branch_to;
  return s;
}

constexpr sim::Time kDay = sim::kDay;

TEST(StepGraph, StepsInFileOrderAreFine) {
  EXPECT_TRUE(check_step_graph({step("a", kDay), step("b", 0), step("c", 0)}).empty());
  EXPECT_TRUE(check_step_graph({step("only", 0)}).empty());
  EXPECT_TRUE(check_step_graph({}).empty());
}

TEST(StepGraph, AStepNothingLeadsToIsReportedAtTheStep) {
  // a ends the sequence, so b is never sent; c follows b, so it is unreachable too.
  auto problems =
      check_step_graph({step("a", kDay, kEndOfSequence), step("b", kDay), step("c", kDay)});
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0],
            (StepGraphProblem{1, "", "step 'b' cannot be reached from the first step 'a'"}));
  EXPECT_EQ(problems[1],
            (StepGraphProblem{2, "", "step 'c' cannot be reached from the first step 'a'"}));
}

TEST(StepGraph, NextAndBranchesMakeStepsReachable) {
  // a jumps over b to c; c's failed condition branches back to b.
  EXPECT_TRUE(check_step_graph(
                  {step("a", kDay, 2), step("b", kDay, kEndOfSequence), branching("c", kDay, 1)})
                  .empty());
  // Without the branch, b is skipped over for good.
  auto problems =
      check_step_graph({step("a", kDay, 2), step("b", kDay, kEndOfSequence), step("c", kDay)});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].step, 1u);
}

TEST(StepGraph, EndStopsTheSequenceAndBreaksALoop) {
  // b would loop back to a at once, but it ends the sequence instead.
  EXPECT_TRUE(check_step_graph({step("a", 0), step("b", 0, kEndOfSequence)}).empty());
  // The last step ends the sequence whether it says "end" or not.
  EXPECT_TRUE(check_step_graph({step("a", 0), step("b", 0)}).empty());
}

TEST(StepGraph, ALoopWithoutADelayIsReportedAtTheKeyThatClosesIt) {
  auto problems = check_step_graph({step("a", 0), step("b", 0), step("c", 0, 0)});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            (StepGraphProblem{2, "next", "steps a -> b -> c -> a loop without a delay"}));
  // A loop that starts later in the sequence: it is named from its earliest step.
  problems = check_step_graph({step("start", kDay), step("x", 0), branching("y", 0, 1)});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            (StepGraphProblem{2, "on_fail", "steps x -> y -> x loop without a delay"}));
}

TEST(StepGraph, ALoopWithADelayRepeatsAndIsFine) {
  // b goes back to a, which waits a day: the loop repeats daily until the horizon.
  EXPECT_TRUE(check_step_graph({step("a", kDay), step("b", 0, 0)}).empty());
  // The same through a branch.
  EXPECT_TRUE(check_step_graph({step("a", kDay), branching("b", 0, 0)}).empty());
  // One step with a delay anywhere in the loop is enough.
  EXPECT_TRUE(check_step_graph({step("a", 0), step("b", kDay), step("c", 0, 0)}).empty());
}

TEST(StepGraph, ABranchToItselfNeedsADelay) {
  auto problems = check_step_graph({step("a", kDay), branching("retry", 0, 1)});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            (StepGraphProblem{1, "on_fail", "step retry -> retry loops without a delay"}));
  // Retrying every three days is fine.
  EXPECT_TRUE(check_step_graph({step("a", kDay), branching("retry", 3 * kDay, 1)}).empty());
  // So is a step whose `next` is itself, with a delay.
  EXPECT_TRUE(check_step_graph({step("a", kDay), step("again", kDay, 1)}).empty());
  problems = check_step_graph({step("a", kDay), step("again", 0, 1)});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            (StepGraphProblem{1, "next", "step again -> again loops without a delay"}));
}

TEST(StepGraph, EachInstantLoopIsReportedOnceByItsShortestCycle) {
  // a, b and c all take no time; b branches back to a and c goes back to a: one strong component,
  // reported once by its shortest loop through a (a -> b -> a, closed by b's on_fail).
  auto problems = check_step_graph({step("a", 0), branching("b", 0, 0), step("c", 0, 0)});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            (StepGraphProblem{1, "on_fail", "steps a -> b -> a loop without a delay"}));
  // Two separate loops, a on itself and c on itself: one problem each, besides b and c being
  // out of reach (a never leaves its loop).
  problems = check_step_graph({step("a", 0, 0), step("b", kDay), step("c", 0, 2)});
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].message, "step 'b' cannot be reached from the first step 'a'");
  EXPECT_EQ(problems[1].message, "step 'c' cannot be reached from the first step 'a'");
  EXPECT_EQ(problems[2], (StepGraphProblem{0, "next", "step a -> a loops without a delay"}));
  EXPECT_EQ(problems[3], (StepGraphProblem{2, "next", "step c -> c loops without a delay"}));
}

}  // namespace
}  // namespace xsellsim::scenarios

// The condition language (scenarios/condition.hpp): terms and their links read into a
// disjunction of conjunctions, and each kind of mistake said at the value, naming its key.
#include "scenarios/condition.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xsellsim::scenarios {
namespace {

using Kind = models::ConditionTerm::Kind;

// A sequence of steps "nudge", "offer", "last", and the categories "lenses" and "bags".
struct Fixture {
  Fixture() {
    for (const char* name : {"nudge", "offer", "last"}) {
      models::Step step;
      step.name = name;
      sequence.steps.push_back(step);
    }
    names.add_category("lenses");
    names.add_category("bags");
    problems.main_file = "s.toml";
  }
  // The condition `text`, read as the `condition` of step `self`.
  std::optional<models::Condition> read(const std::string& text,
                                        std::optional<std::size_t> self = std::nullopt) {
    table = toml::table{{"condition", text}};
    TableReader reader(table, "sequences.x.steps.last", problems);
    return read_condition(reader, "condition", sequence, self, names);
  }
  std::string error() const {
    std::vector<Diagnostic> all = problems.sorted();
    return all.empty() ? "" : all.back().message;
  }
  models::Sequence sequence;
  References names;
  Problems problems;
  toml::table table;
};

TEST(Condition, AndBindsTighterThanOr) {
  Fixture f;
  auto condition = f.read("clicked nudge and not purchased or browsed bags");
  ASSERT_TRUE(condition.has_value()) << f.error();
  ASSERT_EQ(condition->size(), 2u);  // two alternatives
  ASSERT_EQ((*condition)[0].size(), 2u);
  EXPECT_EQ((*condition)[0][0].kind, Kind::kClicked);
  EXPECT_EQ((*condition)[0][0].target, 0u);
  EXPECT_FALSE((*condition)[0][0].negated);
  EXPECT_EQ((*condition)[0][1].kind, Kind::kPurchased);
  EXPECT_TRUE((*condition)[0][1].negated);
  ASSERT_EQ((*condition)[1].size(), 1u);
  EXPECT_EQ((*condition)[1][0].kind, Kind::kBrowsed);
  EXPECT_EQ((*condition)[1][0].target, 1u);  // bags: the second category
  EXPECT_TRUE(f.problems.empty());
}

TEST(Condition, OpenedNamesAStepByItsIndex) {
  Fixture f;
  auto condition = f.read("opened offer", 2);
  ASSERT_TRUE(condition.has_value());
  EXPECT_EQ((*condition)[0][0].kind, Kind::kOpened);
  EXPECT_EQ((*condition)[0][0].target, 1u);
}

TEST(Condition, EachMistakeSaysWhatIsWrong) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"clicked", "condition: 'clicked' needs a name after it"},
      {"clicked nudge and", "condition: incomplete (it ends with and, or, not or nothing)"},
      {"", "condition: incomplete (it ends with and, or, not or nothing)"},
      {"not not purchased",
       "condition: unexpected 'not'; write terms like 'opened STEP', 'clicked STEP', "
       "'purchased', 'browsed CATEGORY', joined by and/or, each possibly after not"},
      {"purchased purchased",
       "condition: unexpected 'purchased'; write terms like 'opened STEP', 'clicked STEP', "
       "'purchased', 'browsed CATEGORY', joined by and/or, each possibly after not"},
      {"browsed lens", "condition: unknown category 'lens'"},
      {"opened nudgee",
       "condition: 'nudgee' is not a step of this sequence; did you mean 'nudge'?"},
      {"clicked last", "condition: a step's condition cannot name the step itself ('last')"},
  };
  for (const auto& [text, message] : cases) {
    Fixture f;
    EXPECT_FALSE(f.read(text, 2).has_value()) << text;
    EXPECT_EQ(f.error(), message) << text;
    ASSERT_EQ(f.problems.size(), 1u) << text;
    EXPECT_EQ(f.problems.sorted()[0].key, "sequences.x.steps.last.condition");
  }
}

TEST(Condition, AnExitConditionMayNameAnyStep) {
  Fixture f;
  EXPECT_TRUE(f.read("clicked last").has_value()) << f.error();  // no self: exit_when
}

TEST(Condition, StepIndexAndNames) {
  Fixture f;
  EXPECT_EQ(step_index(f.sequence, "offer"), 1);
  EXPECT_FALSE(step_index(f.sequence, "Offer").has_value());
  EXPECT_EQ(step_names(f.sequence), (std::vector<std::string>{"nudge", "offer", "last"}));
}

}  // namespace
}  // namespace xsellsim::scenarios

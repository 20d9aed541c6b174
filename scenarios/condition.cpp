#include "scenarios/condition.hpp"

#include <fmt/format.h>

#include <iterator>
#include <sstream>

namespace xsellsim::scenarios {

namespace {

using Kind = models::ConditionTerm::Kind;

// The terms that name something after them.
bool needs_name(const std::string& word) {
  return word == "opened" || word == "clicked" || word == "browsed";
}

// Reads the words of one condition, term by term; `fail` records why it is wrong.
class ConditionParser {
 public:
  ConditionParser(std::vector<std::string> tokens, const models::Sequence& sequence,
                  std::optional<std::size_t> self, const References& names)
      : tokens_(std::move(tokens)), sequence_(sequence), self_(self), names_(names) {}

  // The condition, or why it is not one.
  std::optional<models::Condition> parse(std::string& why) {
    models::Condition condition(1);
    bool negated = false, expect_term = true;
    for (std::size_t t = 0; t < tokens_.size(); ++t) {
      const std::string& word = tokens_[t];
      if (!expect_term && (word == "and" || word == "or")) {
        if (word == "or") condition.emplace_back();
        expect_term = true;
        continue;
      }
      if (expect_term && word == "not" && !negated) {
        negated = true;
        continue;
      }
      std::optional<models::ConditionTerm> term;
      if (expect_term)
        term = read_term(t, why);
      else
        why = unexpected(word);
      if (!term) return std::nullopt;
      term->negated = negated;
      condition.back().push_back(*term);
      negated = false;
      expect_term = false;
    }
    if (expect_term) {
      why = "incomplete (it ends with and, or, not or nothing)";
      return std::nullopt;
    }
    return condition;
  }

 private:
  static std::string unexpected(const std::string& word) {
    return fmt::format(
        "unexpected '{}'; write terms like 'opened STEP', 'clicked STEP', 'purchased', 'browsed "
        "CATEGORY', joined by and/or, each possibly after not",
        word);
  }

  // The term starting at token `t` (advanced past its name, if any).
  std::optional<models::ConditionTerm> read_term(std::size_t& t, std::string& why) {
    const std::string& word = tokens_[t];
    if (!needs_name(word) && word != "purchased") {
      why = unexpected(word);
      return std::nullopt;
    }
    if (needs_name(word) && t + 1 == tokens_.size()) {
      why = fmt::format("'{}' needs a name after it", word);
      return std::nullopt;
    }
    models::ConditionTerm term;
    if (word == "purchased") {
      term.kind = Kind::kPurchased;
      return term;
    }
    const std::string& name = tokens_[++t];
    if (word == "browsed") {
      term.kind = Kind::kBrowsed;
      auto category = names_.find_category(name);
      if (!category) {
        why = fmt::format("unknown category '{}'", name);
        return std::nullopt;
      }
      term.target = *category;
      return term;
    }
    term.kind = word == "opened" ? Kind::kOpened : Kind::kClicked;
    auto target = step_index(sequence_, name);
    if (!target) {
      why = fmt::format("'{}' is not a step of this sequence{}", name,
                        suggestion(name, step_names(sequence_)));
      return std::nullopt;
    }
    if (self_ && *target == *self_) {
      why = fmt::format("a step's condition cannot name the step itself ('{}')", name);
      return std::nullopt;
    }
    term.target = *target;
    return term;
  }

  std::vector<std::string> tokens_;
  const models::Sequence& sequence_;
  std::optional<std::size_t> self_;
  const References& names_;
};

}  // namespace

std::optional<std::uint16_t> step_index(const models::Sequence& sequence, const std::string& name) {
  for (std::size_t j = 0; j < sequence.steps.size(); ++j) {
    if (sequence.steps[j].name == name) return static_cast<std::uint16_t>(j);
  }
  return std::nullopt;
}

std::vector<std::string> step_names(const models::Sequence& sequence) {
  std::vector<std::string> names;
  names.reserve(sequence.steps.size());
  for (const models::Step& step : sequence.steps) names.push_back(step.name);
  return names;
}

std::optional<models::Condition> read_condition(TableReader& reader, std::string_view key,
                                                const models::Sequence& sequence,
                                                std::optional<std::size_t> self,
                                                const References& names) {
  auto text = reader.string(key);
  if (!text) return std::nullopt;
  std::istringstream words(*text);
  std::vector<std::string> tokens{std::istream_iterator<std::string>(words), {}};
  std::string why;
  auto condition = ConditionParser(std::move(tokens), sequence, self, names).parse(why);
  if (!condition) reader.error(reader.where(key), fmt::format("{}: {}", key, why), key);
  return condition;
}

}  // namespace xsellsim::scenarios

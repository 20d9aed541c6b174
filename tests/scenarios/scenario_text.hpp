#pragma once
// The minimal scenario (tests/data/scenarios/minimal.toml) and edits of its text, for the tests
// of each table's reader.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "models/parameters.hpp"

namespace xsellsim::scenarios::testing {

inline const std::string kMinimal = XSELLSIM_TEST_DATA "/scenarios/minimal.toml";

inline std::string minimal_text() {
  std::ifstream in(kMinimal);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// `text` with `more` inserted right after the first `anchor`.
inline std::string inserted(std::string text, const std::string& anchor, const std::string& more) {
  const auto at = text.find(anchor);
  EXPECT_NE(at, std::string::npos) << anchor;
  if (at != std::string::npos) text.insert(at + anchor.size(), more);
  return text;
}

inline std::string replaced(std::string text, const std::string& old, const std::string& by) {
  const auto at = text.find(old);
  EXPECT_NE(at, std::string::npos) << old;
  if (at != std::string::npos) text.replace(at, old.size(), by);
  return text;
}

inline const models::Sequence& sequence_named(const models::Arm& arm, const std::string& name) {
  for (const models::Sequence& sequence : arm.sequences) {
    if (sequence.name == name) return sequence;
  }
  throw std::runtime_error("no sequence " + name);
}

inline const std::string kNudge = "[sequences.xsell.steps.nudge]\n";      // line 35 of minimal.toml
inline const std::string kOffer = "[sequences.xsell.steps.offer]\n";      // line 38
inline const std::string kTrigger = "trigger.products = [\"camera\"]\n";  // line 33

}  // namespace xsellsim::scenarios::testing

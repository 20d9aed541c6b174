#pragma once
// The figures `compare` shows, named once for every rendering (its table, csv and json, and the
// report that draws from the json): each row's machine name, label and unit, the recommendation
// in words, what the intervals cover, and the live-test plan of each arm.
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/comparison.hpp"
#include "models/live_test.hpp"

namespace xsellsim::tools {

// One row of figures: a name and, per arm, an estimate (or nothing) in a unit.
enum class Unit { kPercent, kSmallPercent, kPoints, kCount, kMoney, kDecimal };

struct Row {
  std::string metric;  // machine name (csv, json)
  std::string label;   // for people (table)
  Unit unit;
  std::vector<std::optional<models::Estimate>> values;  // [arm]
};

// A figure in its unit ("+1.41" points, "26.81%", "0.91" money) and with its interval.
std::string number(double x, Unit unit);
std::string cell(const std::optional<models::Estimate>& e, Unit unit);
std::optional<models::Estimate> exact(double value);  // a figure without an interval

// Every arm figure, in the table's order.
std::vector<Row> arm_rows(const models::Comparison& c, const std::string& currency);

inline constexpr std::array<const char*, models::kAttributionCount> kRuleNames{
    "last_touch", "first_touch", "linear", "time_decay"};

inline constexpr const char* kChoiceMethod =
    "net value per entrant against the baseline: simultaneous 95% intervals over the arms "
    "(Bonferroni), Holm-adjusted p-values of no difference, the probability of being best from "
    "100000 draws of the normal approximation of the paired estimates (their covariances "
    "included)";

// "Launch ARM: ahead of NEXT by ..." or "No arm can be told apart ...". Needs c.choice.
std::string recommendation(const models::Comparison& c, const std::string& currency);

// What the intervals cover and how they were computed (the same words as json's "intervals").
struct IntervalNotes {
  std::string covers, levels, differences;
};
IntervalNotes interval_notes(const models::Comparison& c);

std::string csv_field(const std::string& text);
std::string optional_number(const std::optional<double>& x);

// A step's counts (means over replications), by their names in csv and json.
std::vector<std::pair<const char*, double>> step_counts(const models::StepFigures& step);

// The live-test plan of each arm against the baseline, from the simulated conversion at the lift
// day (none for the baseline, or without one).
struct LivePlan {
  std::string arm;
  models::LiveTestPlan plan;
};
std::vector<LivePlan> live_plans(const models::Comparison& c, const models::LiveTestDesign& design);
std::string needed(const models::LiveTestPlan& plan);

}  // namespace xsellsim::tools

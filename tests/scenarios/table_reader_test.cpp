// Reading one TOML table against a schema (scenarios/table_reader.hpp): the helpers that let a
// table's reader be the list of its keys -- names read into enums, required keys, positions of
// keys and of array elements, sub-readers, named tables in file order -- each reporting its
// problem at its place.
#include "scenarios/table_reader.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace xsellsim::scenarios {
namespace {

// A table parsed from `text` (file "s.toml") and the problems of reading it.
struct Read {
  explicit Read(std::string_view text) : table(toml::parse(text, std::string_view("s.toml"))) {
    problems.main_file = "s.toml";
  }
  TableReader top() { return {table, "", problems}; }
  std::vector<std::string> errors() const {
    std::vector<std::string> formatted;
    for (const Diagnostic& d : problems.sorted()) formatted.push_back(d.format());
    return formatted;
  }
  toml::table table;
  Problems problems;
};

enum class Unit { kDays, kWeeks };
constexpr std::array<Named<Unit>, 2> kUnits{{{"day", Unit::kDays}, {"week", Unit::kWeeks}}};

TEST(TableReader, FindNamedLooksANameUpInItsTable) {
  EXPECT_EQ(find_named(kUnits, "week"), Unit::kWeeks);
  EXPECT_EQ(find_named(kUnits, "day"), Unit::kDays);
  EXPECT_FALSE(find_named(kUnits, "Week").has_value());  // names are exact
  EXPECT_FALSE(find_named(kUnits, "").has_value());
}

TEST(TableReader, ChoiceReadsANameAndReportsAnotherAtItsValue) {
  Read read("a = \"week\"\nb = \"month\"\nc = 3\n");
  TableReader top = read.top();
  EXPECT_EQ(top.choice("a", kUnits, "a must be day or week, not '{}'"), Unit::kWeeks);
  EXPECT_FALSE(top.choice("b", kUnits, "b must be day or week, not '{}'").has_value());
  EXPECT_FALSE(top.choice("c", kUnits, "c must be day or week, not '{}'").has_value());
  EXPECT_FALSE(top.choice("absent", kUnits, "never '{}'").has_value());
  top.finish();  // every key above is known, the absent one too
  EXPECT_EQ(read.errors(), (std::vector<std::string>{
                               "s.toml:2:5: error: b must be day or week, not 'month' (at b)",
                               "s.toml:3:5: error: expected a string, got an integer (at c)",
                           }));
}

TEST(TableReader, RequiredKeysAreReportedAtTheirTableWhenAbsent) {
  Read read("[t]\nsize = 3\n");
  TableReader top = read.top();
  TableReader t = top.sub("t");
  EXPECT_TRUE(t.require("size"));
  EXPECT_FALSE(t.require("horizon"));
  EXPECT_EQ(t.required_integer("size", 1, 10), 3);
  EXPECT_FALSE(t.required_string("model").has_value());
  EXPECT_FALSE(t.required_number("r").has_value());
  EXPECT_FALSE(t.required_duration("lag", true).has_value());
  EXPECT_FALSE(t.required_time_of_day("start").has_value());
  t.finish();
  EXPECT_EQ(read.errors(), (std::vector<std::string>{
                               "s.toml:1:1: error: missing required key 'horizon' (at t.horizon)",
                               "s.toml:1:1: error: missing required key 'model' (at t.model)",
                               "s.toml:1:1: error: missing required key 'r' (at t.r)",
                               "s.toml:1:1: error: missing required key 'lag' (at t.lag)",
                               "s.toml:1:1: error: missing required key 'start' (at t.start)",
                           }));
}

TEST(TableReader, RequiredTablesAreWrittenAsTheFileWouldWriteThem) {
  Read read("x = 1\n[inner]\ny = 2\n");
  TableReader top = read.top();
  EXPECT_EQ(top.required_table("population"), nullptr);
  ASSERT_NE(top.required_table("inner"), nullptr);
  TableReader inner = top.sub("inner");
  EXPECT_EQ(inner.required_table("purchasing"), nullptr);
  EXPECT_EQ(inner.integer("y", 0, 9), 2);
  const toml::table* not_a_table = top.required_table("x");
  ASSERT_NE(not_a_table, nullptr);  // recorded; an empty table to read on
  EXPECT_TRUE(not_a_table->empty());
  EXPECT_EQ(read.errors(),
            (std::vector<std::string>{
                "s.toml:1:1: error: missing required table [population] (at population)",
                "s.toml:1:5: error: expected a table, got an integer (at x)",
                "s.toml:2:1: error: missing required table 'purchasing' (at inner.purchasing)",
            }));
}

TEST(TableReader, WhereIsTheValueOrTheElementOrTheTable) {
  Read read("[t]\nlist = [\"a\", \"b\"]\nvalue = 3\n");
  TableReader t = read.top().sub("t");
  EXPECT_EQ(t.where("value").begin.line, 3u);
  EXPECT_EQ(t.where("value").begin.column, 9u);
  EXPECT_EQ(t.where("list", 1).begin.column, 14u);  // the element "b"
  EXPECT_EQ(t.where("list", 2).begin.column, 8u);   // no such element: the array
  EXPECT_EQ(t.where("value", 0).begin.column, 9u);  // not an array: the value
  EXPECT_EQ(t.where("absent").begin.line, 1u);      // absent: the table
  EXPECT_EQ(t.path_of("list"), "t.list");
}

TEST(TableReader, NamedTablesComeInFileOrderNotKeyOrder) {
  Read read("[steps.zulu]\n[steps.alpha]\n[steps.mike]\n");
  TableReader top = read.top();
  std::vector<std::string> names;
  for (const auto& [name, table] : top.named_in_file_order("steps")) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"zulu", "alpha", "mike"}));
  EXPECT_TRUE(read.errors().empty());
}

TEST(TableReader, TimeOfDayIsHoursAndMinutes) {
  Read read("a = \"08:30\"\nb = \"24:00\"\nc = \"8.30\"\nd = \"00:00\"\n");
  TableReader top = read.top();
  EXPECT_EQ(top.time_of_day("a"), 8 * sim::kHour + 30 * sim::kMinute);
  EXPECT_FALSE(top.time_of_day("b").has_value());
  EXPECT_FALSE(top.time_of_day("c").has_value());
  EXPECT_EQ(top.time_of_day("d"), 0);
  EXPECT_FALSE(top.time_of_day("absent").has_value());
  EXPECT_EQ(read.errors().size(), 2u);
  EXPECT_EQ(read.errors()[0],
            "s.toml:2:5: error: '24:00' is not a time of day \"HH:MM\" (00:00 to 23:59) (at b)");
}

// The text of a duration is parsed once: its seconds, checked against the longest duration, then
// rounded; the rounding decides "must be longer than zero".
TEST(TableReader, DurationsAreCheckedOnTheirSecondsAndRounded) {
  Read read("a = \"1.5d\"\nb = \"0.4s\"\nc = \"36526d\"\nd = \"2x\"\ne = \"0.6s\"\n");
  TableReader top = read.top();
  EXPECT_EQ(top.duration("a", false), 36 * sim::kHour);
  EXPECT_FALSE(top.duration("b", false).has_value());  // rounds to zero
  EXPECT_FALSE(top.duration("c", true).has_value());
  EXPECT_FALSE(top.duration("d", true).has_value());
  EXPECT_EQ(top.duration("e", false), 1);
  EXPECT_EQ(read.errors(),
            (std::vector<std::string>{
                "s.toml:2:5: error: '0.4s' must be longer than zero (at b)",
                "s.toml:3:5: error: '36526d' is longer than 100 years (36525d) (at c)",
                "s.toml:4:5: error: '2x' is not a duration: write a non-negative number and a "
                "unit s, min, h, d or w, like \"36h\" or \"2d\" (at d)",
            }));
}

TEST(TableReader, UnknownKeysGetTheClosestKnownOne) {
  Read read("sise = 3\n");
  TableReader top = read.top();
  top.integer("size", 0, 10);
  top.finish();
  EXPECT_EQ(read.errors(), (std::vector<std::string>{
                               "s.toml:1:1: error: unknown key 'sise'; did you mean 'size'? (at "
                               "sise)",
                           }));
}

}  // namespace
}  // namespace xsellsim::scenarios

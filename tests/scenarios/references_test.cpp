// Names of categories and products (scenarios/references.hpp): found by name, and a name that is
// not there reported with the closest one.
#include "scenarios/references.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "load_errors.hpp"
#include "scenario_text.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/table_reader.hpp"

namespace xsellsim::scenarios {
namespace {

using testing::errors_of;
using testing::minimal_text;

TEST(References, UnknownReferencesSuggestTheClosestName) {
  std::string text = minimal_text();
  text.replace(text.find("trigger.products = [\"camera\"]"), 29, "trigger.products = [\"camra\"]");
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 1u) << errors[0];
  EXPECT_EQ(errors[0],
            "s.toml:33:21: error: unknown product 'camra'; did you mean 'camera'? "
            "(at sequences.xsell.trigger.products)");
}

TEST(References, EachNameStandsForItsIndexOfItsKind) {
  References names;
  names.add_category("gear");
  names.add_category("books");
  names.add_product("tripod");
  names.add_product("camera");
  EXPECT_EQ(names.find_category("gear"), 0u);
  EXPECT_EQ(names.find_category("books"), 1u);
  EXPECT_EQ(names.find_product("tripod"), 0u);
  EXPECT_EQ(names.find_product("camera"), 1u);
  EXPECT_FALSE(names.find_product("gear").has_value());  // a category is not a product
  EXPECT_FALSE(names.find_category("camera").has_value());
  EXPECT_EQ(names.category_names(), (std::vector<std::string>{"books", "gear"}));
  EXPECT_EQ(names.product_names(), (std::vector<std::string>{"tripod", "camera"}));
}

TEST(References, AMissingNameIsRecordedWhereItIsWritten) {
  References names;
  names.add_category("lenses");
  names.add_product("camera");
  toml::table table = toml::parse("c = \"lense\"\np = \"cam\"\n", std::string_view("s.toml"));
  Problems problems;
  problems.main_file = "s.toml";
  TableReader reader(table, "t", problems);
  EXPECT_EQ(names.category(reader, "c", reader.where("c"), "lenses"), 0u);
  EXPECT_FALSE(names.category(reader, "c", reader.where("c"), "lense").has_value());
  EXPECT_FALSE(names.product(reader, "p", reader.where("p"), "cam").has_value());
  std::vector<std::string> errors;
  for (const Diagnostic& d : problems.sorted()) errors.push_back(d.format());
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "s.toml:1:5: error: unknown category 'lense'; did you mean 'lenses'? (at "
                        "t.c)",
                        "s.toml:2:5: error: unknown product 'cam' (at t.p)",
                    }));
}

}  // namespace
}  // namespace xsellsim::scenarios

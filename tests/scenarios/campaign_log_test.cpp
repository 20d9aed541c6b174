// A past randomized campaign read into rows (scenarios/campaign_log.hpp): columns by name, quoted
// fields, cells from levels and bands, and every bad input named by its line and column.
#include "scenarios/campaign_log.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace xsellsim::scenarios {
namespace {

class CampaignLog : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = std::filesystem::temp_directory_path() /
            ("xsellsim-campaign-log-" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".csv");
  }
  void TearDown() override { std::filesystem::remove(file_); }
  models::CampaignData read(const std::string& text, const CampaignColumns& columns) {
    std::ofstream(file_) << text;
    return read_campaign_log(file_, columns);
  }
  // The first diagnostic of reading `text`, as FILE:LINE:COLUMN: error: WHAT.
  std::string error_of(const std::string& text, const CampaignColumns& columns) {
    try {
      read(text, columns);
    } catch (const InputError& e) {
      return e.diagnostics().front().format();
    }
    return "no error";
  }
  std::filesystem::path file_;
};

CampaignColumns columns() {
  CampaignColumns c;
  c.group = "arm";
  c.control = "none";
  c.segments = {*parse_segment_column("recency:3,6"), *parse_segment_column("channel")};
  return c;
}

const std::string kHeader = "recency,channel,arm,visit,conversion,spend\r\n";

TEST_F(CampaignLog, ReadsGroupsCellsAndOutcomes) {
  const models::CampaignData data = read(kHeader +
                                             "2,\"Web, mobile\",mail,1,1,\"1200.5\"\r\n"
                                             "5,Phone,none,0,0,0\r\n"
                                             "9,Web,mail,1,0,0\r\n",
                                         columns());
  EXPECT_EQ(data.groups, (std::vector<std::string>{"mail", "none"}));
  EXPECT_EQ(data.control, 1u);
  EXPECT_EQ(data.cells, (std::vector<std::string>{"recency_3_to_6_phone", "recency_over_6_web",
                                                  "recency_to_3_web_mobile"}));
  ASSERT_EQ(data.rows.size(), 3u);
  EXPECT_EQ(data.rows[0].cell, 2u);
  EXPECT_TRUE(data.rows[0].visit);
  EXPECT_TRUE(data.rows[0].conversion);
  EXPECT_DOUBLE_EQ(data.rows[0].spend, 1200.5);
}

TEST_F(CampaignLog, BadInputNamesItsLineAndColumn) {
  const std::string f = file_.string();
  EXPECT_EQ(error_of(kHeader + "2,Web,mail,2,0,0\r\n", columns()),
            f + ":2:12: error: '2' is not 0 or 1 (at visit)");
  EXPECT_EQ(error_of(kHeader + "x,Web,mail,1,0,0\r\n", columns()),
            f + ":2:1: error: 'x' is not a number (--segments recency cuts it into bands) (at "
                "recency)");
  EXPECT_EQ(error_of(kHeader + "2,Web,mail,1,0,-3\r\n", columns()),
            f + ":2:16: error: '-3' is not an amount >= 0 (at spend)");
  EXPECT_EQ(error_of(kHeader + "2,Web,mail,1,0\r\n", columns()),
            f + ":2:15: error: the line has 5 fields, the header 6");
  EXPECT_EQ(error_of(kHeader + "2,Web,mail,1,0,0\r\n", columns()),
            f + ": error: no row has arm = 'none' (the control, --control); the groups are "
                "'mail' (at arm)");
  CampaignColumns missing = columns();
  missing.spend = "revenue";
  EXPECT_EQ(error_of(kHeader, missing),
            f + ":1:1: error: the header has no column `revenue` (--spend)");
  EXPECT_EQ(error_of(kHeader, columns()), f + ": error: the campaign log has no row");
}

TEST(SegmentColumn, LevelsOrIncreasingCuts) {
  EXPECT_TRUE(parse_segment_column("channel")->cuts.empty());
  EXPECT_EQ(parse_segment_column("recency:3,6")->cuts, (std::vector<double>{3, 6}));
  EXPECT_FALSE(parse_segment_column("recency:6,3"));
  EXPECT_FALSE(parse_segment_column("recency:"));
  EXPECT_FALSE(parse_segment_column(":3"));
}

}  // namespace
}  // namespace xsellsim::scenarios

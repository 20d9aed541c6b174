#pragma once
// `xsellsim calibrate campaign LOG`: fit a past randomized campaign and write a scenario that
// replays it. The flags are in tools/calibrate_command_line.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/campaign_log.hpp"

namespace xsellsim::tools {

struct CampaignArguments {
  std::string file;
  std::string output;
  std::string window = "14d";
  std::vector<std::string> segments;  // --segments as written; parsed into columns.segments
  scenarios::CampaignColumns columns;
  std::optional<std::uint64_t> split_seed;
  bool replay = false;
};

int calibrate_campaign(CampaignArguments& args);  // 0; bad input throws, leaving no file

}  // namespace xsellsim::tools

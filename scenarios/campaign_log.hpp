#pragma once
// Reading a past randomized campaign, one row per customer (the Hillstrom layout), for `xsellsim
// calibrate campaign` (docs/calibration.md, "Past campaigns"). A comma-separated header names the
// columns (no quoting); gzip or plain text. Problems are InputErrors naming the file, line and
// column.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "models/campaign_fit.hpp"
#include "scenarios/diagnostics.hpp"

namespace xsellsim::scenarios {

// A covariate the segments are cut by: its levels as they are (a column of words), or, with
// `cuts`, bands of a numeric column: with cuts {3, 6}, x <= 3, 3 < x <= 6 and x > 6.
struct SegmentColumn {
  std::string column;
  std::vector<double> cuts;
};

struct CampaignColumns {
  std::string group;                      // the column of the randomized groups
  std::string control;                    // its value for the customers who got no email
  std::string visit = "visit";            // 0/1
  std::string conversion = "conversion";  // 0/1
  std::string spend = "spend";            // a non-negative amount
  std::vector<SegmentColumn> segments;    // none: one cell, "all"
};

// "recency:3,6" (bands) or "channel" (levels); nullopt when the cut points are not numbers in
// increasing order.
std::optional<SegmentColumn> parse_segment_column(const std::string& text);

// A cell's name is its levels (or bands, "recency_4_6") joined by "_", made TOML-safe.
models::CampaignData read_campaign_log(const std::filesystem::path& path,
                                       const CampaignColumns& columns);

}  // namespace xsellsim::scenarios

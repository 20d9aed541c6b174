#pragma once
// A past randomized campaign, one row per customer (the Hillstrom layout: a group, covariates, and
// the outcomes within a window after the send: visit, conversion, spend), and the estimates of
// `xsellsim calibrate campaign` (docs/calibration.md, "Past campaigns"): method of moments per
// cell of covariates, the control group's rates giving the organic ones and each treated group's
// excess over them the email's.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xsellsim::models {

struct CampaignRow {
  std::size_t group = 0;  // index into CampaignData::groups
  std::size_t cell = 0;   // index into CampaignData::cells
  bool visit = false;
  bool conversion = false;
  double spend = 0;
};

struct CampaignData {
  std::vector<std::string> groups;  // in order of first appearance
  std::vector<std::string> cells;   // the covariate cells (segments), sorted
  std::size_t control = 0;          // the group that got no email
  std::vector<CampaignRow> rows;
};

// Lower-case letters, digits and '_' only, for scenario names: "Mens E-Mail" -> "mens_e_mail".
std::string safe_name(std::string_view text);

// A sample mean with its standard error: a share (the mean of a 0/1 outcome, binomial standard
// error) or spend per customer. Not models::Estimate (intervals.hpp), which carries an interval.
struct SampleMean {
  double value = 0;
  double se = 0;
};

// What a group (or a group within a cell) did over the window.
struct GroupRates {
  long customers = 0;
  SampleMean visit, conversion, spend;  // shares, and spend per customer
};

// The rates of the rows of `group` (and of `cell`, unless it is kAllCells).
inline constexpr std::size_t kAllCells = static_cast<std::size_t>(-1);
GroupRates rates_of(const CampaignData& data, std::size_t group, std::size_t cell = kAllCells);

// The fitted campaign. Organic, per cell, from the control group: a customer visits within the
// window with probability visit (the model has no visit without a purchase: carried as is) and buys
// at a Poisson rate purchase_rate (per day), so that P(a purchase within the window) is the
// control's conversion. The email, per treated group and cell: a click (a visit) with probability
// click = (v_g - v_0) / (1 - v_0), a click buys with probability buy_given_click (one figure for
// every group and cell, pooled), each purchase at `price` (spend per conversion, pooled).
struct CampaignFit {
  double window_days = 14;
  double price = 0;                            // spend per conversion over every row
  SampleMean buy_given_click;                  // pooled over the treated groups and cells
  std::vector<SampleMean> organic_visit;       // [cell]
  std::vector<SampleMean> organic_conversion;  // [cell]
  std::vector<double> purchase_rate;           // [cell], per day
  std::vector<std::vector<SampleMean>> click;  // [group][cell]; 0 for the control
};

CampaignFit fit_campaign(const CampaignData& data, double window_days);

// What the fitted model predicts for a group within a cell: its visit, conversion and spend per
// customer (the control: the organic ones). Standard errors are not set.
GroupRates predicted_rates(const CampaignFit& fit, std::size_t group, std::size_t cell);

// The rows split in two at random (each row with probability 1/2, from `seed`): calibrate on one
// half, check on the other.
std::pair<CampaignData, CampaignData> split_halves(const CampaignData& data, std::uint64_t seed);

// Out of sample: the lift of every treated group over the control (visit, conversion, spend),
// within each cell and over all, predicted by the fit to one half against what the other half
// did, each with a 95% interval.
struct LiftCheck {
  std::string group, cell;  // cell empty: all cells
  std::string outcome;      // "visit", "conversion" or "spend"
  double predicted = 0, observed = 0, low = 0, high = 0;
  [[nodiscard]] bool covers() const { return low <= observed && observed <= high; }
};
std::vector<LiftCheck> check_lifts(const CampaignData& train, const CampaignData& test,
                                   double window_days);

// A simulated replay of the campaign: the scenario `calibrate campaign` wrote, run. Its segments
// are named "<group>_<cell>" (safe names), each treated group's customers picked by the arm of the
// group's name, the control's by the holdout. The replay's rates of a group within a cell (or all
// cells): conversion and spend as simulated; a visit is a click on the email or an organic visit,
// whose rate (the model has no visit without a purchase) is the fit's. Standard errors: binomial,
// and for spend that of a Poisson count of purchases at the one price.
struct RunResult;
struct World;
GroupRates replay_rates(const World& world, const RunResult& result, const CampaignData& data,
                        const CampaignFit& fit, std::size_t group, std::size_t cell = kAllCells);

}  // namespace xsellsim::models

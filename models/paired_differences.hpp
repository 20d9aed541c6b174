#pragma once
// Differences of an arm and its baseline, paired per customer (docs/compare.md, "Differences:
// paired per customer"): from the per-customer sums of the run (ArmTally::paired), pooled over
// replications, var(x - y) = var(x) + var(y) - 2 cov(x, y), so that one replication gives a paired
// interval and an arm that changes nothing shows exactly [0, 0]. With split arms (customers not
// paired) the two arms' variances add. A per-entrant figure's denominator is taken as fixed.
#include <cstddef>
#include <utility>
#include <vector>

#include "models/comparison.hpp"
#include "models/intervals.hpp"

namespace xsellsim::models {

// The variance between customers of a total, n / (n - 1) (sum of squares - sum^2 / n), times n:
// the variance of the total over populations of n customers.
double total_spread(double n, double sum, double squares);

// The product sums of arms a and b are kept by the earlier of the two, at this offset.
const PairedTally& keeper(const std::vector<ArmTally>& r, std::size_t a, std::size_t b);
std::size_t partner(std::size_t a, std::size_t b);

// Arm minus baseline conversion by `day` (Kaplan-Meier), absolute and relative (the delta
// method on the same paired sums).
std::pair<Estimate, Estimate> lifts(const RunResult& result, std::size_t arm, std::size_t base,
                                    std::size_t day);

// Net value per entrant against the baseline (docs/model.md, "Money") and its parts, all of the
// arm's customers' totals minus the baseline's, per entrant of the arm; and the incremental
// revenue, margin, emails, unsubscribes and complaints.
void net_value(const RunResult& result, std::size_t arm, std::size_t base, ArmFigures& figures);

}  // namespace xsellsim::models

#pragma once
// Calendar time for the catalog: release dates and monthly seasonal demand. A month is a twelfth
// of a 365.25-day year counted from the run's start, which falls in Population::start_month.
#include "models/parameters.hpp"

namespace xsellsim::models {

inline int month_of(const Population& population, Time t) {
  constexpr Time kMonth = 365 * sim::kDay / 12 + sim::kDay / 48;  // 30.4375 days
  const Time months = t >= 0 ? t / kMonth : 0;
  return static_cast<int>((population.start_month - 1 + months) % 12);
}

// The product's demand multiplier at `t`: 0 before its release, else its month's multiplier.
inline double demand_at(const Product& product, const Population& population, Time t) {
  if (t < product.release) return 0.0;
  return product.seasonality[static_cast<std::size_t>(month_of(population, t))];
}

// The largest multiplier of any month, at least 1.
inline double peak_demand(const Product& product) {
  double peak = 1.0;
  for (double m : product.seasonality) peak = m > peak ? m : peak;
  return peak;
}

}  // namespace xsellsim::models

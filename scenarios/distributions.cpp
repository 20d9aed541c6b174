#include "scenarios/distributions.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string_view>

#include "models/streams.hpp"
#include "sim/random.hpp"

namespace xsellsim::scenarios {

namespace {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// FNV-1a of a key: the stream of a value follows its name, not its place among the others.
std::uint64_t key_hash(std::string_view key) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : key) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// A normal draw redrawn until it lies in the range: the normal truncated to the range. The mean is
// in the range and at least kLeastMassInRange of the normal lies in it (the reader checks), so
// this ends after 2 tries on average; the cap only guards against a range of no width.
double truncated_normal(const Distribution& distribution, sim::RandomStream& stream) {
  constexpr int kMostTries = 1000;
  for (int tries = 0; tries < kMostTries; ++tries) {
    const double x = distribution.mean + distribution.sd * stream.normal();
    if (distribution.range.contains(x)) return x;
  }
  return distribution.mean;
}

}  // namespace

double mass_in_range(const Distribution& distribution) {
  if (distribution.sd <= 0) return 1;
  const double high = normal_cdf((distribution.range.max - distribution.mean) / distribution.sd);
  const double low = normal_cdf((distribution.range.min - distribution.mean) / distribution.sd);
  return high - low;
}

std::vector<double> draw_block(const std::vector<UncertainValue>& values, std::uint64_t seed,
                               std::size_t block) {
  std::vector<double> draws;
  draws.reserve(values.size());
  for (const UncertainValue& value : values) {
    sim::RandomStream stream(
        {seed, block, key_hash(value.key), models::purpose_key(models::Purpose::kParameters)});
    draws.push_back(truncated_normal(value.distribution, stream));
  }
  return draws;
}

std::vector<std::string> draw_assignments(const std::vector<UncertainValue>& values,
                                          const std::vector<double>& draws) {
  std::vector<std::string> assignments;
  for (std::size_t i = 0; i < values.size() && i < draws.size(); ++i) {
    // {} is the shortest text that reads back as the same double.
    assignments.push_back(fmt::format("{}={}", values[i].key, draws[i]));
  }
  return assignments;
}

std::string fitted_value(const std::string& mean_text, double estimate, double standard_error,
                         Range range) {
  const Distribution distribution{estimate, standard_error, range};
  if (!std::isfinite(standard_error) || standard_error <= 0 || !range.contains(estimate) ||
      mass_in_range(distribution) < kLeastMassInRange) {
    return mean_text;
  }
  return fmt::format("{{mean = {}, sd = {:.4g}}}", mean_text, standard_error);
}

std::string describe(const Distribution& distribution) {
  return fmt::format("{:g} (sd {:g})", distribution.mean, distribution.sd);
}

}  // namespace xsellsim::scenarios

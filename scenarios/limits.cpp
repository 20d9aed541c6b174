#include "scenarios/limits.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "models/metrics.hpp"

namespace xsellsim::scenarios {

namespace {

// In double: the factors' product may not fit in 64 bits, and the limits need no exactness.
// Split arms simulate each customer once; the paired design once per arm.
double customer_lives(const models::PointSpec& point) {
  const double arms = point.world->split_arms ? 1.0 : static_cast<double>(point.world->arms.size());
  return static_cast<double>(point.world->population.size) * arms * point.replications;
}

double days(const models::World& world) {
  return static_cast<double>(sim::day_of(world.population.horizon) + 1);
}

double tally_bytes(const models::PointSpec& point) {
  const models::World& world = *point.world;
  double steps = 0;  // of all arms
  for (const models::Arm& arm : world.arms) {
    for (const models::Sequence& sequence : arm.sequences) {
      steps += static_cast<double>(sequence.steps.size());
    }
  }
  const double per_day = static_cast<double>(models::kDailyCount) +
                         4 * (1 + static_cast<double>(world.segments.size()));
  const auto arms = static_cast<double>(world.arms.size());
  return 8 * point.replications * (arms * days(world) * per_day + 16 * steps);
}

// The arms' sequences and steps against their limits: each limit once, for the arm (and sequence)
// that exceeds it most.
void shape_limits(const models::World& world, std::vector<OverLimit>& over) {
  const models::Arm* most_sequences = nullptr;
  const models::Arm* most_steps = nullptr;
  const models::Sequence* longest = nullptr;
  std::size_t steps_of_most = 0;
  const bool any_sends = std::any_of(world.arms.begin(), world.arms.end(),
                                     [](const models::Arm& arm) { return arm.sends; });
  for (const models::Arm& arm : world.arms) {
    if (any_sends && !arm.sends) continue;  // the holdout's sequences are the base's: name an arm
    if (most_sequences == nullptr || arm.sequences.size() > most_sequences->sequences.size()) {
      most_sequences = &arm;
    }
    std::size_t steps = 0;
    for (const models::Sequence& sequence : arm.sequences) {
      steps += sequence.steps.size();
      if (longest == nullptr || sequence.steps.size() > longest->steps.size()) longest = &sequence;
    }
    if (most_steps == nullptr || steps > steps_of_most) {
      most_steps = &arm;
      steps_of_most = steps;
    }
  }
  if (most_sequences != nullptr && most_sequences->sequences.size() > kMostSequencesPerArm) {
    over.push_back(
        {"sequences", fmt::format("{} sequences (in arm '{}'), more than the limit of {} "
                                  "sequences an arm",
                                  most_sequences->sequences.size(), most_sequences->name,
                                  kMostSequencesPerArm)});
  }
  if (longest != nullptr && longest->steps.size() > kMostStepsPerSequence) {
    over.push_back({"sequences." + longest->name + ".steps",
                    fmt::format("{} steps in sequence '{}', more than the limit of {} steps a "
                                "sequence",
                                longest->steps.size(), longest->name, kMostStepsPerSequence)});
  }
  if (steps_of_most > kMostStepsPerArm) {
    over.push_back({"sequences", fmt::format("{} steps in all the sequences of arm '{}', more than "
                                             "the limit of {} steps an arm",
                                             steps_of_most, most_steps->name, kMostStepsPerArm)});
  }
}

}  // namespace

std::vector<OverLimit> over_limits(std::span<const models::PointSpec> points) {
  std::vector<OverLimit> over;
  // A sweep changes values, not what exists: the first point's shape is every point's.
  if (!points.empty()) shape_limits(*points[0].world, over);
  if (!over.empty()) return over;
  double lives = 0, bytes = 0;
  for (const models::PointSpec& point : points) {
    lives += customer_lives(point);
    bytes += tally_bytes(point);
  }
  if (points.size() == 1) {
    const models::World& world = *points[0].world;
    const int replications = points[0].replications;
    if (lives > kMostCustomerLives) {
      over.push_back(
          {"population.size", fmt::format("{} customers x {} arms x {} replications is {:.3g} "
                                          "customer-lives, more than the limit of {:.0e}",
                                          world.population.size, world.arms.size(), replications,
                                          lives, kMostCustomerLives)});
    }
    if (bytes > kMostTallyBytes) {
      over.push_back(
          {"population.horizon",
           fmt::format("{} replications x {} arms x {} days, with {} segment{}, are too "
                       "many tallies to hold in memory (more than {:.0f} GB)",
                       replications, world.arms.size(), days(world), world.segments.size(),
                       world.segments.size() == 1 ? "" : "s", kMostTallyBytes / 1e9)});
    }
    return over;
  }
  if (lives > kMostCustomerLives) {
    over.push_back({"sweep", fmt::format("the sweep's {} points are {:.3g} customer-lives in all, "
                                         "more than the limit of {:.0e}",
                                         points.size(), lives, kMostCustomerLives)});
  }
  if (bytes > kMostTallyBytes) {
    over.push_back({"sweep", fmt::format("the sweep's {} points are too many tallies to hold in "
                                         "memory (more than {:.0f} GB in all)",
                                         points.size(), kMostTallyBytes / 1e9)});
  }
  return over;
}

std::vector<OverLimit> over_limits(const models::World& world, int replications) {
  const models::PointSpec point{&world, replications};
  return over_limits(std::span(&point, 1));
}

std::optional<Diagnostic> too_many_dots(std::string_view text, const std::string& file) {
  // Only as much of TOML's lexical structure as tells strings and comments from the rest: where
  // this scan and the parser could disagree, the parser stops at a syntax error anyway.
  char quote = 0;      // inside a string: its quote, " or '
  bool multi = false;  // ... a multi-line one (""" or ''')
  bool comment = false;
  long line = 1, dots = 0;
  std::size_t line_start = 0;
  auto triple = [&](std::size_t i, char q) { return text.substr(i, 3) == std::string(3, q); };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      dots = 0;
      line_start = i + 1;
      comment = false;
      if (!multi) quote = 0;  // an unterminated one-line string ends here for the parser too
    } else if (comment) {
      continue;
    } else if (quote != 0) {
      if (quote == '"' && c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
        ++i;  // an escaped character, perhaps a quote
      } else if (c == quote && (!multi || triple(i, quote))) {
        i += multi ? 2 : 0;
        quote = 0;
        multi = false;
      }
    } else if (c == '.' && ++dots > kMostDotsPerLine) {
      return Diagnostic{
          file, line, static_cast<long>(i - line_start + 1),
          fmt::format("more than {} dots on one line: keys nested too deep", kMostDotsPerLine), ""};
    } else if (c == '#') {
      comment = true;
    } else if (c == '"' || c == '\'') {
      quote = c;
      multi = triple(i, c);
      i += multi ? 2 : 0;
    }
  }
  return std::nullopt;
}

}  // namespace xsellsim::scenarios

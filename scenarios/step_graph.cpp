#include "scenarios/step_graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/strong_components.hpp>
#include <cstdint>
#include <deque>
#include <optional>

namespace xsellsim::scenarios {

namespace {

// How an edge leaves its step: the key that sends the sequence there.
enum class Via : std::uint8_t {
  kFollowing,  // no `next`: the step after it in the file
  kNext,       // `next = "STEP"`
  kOnFail,     // `on_fail = "STEP"`
};

struct Link {
  Via via = Via::kFollowing;
};

using StepGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, Link>;
using Vertex = boost::graph_traits<StepGraph>::vertex_descriptor;
using Edge = boost::graph_traits<StepGraph>::edge_descriptor;

// Where step `from` goes once it is done; nullopt when the sequence ends there.
std::optional<std::size_t> next_of(const std::vector<models::Step>& steps, std::size_t from) {
  const std::uint16_t next = steps[from].next;
  if (next == models::kEndOfSequence) return std::nullopt;
  if (next == models::kFollowingStep) {
    return from + 1 < steps.size() ? std::optional<std::size_t>(from + 1) : std::nullopt;
  }
  return next < steps.size() ? std::optional<std::size_t>(next) : std::nullopt;
}

// Every move between steps; with `instant_only`, only the moves that take no time (to a step of
// delay 0: a step's delay counts from the step before it, or from the branch; and to a step timed
// by `at`: once the loop has passed that time since entry, it comes round at once).
StepGraph build(const std::vector<models::Step>& steps, bool instant_only) {
  StepGraph graph(steps.size());
  auto link = [&](std::size_t from, std::size_t to, Via via) {
    if (!instant_only || steps[to].at >= 0 || steps[to].delay == 0) {
      boost::add_edge(from, to, Link{via}, graph);
    }
  };
  for (std::size_t from = 0; from < steps.size(); ++from) {
    const models::Step& step = steps[from];
    if (auto to = next_of(steps, from)) {
      link(from, *to, step.next == models::kFollowingStep ? Via::kFollowing : Via::kNext);
    }
    if (step.on_fail == models::OnFail::kBranch && step.branch_to < steps.size()) {
      link(from, step.branch_to, Via::kOnFail);
    }
  }
  return graph;
}

std::string key_of(Via via) {
  switch (via) {
    case Via::kNext:
      return "next";
    case Via::kOnFail:
      return "on_fail";
    case Via::kFollowing:
      break;
  }
  return "";
}

// The steps nothing leads to from the first step.
void unreachable(const std::vector<models::Step>& steps, std::vector<StepGraphProblem>& problems) {
  const StepGraph graph = build(steps, false);
  std::vector<boost::default_color_type> colors(steps.size(), boost::white_color);
  boost::breadth_first_search(graph, boost::vertex(0, graph),
                              boost::color_map(boost::make_iterator_property_map(
                                  colors.begin(), boost::get(boost::vertex_index, graph))));
  for (std::size_t s = 1; s < steps.size(); ++s) {
    if (colors[s] != boost::white_color) continue;
    problems.push_back({s, "",
                        fmt::format("step '{}' cannot be reached from the first step '{}'",
                                    steps[s].name, steps[0].name)});
  }
}

// The shortest loop through `start` inside its strong component, as the edges from `start` back
// to it (breadth first, so the first edge found into `start` closes a shortest loop).
std::vector<Edge> loop_through(const StepGraph& graph, Vertex start,
                               const std::vector<int>& component) {
  std::vector<std::optional<Edge>> reached_by(boost::num_vertices(graph));
  std::vector<bool> seen(boost::num_vertices(graph), false);
  std::deque<Vertex> queue{start};
  seen[start] = true;
  while (!queue.empty()) {
    const Vertex from = queue.front();
    queue.pop_front();
    for (auto [edge, end] = boost::out_edges(from, graph); edge != end; ++edge) {
      const Vertex to = boost::target(*edge, graph);
      if (component[to] != component[start]) continue;
      if (to == start) {
        std::vector<Edge> loop{*edge};
        for (Vertex at = from; at != start; at = boost::source(*reached_by[at], graph)) {
          loop.push_back(*reached_by[at]);
        }
        std::reverse(loop.begin(), loop.end());
        return loop;
      }
      if (seen[to]) continue;
      seen[to] = true;
      reached_by[to] = *edge;
      queue.push_back(to);
    }
  }
  return {};  // not reached: `start` is in a loop
}

// The loops whose every step has delay 0, one problem per strong component of the instant moves.
void instant_loops(const std::vector<models::Step>& steps,
                   std::vector<StepGraphProblem>& problems) {
  const StepGraph graph = build(steps, true);
  std::vector<int> component(steps.size());
  const int count = boost::strong_components(
      graph,
      boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, graph)));
  std::vector<std::size_t> size(static_cast<std::size_t>(count), 0);
  for (int c : component) ++size[static_cast<std::size_t>(c)];
  std::vector<bool> reported(static_cast<std::size_t>(count), false);
  // Steps in file order: each loop starts at its earliest step.
  for (Vertex start = 0; start < steps.size(); ++start) {
    const auto c = static_cast<std::size_t>(component[start]);
    if (reported[c] || (size[c] == 1 && !boost::edge(start, start, graph).second)) continue;
    reported[c] = true;
    const std::vector<Edge> loop = loop_through(graph, start, component);
    if (loop.empty()) continue;
    std::string path = steps[start].name;
    for (const Edge& edge : loop) path += " -> " + steps[boost::target(edge, graph)].name;
    const Edge& closing = loop.back();
    problems.push_back(
        {boost::source(closing, graph), key_of(graph[closing].via),
         fmt::format("{} {} loop{} without a delay", loop.size() == 1 ? "step" : "steps", path,
                     loop.size() == 1 ? "s" : "")});
  }
}

}  // namespace

std::vector<StepGraphProblem> check_step_graph(const std::vector<models::Step>& steps) {
  std::vector<StepGraphProblem> problems;
  if (steps.empty()) return problems;
  unreachable(steps, problems);
  instant_loops(steps, problems);
  return problems;
}

}  // namespace xsellsim::scenarios

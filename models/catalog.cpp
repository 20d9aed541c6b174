#include "models/catalog.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

#include "models/complement_graph.hpp"
#include "models/season.hpp"

namespace xsellsim::models {

Catalog::Catalog(const std::vector<Product>& products)
    : products_(products),
      out_edges_(products.size()),
      complement_matrix_(products.size() * products.size(), false) {
  auto graph = std::make_shared<ComplementGraph>(products.size());
  for (ProductIndex from = 0; from < products.size(); ++from) {
    for (const Complement& c : products[from].complements) {
      boost::add_edge(from, c.to, c, *graph);
    }
  }
  for (auto [edge, end] = boost::edges(*graph); edge != end; ++edge) {
    auto from = static_cast<ProductIndex>(boost::source(*edge, *graph));
    const Complement& c = (*graph)[*edge];
    out_edges_[from].push_back(c);
    complement_matrix_[from * products.size() + c.to] = true;
  }
  graph_ = std::move(graph);
  for (const Product& p : products) {
    acquisition_.push_back(p.acquisition);
    popularity_.push_back(p.popularity);
  }
  acquisition_total_ = std::accumulate(acquisition_.begin(), acquisition_.end(), 0.0);
  popularity_total_ = std::accumulate(popularity_.begin(), popularity_.end(), 0.0);
  for (const Product& p : products) {
    if (popularity_total_ > 0) mean_order_margin_ += p.popularity * p.price * p.margin;
  }
  if (popularity_total_ > 0) mean_order_margin_ /= popularity_total_;
  by_popularity_.resize(products.size());
  std::iota(by_popularity_.begin(), by_popularity_.end(), ProductIndex{0});
  std::stable_sort(by_popularity_.begin(), by_popularity_.end(),
                   [&](auto a, auto b) { return products[a].popularity > products[b].popularity; });
  by_probability_.resize(products.size());
  for (ProductIndex p = 0; p < products.size(); ++p) {
    auto& order = by_probability_[p];
    for (const Complement& c : out_edges_[p]) order.push_back(c.to);
    auto probability = [&](ProductIndex to) { return edge(p, to)->probability; };
    std::sort(order.begin(), order.end(), [&](ProductIndex a, ProductIndex b) {
      return probability(a) != probability(b) ? probability(a) > probability(b) : a < b;
    });
  }
  for (const Product& p : products) {
    peak_demand_.push_back(models::peak_demand(p));
    varies_in_time_ |= p.release > 0 || std::any_of(p.seasonality.begin(), p.seasonality.end(),
                                                    [](double m) { return m != 1.0; });
  }
}

void Catalog::top_released_complements(ProductIndex p, Time now, std::size_t count,
                                       std::vector<ProductIndex>& out) const {
  out.clear();
  for (ProductIndex to : by_probability_[p]) {
    if (out.size() == count) break;
    if (released(to, now)) out.push_back(to);
  }
}

std::optional<ProductIndex> Catalog::best_seller(Time now, ProductIndex except) const {
  for (ProductIndex p : by_popularity_) {
    if (p != except && released(p, now)) return p;
  }
  return std::nullopt;
}

const Complement* Catalog::edge(ProductIndex from, ProductIndex to) const {
  for (const Complement& c : out_edges_[from]) {
    if (c.to == to) return &c;
  }
  return nullptr;
}

std::optional<ProductIndex> Catalog::top_complement(ProductIndex p) const {
  std::optional<ProductIndex> best;
  double best_probability = -1;
  for (const Complement& c : out_edges_[p]) {
    if (c.probability > best_probability || (c.probability == best_probability && c.to < *best)) {
      best = c.to;
      best_probability = c.probability;
    }
  }
  return best;
}

}  // namespace xsellsim::models

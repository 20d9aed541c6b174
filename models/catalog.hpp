#pragma once
// The product catalog and its complement graph (Boost.Graph): an edge from A to B says that buying
// A may create a need for B, with the need's probability, lag, lifetime and organic hazard.
#include <memory>
#include <optional>
#include <vector>

#include "models/parameters.hpp"

namespace xsellsim::models {

struct ComplementGraph;  // models/complement_graph.hpp

class Catalog {
 public:
  explicit Catalog(const std::vector<Product>& products);

  [[nodiscard]] std::size_t size() const { return products_.size(); }
  [[nodiscard]] const Product& product(ProductIndex p) const { return products_[p]; }
  [[nodiscard]] const ComplementGraph& graph() const { return *graph_; }

  // The complements of `product`, in the order of its out-edges (stable: streams are keyed by it).
  [[nodiscard]] const std::vector<Complement>& complements(ProductIndex p) const {
    return out_edges_[p];
  }
  [[nodiscard]] bool is_complement(ProductIndex of, ProductIndex candidate) const {
    return complement_matrix_[of * products_.size() + candidate];
  }
  // The edge from `from` to `to`, if any.
  [[nodiscard]] const Complement* edge(ProductIndex from, ProductIndex to) const;
  // The complement with the highest need probability (ties: lowest index), if `p` has any.
  [[nodiscard]] std::optional<ProductIndex> top_complement(ProductIndex p) const;
  // The `count` complements of `p` released by `now` with the highest need probability (ties:
  // lowest index), best first, into `out`.
  void top_released_complements(ProductIndex p, Time now, std::size_t count,
                                std::vector<ProductIndex>& out) const;
  // The released product with the highest popularity other than `except`, if any.
  [[nodiscard]] std::optional<ProductIndex> best_seller(Time now, ProductIndex except) const;
  [[nodiscard]] bool released(ProductIndex p, Time now) const {
    return products_[p].release <= now;
  }
  // Whether any product has a release date or a seasonal demand: organic choices then depend on
  // the time of the purchase.
  [[nodiscard]] bool varies_in_time() const { return varies_in_time_; }
  // The largest monthly demand multiplier of `p`, at least 1 (bounds seasonal need thinning).
  [[nodiscard]] double peak_demand(ProductIndex p) const { return peak_demand_[p]; }

  [[nodiscard]] const std::vector<double>& acquisition_weights() const { return acquisition_; }
  [[nodiscard]] const std::vector<double>& popularity_weights() const { return popularity_; }
  [[nodiscard]] double acquisition_total() const { return acquisition_total_; }
  [[nodiscard]] double popularity_total() const { return popularity_total_; }
  // The margin of an average organic order: price x margin weighted by popularity (what a
  // subscriber's future occasions are worth, docs/model.md "Money").
  [[nodiscard]] double mean_order_margin() const { return mean_order_margin_; }

 private:
  std::vector<Product> products_;
  std::shared_ptr<const ComplementGraph> graph_;  // immutable, so copies of the catalog share it
  // Flattened copies of the graph for the hot loop: out-edges per product, and an n x n matrix.
  std::vector<std::vector<Complement>> out_edges_;
  std::vector<bool> complement_matrix_;
  std::vector<double> acquisition_, popularity_;
  double acquisition_total_ = 0, popularity_total_ = 0, mean_order_margin_ = 0;
  std::vector<ProductIndex> by_popularity_;  // most popular first
  // [product]: its complements by need probability, highest first (ties: lowest index).
  std::vector<std::vector<ProductIndex>> by_probability_;
  bool varies_in_time_ = false;
  std::vector<double> peak_demand_;  // [product]
};

}  // namespace xsellsim::models

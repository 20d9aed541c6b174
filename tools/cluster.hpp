#pragma once
// Running on a cluster through MPI (Open MPI), when built with it and started by mpirun: each
// rank simulates its share of the blocks, and the integer tallies are summed on rank 0, which
// alone writes and prints. Without MPI (or outside mpirun) this is a cluster of one.
#include <cstdint>
#include <vector>

namespace xsellsim::tools {

class Cluster {
 public:
  Cluster(int& argc, char**& argv);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  [[nodiscard]] unsigned rank() const { return rank_; }
  [[nodiscard]] unsigned size() const { return size_; }
  [[nodiscard]] bool is_root() const { return rank_ == 0; }
  // Sums `counts` element-wise over all ranks into rank 0's copy (others' are left as they were).
  void sum_to_root(std::vector<std::int64_t>& counts) const;
  // Ends every rank's run with `status` when one rank fails (a lone failing rank would hang the
  // rest).
  [[noreturn]] void abort(int status) const;

 private:
  unsigned rank_ = 0;
  unsigned size_ = 1;
  bool initialized_ = false;
};

// The cluster this process belongs to (set up by main).
const Cluster& cluster();
void set_cluster(const Cluster* cluster);

}  // namespace xsellsim::tools

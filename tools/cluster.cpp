#include "tools/cluster.hpp"

#include <cassert>
#include <cstdlib>

#ifdef XSELLSIM_WITH_MPI
// The C API only: Open MPI's deprecated C++ bindings would need their own library.
#define OMPI_SKIP_MPICXX 1   // NOLINT(cppcoreguidelines-macro-usage): read by <mpi.h>
#define MPICH_SKIP_MPICXX 1  // NOLINT(cppcoreguidelines-macro-usage): read by <mpi.h>
#include <mpi.h>
#endif

namespace xsellsim::tools {

namespace {
// The process's one cluster, for the code that prints or writes on rank 0 only.
const Cluster* current = nullptr;  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)

// mpirun (Open MPI, PMIx) announces itself in the environment; a plain start is not a cluster,
// and initialising MPI there would be slow and, as root, refused.
bool started_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr;
}
}  // namespace

const Cluster& cluster() {
  assert(current != nullptr && "main sets the cluster up first");
  return *current;
}

void set_cluster(const Cluster* c) { current = c; }

#ifdef XSELLSIM_WITH_MPI

Cluster::Cluster(int& argc, char**& argv) {
  if (!started_by_mpirun()) return;
  MPI_Init(&argc, &argv);
  initialized_ = true;
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  rank_ = static_cast<unsigned>(rank);
  size_ = static_cast<unsigned>(size);
}

Cluster::~Cluster() {
  if (initialized_) MPI_Finalize();
}

void Cluster::sum_to_root(std::vector<std::int64_t>& counts) const {
  if (size_ == 1) return;
  std::vector<std::int64_t> sums(counts.size(), 0);
  MPI_Reduce(counts.data(), sums.data(), static_cast<int>(counts.size()), MPI_INT64_T, MPI_SUM, 0,
             MPI_COMM_WORLD);
  if (is_root()) counts = std::move(sums);
}

void Cluster::abort(int status) const {
  if (initialized_ && size_ > 1) MPI_Abort(MPI_COMM_WORLD, status);
  std::exit(status);
}

#else

Cluster::Cluster(int&, char**&) { (void)started_by_mpirun; }
Cluster::~Cluster() = default;
void Cluster::sum_to_root(std::vector<std::int64_t>&) const {}
void Cluster::abort(int status) const { std::exit(status); }

#endif

}  // namespace xsellsim::tools

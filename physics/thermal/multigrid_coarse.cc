#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <physics/boomeramg.h>
#include <physics/petsc_copy.h>
#include <physics/thermal/multigrid_coarse.h>

namespace nanoconvect::internal
{
  struct CoarseAMG::Data
  {
    PETScWrappers::MPI::SparseMatrix     matrix;
    PETScWrappers::PreconditionBoomerAMG amg;
    mutable PETScWrappers::MPI::Vector   src, dst;
  };

  CoarseAMG::CoarseAMG()
    : data(std::make_unique<Data>())
  {}

  CoarseAMG::~CoarseAMG() = default;

  void
  CoarseAMG::initialize(const TrilinosWrappers::SparseMatrix &A,
                        const IndexSet                       &owned,
                        const unsigned int                    dim)
  {
    const MPI_Comm comm = A.get_mpi_communicator();
    data                = std::make_unique<Data>();
    copy_to_petsc(A, owned, comm, data->matrix);
    data->src.reinit(owned, comm);
    data->dst.reinit(owned, comm);
    initialize_boomeramg(data->amg, data->matrix, dim);
  }

  void
  CoarseAMG::vmult(LinearAlgebra::distributed::Vector<double>       &dst,
                   const LinearAlgebra::distributed::Vector<double> &src) const
  {
    // Both hold the level's owned DoFs in the same order (one contiguous
    // range per rank).
    copy_local_to_petsc(src, data->src);
    data->amg.vmult(data->dst, data->src);
    copy_local_from_petsc(data->dst, dst);
  }
} // namespace nanoconvect::internal

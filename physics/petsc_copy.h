#pragma once

// Copies between Trilinos and PETSc objects of the same distributed
// layout, for the solvers that only PETSc provides (hypre BoomerAMG for the
// thermal solve, SLEPc for the buckling load): the modules assemble in
// Trilinos' format and hand their systems over here.

#include <deal.II/base/index_set.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>

#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  /** P = A in PETSc's MPIAIJ format (the owned rows, same numbering). */
  void
  copy_to_petsc(const TrilinosWrappers::SparseMatrix &A,
                const IndexSet                       &owned,
                MPI_Comm                              comm,
                PETScWrappers::MPI::SparseMatrix     &P);

  /** The owned entries of one library's vector into the other's (both
   *  hold the same owned rows, in the same global numbering). */
  template <typename From, typename To>
  void
  copy_owned(const From &from, To &to)
  {
    const IndexSet                       owned = from.locally_owned_elements();
    std::vector<types::global_dof_index> indices(owned.begin(), owned.end());
    std::vector<double>                  values(indices.size());
    from.extract_subvector_to(indices.begin(), indices.end(), values.begin());
    to.set(indices, values);
    to.compress(VectorOperation::insert);
  }
} // namespace nanoconvect

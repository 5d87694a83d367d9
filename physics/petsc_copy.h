#pragma once

// Copies between Trilinos and PETSc objects of the same distributed
// layout, for the solvers that only PETSc provides (hypre BoomerAMG for the
// thermal solve, SLEPc for the buckling load): the modules assemble in
// Trilinos' format and hand their systems over here.

#include <deal.II/base/index_set.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>

#include <algorithm>
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

  /** The owned entries of a vector that stores them contiguously (a
   *  Trilinos or a deal.II distributed vector) into a PETSc vector of the
   *  same layout, as they lie in the local arrays: the per-application
   *  copy of a preconditioner from PETSc. */
  template <typename Vector>
  void
  copy_local_to_petsc(const Vector &from, PETScWrappers::MPI::Vector &to)
  {
    AssertDimension(from.locally_owned_size(), to.locally_owned_size());
    PetscScalar *p = nullptr;
    AssertThrow(VecGetArray(to, &p) == 0, ExcMessage("VecGetArray failed"));
    std::copy(from.begin(), from.end(), p);
    AssertThrow(VecRestoreArray(to, &p) == 0,
                ExcMessage("VecRestoreArray failed"));
  }

  /** And back: a PETSc vector's owned entries into one of the same layout. */
  template <typename Vector>
  void
  copy_local_from_petsc(const PETScWrappers::MPI::Vector &from, Vector &to)
  {
    AssertDimension(from.locally_owned_size(), to.locally_owned_size());
    const PetscScalar *p = nullptr;
    AssertThrow(VecGetArrayRead(from, &p) == 0,
                ExcMessage("VecGetArrayRead failed"));
    std::copy(p, p + to.locally_owned_size(), to.begin());
    AssertThrow(VecRestoreArrayRead(from, &p) == 0,
                ExcMessage("VecRestoreArrayRead failed"));
  }
} // namespace nanoconvect

#pragma once

// hypre BoomerAMG as nanoconvect sets it up: the matrix-based thermal
// solver's preconditioner ('Thermal/Linear algebra' = PETSc), the
// matrix-free multigrid's coarse-level solve, and the mechanics' tangent
// ('Mechanics/Linear algebra' = PETSc, a matrix with block size dim: hypre
// then treats the displacement's components as its systems).

#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_sparse_matrix.h>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * BoomerAMG on A, an elliptic operator in dim dimensions, for CG: HMIS
   * coarsening with extended+i interpolation truncated to 4 entries a row
   * (hypre's own defaults, Falgout coarsening and classical interpolation,
   * build denser coarse operators for the 3D Q2 stack: doc/performance.md,
   * section "PETSc"), hypre's strength threshold for the dimension and
   * Chebyshev smoothing. deal.II's wrapper has no fields for the coarsening and
   * interpolation; it reads PETSc's options database when it sets the
   * preconditioner up, so they are put there for that one call (and
   * PETSC_OPTIONS overrides them).
   */
  void
  initialize_boomeramg(PETScWrappers::PreconditionBoomerAMG   &amg,
                       const PETScWrappers::MPI::SparseMatrix &A,
                       unsigned int                            dim);
} // namespace nanoconvect

#pragma once

// Internal to physics/mechanics: the LU factorization that the column's
// Newton steps keep as CG's preconditioner (column_mechanics_linear.cc).

#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/trilinos_solver.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>

namespace nanoconvect
{
  using namespace dealii;

  /** An LU factorization of a tangent (KLU through Trilinos Amesos: the
   *  matrix gathered on one rank, as r-z column meshes are small; MUMPS's
   *  distributed factorization took twice as long on them) applied as a
   *  preconditioner: vmult solves with it. */
  class LinearFactorization
  {
  public:
    explicit LinearFactorization(const TrilinosWrappers::SparseMatrix &A)
      : direct(control,
               TrilinosWrappers::SolverDirect::AdditionalData(false,
                                                              "Amesos_Klu"))
    {
      direct.initialize(A);
    }
    void
    vmult(TrilinosWrappers::MPI::Vector       &dst,
          const TrilinosWrappers::MPI::Vector &src) const
    {
      direct.solve(dst, src);
    }

  private:
    SolverControl                          control;
    mutable TrilinosWrappers::SolverDirect direct;
  };
} // namespace nanoconvect

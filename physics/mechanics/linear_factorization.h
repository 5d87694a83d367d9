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

  /** An LU factorization of a tangent through Trilinos Amesos, applied as
   *  a preconditioner: vmult solves with it. KLU (the matrix gathered on
   *  one rank) for the small r-z meshes, where MUMPS's distributed
   *  factorization took twice as long; MUMPS for 3D ones (distributed), where
   *  KLU's fill made it 12 times slower (30 s against 2.6 s for 17.5 k Q1
   *  DoFs). */
  class LinearFactorization
  {
  public:
    LinearFactorization(const TrilinosWrappers::SparseMatrix &A,
                        const bool                            distributed)
      : direct(control,
               TrilinosWrappers::SolverDirect::AdditionalData(false,
                                                              distributed
                                                                ? "Amesos_Mumps"
                                                                : "Amesos_Klu"))
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

#pragma once

// Internal to physics/mechanics: the preconditioners that the column's
// Newton steps keep for CG (column_mechanics_linear.cc), in either library
// of 'Mechanics/Linear algebra': an LU factorization of the tangent or an
// algebraic multigrid on it.

#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>

#include <memory>
#include <string>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * A preconditioner of the tangent A, applied to Trilinos vectors (CG and
   * the solution projection run on the Epetra matrix in both libraries):
   *
   * - Trilinos, LU: Amesos, KLU (the matrix gathered on one rank) for the
   *   small r-z meshes, where MUMPS's distributed factorization took twice
   *   as long; MUMPS for 3D ones, where KLU's fill made it 12 times slower
   *   (30 s against 2.6 s for 17.5 k Q1 DoFs).
   * - Trilinos, AMG: ML smoothed aggregation with the displacement's
   *   rigid-translation modes (elliptic settings, two sweeps, aggregation
   *   threshold 0.02, Gauss-Seidel coarse level: doc/performance.md).
   * - PETSc, LU: MUMPS through PETSc (PCLU) on a copy of A in MPIAIJ form.
   * - PETSc, AMG: hypre BoomerAMG on that copy, with the block size dim
   *   (hypre's systems "unknown" approach: the displacement's components
   *   coarsened separately, interpolation within each component), HMIS
   *   coarsening, extended+i interpolation truncated to 4 entries, strength
   *   threshold 0.5 (3D) or 0.25 (r-z), Chebyshev smoothing.
   */
  class TangentPreconditioner
  {
  public:
    enum class Library
    {
      trilinos,
      petsc
    };
    enum class Kind
    {
      lu,
      amg
    };

    /** degree: the displacement's element degree; constant_modes: its
     *  components' DoFs (ML's near null space); dim: the mesh's. */
    TangentPreconditioner(const TrilinosWrappers::SparseMatrix &A,
                          Library                               library,
                          Kind                                  kind,
                          unsigned int                          dim,
                          unsigned int                          degree,
                          const std::vector<std::vector<bool>> &constant_modes);
    ~TangentPreconditioner();

    void
    vmult(TrilinosWrappers::MPI::Vector       &dst,
          const TrilinosWrappers::MPI::Vector &src) const;

    /** For messages: "an LU factorization of the tangent (Trilinos
     *  Amesos)", "ML AMG", ... */
    std::string
    name() const;

    /** The four kinds, defined in tangent_preconditioner.cc. */
    struct Implementation;

  private:
    std::unique_ptr<Implementation> implementation;
  };
} // namespace nanoconvect

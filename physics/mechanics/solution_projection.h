#pragma once

// Internal to physics/mechanics: initial guesses for a sequence of solves
// with one matrix, from the solutions before (Fischer, Comput. Methods Appl.
// Mech. Engrg. 163, 193, 1998).

#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>

#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * The A-orthonormal basis x_1..x_m of the solutions of earlier solves
   * with one symmetric positive definite matrix A, and the Galerkin
   * projection of a new solve onto it: x0 = sum_i (x_i . b) x_i minimizes
   * the energy norm of the error over their span, so that a right-hand side
   * in the span of the earlier ones is solved before CG starts, and any
   * other starts with the part the span holds removed.
   *
   * The column's elastic tangent is such a matrix: it is solved for the
   * contact rings' unit loads, then in every coupling evaluation for a
   * combination of the same loads (doc/performance.md).
   */
  class SolutionProjection
  {
  public:
    using Vector = TrilinosWrappers::MPI::Vector;

    /** At most max_vectors directions are kept; when full, the basis
     *  restarts from the newest solution. */
    explicit SolutionProjection(unsigned int max_vectors);

    /** x = the projection of A^{-1} b onto the kept span (0 if empty). */
    void
    initial_guess(const Vector &b, Vector &x) const;

    /** Adds the solution x of a solve with A: its part A-orthogonal to
     *  the span (twice Gram-Schmidt), normalized; nothing when that part
     *  is below 1e-10 of x in the energy norm. One product with A. */
    void
    add(const TrilinosWrappers::SparseMatrix &A, const Vector &x);

    /** Forgets the basis (A changed). */
    void
    clear();

    unsigned int
    size() const;

  private:
    unsigned int        max_vectors;
    std::vector<Vector> basis, images; // x_i and A x_i
  };
} // namespace nanoconvect

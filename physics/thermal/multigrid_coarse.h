#pragma once

// Internal to physics/thermal: the matrix-free multigrid's coarse level
// (thermal_multigrid.cc). The V-cycle runs in float; its coarse problem is
// solved in double, by CG on the coarse level's operator preconditioned by
// hypre BoomerAMG on its assembled matrix.

#include <deal.II/base/index_set.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/multigrid/mg_base.h>

#include <chrono>
#include <memory>

namespace nanoconvect::internal
{
  using namespace dealii;

  /** to = from on the locally owned entries of two vectors of one level
   *  in two precisions (the same partition of the level's DoFs). */
  template <typename To, typename From>
  void
  copy_level(const From &from, To &to)
  {
    AssertDimension(from.locally_owned_size(), to.locally_owned_size());
    for (unsigned int i = 0; i < from.locally_owned_size(); ++i)
      to.local_element(i) = from.local_element(i);
  }

  /**
   * One V-cycle of hypre BoomerAMG (physics/boomeramg.h) on a copy of the
   * coarse level's assembled matrix in PETSc's format, applied to the
   * multigrid's vectors. Against Trilinos ML with the thermal solver's
   * settings it takes 7 instead of 33 CG iterations per coarse solve to
   * 1e-3 on the 3D stack (67.6 k Q2 DoFs; doc/performance.md).
   */
  class CoarseAMG
  {
  public:
    CoarseAMG();
    ~CoarseAMG();

    /** Copies A (the owned rows given) and sets BoomerAMG up on it. */
    void
    initialize(const TrilinosWrappers::SparseMatrix &A,
               const IndexSet                       &owned,
               unsigned int                          dim);

    /** dst = one V-cycle applied to src. */
    void
    vmult(LinearAlgebra::distributed::Vector<double>       &dst,
          const LinearAlgebra::distributed::Vector<double> &src) const;

  private:
    struct Data;
    std::unique_ptr<Data> data;
  };

  /** The coarse solves, their CG iterations and wall time (this rank). */
  struct CoarseStatistics
  {
    unsigned long solves     = 0;
    unsigned long iterations = 0;
    double        seconds    = 0;
  };

  /**
   * The V-cycle's coarse solve (deal.II's MGCoarseGridIterativeSolver
   * with a change of precision): the float defect in double, CG on the
   * coarse operator with BoomerAMG to a relative reduction, the solution
   * back in float.
   */
  template <typename CoarseOperator>
  class CoarseSolve final
    : public MGCoarseGridBase<LinearAlgebra::distributed::Vector<float>>
  {
  public:
    using VectorType = LinearAlgebra::distributed::Vector<double>;

    CoarseSolve(const CoarseOperator &op,
                const CoarseAMG      &amg,
                const double          reduction,
                CoarseStatistics     &statistics)
      : op(op)
      , amg(amg)
      , reduction(reduction)
      , statistics(statistics)
    {
      op.initialize_dof_vector(b);
      op.initialize_dof_vector(x);
    }

    void
    operator()(
      const unsigned int,
      LinearAlgebra::distributed::Vector<float>       &dst,
      const LinearAlgebra::distributed::Vector<float> &src) const override
    {
      const auto start = std::chrono::steady_clock::now();
      copy_level(src, b);
      x = 0;
      ReductionControl     control(2000, 1e-300, reduction, false, false);
      SolverCG<VectorType> cg(control);
      cg.solve(op, x, b, amg);
      copy_level(x, dst);
      ++statistics.solves;
      statistics.iterations += control.last_step();
      statistics.seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
    }

  private:
    const CoarseOperator &op;
    const CoarseAMG      &amg;
    const double          reduction;
    CoarseStatistics     &statistics;
    mutable VectorType    b, x;
  };
} // namespace nanoconvect::internal

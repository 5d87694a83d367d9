#pragma once

// Internal to physics/thermal: the matrix-free multigrid's coarse level
// (thermal_multigrid.cc). The V-cycle runs in float; its coarse problem is
// solved in double, by CG on the coarse level's operator, preconditioned by
// a two-level cycle in the element degree: Chebyshev smoothing of the
// degree-k operator and a correction from the level's linear (Q1)
// functions, hypre BoomerAMG on their Galerkin matrix.

#include <deal.II/base/index_set.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/diagonal_matrix.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/lac/precondition.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/multigrid/mg_base.h>
#include <deal.II/multigrid/mg_constrained_dofs.h>

#include <chrono>
#include <memory>
#include <set>

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
   * The coarse level of the hierarchy of dof's mesh: the lowest level with
   * at least 100 free DoFs (or as many as the active mesh has; constrained:
   * the levels' Dirichlet DoFs) and no finer than the coarsest active
   * cells, so that it covers the whole stack. Below 100 the Dirichlet
   * faces hold (nearly) every node, and Chebyshev's eigenvalue estimate on
   * a space of one or two free DoFs breaks down (NaN).
   */
  template <int dim>
  unsigned int
  choose_coarse_level(const DoFHandler<dim>   &dof,
                      const MGConstrainedDoFs &constrained);

  /**
   * The coarse level's correction from its linear functions: dst = P B
   * P^T src, where P interpolates the level's Q1 functions (FE_Q(1) on the
   * same mesh, zero on the Dirichlet boundary) into its degree-k space and
   * B is one V-cycle of hypre BoomerAMG (physics/boomeramg.h) on the
   * Galerkin matrix P^T A P (HeatOperator::assemble_linear_matrix). P and
   * both spaces' vectors are PETSc objects; the multigrid's vectors are
   * copied in and out.
   */
  template <int dim>
  class CoarseCorrection
  {
  public:
    CoarseCorrection();
    ~CoarseCorrection();

    /** The linear functions on one level of dof's mesh, zero on the
     *  boundaries dirichlet_ids, and P from them into dof's (FE_Q(k));
     *  fixed: dof's Dirichlet DoFs on the level. P's rows and columns of
     *  Dirichlet DoFs stay empty. Depends on the mesh only. */
    void
    initialize_interpolation(const DoFHandler<dim>              &dof,
                             unsigned int                        level,
                             const std::set<types::boundary_id> &dirichlet_ids,
                             const IndexSet                     &fixed);

    /** The linear functions' DoFs (their level DoFs on the level) and the
     *  level's constraints of them (the Dirichlet DoFs). */
    const DoFHandler<dim> &
    linear_dofs() const;
    const AffineConstraints<double> &
    linear_constraints() const;

    /** BoomerAMG on the linear functions' matrix (copied). */
    void
    initialize_amg(const TrilinosWrappers::SparseMatrix &A_linear);

    /** dst = P B P^T src (dst, src: the degree-k level's DoFs). */
    void
    vmult(LinearAlgebra::distributed::Vector<double>       &dst,
          const LinearAlgebra::distributed::Vector<double> &src) const;

  private:
    struct Data;
    std::unique_ptr<Data> data;
  };

  /**
   * The coarse CG's preconditioner: smooth, correct from the linear
   * functions, smooth again. With a zero start, Chebyshev is a fixed
   * polynomial in D^-1 A times D^-1, so the cycle is symmetric, as CG needs.
   */
  template <typename Operator, typename Correction>
  class TwoLevelCycle
  {
  public:
    using VectorType = LinearAlgebra::distributed::Vector<double>;
    using Smoother =
      PreconditionChebyshev<Operator, VectorType, DiagonalMatrix<VectorType>>;

    /** op's diagonal must be computed. */
    TwoLevelCycle(const Operator                          &op,
                  const Correction                        &correction,
                  const typename Smoother::AdditionalData &smoothing)
      : op(op)
      , correction(correction)
    {
      smoother.initialize(op, smoothing);
      op.initialize_dof_vector(residual);
      op.initialize_dof_vector(update);
    }

    void
    vmult(VectorType &dst, const VectorType &src) const
    {
      smoother.vmult(dst, src);
      step(dst, src, [this](VectorType &d, const VectorType &s) {
        correction.vmult(d, s);
      });
      step(dst, src, [this](VectorType &d, const VectorType &s) {
        smoother.vmult(d, s);
      });
    }

  private:
    /** dst += M (src - A dst). */
    template <typename Apply>
    void
    step(VectorType &dst, const VectorType &src, const Apply &M) const
    {
      op.vmult(residual, dst);
      residual.sadd(-1.0, 1.0, src);
      M(update, residual);
      dst += update;
    }

    const Operator    &op;
    const Correction  &correction;
    Smoother           smoother;
    mutable VectorType residual, update;
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
   * coarse operator to a relative reduction, the solution back in float.
   */
  template <typename CoarseOperator, typename Preconditioner>
  class CoarseSolve final
    : public MGCoarseGridBase<LinearAlgebra::distributed::Vector<float>>
  {
  public:
    using VectorType = LinearAlgebra::distributed::Vector<double>;

    CoarseSolve(const CoarseOperator &op,
                const Preconditioner &preconditioner,
                const double          reduction,
                CoarseStatistics     &statistics)
      : op(op)
      , preconditioner(preconditioner)
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
      cg.solve(op, x, b, preconditioner);
      copy_level(x, dst);
      ++statistics.solves;
      statistics.iterations += control.last_step();
      statistics.seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
    }

  private:
    const CoarseOperator &op;
    const Preconditioner &preconditioner;
    const double          reduction;
    CoarseStatistics     &statistics;
    mutable VectorType    b, x;
  };
} // namespace nanoconvect::internal

#pragma once

#include <deal.II/base/function.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/trilinos_vector.h>

#include <physics/materials/material_table.h>

#include <memory>
#include <set>

namespace nanoconvect
{
  using namespace dealii;

  struct ThermalSolveReport;
  namespace internal
  {
    template <int dim>
    struct ThetaScheme;
  } // namespace internal

  /** The multigrid hierarchy's figures, for the log and benchmarks. */
  struct MultigridInfo
  {
    unsigned int            levels             = 0;
    types::global_dof_index coarse_dofs        = 0; // the coarse level's, CG
    types::global_dof_index coarse_linear_dofs = 0; // its Q1 ones, AMG
    unsigned int            rebuilds = 0; // smoother/coarse set-ups so far
    unsigned long fine_applications  = 0; // operator applications, finest
    double        fine_apply_seconds = 0; // their wall time (this rank)
    unsigned long coarse_solves      = 0; // the V-cycles' coarse solves
    unsigned long coarse_iterations  = 0; // their CG iterations in all
    double        coarse_seconds     = 0; // their wall time (this rank)
    /** Cells per SIMD instruction of the operator (cmake/simd.cmake): in
     *  double (the active mesh, coarse level) and float (the levels). */
    unsigned int simd_lanes_double = 1;
    unsigned int simd_lanes_float  = 1;
  };

  namespace internal
  {
    /** The matrix-free solver behind ThermalMultigrid, for one element
     *  degree known at compile time (-1: any degree). */
    template <int dim>
    class ThermalMultigridBase
    {
    public:
      virtual ~ThermalMultigridBase() = default;
      virtual void
      update_geometry() = 0;
      virtual unsigned int
      solve(const TrilinosWrappers::MPI::Vector &T_lin,
            const TrilinosWrappers::MPI::Vector *T_old,
            const ThetaScheme<dim>              &scheme,
            const Function<dim>                 *heat_source,
            double                               relative_tolerance,
            unsigned int                         max_iterations,
            TrilinosWrappers::MPI::Vector       &x,
            ThermalSolveReport                  &report) = 0;
      virtual MultigridInfo
      info() const = 0;
    };
  } // namespace internal

  /**
   * The matrix-free solve of one linearized heat-conduction system
   * (doc/model.md, section 2; doc/performance.md): the operator
   *
   *   a(T, v) = int [ theta k(T_lin) grad T . grad v
   *                   + rho c_p / dt T v ] w dV,     w = 2 pi r (r-z) or 1,
   *
   * is applied cell by cell with sum factorization (deal.II MatrixFree,
   * step-37/step-66), never assembled. CG is preconditioned by a geometric
   * multigrid V-cycle with local smoothing on the mesh's own levels (the
   * p4est mesh carries them: construct_multigrid_hierarchy, and the
   * DoFHandler's level DoFs): Chebyshev smoothing of degree 5 around the
   * point-Jacobi diagonal on every level, the refinement edges coupled by
   * interface operators, and CG + AMG on the coarsest level that covers
   * the stack. Every level carries the cell-wise conductivity (materials,
   * k at the level's interpolated temperature) and the r weight, so the
   * 86:1 Cu/WO3 jump is seen by the smoother. The levels use straight
   * cells (a preconditioner only); the active cells use the solver's
   * mapping, so the discrete operator is the matrix-based one's.
   *
   * The level operators, their diagonals and the Chebyshev eigenvalue
   * estimates are kept while the coefficients stay: a constant-conductivity
   * steady problem builds them once per mesh, also when the mesh moves.
   */
  template <int dim>
  class ThermalMultigrid
  {
  public:
    /** constraints: hanging nodes and the Dirichlet values (the solver's);
     *  dirichlet_ids: the boundaries they hold. */
    ThermalMultigrid(const DoFHandler<dim>              &dof_handler,
                     const Mapping<dim>                 &mapping,
                     const AffineConstraints<double>    &constraints,
                     const std::set<types::boundary_id> &dirichlet_ids,
                     const MaterialTable                &materials,
                     bool                                axisymmetric);
    ~ThermalMultigrid();

    /** The mesh's mapping moved (ALE): the active cells' operator is
     *  rebuilt at the next solve; the levels keep the reference geometry. */
    void
    update_geometry();

    /**
     * One linear solve: with k frozen at T_lin (ghosted), the theta step of
     * length scheme.dt from T_old (nullptr: steady) and the heat source
     * (may be nullptr), writes the new iterate into x (owned entries; the
     * Dirichlet values and hanging nodes applied). CG stops when the residual
     * is below relative_tolerance times the norm of the right-hand side
     * with the Dirichlet values lifted. Returns the CG iterations; adds the
     * times to report.
     */
    unsigned int
    solve(const TrilinosWrappers::MPI::Vector &T_lin,
          const TrilinosWrappers::MPI::Vector *T_old,
          const internal::ThetaScheme<dim>    &scheme,
          const Function<dim>                 *heat_source,
          double                               relative_tolerance,
          unsigned int                         max_iterations,
          TrilinosWrappers::MPI::Vector       &x,
          ThermalSolveReport                  &report);

    MultigridInfo
    info() const;

  private:
    std::unique_ptr<internal::ThermalMultigridBase<dim>> implementation;
  };
} // namespace nanoconvect

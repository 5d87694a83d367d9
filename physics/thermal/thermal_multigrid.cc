#include <deal.II/base/timer.h>
#include <deal.II/base/vectorization.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/lac/diagonal_matrix.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/lac/precondition.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_sparsity_pattern.h>
#include <deal.II/matrix_free/fe_evaluation.h>
#include <deal.II/matrix_free/matrix_free.h>
#include <deal.II/matrix_free/tools.h>
#include <deal.II/multigrid/mg_coarse.h>
#include <deal.II/multigrid/mg_constrained_dofs.h>
#include <deal.II/multigrid/mg_matrix.h>
#include <deal.II/multigrid/mg_smoother.h>
#include <deal.II/multigrid/mg_transfer_matrix_free.h>
#include <deal.II/multigrid/multigrid.h>
#include <deal.II/numerics/vector_tools.h>

#include <physics/thermal/heat_operator.h>
#include <physics/thermal/multigrid_coarse.h>
#include <physics/thermal/thermal_multigrid.h>
#include <physics/thermal/thermal_scratch.h>
#include <physics/thermal/thermal_solver.h>

#include <chrono>
#include <cmath>

namespace nanoconvect
{
  namespace
  {
    using VectorType      = internal::LevelVector;
    using LevelVectorType = internal::MGVector<float>;
    using VA              = VectorizedArray<double>;
    using internal::CoarseCorrection;
    using internal::CoarseSolve;
    using internal::CoarseStatistics;
    using internal::copy_level;
    using internal::HeatOperator;
    using internal::TwoLevelCycle;

    void
    copy_owned(const TrilinosWrappers::MPI::Vector &from, VectorType &to)
    {
      for (const auto i : to.locally_owned_elements())
        to(i) = from(i);
    }
  } // namespace

  namespace
  {
    template <int dim, int degree>
    class Hierarchy final : public internal::ThermalMultigridBase<dim>
    {
    public:
      /** The active mesh's operator and the coarse level's (double). */
      using Operator = HeatOperator<dim, degree>;
      /** The levels' operators, which the V-cycle smooths (float). */
      using LevelOperator = HeatOperator<dim, degree, float>;
      using Smoother      = PreconditionChebyshev<LevelOperator,
                                             LevelVectorType,
                                             DiagonalMatrix<LevelVectorType>>;
      using Transfer      = MGTransferMatrixFree<dim, float>;

      Hierarchy(const DoFHandler<dim>              &dof_handler,
                const Mapping<dim>                 &mapping,
                const AffineConstraints<double>    &constraints,
                const std::set<types::boundary_id> &dirichlet_ids,
                const MaterialTable                &materials,
                const bool                          axisymmetric)
        : dof_handler(dof_handler)
        , mapping(mapping)
        , constraints(constraints)
        , dirichlet_ids(dirichlet_ids)
        , materials(materials)
        , axisymmetric(axisymmetric)
        , level_mapping(1)
      {
        build_hierarchy();
      }

      /** The active cells' operator, its geometry from the solver's
       *  mapping. */
      void
      reinit_fine()
      {
        fine.reinit(dof_handler, constraints);
        fine.set_geometry(mapping, axisymmetric);
      }

      /** The level DoFs' constraints, the operators of the active mesh
       *  and of every level, and the transfers. */
      void
      build_hierarchy()
      {
        const Triangulation<dim> &tria = dof_handler.get_triangulation();
        AssertThrow(dof_handler.has_level_dofs(),
                    ExcMessage("The matrix-free thermal solver needs the "
                               "DoFs of the mesh's levels "
                               "(DoFHandler::distribute_mg_dofs)."));
        const unsigned int L = tria.n_global_levels() - 1;
        mg_constrained_dofs.clear();
        mg_constrained_dofs.initialize(dof_handler);
        mg_constrained_dofs.make_zero_boundary_constraints(dof_handler,
                                                           dirichlet_ids);
        reinit_fine();
        level_constraints.resize(0, L);
        operators.resize(0, L);
        for (unsigned int l = 0; l <= L; ++l)
          {
            auto &c = level_constraints[l];
            c.clear();
            c.reinit(
              DoFTools::extract_locally_relevant_level_dofs(dof_handler, l));
            c.add_lines(mg_constrained_dofs.get_boundary_indices(l));
            c.close();
            operators[l] = std::make_shared<LevelOperator>();
            operators[l]->reinit(dof_handler, c, &mg_constrained_dofs, l);
            operators[l]->set_geometry(level_mapping, axisymmetric);
          }
        interface_operators.resize(0, L);
        for (unsigned int l = 0; l <= L; ++l)
          interface_operators[l].initialize(*operators[l]);
        transfer = std::make_unique<Transfer>();
        transfer->initialize_constraints(mg_constrained_dofs);
        transfer->build(dof_handler);

        // The coarse level, and its linear functions for the coarse CG's
        // correction (multigrid_coarse.h).
        min_level =
          internal::choose_coarse_level(dof_handler, mg_constrained_dofs);
        coarse_operator.reinit(dof_handler,
                               level_constraints[min_level],
                               &mg_constrained_dofs,
                               min_level);
        coarse_operator.set_geometry(level_mapping, axisymmetric);
        coarse_correction.initialize_interpolation(
          dof_handler,
          min_level,
          dirichlet_ids,
          mg_constrained_dofs.get_boundary_indices(min_level));
        fine_geometry_current = true;
        coefficients_current  = false;
      }

      /** The level operators' coefficients, diagonals, smoothers, coarse
       *  solver and the V-cycle, for k at T_lin and this theta and dt. */
      void
      build_preconditioner(const VectorType &T_lin,
                           const double      theta,
                           const double      inverse_dt)
      {
        const unsigned int L    = operators.max_level();
        const bool         tdep = materials.any_temperature_dependent();
        MGLevelObject<LevelVectorType> T_levels(0, L);
        if (tdep)
          {
            // In the level operators' layout (interpolate_to_mg keeps it),
            // which FEEvaluation reads without checking in release builds.
            for (unsigned int l = 0; l <= L; ++l)
              operators[l]->initialize_dof_vector(T_levels[l]);
            transfer->interpolate_to_mg(dof_handler, T_levels, T_lin);
            for (unsigned int l = 0; l <= L; ++l)
              T_levels[l].update_ghost_values();
          }
        fine.set_coefficients(materials,
                              tdep ? &T_lin : nullptr,
                              theta,
                              inverse_dt);
        for (unsigned int l = 0; l <= L; ++l)
          operators[l]->set_coefficients(materials,
                                         tdep ? &T_levels[l] : nullptr,
                                         theta,
                                         inverse_dt);
        VectorType T_coarse;
        if (tdep)
          {
            coarse_operator.initialize_dof_vector(T_coarse);
            copy_level(T_levels[min_level], T_coarse);
            T_coarse.update_ghost_values();
          }
        coarse_operator.set_coefficients(materials,
                                         tdep ? &T_coarse : nullptr,
                                         theta,
                                         inverse_dt);

        mg_matrix.initialize(operators);
        mg_interface.initialize(interface_operators);
        // Smoothers on the levels above the coarse one only: below it the
        // Dirichlet faces hold (nearly) every node, and Chebyshev's
        // eigenvalue estimate on one or two free DoFs breaks down.
        MGLevelObject<std::shared_ptr<LevelOperator>>    smoothed(min_level, L);
        MGLevelObject<typename Smoother::AdditionalData> data(min_level, L);
        for (unsigned int l = min_level; l <= L; ++l)
          {
            smoothed[l] = operators[l];
            operators[l]->compute_diagonal();
            data[l].preconditioner =
              operators[l]->get_matrix_diagonal_inverse();
            data[l].smoothing_range     = 20;
            data[l].degree              = 5;
            data[l].eig_cg_n_iterations = 20;
          }
        smoother.initialize(smoothed, data);

        // The coarse problem (Q2 on the unrefined stack, thin oxide cells)
        // needs solving, not one AMG cycle: a single BoomerAMG cycle as the
        // coarse "solve" took 16 outer CG iterations instead of 11 (3D
        // stack, 1.03 M DoFs, 2026-12-02). A reduction of 1e-2 keeps the
        // outer iterations of 1e-3 there (11) and on a mesh that is mostly
        // its coarse level (paper_cu on the golden tests' coarse settings,
        // 1,115 of 1,423 DoFs: 7 against 6), where 1e-1 took 10.
        // CG's preconditioner is the two-level cycle in the degree:
        // BoomerAMG on the linear functions' Galerkin matrix (1/8 of the
        // DoFs in 3D, ~1/15 of the nonzeros), not on the Q2 matrix.
        {
          coarse_operator.compute_diagonal();
          TrilinosWrappers::SparseMatrix linear_matrix;
          coarse_operator.assemble_linear_matrix(
            coarse_correction.linear_dofs(),
            coarse_correction.linear_constraints(),
            linear_matrix);
          coarse_correction.initialize_amg(linear_matrix);
          typename CoarseCycle::Smoother::AdditionalData smoothing;
          smoothing.preconditioner =
            coarse_operator.get_matrix_diagonal_inverse();
          // Degrees 2-5 and ranges 10-20 took 1.90-2.08 s for the solve
          // phases of the 3D stack at 1.03 M DoFs (35-57 coarse CG
          // iterations in 10 coarse solves, 0.19-0.24 s), 2026-12-02.
          smoothing.smoothing_range     = 20;
          smoothing.degree              = 3;
          smoothing.eig_cg_n_iterations = 20;
          coarse_cycle = std::make_unique<CoarseCycle>(coarse_operator,
                                                       coarse_correction,
                                                       smoothing);
        }
        coarse = std::make_unique<CoarseSolve<Operator, CoarseCycle>>(
          coarse_operator, *coarse_cycle, 1e-2, coarse_statistics);
        multigrid = std::make_unique<Multigrid<LevelVectorType>>(
          mg_matrix, *coarse, *transfer, smoother, smoother, min_level, L);
        multigrid->set_edge_matrices(mg_interface, mg_interface);
        preconditioner =
          std::make_unique<PreconditionMG<dim, LevelVectorType, Transfer>>(
            dof_handler, *multigrid, *transfer);
        ++rebuilds;
        coefficients_current = !tdep;
        last_theta           = theta;
        last_inverse_dt      = inverse_dt;
      }

      const DoFHandler<dim>             &dof_handler;
      const Mapping<dim>                &mapping;
      const AffineConstraints<double>   &constraints;
      const std::set<types::boundary_id> dirichlet_ids;
      const MaterialTable               &materials;
      const bool                         axisymmetric;
      /** The levels' geometry: straight cells through the vertices. The
       *  r-z stack's reference cells are straight; the curved 3D stack's
       *  level cells only precondition; and a moving mesh's mapping
       *  (ColumnMeshMotion) holds the active cells only. */
      const MappingQ<dim> level_mapping;

      Operator                                      fine; // the active cells
      MGConstrainedDoFs                             mg_constrained_dofs;
      MGLevelObject<AffineConstraints<double>>      level_constraints;
      MGLevelObject<std::shared_ptr<LevelOperator>> operators;
      MGLevelObject<MatrixFreeOperators::MGInterfaceOperator<LevelOperator>>
                                interface_operators;
      std::unique_ptr<Transfer> transfer;
      /** The coarse level again in double: AMG's matrix and the coarse
       *  CG's operator. */
      Operator         coarse_operator;
      CoarseStatistics coarse_statistics;

      mg::Matrix<LevelVectorType> mg_matrix;
      mg::Matrix<LevelVectorType> mg_interface;
      MGSmootherPrecondition<LevelOperator, Smoother, LevelVectorType> smoother;
      using CoarseCycle = TwoLevelCycle<Operator, CoarseCorrection<dim>>;
      CoarseCorrection<dim>                              coarse_correction;
      std::unique_ptr<CoarseCycle>                       coarse_cycle;
      std::unique_ptr<MGCoarseGridBase<LevelVectorType>> coarse;
      std::unique_ptr<Multigrid<LevelVectorType>>        multigrid;
      std::unique_ptr<PreconditionMG<dim, LevelVectorType, Transfer>>
        preconditioner;

      /** The active cells moved: the next solve recomputes their metric.
       *  The levels keep the reference geometry (a preconditioner). */
      void
      update_geometry() override
      {
        fine_geometry_current = false;
      }

      MultigridInfo
      info() const override
      {
        MultigridInfo i;
        i.levels             = operators.max_level() + 1 - min_level;
        i.coarse_dofs        = dof_handler.n_dofs(min_level);
        i.coarse_linear_dofs =
          coarse_correction.linear_dofs().n_dofs(min_level);
        i.rebuilds           = rebuilds;
        i.fine_applications  = fine.applications;
        i.fine_apply_seconds = fine.apply_seconds;
        i.coarse_solves      = coarse_statistics.solves;
        i.coarse_iterations  = coarse_statistics.iterations;
        i.coarse_seconds     = coarse_statistics.seconds;
        i.simd_lanes_double  = VectorizedArray<double>::size();
        i.simd_lanes_float   = VectorizedArray<float>::size();
        return i;
      }

      unsigned int
      solve(const TrilinosWrappers::MPI::Vector &T_lin,
            const TrilinosWrappers::MPI::Vector *T_old,
            const internal::ThetaScheme<dim>    &scheme,
            const Function<dim>                 *source,
            const double                         relative_tolerance,
            const unsigned int                   max_iterations,
            TrilinosWrappers::MPI::Vector       &x,
            ThermalSolveReport                  &report) override
      {
        Hierarchy &m = *this;
        Timer      timer;

        if (!m.fine_geometry_current)
          {
            m.fine.set_geometry(m.mapping, m.axisymmetric);
            m.fine_geometry_current = true;
          }
        // The linearization point with the constraints applied: the start of
        // CG's correction and the temperature of the coefficients.
        const Operator &A = m.fine;
        VectorType      u, r, lift, delta, T_previous;
        A.initialize_dof_vector(u);
        copy_owned(T_lin, u);
        m.constraints.distribute(u);
        u.update_ghost_values();
        AssertThrow(T_old != nullptr || !scheme.transient(),
                    ExcMessage("A transient solve needs the old temperature."));
        if (scheme.transient())
          {
            A.initialize_dof_vector(T_previous);
            copy_owned(*T_old, T_previous);
            T_previous.update_ghost_values();
          }

        const double inverse_dt = scheme.transient() ? 1.0 / scheme.dt : 0.0;
        // A step length that differs only in round-off (the loop's
        // t_n - t_{n-1}) keeps the V-cycle; the operator itself always
        // takes the exact coefficients.
        const bool same_step = std::abs(inverse_dt - m.last_inverse_dt) <=
                               1e-10 * std::abs(m.last_inverse_dt);
        if (!m.coefficients_current || m.last_theta != scheme.theta ||
            !same_step)
          {
            m.build_preconditioner(u, scheme.theta, inverse_dt);
            report.preconditioner_time += timer.wall_time();
          }
        else if (inverse_dt != m.last_inverse_dt)
          {
            m.fine.set_coefficients(m.materials,
                                    nullptr,
                                    scheme.theta,
                                    inverse_dt);
            m.last_inverse_dt = inverse_dt;
          }

        timer.restart();
        m.fine.assemble_rhs(r,
                            m.materials,
                            scheme.transient() ? &T_previous : nullptr,
                            scheme.explicit_weight(),
                            inverse_dt,
                            source);
        // The size of the problem: the right-hand side with the Dirichlet
        // values lifted (CG's reference, as the matrix-based solver's).
        A.initialize_dof_vector(lift);
        m.constraints.distribute(lift);
        lift.update_ghost_values();
        A.initialize_dof_vector(delta);
        A.vmult_plain(delta, lift);
        delta.sadd(-1.0, 1.0, r);
        const double reference = delta.l2_norm();
        // The residual at the linearization point.
        A.vmult_plain(delta, u);
        r -= delta;
        // Two fewer vectors held while CG adds its three.
        for (VectorType *done : {&lift, &T_previous})
          {
            VectorType empty;
            done->swap(empty);
          }
        report.assembly_time += timer.wall_time();

        timer.restart();
        SolverControl        control(max_iterations,
                              relative_tolerance * reference,
                              false,
                              false);
        SolverCG<VectorType> cg(control);
        delta = 0;
        try
          {
            cg.solve(A, delta, r, *m.preconditioner);
          }
        catch (const SolverControl::NoConvergence &e)
          {
            AssertThrow(false,
                        ExcMessage(internal::linear_solve_failed(
                          "CG + matrix-free multigrid",
                          e,
                          control.tolerance(),
                          "Raise 'Thermal/Max linear iterations', loosen "
                          "'Thermal/Linear solver tolerance', or set "
                          "'Thermal/Linear solver' = matrix-based.")));
          }
        u.zero_out_ghost_values();
        u += delta;
        m.constraints.distribute(u);
        for (const auto i : x.locally_owned_elements())
          x(i) = u(i);
        x.compress(VectorOperation::insert);
        report.solve_time += timer.wall_time();
        return control.last_step();
      }

      bool         fine_geometry_current = false;
      bool         coefficients_current  = false;
      double       last_theta            = -1;
      double       last_inverse_dt       = -1;
      unsigned int rebuilds              = 0;
      unsigned int min_level             = 0; // the coarse level
    };
  } // namespace

  template <int dim>
  ThermalMultigrid<dim>::ThermalMultigrid(
    const DoFHandler<dim>              &dof_handler,
    const Mapping<dim>                 &mapping,
    const AffineConstraints<double>    &constraints,
    const std::set<types::boundary_id> &dirichlet_ids,
    const MaterialTable                &materials,
    const bool                          axisymmetric)
  {
    // Degree 2 (the default) gets kernels with the sizes known at compile
    // time; any other degree the library's run-time-degree kernels.
    if (dof_handler.get_fe().degree == 2)
      implementation = std::make_unique<Hierarchy<dim, 2>>(dof_handler,
                                                           mapping,
                                                           constraints,
                                                           dirichlet_ids,
                                                           materials,
                                                           axisymmetric);
    else
      implementation = std::make_unique<Hierarchy<dim, -1>>(dof_handler,
                                                            mapping,
                                                            constraints,
                                                            dirichlet_ids,
                                                            materials,
                                                            axisymmetric);
  }

  template <int dim>
  ThermalMultigrid<dim>::~ThermalMultigrid() = default;

  template <int dim>
  void
  ThermalMultigrid<dim>::update_geometry()
  {
    implementation->update_geometry();
  }

  template <int dim>
  MultigridInfo
  ThermalMultigrid<dim>::info() const
  {
    return implementation->info();
  }

  template <int dim>
  unsigned int
  ThermalMultigrid<dim>::solve(const TrilinosWrappers::MPI::Vector &T_lin,
                               const TrilinosWrappers::MPI::Vector *T_old,
                               const internal::ThetaScheme<dim>    &scheme,
                               const Function<dim>                 *source,
                               const double       relative_tolerance,
                               const unsigned int max_iterations,
                               TrilinosWrappers::MPI::Vector &x,
                               ThermalSolveReport            &report)
  {
    return implementation->solve(T_lin,
                                 T_old,
                                 scheme,
                                 source,
                                 relative_tolerance,
                                 max_iterations,
                                 x,
                                 report);
  }

  template class ThermalMultigrid<2>;
  template class ThermalMultigrid<3>;
} // namespace nanoconvect

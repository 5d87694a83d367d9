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
#include <deal.II/multigrid/mg_matrix.h>
#include <deal.II/multigrid/mg_smoother.h>
#include <deal.II/multigrid/mg_transfer_global_coarsening.h>
#include <deal.II/multigrid/mg_transfer_global_coarsening.templates.h>
#include <deal.II/multigrid/multigrid.h>
#include <deal.II/numerics/vector_tools.h>

#include <physics/thermal/heat_operator.h>
#include <physics/thermal/thermal_multigrid.h>
#include <physics/thermal/thermal_scratch.h>
#include <physics/thermal/thermal_solver.h>

#include <chrono>
#include <cmath>

namespace nanoconvect
{
  namespace
  {
    using VectorType = internal::LevelVector;
    using VA         = VectorizedArray<double>;
    using internal::HeatOperator;

    /**
     * The global-coarsening hierarchy of the fine mesh: level l is level
     * l + 1 coarsened once everywhere, level 0 the unrefined mesh. As
     * deal.II's create_geometric_coarsening_sequence, except that the
     * copies' cells and faces are set flat first: the coarse levels are a
     * preconditioner's straight-sided meshes, and re-placing their vertices
     * on a curved manifold costs time for nothing. (Curved meshes with a
     * transfinite-interpolation manifold never get here: copying them
     * corrupts the heap in deal.II 9.4, see
     * ThermalSolver::matrix_free_unavailable.)
     */
    template <int dim>
    std::vector<std::shared_ptr<const Triangulation<dim>>>
    coarsening_sequence(const Triangulation<dim> &fine)
    {
      const auto *distributed =
        dynamic_cast<const parallel::distributed::Triangulation<dim> *>(&fine);
      AssertThrow(distributed != nullptr,
                  ExcMessage("The matrix-free thermal solver needs the "
                             "distributed (p4est) mesh of the stack."));
      const unsigned int n_levels = fine.n_global_levels();
      std::vector<std::shared_ptr<const Triangulation<dim>>> levels(n_levels);
      levels.back().reset(&fine, [](auto *) {});
      std::shared_ptr<parallel::distributed::Triangulation<dim>> previous;
      for (unsigned int l = n_levels - 1; l > 0; --l)
        {
          auto coarse =
            std::make_shared<parallel::distributed::Triangulation<dim>>(
              distributed->get_communicator(),
              distributed->get_mesh_smoothing());
          coarse->copy_triangulation(previous ? *previous : *distributed);
          coarse->set_all_manifold_ids(numbers::flat_manifold_id);
          coarse->coarsen_global();
          levels[l - 1] = coarse;
          previous      = coarse;
        }
      return levels;
    }

    void
    copy_owned(const TrilinosWrappers::MPI::Vector &from, VectorType &to)
    {
      for (const auto i : to.locally_owned_elements())
        to(i) = from(i);
    }
  } // namespace

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

  namespace
  {
    template <int dim, int degree>
    class Hierarchy final : public internal::ThermalMultigridBase<dim>
    {
    public:
      using Operator = HeatOperator<dim, degree>;
      using Smoother =
        PreconditionChebyshev<Operator, VectorType, DiagonalMatrix<VectorType>>;

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
        , coarse_mapping(1)
      {
        build_hierarchy();
      }

      /** The hierarchy's meshes, DoFs, constraints and transfers. */
      void
      build_hierarchy()
      {
        triangulations = coarsening_sequence(dof_handler.get_triangulation());
        const unsigned int L = triangulations.size() - 1;
        level_dofs.resize(0, L);
        level_constraints.resize(0, L);
        operators.resize(0, L);
        transfers.resize(0, L);
        for (unsigned int l = 0; l <= L; ++l)
          {
            const DoFHandler<dim> &dof = l < L ? level_dofs[l] : dof_handler;
            if (l < L)
              {
                level_dofs[l].reinit(*triangulations[l]);
                level_dofs[l].distribute_dofs(dof_handler.get_fe());
              }
            auto &c = level_constraints[l];
            c.clear();
            c.reinit(DoFTools::extract_locally_relevant_dofs(dof));
            DoFTools::make_hanging_node_constraints(dof, c);
            for (const types::boundary_id id : dirichlet_ids)
              VectorTools::interpolate_boundary_values(
                l < L ? static_cast<const Mapping<dim> &>(coarse_mapping)
                      : mapping,
                dof,
                id,
                Functions::ZeroFunction<dim>(),
                c);
            c.close();
            operators[l] = std::make_shared<Operator>();
            operators[l]->reinit(l < L ? static_cast<const Mapping<dim> &>(
                                           coarse_mapping)
                                       : mapping,
                                 dof,
                                 c);
          }
        for (unsigned int l = 0; l < L; ++l)
          transfers[l + 1].reinit(l + 1 == L ? dof_handler : level_dofs[l + 1],
                                  level_dofs[l],
                                  level_constraints[l + 1],
                                  level_constraints[l]);
        transfer =
          std::make_unique<MGTransferGlobalCoarsening<dim, VectorType>>(
            transfers, [this](const unsigned int l, VectorType &v) {
              operators[l]->initialize_dof_vector(v);
            });
        // The coarse level: the lowest one with at least 100 free DoFs (or
        // as many as the finest has). Below it the Dirichlet faces hold
        // (nearly) every node, and Chebyshev's eigenvalue estimate on a space
        // of one or two free DoFs breaks down (NaN).
        std::vector<types::global_dof_index> free(L + 1);
        for (unsigned int l = 0; l <= L; ++l)
          {
            const DoFHandler<dim>  &dof = l < L ? level_dofs[l] : dof_handler;
            types::global_dof_index n   = 0;
            for (const auto i : dof.locally_owned_dofs())
              n += level_constraints[l].is_constrained(i) ? 0 : 1;
            free[l] = Utilities::MPI::sum(n, dof.get_communicator());
          }
        min_level = 0;
        while (min_level < L &&
               free[min_level] <
                 std::min<types::global_dof_index>(100, free[L]))
          ++min_level;
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
        const unsigned int        L    = operators.max_level();
        const bool                tdep = materials.any_temperature_dependent();
        MGLevelObject<VectorType> T_levels(0, L);
        if (tdep)
          {
            for (unsigned int l = 0; l <= L; ++l)
              operators[l]->initialize_dof_vector(T_levels[l]);
            transfer->interpolate_to_mg(dof_handler, T_levels, T_lin);
            for (unsigned int l = 0; l <= L; ++l)
              T_levels[l].update_ghost_values();
          }
        for (unsigned int l = 0; l <= L; ++l)
          operators[l]->set_coefficients(materials,
                                         axisymmetric,
                                         tdep ? (l == L ? &T_lin : &T_levels[l])
                                              : nullptr,
                                         theta,
                                         inverse_dt);

        mg_matrix.initialize(operators);
        MGLevelObject<typename Smoother::AdditionalData> data(0, L);
        for (unsigned int l = min_level; l <= L; ++l)
          {
            data[l].preconditioner =
              std::make_shared<DiagonalMatrix<VectorType>>();
            operators[l]->compute_inverse_diagonal(
              data[l].preconditioner->get_vector());
            data[l].smoothing_range     = 20;
            data[l].degree              = 5;
            data[l].eig_cg_n_iterations = 20;
          }
        for (unsigned int l = 0; l < min_level; ++l)
          data[l] = data[min_level]; // never used below the coarse level
        smoother.initialize(operators, data);

        TrilinosWrappers::PreconditionAMG::AdditionalData amg_data;
        amg_data.elliptic              = true;
        amg_data.higher_order_elements = dof_handler.get_fe().degree > 1;
        amg_data.smoother_sweeps       = 2;
        amg_data.aggregation_threshold = 0.02;
        amg_data.coarse_type           = "symmetric Gauss-Seidel";
        amg.initialize(operators[min_level]->get_system_matrix(), amg_data);
        // The coarse problem (Q2 on the unrefined stack, thin oxide cells)
        // needs solving, not one AMG cycle: a single V-cycle as the coarse
        // "solve" took 25 CG iterations instead of 11 (tried on a 3D stack).
        coarse_control =
          std::make_unique<ReductionControl>(2000, 1e-300, 1e-6, false, false);
        coarse_cg = std::make_unique<SolverCG<VectorType>>(*coarse_control);
        coarse    = std::make_unique<
          MGCoarseGridIterativeSolver<VectorType,
                                      SolverCG<VectorType>,
                                      Operator,
                                      TrilinosWrappers::PreconditionAMG>>(
          *coarse_cg, *operators[min_level], amg);
        multigrid = std::make_unique<Multigrid<VectorType>>(
          mg_matrix, *coarse, *transfer, smoother, smoother, min_level, L);
        preconditioner = std::make_unique<
          PreconditionMG<dim,
                         VectorType,
                         MGTransferGlobalCoarsening<dim, VectorType>>>(
          dof_handler, *multigrid, *transfer);
        ++rebuilds;
        coefficients_current = !tdep;
        last_theta           = theta;
        last_inverse_dt      = inverse_dt;
      }

      /** The right-hand side int [q v + rho c_p/dt T_old v - (1 - theta)
       *  k(T_old) grad T_old . grad v] w dV, condensed. */
      void
      assemble_rhs(VectorType                       &b,
                   const VectorType                 *T_old,
                   const internal::ThetaScheme<dim> &scheme,
                   const Function<dim>              *source) const
      {
        const auto &mf = operators[operators.max_level()]->get_matrix_free();
        mf.initialize_dof_vector(b);
        if (T_old == nullptr && source == nullptr)
          return;
        typename Operator::Evaluator phi(mf);
        for (unsigned int cell = 0; cell < mf.n_cell_batches(); ++cell)
          {
            phi.reinit(cell);
            if (T_old != nullptr)
              {
                phi.read_dof_values_plain(*T_old);
                phi.evaluate(EvaluationFlags::values |
                             EvaluationFlags::gradients);
              }
            const unsigned int lanes = mf.n_active_entries_per_cell_batch(cell);
            for (const unsigned int q : phi.quadrature_point_indices())
              {
                const auto               x = phi.quadrature_point(q);
                VA                       value(0.0);
                Tensor<1, dim, VA>       flux;
                const VA                 T = T_old ? phi.get_value(q) : VA(0.0);
                const Tensor<1, dim, VA> grad_T =
                  T_old ? phi.get_gradient(q) : Tensor<1, dim, VA>();
                for (unsigned int lane = 0; lane < lanes; ++lane)
                  {
                    Point<dim> p;
                    for (unsigned int d = 0; d < dim; ++d)
                      p[d] = x[d][lane];
                    const double w = axisymmetric ? 2 * M_PI * p[0] : 1.0;
                    double       f = source ? source->value(p) : 0.0;
                    if (T_old != nullptr)
                      {
                        const RegionMaterial &mat =
                          materials[mf.get_cell_iterator(cell, lane)
                                      ->material_id()];
                        f +=
                          mat.density * mat.heat_capacity / scheme.dt * T[lane];
                        Tensor<1, dim> g;
                        for (unsigned int d = 0; d < dim; ++d)
                          g[d] = grad_T[d][lane];
                        const Tensor<1, dim> j =
                          scheme.explicit_flux(mat.k(T[lane]), g);
                        for (unsigned int d = 0; d < dim; ++d)
                          flux[d][lane] = -j[d] * w;
                      }
                    value[lane] = f * w;
                  }
                phi.submit_value(value, q);
                phi.submit_gradient(flux, q);
              }
            phi.integrate(EvaluationFlags::values | EvaluationFlags::gradients);
            phi.distribute_local_to_global(b);
          }
        b.compress(VectorOperation::add);
      }

      const DoFHandler<dim>             &dof_handler;
      const Mapping<dim>                &mapping;
      const AffineConstraints<double>   &constraints;
      const std::set<types::boundary_id> dirichlet_ids;
      const MaterialTable               &materials;
      const bool                         axisymmetric;
      const MappingQ<dim>                coarse_mapping;

      std::vector<std::shared_ptr<const Triangulation<dim>>> triangulations;
      MGLevelObject<DoFHandler<dim>>                         level_dofs;
      MGLevelObject<AffineConstraints<double>>               level_constraints;
      MGLevelObject<std::shared_ptr<Operator>>               operators;
      MGLevelObject<MGTwoLevelTransfer<dim, VectorType>>     transfers;
      std::unique_ptr<MGTransferGlobalCoarsening<dim, VectorType>> transfer;

      mg::Matrix<VectorType>                                 mg_matrix;
      MGSmootherPrecondition<Operator, Smoother, VectorType> smoother;
      TrilinosWrappers::PreconditionAMG                      amg;
      std::unique_ptr<ReductionControl>                      coarse_control;
      std::unique_ptr<SolverCG<VectorType>>                  coarse_cg;
      std::unique_ptr<MGCoarseGridBase<VectorType>>          coarse;
      std::unique_ptr<Multigrid<VectorType>>                 multigrid;
      std::unique_ptr<
        PreconditionMG<dim,
                       VectorType,
                       MGTransferGlobalCoarsening<dim, VectorType>>>
        preconditioner;


      /** The next solve rebuilds the finest level and the V-cycle. */
      void
      update_geometry() override
      {
        fine_geometry_current = false;
      }

      MultigridInfo
      info() const override
      {
        MultigridInfo      i;
        const unsigned int L = operators.max_level();
        i.levels             = L + 1 - min_level;
        i.coarse_dofs =
          min_level < L ? level_dofs[min_level].n_dofs() : dof_handler.n_dofs();
        i.rebuilds = rebuilds;
        if (operators.n_levels() > 0)
          {
            const Operator &fine = *operators[operators.max_level()];
            i.fine_applications  = fine.applications;
            i.fine_apply_seconds = fine.apply_seconds;
          }
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
        Hierarchy         &m = *this;
        Timer              timer;
        const unsigned int L = m.operators.max_level();

        // The linearization point with the constraints applied: the start of
        // CG's correction and the temperature of the coefficients.
        if (!m.fine_geometry_current)
          {
            m.operators[L]->reinit(m.mapping,
                                   m.dof_handler,
                                   m.level_constraints[L]);
            m.fine_geometry_current = true;
            m.coefficients_current  = false;
          }
        const Operator &A = *m.operators[L];
        VectorType      u, r, lift, delta, T_previous;
        A.initialize_dof_vector(u);
        copy_owned(T_lin, u);
        m.constraints.distribute(u);
        u.update_ghost_values();
        if (T_old != nullptr)
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
        // (A one-level hierarchy's AMG holds the fine matrix: rebuild it.)
        if (!m.coefficients_current || m.last_theta != scheme.theta ||
            !same_step || (m.min_level == L && inverse_dt != m.last_inverse_dt))
          {
            m.build_preconditioner(u, scheme.theta, inverse_dt);
            report.preconditioner_time += timer.wall_time();
          }
        else if (inverse_dt != m.last_inverse_dt)
          {
            m.operators[L]->set_coefficients(
              m.materials, m.axisymmetric, nullptr, scheme.theta, inverse_dt);
            m.last_inverse_dt = inverse_dt;
          }

        timer.restart();
        m.assemble_rhs(r,
                       T_old != nullptr ? &T_previous : nullptr,
                       scheme,
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

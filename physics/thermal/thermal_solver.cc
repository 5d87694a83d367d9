#include <deal.II/base/bounding_box.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/utilities.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/numerics/vector_tools.h>

#include <meshes/ids.h>
#include <meshes/stack_geometry.h>
#include <physics/constants.h>
#include <physics/thermal/thermal_linear_system.h>
#include <physics/thermal/thermal_scratch.h>
#include <physics/thermal/thermal_solver.h>

#include <cmath>

namespace nanoconvect
{
  using constants::stefan_boltzmann;

  template <int dim>
  ThermalSolver<dim>::ThermalSolver(const Triangulation<dim> &tria,
                                    const Mapping<dim>       &mapping,
                                    const ThermalParameters  &parameters,
                                    const MaterialTable      &materials,
                                    const bool                axisymmetric)
    : mpi_communicator(tria.get_communicator())
    , triangulation(tria)
    , mapping(mapping)
    , parameters(parameters)
    , materials(materials)
    , axisymmetric(axisymmetric)
    , fe(parameters.degree)
    , dof_handler(tria)
  {
    Assert(!axisymmetric || dim == 2,
           ExcMessage("The axisymmetric form is the 2D r-z section."));
    boundary_temperature[ids::boundary::hot_face] =
      std::make_shared<Functions::ConstantFunction<dim>>(parameters.T_hot);
    boundary_temperature[ids::boundary::cold_face] =
      std::make_shared<Functions::ConstantFunction<dim>>(parameters.T_cold);
  }

  template <int dim>
  void
  ThermalSolver<dim>::set_boundary_temperature(
    const types::boundary_id             id,
    std::shared_ptr<const Function<dim>> temperature)
  {
    boundary_temperature[id] = temperature;
  }

  template <int dim>
  void
  ThermalSolver<dim>::set_heat_source(std::shared_ptr<const Function<dim>> q)
  {
    heat_source = q;
  }

  template <int dim>
  double
  ThermalSolver<dim>::weight(const Point<dim> &p) const
  {
    return axisymmetric ? 2 * M_PI * p[0] : 1.0;
  }

  template <int dim>
  double
  ThermalSolver<dim>::radiative_flux(const double T) const
  {
    // Grey-body exchange with the surroundings (doc/model.md, section 2.1).
    return parameters.emissivity * stefan_boltzmann *
           (std::pow(T, 4) - std::pow(parameters.ambient_temperature, 4));
  }

  template <int dim>
  bool
  ThermalSolver<dim>::nonlinear() const
  {
    return parameters.radiation || materials.any_temperature_dependent();
  }

  template <int dim>
  void
  ThermalSolver<dim>::setup_dofs()
  {
    dof_handler.distribute_dofs(fe);
    if (uses_matrix_free())
      dof_handler.distribute_mg_dofs(); // the V-cycle's levels
    locally_owned_dofs = dof_handler.locally_owned_dofs();
    DoFTools::extract_locally_relevant_dofs(dof_handler, locally_relevant_dofs);
    make_constraints();

    multigrid.reset();
    linear_system.reset();
    if (uses_matrix_free())
      {
        std::set<types::boundary_id> dirichlet;
        for (const auto &[id, function] : boundary_temperature)
          dirichlet.insert(id);
        multigrid = std::make_unique<ThermalMultigrid<dim>>(dof_handler,
                                                            mapping,
                                                            constraints,
                                                            dirichlet,
                                                            materials,
                                                            axisymmetric);
      }
    else
      {
        DynamicSparsityPattern dsp(locally_relevant_dofs);
        DoFTools::make_sparsity_pattern(dof_handler, dsp, constraints, false);
        SparsityTools::distribute_sparsity_pattern(dsp,
                                                   locally_owned_dofs,
                                                   mpi_communicator,
                                                   locally_relevant_dofs);
        linear_system = make_assembled_thermal_system(parameters.linear_algebra,
                                                      dim,
                                                      fe.degree);
        linear_system->reinit(locally_owned_dofs, dsp, mpi_communicator);
      }
    solution.reinit(locally_owned_dofs,
                    locally_relevant_dofs,
                    mpi_communicator);
    old_solution.reinit(solution);

    // A first guess that satisfies the boundary values: the mean of the
    // Dirichlet data, then the constraints.
    set_initial_temperature(0.5 * (parameters.T_hot + parameters.T_cold));
  }

  template <int dim>
  bool
  ThermalSolver<dim>::uses_matrix_free() const
  {
    return parameters.matrix_free && matrix_free_unavailable().empty();
  }

  template <int dim>
  std::string
  ThermalSolver<dim>::matrix_free_unavailable() const
  {
    if (parameters.radiation)
      return "radiation is assembled by the matrix-based solver only";
#if NANOCONVECT_SIMD_WIDTH >= 256
    // The operator was compiled for AVX2 and FMA (cmake/simd.cmake) on the
    // machine that built it; this one must run them too.
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
      return "this processor lacks AVX2 or FMA, which nanoconvect's "
             "matrix-free operator was built for (rebuild with "
             "-DNANOCONVECT_SIMD=OFF)";
#endif
    const auto *distributed =
      dynamic_cast<const parallel::distributed::Triangulation<dim> *>(
        &triangulation);
    if (distributed == nullptr)
      return "the multigrid levels need a distributed (p4est) mesh";
    if (!distributed->is_multilevel_hierarchy_constructed())
      return "the mesh does not carry its multigrid levels (a distributed "
             "mesh built with construct_multigrid_hierarchy)";
    return "";
  }

  template <int dim>
  void
  ThermalSolver<dim>::geometry_changed()
  {
    if (multigrid)
      multigrid->update_geometry();
  }

  template <int dim>
  MultigridInfo
  ThermalSolver<dim>::multigrid_info() const
  {
    return multigrid ? multigrid->info() : MultigridInfo();
  }

  template <int dim>
  void
  ThermalSolver<dim>::make_constraints()
  {
    hanging_node_constraints.clear();
    hanging_node_constraints.reinit(locally_relevant_dofs);
    DoFTools::make_hanging_node_constraints(dof_handler,
                                            hanging_node_constraints);
    hanging_node_constraints.close();

    constraints.clear();
    constraints.reinit(locally_relevant_dofs);
    constraints.merge(hanging_node_constraints);
    for (const auto &[id, function] : boundary_temperature)
      VectorTools::interpolate_boundary_values(
        mapping, dof_handler, id, *function, constraints);
    constraints.close();
  }

  template <int dim>
  void
  ThermalSolver<dim>::set_initial_temperature(const double T0)
  {
    TrilinosWrappers::MPI::Vector owned(locally_owned_dofs, mpi_communicator);
    owned = T0;
    // constraints.distribute(owned) for a constant: each constrained value
    // is its inhomogeneity plus its weights times T0 (the constraints are
    // closed: every entry is an unconstrained DoF), without the ghost
    // exchange distribute makes for the general vector.
    for (const auto &line : constraints.get_lines())
      if (locally_owned_dofs.is_element(line.index))
        {
          double value = line.inhomogeneity;
          for (const auto &[column, weight] : line.entries)
            value += weight * T0;
          owned[line.index] = value;
        }
    owned.compress(VectorOperation::insert);
    solution     = owned;
    old_solution = solution;
  }

  template <int dim>
  void
  ThermalSolver<dim>::assemble(const TrilinosWrappers::MPI::Vector &lin,
                               const TrilinosWrappers::MPI::Vector *old,
                               const double                         dt)
  {
    linear_system->zero();

    internal::ThermalScratch<dim> scratch(mapping, fe);
    const auto                   &quadrature      = scratch.quadrature;
    const auto                   &face_quadrature = scratch.face_quadrature;
    auto                         &fe_values       = scratch.fe_values;
    auto                         &fe_face_values  = scratch.fe_face_values;

    const unsigned int                   n = fe.n_dofs_per_cell();
    FullMatrix<double>                   cell_matrix(n, n);
    Vector<double>                       cell_rhs(n);
    std::vector<types::global_dof_index> dofs(n);

    std::vector<double>         T_lin(quadrature.size());
    std::vector<double>         T_old(quadrature.size());
    std::vector<Tensor<1, dim>> grad_T_old(quadrature.size());
    std::vector<double>         T_face(face_quadrature.size());
    std::vector<double>         T_face_old(face_quadrature.size());

    // Theta scheme (doc/model.md, eq. 2.3): the implicit part is scaled by
    // theta, the explicit part by (1 - theta); steady: theta = 1, no mass.
    const bool                       transient = (old != nullptr);
    const internal::ThetaScheme<dim> scheme    = theta_scheme(dt);
    const double                     theta     = scheme.theta;
    const double eps_sigma = parameters.emissivity * stefan_boltzmann;

    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell_matrix = 0;
          cell_rhs    = 0;
          fe_values.reinit(cell);
          fe_values.get_function_values(lin, T_lin);
          if (transient)
            {
              fe_values.get_function_values(*old, T_old);
              fe_values.get_function_gradients(*old, grad_T_old);
            }
          const RegionMaterial &mat   = materials[cell->material_id()];
          const double          rho_c = mat.density * mat.heat_capacity;

          for (const unsigned int q : fe_values.quadrature_point_indices())
            {
              const Point<dim> &x  = fe_values.quadrature_point(q);
              const double      dV = fe_values.JxW(q) * weight(x);
              const double      k  = mat.k(T_lin[q]);
              const double source  = heat_source ? heat_source->value(x) : 0.0;
              for (unsigned int i = 0; i < n; ++i)
                {
                  const double         phi_i      = fe_values.shape_value(i, q);
                  const Tensor<1, dim> grad_phi_i = fe_values.shape_grad(i, q);
                  for (unsigned int j = 0; j < n; ++j)
                    {
                      double a =
                        theta * k * grad_phi_i * fe_values.shape_grad(j, q);
                      if (transient)
                        a += rho_c / dt * phi_i * fe_values.shape_value(j, q);
                      cell_matrix(i, j) += a * dV;
                    }
                  double f = source * phi_i;
                  if (transient)
                    f += rho_c / dt * T_old[q] * phi_i -
                         scheme.explicit_flux(mat.k(T_old[q]), grad_T_old[q]) *
                           grad_phi_i;
                  cell_rhs(i) += f * dV;
                }
            }

          // Grey-body radiation eps sigma (T^4 - T_amb^4), linearized about
          // the current iterate (Newton for this term).
          if (parameters.radiation)
            for (const auto &face : cell->face_iterators())
              if (face->at_boundary() &&
                  ids::boundary::is_free_surface(face->boundary_id()))
                {
                  fe_face_values.reinit(cell, face);
                  fe_face_values.get_function_values(lin, T_face);
                  if (transient)
                    fe_face_values.get_function_values(*old, T_face_old);
                  for (const unsigned int q :
                       fe_face_values.quadrature_point_indices())
                    {
                      const double dA =
                        fe_face_values.JxW(q) *
                        weight(fe_face_values.quadrature_point(q));
                      const double Ts = T_face[q];
                      // q(T) ~ q(Ts) + h (T - Ts): matrix h, rhs h Ts - q(Ts)
                      const double h = 4 * eps_sigma * Ts * Ts * Ts;
                      const double g = h * Ts - radiative_flux(Ts);
                      const double g_old =
                        transient ? radiative_flux(T_face_old[q]) : 0.0;
                      for (unsigned int i = 0; i < n; ++i)
                        {
                          const double phi_i = fe_face_values.shape_value(i, q);
                          for (unsigned int j = 0; j < n; ++j)
                            cell_matrix(i, j) +=
                              theta * h * phi_i *
                              fe_face_values.shape_value(j, q) * dA;
                          cell_rhs(i) +=
                            (theta * g - scheme.explicit_radiation(g_old)) *
                            phi_i * dA;
                        }
                    }
                }

          cell->get_dof_indices(dofs);
          linear_system->add(constraints, cell_matrix, cell_rhs, dofs);
        }
    linear_system->compress();
  }

  template <int dim>
  ThermalSolveReport
  ThermalSolver<dim>::iterate(const TrilinosWrappers::MPI::Vector *old,
                              const double                         dt)
  {
    ThermalSolveReport            report;
    TrilinosWrappers::MPI::Vector owned(locally_owned_dofs, mpi_communicator);
    TrilinosWrappers::MPI::Vector change(locally_owned_dofs, mpi_communicator);
    const unsigned int            max_it =
      nonlinear() ? parameters.max_nonlinear_iterations : 1;
    for (unsigned int it = 0; it < max_it; ++it)
      {
        owned = solution; // the previous iterate is the CG start
        if (multigrid)
          {
            report.linear_iterations +=
              multigrid->solve(solution,
                               old,
                               theta_scheme(dt),
                               heat_source.get(),
                               parameters.linear_tolerance,
                               parameters.max_linear_iterations,
                               owned,
                               report);
          }
        else
          {
            Timer timer;
            assemble(solution, old, dt);
            report.assembly_time += timer.wall_time();
            report.linear_iterations +=
              linear_system->solve(owned,
                                   parameters.linear_tolerance,
                                   parameters.max_linear_iterations,
                                   report);
            constraints.distribute(owned);
          }
        check_finite(owned);
        change = solution;
        change.sadd(-1.0, 1.0, owned); // owned - previous iterate
        solution                    = owned;
        report.nonlinear_iterations = it + 1;
        report.last_change          = change.linfty_norm();
        if (!nonlinear() || report.last_change < parameters.nonlinear_tolerance)
          return report;
      }
    AssertThrow(false,
                ExcMessage(
                  "The thermal nonlinear loop (temperature-dependent "
                  "conductivity or radiation) did not converge in " +
                  std::to_string(max_it) +
                  " iterations: the last update changed T by " +
                  Utilities::to_string(report.last_change) +
                  " K, asked for 'Thermal/Nonlinear tolerance' = " +
                  Utilities::to_string(parameters.nonlinear_tolerance) +
                  " K. Raise 'Thermal/Max nonlinear iterations' or "
                  "check the conductivity tables."));
    return report;
  }

  template <int dim>
  internal::ThetaScheme<dim>
  ThermalSolver<dim>::theta_scheme(const double dt) const
  {
    internal::ThetaScheme<dim> scheme;
    scheme.dt    = dt;
    scheme.theta = dt > 0 ? parameters.theta : 1.0;
    return scheme;
  }

  template <int dim>
  ThermalSolveReport
  ThermalSolver<dim>::solve_steady()
  {
    last_dt = 0;
    return iterate(nullptr, 0);
  }

  template <int dim>
  ThermalSolveReport
  ThermalSolver<dim>::advance(const double dt)
  {
    old_solution = solution;
    last_dt      = dt;
    return iterate(&old_solution, dt);
  }

  template <int dim>
  void
  ThermalSolver<dim>::check_finite(
    const TrilinosWrappers::MPI::Vector &owned) const
  {
    const double norm = owned.l2_norm();
    AssertThrow(std::isfinite(norm),
                ExcMessage("The temperature field is not finite after the "
                           "thermal solve: check conductivities (> 0), "
                           "boundary temperatures and the time step."));
  }

  template class ThermalSolver<2>;
  template class ThermalSolver<3>;
} // namespace nanoconvect

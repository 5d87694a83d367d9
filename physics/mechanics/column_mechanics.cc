#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/utilities.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/fe/mapping_q_cache.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/trilinos_precondition.h>

#include <meshes/ids.h>
#include <physics/materials/presets.h>
#include <physics/mechanics/column_mechanics.h>
#include <physics/mechanics/column_strain.h>
#include <physics/mechanics/solution_projection.h>
#include <physics/mechanics/tangent_preconditioner.h>

#include <array>
#include <cmath>
#include <iomanip>
#include <istream>
#include <map>
#include <ostream>
#include <sstream>

namespace nanoconvect
{
  using namespace column_strain;

  template <int dim>
  ColumnMechanics<dim>::ColumnMechanics(MPI_Comm                   comm,
                                        const StackGeometry       &geometry,
                                        const RegionMaterial      &column,
                                        const MechanicsParameters &parameters)
    : comm(comm)
    , geometry(geometry)
    , parameters(parameters)
    , alpha(column.thermal_expansion)
    , tria(comm)
    , fe(FE_Q<dim>(parameters.degree), dim)
    , dof_handler(tria)
  {
    material.youngs_modulus = column.youngs_modulus;
    material.poissons_ratio = column.poissons_ratio;
    material.hardening      = parameters.hardening;
    AssertThrow(column.youngs_modulus > 0 && column.poissons_ratio >= 0 &&
                  column.yield_strength > 0,
                ExcMessage("The column's material '" + column.name +
                           "' needs 'Young's modulus', 'Poisson's ratio' and "
                           "'Yield strength' (Materials/Column) for the "
                           "mechanics."));
    yield_anchor            = column.yield_strength;
    material.yield_strength = yield_strength(geometry.column_diameter);
    create_column_mesh(geometry,
                       tria,
                       parameters.cell_size,
                       parameters.growth_layer);
    if constexpr (dim == 3)
      {
        auto cache = std::make_unique<MappingQCache<dim>>(2);
        cache->initialize(MappingQ<dim>(2), tria);
        mapping = std::move(cache);
      }
    else
      mapping = std::make_unique<MappingQ<dim>>(1);
    setup();
  }

  template <int dim>
  ColumnMechanics<dim>::~ColumnMechanics()
  {
    dof_handler.clear();
  }

  template <int dim>
  void
  ColumnMechanics<dim>::setup()
  {
    dof_handler.distribute_dofs(fe);
    owned    = dof_handler.locally_owned_dofs();
    relevant = DoFTools::extract_locally_relevant_dofs(dof_handler);
    // ML's null space (the translations), for every AMG this mesh builds.
    DoFTools::extract_constant_modes(dof_handler,
                                     ComponentMask(dim, true),
                                     constant_modes);

    const FEValuesExtractors::Scalar z_component(dim - 1);
    const ComponentMask              z_mask = fe.component_mask(z_component);
    zero_constraints.clear();
    zero_constraints.reinit(relevant);
    held_values.clear();
    // Hot end.
    {
      const IndexSet bottom_all =
        DoFTools::extract_boundary_dofs(dof_handler,
                                        ComponentMask(),
                                        {ids::boundary::hot_face});
      const IndexSet bottom_z =
        DoFTools::extract_boundary_dofs(dof_handler,
                                        z_mask,
                                        {ids::boundary::hot_face});
      if (parameters.hot_end == MechanicsParameters::HotEnd::clamped)
        for (const auto i : bottom_all)
          held_values[i] = 0;
      else
        {
          for (const auto i : bottom_z)
            held_values[i] = 0;
          if constexpr (dim == 3)
            {
              // No rigid motion in the plane: u_x = 0 on the line x = 0 and
              // u_y = 0 on y = 0 of the bottom (where a uniform lateral
              // expansion vanishes).
              std::map<types::global_dof_index, Point<dim>> support;
              DoFTools::map_dofs_to_support_points(*mapping,
                                                   dof_handler,
                                                   support);
              const double tol = 1e-6 * geometry.column_diameter;
              for (unsigned int d = 0; d < 2; ++d)
                for (const auto i : DoFTools::extract_boundary_dofs(
                       dof_handler,
                       fe.component_mask(FEValuesExtractors::Scalar(d)),
                       {ids::boundary::hot_face}))
                  {
                    const auto it = support.find(i);
                    if (it != support.end() && std::abs(it->second[d]) < tol)
                      held_values[i] = 0;
                  }
            }
        }
    }
    // Symmetry axis (2D): u_r = 0.
    if constexpr (dim == 2)
      for (const auto i : DoFTools::extract_boundary_dofs(
             dof_handler,
             fe.component_mask(FEValuesExtractors::Scalar(0)),
             {ids::boundary::symmetry_axis}))
        held_values[i] = 0;
    // Cold contact.
    contact_z_relevant =
      DoFTools::extract_boundary_dofs(dof_handler,
                                      z_mask,
                                      {ids::boundary::cold_contact});
    const IndexSet &top_z = contact_z_relevant;
    contact_z_dofs        = top_z & owned;
    using Support         = MechanicsParameters::ColdSupport;
    if (parameters.cold_support == Support::rigid ||
        parameters.cold_support == Support::prescribed)
      for (const auto i : top_z)
        held_values[i] = 0;
    for (const auto &[i, v] : held_values)
      if (relevant.is_element(i))
        zero_constraints.add_line(i);
    DoFTools::make_hanging_node_constraints(dof_handler, zero_constraints);
    zero_constraints.close();

    DynamicSparsityPattern dsp(relevant);
    DoFTools::make_sparsity_pattern(dof_handler, dsp, zero_constraints, false);
    SparsityTools::distribute_sparsity_pattern(dsp, owned, comm, relevant);
    matrix.reinit(owned, owned, dsp, comm);
    factorization.reset(); // of a matrix of another size
    forget_elastic_preconditioner();
    residual.reinit(owned, comm);
    internal_force.reinit(owned, comm);
    solution.reinit(owned, comm);
    committed_solution.reinit(owned, comm);
    displacement.reinit(owned, relevant, comm);

    // Quadrature data: the growth layer and the drained row, then the
    // points' geometry.
    const QGauss<dim> quadrature(fe.degree + 1);
    point_data.clear();
    const double z_from = geometry.z_column_top() - parameters.growth_layer;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          point_data.initialize(cell, quadrature.size());
          for (const auto &p : point_data.get_data(cell))
            {
              // The growth layer: the row of cells on the contact, no
              // taller than the layer thickness (create_column_mesh).
              // Uniform plating, as the rigid core's interface kinetics
              // give (doc/model.md, section 10.1).
              if (cell->center()[dim - 1] > z_from)
                p->layer = true;
              // The drained volume leaves from the row of cells on the hot
              // end (uniformly).
              if (cell->at_boundary())
                for (const auto f : cell->face_indices())
                  if (cell->face(f)->at_boundary() &&
                      cell->face(f)->boundary_id() == ids::boundary::hot_face)
                    p->drain = 1;
            }
        }
    n_points = 0;
    for_each_point([&](const PointData &) { ++n_points; });
    update_point_geometry();
    AssertThrow(growth_norm > 0,
                ExcMessage("Parameter 'Mechanics/Growth layer thickness' = " +
                           std::to_string(parameters.growth_layer / 1e-9) +
                           " nm holds no quadrature point of the column mesh: "
                           "make it thicker or refine the mesh."));
  }

  template <int dim>
  void
  ColumnMechanics<dim>::assemble(const bool                       with_matrix,
                                 const Tangent                    tangent,
                                 const double                     volume,
                                 const double                     drained,
                                 const AffineConstraints<double> &constraints)
  {
    // The elastic tangent changes only with the mesh: while the matrix
    // holds it, a predictor assembles the residual alone (unless held
    // values move, whose load needs the cells' matrices).
    const bool assemble_matrix =
      with_matrix &&
      !(tangent == Tangent::elastic && matrix_is_elastic &&
        Utilities::MPI::max(int(constraints.has_inhomogeneities()), comm) == 0);
    if (assemble_matrix)
      matrix = 0;
    residual       = 0;
    internal_force = 0;
    const QGauss<dim>                    quadrature(fe.degree + 1);
    const QGauss<dim - 1>                face_quadrature(fe.degree + 1);
    FEValues<dim>                        fe_values(*mapping,
                            fe,
                            quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    FEFaceValues<dim>                    face_values(*mapping,
                                  fe,
                                  face_quadrature,
                                  update_values | update_quadrature_points |
                                    update_JxW_values);
    const FEValuesExtractors::Vector     u(0);
    const unsigned int                   n = fe.n_dofs_per_cell();
    FullMatrix<double>                   cell_matrix(n, n);
    Vector<double>                       cell_residual(n), cell_force(n);
    std::vector<types::global_dof_index> dofs(n);
    std::vector<Tensor<1, dim>>          u_values(quadrature.size());
    std::vector<Tensor<2, dim>>          u_gradients(quadrature.size());
    std::vector<SymmetricTensor<2, 3>>   B(n);
    const bool                           spring =
      parameters.cold_support == MechanicsParameters::ColdSupport::spring;
    const double spring_per_area = parameters.spring_stiffness / contact_area();

    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dofs);
          cell_matrix   = 0;
          cell_residual = 0;
          fe_values[u].get_function_values(displacement, u_values);
          fe_values[u].get_function_gradients(displacement, u_gradients);
          const auto data = point_data.get_data(cell);
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            {
              PointData        &p = *data[q];
              const Point<dim> &x = fe_values.quadrature_point(q);
              const double      r = dim == 2 ? x[0] : 1.0;
              const double      w = fe_values.JxW(q) * axisymmetric_weight(x);
              SymmetricTensor<2, 3> eigen =
                alpha * (p.T - T_0) * unit_symmetric_tensor<3>();
              eigen[zz][zz] += volume * p.growth / growth_norm -
                               drained * p.drain / drain_norm;
              const SymmetricTensor<2, 3> strain =
                strain_of<dim>(u_values[q], u_gradients[q], r) + p.inherited -
                eigen;
              const J2Update update =
                tangent == Tangent::elastic
                  ? j2_elastic_trial(material, strain, p.committed)
                  : j2_return_map(material, strain, p.committed);
              p.trial  = update.state;
              p.stress = update.stress;
              for (unsigned int i = 0; i < n; ++i)
                B[i] = strain_of<dim>(fe_values[u].value(i, q),
                                      fe_values[u].gradient(i, q),
                                      r);
              for (unsigned int i = 0; i < n; ++i)
                {
                  cell_residual(i) += (B[i] * update.stress) * w;
                  if (assemble_matrix)
                    {
                      // The consistent tangent is symmetric (associative
                      // flow): fill the lower triangle, mirror below.
                      const SymmetricTensor<2, 3> CB = update.tangent * B[i];
                      for (unsigned int j = 0; j <= i; ++j)
                        cell_matrix(i, j) += (CB * B[j]) * w;
                    }
                }
            }
          if (assemble_matrix)
            for (unsigned int i = 0; i < n; ++i)
              for (unsigned int j = i + 1; j < n; ++j)
                cell_matrix(i, j) = cell_matrix(j, i);
          cell_force = cell_residual;
          if (spring)
            for (const auto f : cell->face_indices())
              if (cell->face(f)->at_boundary() &&
                  cell->face(f)->boundary_id() == ids::boundary::cold_contact)
                {
                  face_values.reinit(cell, f);
                  std::vector<Tensor<1, dim>> uf(face_quadrature.size());
                  face_values[u].get_function_values(displacement, uf);
                  for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                    {
                      const Point<dim> &x = face_values.quadrature_point(q);
                      const double      w =
                        face_values.JxW(q) * axisymmetric_weight(x);
                      for (unsigned int i = 0; i < n; ++i)
                        {
                          const double phi_i =
                            face_values[u].value(i, q)[dim - 1];
                          cell_residual(i) +=
                            spring_per_area * uf[q][dim - 1] * phi_i * w;
                          if (assemble_matrix)
                            for (unsigned int j = 0; j < n; ++j)
                              cell_matrix(i, j) +=
                                spring_per_area * phi_i *
                                face_values[u].value(j, q)[dim - 1] * w;
                        }
                    }
                }
          internal_force.add(dofs, cell_force);
          if (assemble_matrix)
            constraints.distribute_local_to_global(
              cell_matrix, cell_residual, dofs, matrix, residual);
          else
            constraints.distribute_local_to_global(cell_residual,
                                                   dofs,
                                                   residual);
        }
    if (assemble_matrix)
      {
        matrix.compress(VectorOperation::add);
        matrix_is_elastic = tangent == Tangent::elastic;
      }
    residual.compress(VectorOperation::add);
    internal_force.compress(VectorOperation::add);
  }

  template <int dim>
  typename ColumnMechanics<dim>::Result
  ColumnMechanics<dim>::solve(const double volume,
                              const double drained,
                              const double top_displacement)
  {
    // Start from the committed state. The first Newton step moves the held
    // DoFs to their new values (inhomogeneous constraints on the increment,
    // with the elastic tangent), so that no cell sees a spurious jump.
    solution     = committed_solution;
    displacement = solution;
    const bool prescribed =
      parameters.cold_support == MechanicsParameters::ColdSupport::prescribed;
    const IndexSet &top_z = contact_z_relevant;
    step_constraints.clear();
    step_constraints.reinit(relevant);
    for (const auto &[i, v] : held_values)
      if (relevant.is_element(i))
        {
          const double target =
            (prescribed && top_z.is_element(i)) ? top_displacement : v;
          step_constraints.add_line(i);
          // u <- u - increment
          step_constraints.set_inhomogeneity(i, displacement(i) - target);
        }
    DoFTools::make_hanging_node_constraints(dof_handler, step_constraints);
    step_constraints.close();

    Result                        result;
    TrilinosWrappers::MPI::Vector increment(owned, comm), trial(owned, comm);
    const double                  force_scale = material.youngs_modulus *
                               geometry.column_diameter *
                               geometry.column_diameter;
    // Progress of a long solve: a line at most every progress_interval s.
    Timer        clock;
    double       last_report = 0;
    const double interval    = parameters.progress_interval;
    // The elastic predictor: the first iteration takes the step's load (the
    // new eigenstrains and held values) with the elastic trial stress and
    // tangent, so that an elastic step converges in one iteration. Starting
    // from the return map instead, the points that the whole load pushes
    // past yield at the old displacement gave a soft tangent, and
    // paper_cu's later steps took 11-18 iterations although their solution
    // is elastic (doc/performance.md).
    assemble(true, Tangent::elastic, volume, drained, step_constraints);
    const double norm0 = residual.l2_norm();
    double       norm  = norm0;
    for (unsigned int it = 0;; ++it)
      {
        const bool                       first = it == 0;
        const AffineConstraints<double> &constraints =
          first ? step_constraints : zero_constraints;
        increment = 0;
        result.linear_iterations +=
          solve_linear(increment,
                       constraints,
                       first ? Tangent::elastic : Tangent::consistent);
        // Backtracking line search on the residual norm (the predictor's
        // step is taken whole: its residual is not the return map's).
        double step = 1;
        for (unsigned int ls = 0;; ++ls)
          {
            trial = solution;
            trial.add(-step, increment);
            displacement = trial;
            assemble(
              false, Tangent::consistent, volume, drained, zero_constraints);
            if (first || residual.l2_norm() < (1 - 1e-4 * step) * norm ||
                ls == 8)
              break;
            step /= 2;
          }
        solution                 = trial;
        displacement             = solution;
        norm                     = residual.l2_norm();
        result.newton_iterations = it + 1;
        // Identical on every rank: the time is rank 0's, broadcast.
        const double now =
          Utilities::MPI::broadcast(comm, clock.wall_time(), 0);
        if (progress && now - last_report >= interval)
          {
            last_report = now;
            std::ostringstream line;
            line << std::setprecision(3) << "    mechanics: Newton iteration "
                 << it + 1 << ", residual " << norm / norm0 << " of the first, "
                 << result.linear_iterations << " CG iterations, ";
            if (factorizations > 0)
              line << factorizations << " LU factorizations so far, ";
            line << now << " s";
            progress(line.str());
          }
        // The line search's residual is the new iterate's: a converged
        // solve assembles no further tangent.
        if (norm <=
            std::max(parameters.newton_tolerance * norm0, 1e-14 * force_scale))
          break;
        AssertThrow(it + 1 < parameters.max_newton_iterations,
                    ExcMessage(
                      "The mechanics' Newton iteration did not "
                      "converge in " +
                      std::to_string(parameters.max_newton_iterations) +
                      " iterations (residual " +
                      Utilities::to_string(norm / norm0) +
                      " of the first). Raise 'Mechanics/Max Newton "
                      "iterations' or take smaller time steps."));
        assemble(true, Tangent::consistent, volume, drained, zero_constraints);
      }

    // Contact force from the internal forces of the contact's z-DoFs.
    double force = 0, uz = 0;
    for (const auto i : contact_z_dofs)
      {
        force -= internal_force(i);
        uz += solution(i);
      }
    result.contact_force = Utilities::MPI::sum(force, comm);
    result.top_displacement =
      Utilities::MPI::sum(uz, comm) /
      std::max<double>(1,
                       Utilities::MPI::sum(double(contact_z_dofs.n_elements()),
                                           comm));
    double            vm = 0, ep = 0, grown = 0;
    const QGauss<dim> quadrature(fe.degree + 1);
    FEValues<dim>     fe_values(*mapping,
                            fe,
                            quadrature,
                            update_quadrature_points | update_JxW_values);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          const auto data = point_data.get_data(cell);
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            {
              const PointData &p = *data[q];
              vm                 = std::max(vm, von_mises(p.stress));
              ep = std::max(ep, p.trial.equivalent_plastic_strain);
              const Point<dim> &x = fe_values.quadrature_point(q);
              grown += (volume * p.growth / growth_norm -
                        drained * p.drain / drain_norm) *
                       fe_values.JxW(q) * axisymmetric_weight(x);
            }
        }
    result.max_von_mises      = Utilities::MPI::max(vm, comm);
    result.max_plastic_strain = Utilities::MPI::max(ep, comm);
    result.growth_volume      = Utilities::MPI::sum(grown, comm);
    return result;
  }

  template <int dim>
  void
  ColumnMechanics<dim>::set_progress(
    std::function<void(const std::string &)> report)
  {
    progress = std::move(report);
  }

  template <int dim>
  void
  ColumnMechanics<dim>::commit()
  {
    for_each_point([](PointData &p) { p.committed = p.trial; });
    committed_solution = solution;
  }

  template <int dim>
  void
  ColumnMechanics<dim>::reset()
  {
    for_each_point([](PointData &p) {
      p.committed = J2State();
      p.trial     = J2State();
      p.stress    = SymmetricTensor<2, 3>();
      p.inherited = SymmetricTensor<2, 3>();
    });
    committed_solution = 0;
    solution           = 0;
    displacement       = solution;
  }

  template <int dim>
  double
  ColumnMechanics<dim>::contact_area() const
  {
    const double R = geometry.column_radius();
    return M_PI * R * R;
  }

  template <int dim>
  double
  ColumnMechanics<dim>::yield_strength(const double diameter) const
  {
    AssertThrow(diameter > 0,
                ExcMessage("The yield strength needs a positive diameter."));
    return yield_anchor * std::pow(parameters.yield_anchor_diameter / diameter,
                                   parameters.size_exponent);
  }

  template <int dim>
  void
  ColumnMechanics<dim>::set_reference_temperature(const double T)
  {
    AssertThrow(T > 0,
                ExcMessage("The stress-free temperature must be positive."));
    T_0 = T;
  }

  template <int dim>
  double
  ColumnMechanics<dim>::yield_strength() const
  {
    return material.yield_strength;
  }

  template <int dim>
  types::global_dof_index
  ColumnMechanics<dim>::n_dofs() const
  {
    return dof_handler.n_dofs();
  }

  template class ColumnMechanics<2>;
  template class ColumnMechanics<3>;
} // namespace nanoconvect

// Read-only queries of the thermal solution: boundary heat flows, radiated
// power, point evaluation and extremes (doc/model.md, sections 2.2, 2.5).
#include <deal.II/base/bounding_box.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/utilities.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/numerics/rtree.h>

#include <meshes/ids.h>
#include <physics/thermal/thermal_scratch.h>
#include <physics/thermal/thermal_solver.h>

#include <cmath>
#include <istream>
#include <ostream>

namespace nanoconvect
{
  template <int dim>
  double
  ThermalSolver<dim>::heat_inflow(const types::boundary_id id) const
  {
    // Residual r_i = a(T, phi_i) - l(phi_i) of the steady (or last transient
    // step's) weak form over conforming test functions (hanging nodes
    // constrained, no Dirichlet). Summed over the nodes of boundary id it is
    // the heat flowing in through that boundary.
    TrilinosWrappers::MPI::Vector residual(locally_owned_dofs,
                                           mpi_communicator);
    internal::ThermalScratch<dim> scratch(mapping, fe);
    const auto                   &quadrature      = scratch.quadrature;
    const auto                   &face_quadrature = scratch.face_quadrature;
    auto                         &fe_values       = scratch.fe_values;
    auto                         &fe_face_values  = scratch.fe_face_values;
    const unsigned int            n               = fe.n_dofs_per_cell();
    Vector<double>                cell_residual(n);
    std::vector<types::global_dof_index> dofs(n);
    std::vector<double>                  T(quadrature.size());
    std::vector<double>                  T_old(quadrature.size(), 0.0);
    std::vector<Tensor<1, dim>>          grad_T(quadrature.size());
    std::vector<Tensor<1, dim>>          grad_T_old(quadrature.size());
    std::vector<double>                  T_face(face_quadrature.size());
    std::vector<double> T_face_old(face_quadrature.size(), 0.0);
    // The weak form the last solve zeroed at the free nodes (theta scheme).
    const internal::ThetaScheme<dim> scheme = theta_scheme(last_dt);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell_residual = 0;
          fe_values.reinit(cell);
          fe_values.get_function_values(solution, T);
          fe_values.get_function_gradients(solution, grad_T);
          if (scheme.transient())
            {
              fe_values.get_function_values(old_solution, T_old);
              fe_values.get_function_gradients(old_solution, grad_T_old);
            }
          const RegionMaterial &mat = materials[cell->material_id()];
          for (const unsigned int q : fe_values.quadrature_point_indices())
            {
              const Point<dim>    &x  = fe_values.quadrature_point(q);
              const double         dV = fe_values.JxW(q) * weight(x);
              const Tensor<1, dim> flux =
                scheme.flux(mat.k(T[q]),
                            grad_T[q],
                            scheme.transient() ? mat.k(T_old[q]) : 0.0,
                            grad_T_old[q]);
              double sink = heat_source ? -heat_source->value(x) : 0;
              sink += scheme.storage(mat.density * mat.heat_capacity,
                                     T[q],
                                     T_old[q]);
              for (unsigned int i = 0; i < n; ++i)
                cell_residual(i) += (flux * fe_values.shape_grad(i, q) +
                                     sink * fe_values.shape_value(i, q)) *
                                    dV;
            }
          if (parameters.radiation)
            for (const auto &face : cell->face_iterators())
              if (face->at_boundary() &&
                  ids::boundary::is_free_surface(face->boundary_id()))
                {
                  fe_face_values.reinit(cell, face);
                  fe_face_values.get_function_values(solution, T_face);
                  if (scheme.transient())
                    fe_face_values.get_function_values(old_solution,
                                                       T_face_old);
                  for (const unsigned int q :
                       fe_face_values.quadrature_point_indices())
                    {
                      const double dA =
                        fe_face_values.JxW(q) *
                        weight(fe_face_values.quadrature_point(q));
                      const double q_rad = scheme.radiation(
                        radiative_flux(T_face[q]),
                        scheme.transient() ? radiative_flux(T_face_old[q]) :
                                             0.0);
                      for (unsigned int i = 0; i < n; ++i)
                        cell_residual(i) +=
                          q_rad * fe_face_values.shape_value(i, q) * dA;
                    }
                }
          cell->get_dof_indices(dofs);
          hanging_node_constraints.distribute_local_to_global(cell_residual,
                                                              dofs,
                                                              residual);
        }
    residual.compress(VectorOperation::add);

    const IndexSet on_boundary =
      DoFTools::extract_boundary_dofs(dof_handler, ComponentMask(), {id});
    double sum = 0;
    for (const auto i : on_boundary)
      if (locally_owned_dofs.is_element(i))
        sum += residual[i];
    return Utilities::MPI::sum(sum, mpi_communicator);
  }

  template <int dim>
  void
  ThermalSolver<dim>::save(std::ostream &out) const
  {
    for (const auto *v : {&solution, &old_solution})
      for (const auto i : locally_owned_dofs)
        {
          const double x = v->size() > 0 ? (*v)[i] : 0.0;
          out.write(reinterpret_cast<const char *>(&x), sizeof x);
        }
    out.write(reinterpret_cast<const char *>(&last_dt), sizeof last_dt);
  }

  template <int dim>
  void
  ThermalSolver<dim>::load(std::istream &in)
  {
    for (auto *v : {&solution, &old_solution})
      {
        TrilinosWrappers::MPI::Vector owned(locally_owned_dofs,
                                            mpi_communicator);
        for (const auto i : locally_owned_dofs)
          {
            double x = 0;
            in.read(reinterpret_cast<char *>(&x), sizeof x);
            owned[i] = x;
          }
        owned.compress(VectorOperation::insert);
        v->reinit(locally_owned_dofs,
                  locally_relevant_dofs,
                  mpi_communicator);
        *v = owned;
      }
    in.read(reinterpret_cast<char *>(&last_dt), sizeof last_dt);
    AssertThrow(in.good(),
                ExcMessage("The thermal checkpoint is incomplete."));
  }

  template <int dim>
  double
  ThermalSolver<dim>::stored_power() const
  {
    const internal::ThetaScheme<dim> scheme = theta_scheme(last_dt);
    if (!scheme.transient())
      return 0;
    internal::ThermalScratch<dim> scratch(mapping, fe);
    auto                         &fe_values = scratch.fe_values;
    std::vector<double>           T(scratch.quadrature.size()),
      T_old(scratch.quadrature.size());
    double power = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(solution, T);
          fe_values.get_function_values(old_solution, T_old);
          const RegionMaterial &mat = materials[cell->material_id()];
          for (const unsigned int q : fe_values.quadrature_point_indices())
            power += scheme.storage(mat.density * mat.heat_capacity,
                                    T[q],
                                    T_old[q]) *
                     fe_values.JxW(q) * weight(fe_values.quadrature_point(q));
        }
    return Utilities::MPI::sum(power, mpi_communicator);
  }

  template <int dim>
  double
  ThermalSolver<dim>::radiated_power() const
  {
    if (!parameters.radiation)
      return 0;
    internal::ThermalScratch<dim> scratch(mapping, fe);
    const auto                   &face_quadrature = scratch.face_quadrature;
    auto                         &fe_face_values  = scratch.fe_face_values;
    std::vector<double>           T_face(face_quadrature.size());
    std::vector<double>           T_face_old(face_quadrature.size(), 0.0);
    const internal::ThetaScheme<dim> scheme = theta_scheme(last_dt);
    double                           power  = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        for (const auto &face : cell->face_iterators())
          if (face->at_boundary() &&
              ids::boundary::is_free_surface(face->boundary_id()))
            {
              fe_face_values.reinit(cell, face);
              fe_face_values.get_function_values(solution, T_face);
              if (scheme.transient())
                fe_face_values.get_function_values(old_solution, T_face_old);
              for (const unsigned int q :
                   fe_face_values.quadrature_point_indices())
                power += scheme.radiation(radiative_flux(T_face[q]),
                                          scheme.transient() ?
                                            radiative_flux(T_face_old[q]) :
                                            0.0) *
                         fe_face_values.JxW(q) *
                         weight(fe_face_values.quadrature_point(q));
            }
    return Utilities::MPI::sum(power, mpi_communicator);
  }

  template <int dim>
  void
  ThermalSolver<dim>::evaluate(const std::vector<Point<dim>> &points,
                               std::vector<double>           &values,
                               std::vector<Tensor<1, dim>>   &gradients) const
  {
    // Each rank evaluates the points inside its own cells (bounding box,
    // then the inverse mapping); a point on a cell boundary is averaged over
    // the cells that hold it, across ranks, by summing values and counts.
    // A point outside every cell by less than one cell (reference
    // coordinates: a curved surface between the mesh's nodes, a steep flare
    // its cells do not resolve) takes the value at the nearest point of the
    // nearest such cell, found in a second, wider search.
    const unsigned int  n      = points.size();
    const unsigned int  stride = dim + 2; // T, grad T, count
    std::vector<double> sums(n * stride, 0.0);
    const double        tolerance = 1e-8; // in reference coordinates
    // Adds T and grad T at the unit point of a cell to s.
    const auto add = [&](const auto &cell, const Point<dim> &unit, double *s) {
      FEValues<dim> fe_values(mapping,
                              fe,
                              Quadrature<dim>(unit),
                              update_values | update_gradients);
      fe_values.reinit(cell);
      std::vector<double>         T(1);
      std::vector<Tensor<1, dim>> g(1);
      fe_values.get_function_values(solution, T);
      fe_values.get_function_gradients(solution, g);
      s[0] += T[0];
      for (unsigned int d = 0; d < dim; ++d)
        s[1 + d] += g[0][d];
      s[dim + 1] += 1;
    };
    // f(point index, cell, unit point, distance to the unit cell) for the
    // points of `which` in each owned cell's vertex box widened by `widen`
    // of its diameter (a curved cell's edges bulge past its vertices). An
    // R-tree of the points keeps each cell's query O(log n).
    const auto search = [&](const std::vector<unsigned int> &which,
                            const double                     widen,
                            const auto                      &f) {
      std::vector<Point<dim>> subset;
      for (const unsigned int i : which)
        subset.push_back(points[i]);
      const auto                tree = pack_rtree_of_indices(subset);
      std::vector<unsigned int> candidates;
      for (const auto &cell : dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            BoundingBox<dim> box = mapping.get_bounding_box(cell);
            box.extend(widen * cell->diameter());
            candidates.clear();
            tree.query(boost::geometry::index::intersects(box),
                       std::back_inserter(candidates));
            for (const unsigned int k : candidates)
              {
                Point<dim> unit;
                try
                  {
                    unit = mapping.transform_real_to_unit_cell(cell,
                                                               subset[k]);
                  }
                catch (const typename Mapping<dim>::ExcTransformationFailed &)
                  {
                    continue;
                  }
                f(which[k],
                  cell,
                  GeometryInfo<dim>::project_to_unit_cell(unit),
                  GeometryInfo<dim>::distance_to_unit_cell(unit));
              }
          }
    };
    std::vector<unsigned int> all(n);
    for (unsigned int i = 0; i < n; ++i)
      all[i] = i;
    search(all, 0.1, [&](const unsigned int i,
                         const auto        &cell,
                         const Point<dim>  &unit,
                         const double       distance) {
      if (distance <= tolerance)
        add(cell, unit, &sums[i * stride]);
    });
    Utilities::MPI::sum(sums, mpi_communicator, sums);

    std::vector<unsigned int> missing;
    for (unsigned int i = 0; i < n; ++i)
      if (sums[i * stride + dim + 1] == 0)
        missing.push_back(i);
    if (!missing.empty())
      {
        // The nearest cell within one cell, on the ranks that hold it.
        std::vector<double> nearest(n, 1.0), near_sums(n * stride, 0.0);
        search(missing, 1.0, [&](const unsigned int i,
                                 const auto        &cell,
                                 const Point<dim>  &unit,
                                 const double       distance) {
          if (distance >= nearest[i])
            return;
          nearest[i] = distance;
          std::fill(&near_sums[i * stride], &near_sums[(i + 1) * stride], 0.0);
          add(cell, unit, &near_sums[i * stride]);
        });
        std::vector<double> global_nearest(n);
        Utilities::MPI::min(nearest, mpi_communicator, global_nearest);
        for (const unsigned int i : missing)
          if (nearest[i] > global_nearest[i])
            std::fill(&near_sums[i * stride],
                      &near_sums[(i + 1) * stride],
                      0.0);
        Utilities::MPI::sum(near_sums, mpi_communicator, near_sums);
        for (const unsigned int i : missing)
          std::copy(&near_sums[i * stride],
                    &near_sums[(i + 1) * stride],
                    &sums[i * stride]);
      }
    values.resize(n);
    gradients.resize(n);
    for (unsigned int i = 0; i < n; ++i)
      {
        const double *s     = &sums[i * stride];
        const double  count = s[dim + 1];
        if (count == 0)
          {
            std::string where;
            for (unsigned int d = 0; d < dim; ++d)
              where += (d ? ", " : "") + std::to_string(points[i][d] / 1e-9);
            AssertThrow(false,
                        ExcMessage("A sampling point of the temperature, (" +
                                   where + ") nm, lies outside the mesh (by "
                                   "more than a cell)."));
          }
        values[i] = s[0] / count;
        for (unsigned int d = 0; d < dim; ++d)
          gradients[i][d] = s[1 + d] / count;
      }
  }

  template <int dim>
  double
  ThermalSolver<dim>::max_axial_gradient(
    const types::material_id material) const
  {
    const QGauss<dim> quadrature(fe.degree + 1);
    FEValues<dim>     fe_values(mapping, fe, quadrature, update_gradients);
    std::vector<Tensor<1, dim>> grad_T(quadrature.size());
    double                      peak = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->material_id() == material)
        {
          fe_values.reinit(cell);
          fe_values.get_function_gradients(solution, grad_T);
          for (const auto &g : grad_T)
            peak = std::max(peak, std::abs(g[dim - 1]));
        }
    return Utilities::MPI::max(peak, mpi_communicator);
  }

  template <int dim>
  double
  ThermalSolver<dim>::mean_temperature(const types::material_id material) const
  {
    const QGauss<dim> quadrature(fe.degree + 1);
    FEValues<dim>     fe_values(mapping,
                            fe,
                            quadrature,
                            update_values | update_JxW_values |
                              update_quadrature_points);
    std::vector<double> T(quadrature.size());
    double              integral = 0, volume = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->material_id() == material)
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(solution, T);
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            {
              const double dV =
                fe_values.JxW(q) * weight(fe_values.quadrature_point(q));
              integral += T[q] * dV;
              volume += dV;
            }
        }
    volume = Utilities::MPI::sum(volume, mpi_communicator);
    AssertThrow(volume > 0,
                ExcMessage("The mean temperature of material id " +
                           std::to_string(material) +
                           " was asked for, but no cell carries that id."));
    return Utilities::MPI::sum(integral, mpi_communicator) / volume;
  }

  template <int dim>
  std::pair<double, double>
  ThermalSolver<dim>::temperature_range() const
  {
    double lo = std::numeric_limits<double>::max(), hi = -lo;
    for (const auto i : locally_owned_dofs)
      {
        lo = std::min(lo, solution[i]);
        hi = std::max(hi, solution[i]);
      }
    return {Utilities::MPI::min(lo, mpi_communicator),
            Utilities::MPI::max(hi, mpi_communicator)};
  }

  template class ThermalSolver<2>;
  template class ThermalSolver<3>;
} // namespace nanoconvect

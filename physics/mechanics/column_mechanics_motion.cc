// The column's mesh following its evolving surface (doc/model.md, 6.2):
// the points' geometry from the mapping, and the ALE move.
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/utilities.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q_cache.h>

#include <physics/mechanics/column_mechanics.h>
#include <physics/mechanics/column_strain.h>

#include <cmath>

namespace nanoconvect
{
  template <int dim>
  void
  ColumnMechanics<dim>::update_point_geometry()
  {
    const QGauss<dim> quadrature(fe.degree + 1);
    FEValues<dim>     fe_values(*mapping,
                            fe,
                            quadrature,
                            update_quadrature_points | update_JxW_values);
    double            drain_sum = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          const auto data = point_data.get_data(cell);
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            {
              const Point<dim> &x  = fe_values.quadrature_point(q);
              PointData        &p  = *data[q];
              double            r2 = 0;
              for (unsigned int d = 0; d + 1 < dim; ++d)
                r2 += x[d] * x[d];
              p.r      = std::sqrt(r2);
              p.weight = fe_values.JxW(q) * axisymmetric_weight(x);
              drain_sum += p.drain * p.weight;
            }
        }
    drain_norm = Utilities::MPI::sum(drain_sum, comm);
    update_plating();
  }

  template <int dim>
  std::vector<SymmetricTensor<2, 3>>
  ColumnMechanics<dim>::committed_strains() const
  {
    TrilinosWrappers::MPI::Vector u_committed(owned, relevant, comm);
    u_committed = committed_solution;
    const QGauss<dim>                  quadrature(fe.degree + 1);
    FEValues<dim>                      fe_values(*mapping,
                            fe,
                            quadrature,
                            update_values | update_gradients |
                              update_quadrature_points);
    const FEValuesExtractors::Vector   u(0);
    std::vector<Tensor<1, dim>>        values(quadrature.size());
    std::vector<Tensor<2, dim>>        gradients(quadrature.size());
    std::vector<SymmetricTensor<2, 3>> strains;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values[u].get_function_values(u_committed, values);
          fe_values[u].get_function_gradients(u_committed, gradients);
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            strains.push_back(column_strain::strain_of<dim>(
              values[q],
              gradients[q],
              dim == 2 ? fe_values.quadrature_point(q)[0] : 1.0));
        }
    return strains;
  }

  template <int dim>
  double
  ColumnMechanics<dim>::follow_surface(
    const std::function<double(double)> &radius,
    const TemperatureSampler            &sampler,
    const bool                           transfer)
  {
    // Each point's strain from the displacement before the move.
    const std::vector<SymmetricTensor<2, 3>> before =
      transfer ? committed_strains() : std::vector<SymmetricTensor<2, 3>>();
    // Quadratic cells follow the surface's curvature.
    constexpr unsigned int degree = 2;
    if (!motion)
      motion =
        std::make_unique<ColumnMeshMotion<dim>>(tria,
                                                degree,
                                                geometry.column_radius());
    auto         cache   = std::make_unique<MappingQCache<dim>>(degree);
    const double quality = motion->move(radius, *cache);
    mapping              = std::move(cache);
    forget_elastic_preconditioner(); // of the cells before the move
    update_point_geometry();
    if (transfer)
      {
        // The points keep their total strain, hence their stress.
        const std::vector<SymmetricTensor<2, 3>> after = committed_strains();
        std::size_t                              k     = 0;
        for_each_point([&](PointData &p) {
          p.inherited += before[k] - after[k];
          ++k;
        });
      }
    set_temperature(sampler);
    return quality;
  }

  template void
  ColumnMechanics<2>::update_point_geometry();
  template void
  ColumnMechanics<3>::update_point_geometry();
  template double
  ColumnMechanics<2>::follow_surface(const std::function<double(double)> &,
                                     const TemperatureSampler &,
                                     bool);
  template double
  ColumnMechanics<3>::follow_surface(const std::function<double(double)> &,
                                     const TemperatureSampler &,
                                     bool);
} // namespace nanoconvect

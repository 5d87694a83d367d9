// The column's state in and out: the temperature at its quadrature points,
// the stress trace on its surface, cell fields for output, and the binary
// checkpoint of the committed state.
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/utilities.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>

#include <meshes/ids.h>
#include <physics/mechanics/column_mechanics.h>
#include <physics/mechanics/column_strain.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <istream>
#include <map>
#include <ostream>

namespace nanoconvect
{
  using namespace column_strain;

  template <int dim>
  void
  ColumnMechanics<dim>::set_temperature(const TemperatureSampler &sampler)
  {
    // Every rank samples all quadrature points (the sampler is collective),
    // gathered from the ranks that own them.
    const QGauss<dim>       quadrature(fe.degree + 1);
    FEValues<dim>           fe_values(*mapping,
                            fe,
                            quadrature,
                            update_quadrature_points | update_JxW_values);
    std::vector<Point<dim>> mine;
    std::vector<double>     weights;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            {
              const Point<dim> &x = fe_values.quadrature_point(q);
              mine.push_back(x);
              weights.push_back(fe_values.JxW(q) * axisymmetric_weight(x));
            }
        }
    const auto              all = Utilities::MPI::all_gather(comm, mine);
    std::vector<Point<dim>> every;
    unsigned int            offset = 0;
    for (unsigned int r = 0; r < all.size(); ++r)
      {
        if (r == Utilities::MPI::this_mpi_process(comm))
          offset = every.size();
        every.insert(every.end(), all[r].begin(), all[r].end());
      }
    std::vector<double> T;
    sampler(every, T);
    double       sum = 0, volume = 0;
    unsigned int k   = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        for (const auto &p : point_data.get_data(cell))
          {
            p->T = T[offset + k];
            sum += p->T * weights[k];
            volume += weights[k];
            ++k;
          }
    T_0 = parameters.reference_mean
            ? Utilities::MPI::sum(sum, comm) / Utilities::MPI::sum(volume, comm)
            : parameters.reference_temperature;
  }

  template <int dim>
  std::vector<std::pair<double, double>>
  ColumnMechanics<dim>::surface_axial_stress() const
  {
    // Rows of outer cells keyed by their centre height (rounded to 1e-4 nm).
    const double R = geometry.column_radius();
    std::map<long, std::array<double, 3>> rows; // z sum, sigma sum, count
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          bool outer = false;
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary())
              {
                const Point<dim> c = cell->face(f)->center(true);
                double           r2 = 0;
                for (unsigned int d = 0; d + 1 < dim; ++d)
                  r2 += c[d] * c[d];
                if (std::abs(std::sqrt(r2) - R) < 1e-3 * R)
                  outer = true;
              }
          if (!outer)
            continue;
          const auto data  = point_data.get_data(cell);
          double     sigma = 0;
          for (const auto &p : data)
            sigma -= p->stress[zz][zz] / data.size();
          const double z   = cell->center(true)[dim - 1];
          auto        &row = rows[std::lround(z / 1e-13)];
          row[0] += z;
          row[1] += sigma;
          row[2] += 1;
        }
    std::vector<std::array<double, 4>> mine;
    for (const auto &[key, row] : rows)
      mine.push_back({{double(key), row[0], row[1], row[2]}});
    std::map<long, std::array<double, 3>> all;
    for (const auto &part : Utilities::MPI::all_gather(comm, mine))
      for (const auto &row : part)
        {
          auto &a = all[long(row[0])];
          for (unsigned int i = 0; i < 3; ++i)
            a[i] += row[i + 1];
        }
    std::vector<std::pair<double, double>> trace;
    for (const auto &[key, a] : all)
      trace.emplace_back(a[0] / a[2], a[1] / a[2]);
    return trace;
  }

  namespace
  {
    /** The ring between edges that holds r (the last one beyond). */
    std::size_t
    ring_of(const std::vector<double> &edges, const double r)
    {
      const auto it = std::upper_bound(edges.begin(), edges.end(), r);
      return std::min<std::size_t>(
        edges.size() - 2,
        std::max<std::ptrdiff_t>(0, it - edges.begin() - 1));
    }
  } // namespace

  template <int dim>
  void
  ColumnMechanics<dim>::set_plating_distribution(
    const std::vector<double> &edges,
    const std::vector<double> &f)
  {
    AssertThrow(f.empty() || f.size() + 1 == edges.size(),
                ExcMessage("One plating weight per ring."));
    plating_edges = edges;
    plating_f     = f;
    update_plating();
    AssertThrow(growth_norm > 0 && std::isfinite(growth_norm),
                ExcMessage("The plating distribution over the contact must "
                           "have a positive mean."));
  }

  template <int dim>
  void
  ColumnMechanics<dim>::update_plating()
  {
    double norm = 0;
    for_each_point([&](PointData &p) {
      if (p.layer)
        p.growth =
          plating_f.empty() ? 1.0 : plating_f[ring_of(plating_edges, p.r)];
      norm += p.growth * p.weight;
    });
    growth_norm = Utilities::MPI::sum(norm, comm);
  }

  template <int dim>
  std::vector<double>
  ColumnMechanics<dim>::contact_ring_stress(
    const std::vector<double> &edges) const
  {
    const std::size_t   n = edges.size() - 1;
    std::vector<double> sum(2 * n, 0.0); // stress moments, then weights
    for_each_point([&](const PointData &p) {
      if (!p.layer)
        return;
      const std::size_t j = ring_of(edges, p.r);
      sum[j] -= p.stress[zz][zz] * p.weight;
      sum[n + j] += p.weight;
    });
    Utilities::MPI::sum(sum, comm, sum);
    std::vector<double> sigma(n, 0.0);
    for (unsigned int j = 0; j < n; ++j)
      {
        AssertThrow(sum[n + j] > 0,
                    ExcMessage("A ring of the contact holds no quadrature "
                               "point of the column's growth layer."));
        sigma[j] = sum[j] / sum[n + j];
      }
    return sigma;
  }

  template <int dim>
  std::vector<double>
  ColumnMechanics<dim>::layer_cell_radii() const
  {
    if (dim != 2)
      return {};
    std::vector<double> mine;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && point_data.get_data(cell)[0]->layer)
        for (const auto v : cell->vertex_indices())
          mine.push_back(mapping->get_vertices(cell)[v][0]);
    std::vector<double> all;
    for (const auto &part : Utilities::MPI::all_gather(comm, mine))
      all.insert(all.end(), part.begin(), part.end());
    std::sort(all.begin(), all.end());
    // Distinct radii (vertices shared by neighbours agree to round-off).
    const double        R = geometry.column_radius();
    std::vector<double> edges;
    for (const double r : all)
      if (edges.empty() || r > edges.back() + 1e-9 * R)
        edges.push_back(r);
    return edges;
  }

  template <int dim>
  std::vector<double>
  ColumnMechanics<dim>::layer_ring_volumes(
    const std::vector<double> &edges) const
  {
    std::vector<double> volume(edges.size() - 1, 0.0);
    for_each_point([&](const PointData &p) {
      if (p.layer)
        volume[ring_of(edges, p.r)] += p.weight;
    });
    Utilities::MPI::sum(volume, comm, volume);
    return volume;
  }

  template <int dim>
  std::vector<double>
  ColumnMechanics<dim>::layer_radii() const
  {
    std::vector<double> mine;
    for_each_point([&](const PointData &p) {
      if (p.layer)
        mine.push_back(p.r);
    });
    std::vector<double> all;
    for (const auto &part : Utilities::MPI::all_gather(comm, mine))
      all.insert(all.end(), part.begin(), part.end());
    return all;
  }

  template <int dim>
  std::vector<Vector<float>>
  ColumnMechanics<dim>::cell_fields() const
  {
    std::vector<Vector<float>> f(4, Vector<float>(tria.n_active_cells()));
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const unsigned int c    = cell->active_cell_index();
          const auto         data = point_data.get_data(cell);
          const double       n_q  = data.size();
          for (const auto &p : data)
            {
              f[0](c) += von_mises(p->stress) / n_q;
              f[1](c) += p->committed.equivalent_plastic_strain / n_q;
              f[2](c) += p->stress[zz][zz] / n_q;
              f[3](c) += p->T / n_q;
            }
        }
    return f;
  }

  template <int dim>
  void
  ColumnMechanics<dim>::save(std::ostream &out) const
  {
    const auto write = [&](const double v) {
      out.write(reinterpret_cast<const char *>(&v), sizeof v);
    };
    write(n_points);
    for_each_point([&](const PointData &p) {
        for (unsigned int a = 0; a < 3; ++a)
          for (unsigned int b = a; b < 3; ++b)
            write(p.committed.plastic_strain[a][b]);
        write(p.committed.equivalent_plastic_strain);
        for (unsigned int a = 0; a < 3; ++a)
          for (unsigned int b = a; b < 3; ++b)
            write(p.stress[a][b]);
        for (unsigned int a = 0; a < 3; ++a)
          for (unsigned int b = a; b < 3; ++b)
            write(p.inherited[a][b]);
    });
    write(owned.n_elements());
    for (const auto i : owned)
      write(committed_solution(i));
  }

  template <int dim>
  void
  ColumnMechanics<dim>::load(std::istream &in)
  {
    const auto read = [&]() {
      double v = 0;
      in.read(reinterpret_cast<char *>(&v), sizeof v);
      AssertThrow(in,
                  ExcMessage("The checkpoint of the mechanics is "
                             "truncated."));
      return v;
    };
    AssertThrow(static_cast<std::size_t>(read()) == n_points,
                ExcMessage("The checkpoint was written for another mesh or "
                           "number of ranks; restart with the same "
                           "parameters and ranks."));
    for_each_point([&](PointData &p) {
        for (unsigned int a = 0; a < 3; ++a)
          for (unsigned int b = a; b < 3; ++b)
            p.committed.plastic_strain[a][b] = read();
        p.committed.equivalent_plastic_strain = read();
        for (unsigned int a = 0; a < 3; ++a)
          for (unsigned int b = a; b < 3; ++b)
            p.stress[a][b] = read();
        for (unsigned int a = 0; a < 3; ++a)
          for (unsigned int b = a; b < 3; ++b)
            p.inherited[a][b] = read();
        p.trial = p.committed;
    });
    AssertThrow(static_cast<std::size_t>(read()) == owned.n_elements(),
                ExcMessage("The checkpoint was written for another mesh or "
                           "number of ranks."));
    for (const auto i : owned)
      committed_solution(i) = read();
    committed_solution.compress(VectorOperation::insert);
    solution     = committed_solution;
    displacement = solution;
  }

  template void
  ColumnMechanics<2>::set_temperature(const TemperatureSampler &);
  template std::vector<std::pair<double, double>>
  ColumnMechanics<2>::surface_axial_stress() const;
  template std::vector<Vector<float>>
  ColumnMechanics<2>::cell_fields() const;
  template void
  ColumnMechanics<2>::set_plating_distribution(const std::vector<double> &,
                                               const std::vector<double> &);
  template std::vector<double>
  ColumnMechanics<2>::contact_ring_stress(const std::vector<double> &) const;
  template std::vector<double>
  ColumnMechanics<2>::layer_radii() const;
  template std::vector<double>
  ColumnMechanics<2>::layer_cell_radii() const;
  template std::vector<double>
  ColumnMechanics<2>::layer_ring_volumes(const std::vector<double> &) const;
  template void
  ColumnMechanics<2>::update_plating();
  template void
  ColumnMechanics<3>::update_plating();
  template void
  ColumnMechanics<2>::save(std::ostream &) const;
  template void
  ColumnMechanics<2>::load(std::istream &);
  template void
  ColumnMechanics<3>::set_temperature(const TemperatureSampler &);
  template std::vector<std::pair<double, double>>
  ColumnMechanics<3>::surface_axial_stress() const;
  template std::vector<Vector<float>>
  ColumnMechanics<3>::cell_fields() const;
  template void
  ColumnMechanics<3>::set_plating_distribution(const std::vector<double> &,
                                               const std::vector<double> &);
  template std::vector<double>
  ColumnMechanics<3>::contact_ring_stress(const std::vector<double> &) const;
  template std::vector<double>
  ColumnMechanics<3>::layer_radii() const;
  template std::vector<double>
  ColumnMechanics<3>::layer_cell_radii() const;
  template std::vector<double>
  ColumnMechanics<3>::layer_ring_volumes(const std::vector<double> &) const;
  template void
  ColumnMechanics<3>::save(std::ostream &) const;
  template void
  ColumnMechanics<3>::load(std::istream &);
} // namespace nanoconvect

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
  ColumnMechanics<3>::save(std::ostream &) const;
  template void
  ColumnMechanics<3>::load(std::istream &);
} // namespace nanoconvect

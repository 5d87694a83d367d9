#include <deal.II/base/data_out_base.h>
#include <deal.II/base/exceptions.h>

#include <physics/constants.h>
#include <physics/surface_transport/column_surface.h>
#include <physics/vtu_flags.h>

#include <array>
#include <cmath>
#include <iomanip>
#include <map>

namespace nanoconvect
{
  namespace
  {
    /** One .vtu of the surface mesh (rank 0), coordinates in nm: nodal T,
     *  sigma, C_s, Phi and the cell-centre flux vectors. */
    void
    write_surface_mesh_vtu(std::ostream                         &out,
                           const Triangulation<2, 3>            &surface,
                           const SurfaceTransportMesh           &transport,
                           const SurfaceTransportMesh::Solution &s)
    {
      std::vector<DataOutBase::Patch<2, 3>> patches;
      const std::vector<std::string>        names = {"T_K",
                                                     "sigma_Pa",
                                                     "C_s_per_m3",
                                                     "Phi_eV",
                                                     "J_atoms_per_m2_s",
                                                     "J_atoms_per_m2_s",
                                                     "J_atoms_per_m2_s",
                                                     "J_T_atoms_per_m2_s",
                                                     "J_T_atoms_per_m2_s",
                                                     "J_T_atoms_per_m2_s",
                                                     "J_sigma_atoms_per_m2_s",
                                                     "J_sigma_atoms_per_m2_s",
                                                     "J_sigma_atoms_per_m2_s"};
      unsigned int                          c     = 0;
      for (const auto &cell : surface.active_cell_iterators())
        {
          DataOutBase::Patch<2, 3> patch;
          patch.n_subdivisions = 1;
          patch.reference_cell = ReferenceCells::get_hypercube<2>();
          patch.data.reinit(names.size(), 4);
          const auto &node = transport.cell_nodes(c);
          for (unsigned int v = 0; v < 4; ++v)
            {
              patch.vertices[v]    = cell->vertex(v) / 1e-9;
              const unsigned int i = node[v];
              patch.data(0, v)     = s.T[i];
              patch.data(1, v)     = s.sigma[i];
              patch.data(2, v)     = s.C[i];
              patch.data(3, v)     = s.Phi[i] / constants::electronvolt;
              for (unsigned int d = 0; d < 3; ++d)
                {
                  patch.data(4 + d, v)  = s.J[c][d];
                  patch.data(7 + d, v)  = s.J_T[c][d];
                  patch.data(10 + d, v) = s.J_sigma[c][d];
                }
            }
          patch.patch_index = c++;
          patches.push_back(patch);
        }
      using Interpretation =
        DataComponentInterpretation::DataComponentInterpretation;
      std::vector<
        std::tuple<unsigned int, unsigned int, std::string, Interpretation>>
        vectors;
      for (unsigned int k = 0; k < 3; ++k)
        vectors.emplace_back(
          4 + 3 * k,
          6 + 3 * k,
          names[4 + 3 * k],
          DataComponentInterpretation::component_is_part_of_vector);
      DataOutBase::write_vtu(patches, names, vectors, fast_vtu_flags(), out);
    }

    /** The column-level figures either solver reports. */
    template <typename Solution>
    ColumnSurface::Result
    column_figures(const Solution &s)
    {
      return {s.insertion_rate,
              s.core_speed,
              s.mean_J,
              s.mean_J_T,
              s.mean_J_sigma,
              s.newton_iterations};
    }
  } // namespace

  void
  write_generatrix_vtu(
    std::ostream                   &out,
    const std::vector<double>      &r,
    const std::vector<double>      &z,
    const std::vector<std::string> &names,
    const std::function<double(unsigned int, unsigned int, unsigned int)>
      &value)
  {
    std::vector<DataOutBase::Patch<1, 2>> patches;
    for (unsigned int e = 0; e + 1 < z.size(); ++e)
      {
        DataOutBase::Patch<1, 2> patch;
        patch.n_subdivisions = 1;
        patch.reference_cell = ReferenceCells::get_hypercube<1>();
        patch.data.reinit(names.size(), 2);
        for (unsigned int v = 0; v < 2; ++v)
          {
            patch.vertices[v] = Point<2>(r[e + v] / 1e-9, z[e + v] / 1e-9);
            for (unsigned int k = 0; k < names.size(); ++k)
              patch.data(k, v) = value(k, e, v);
          }
        patch.patch_index = e;
        patches.push_back(patch);
      }
    DataOutBase::write_vtu(
      patches,
      names,
      std::vector<
        std::tuple<unsigned int,
                   unsigned int,
                   std::string,
                   DataComponentInterpretation::DataComponentInterpretation>>(),
      fast_vtu_flags(),
      out);
  }

  ColumnSurface::ColumnSurface(const StackGeometry &geometry)
    : geometry(geometry)
  {}

  std::vector<Point<3>>
  ColumnSurface::sample_points() const
  {
    std::vector<Point<3>> p = nodes();
    for (Point<3> &x : p)
      {
        x[0] *= 1 - inward;
        x[1] *= 1 - inward;
      }
    return p;
  }

  void
  ColumnSurface::follow_bulk()
  {
    AssertThrow(false,
                ExcMessage("Only an evolving column's surface moves the bulk "
                           "meshes ('Shape/Evolve' = true)."));
  }

  std::vector<std::pair<double, double>>
  ColumnSurface::bulk_profile() const
  {
    std::vector<std::pair<double, double>> profile;
    for (const Point<3> &x : points)
      profile.emplace_back(x[2], x[0]);
    return profile;
  }

  void
  ColumnSurface::set_fields(const std::vector<double> &T_nodes,
                            const std::vector<double> &sigma_nodes)
  {
    AssertThrow(T_nodes.size() == nodes().size() &&
                  sigma_nodes.size() == nodes().size(),
                ExcMessage("The column surface needs T and sigma at every "
                           "node."));
    T     = T_nodes;
    sigma = sigma_nodes;
  }

  std::pair<double, double>
  ColumnSurface::end_temperatures() const
  {
    double       hot = 0, cold = 0, n_hot = 0, n_cold = 0;
    const double tol = 1e-6 * geometry.column_length;
    for (unsigned int i = 0; i < T.size(); ++i)
      if (std::abs(nodes()[i][2] - geometry.z_column_bottom()) < tol)
        hot += T[i], n_hot += 1;
      else if (std::abs(nodes()[i][2] - geometry.z_column_top()) < tol)
        cold += T[i], n_cold += 1;
    AssertThrow(n_hot > 0 && n_cold > 0,
                ExcMessage("The column surface has no nodes at its ends."));
    return {hot / n_hot, cold / n_cold};
  }

  // ------------------------------------------------------------ generatrix
  ColumnGeneratrix::ColumnGeneratrix(const SurfaceMaterial &material,
                                     const StackGeometry   &geometry,
                                     const unsigned int     n_elements)
    : ColumnSurface(geometry)
    , line(material, geometry.column_radius())
  {
    for (unsigned int i = 0; i <= n_elements; ++i)
      {
        profile.z.push_back(geometry.z_column_bottom() +
                            geometry.column_length * i / n_elements);
        points.emplace_back(geometry.column_radius(), 0, profile.z.back());
      }
    T.assign(points.size(), 0.0);
    sigma.assign(points.size(), 0.0);
  }

  void
  ColumnGeneratrix::set_fields(const std::vector<double> &T_nodes,
                               const std::vector<double> &sigma_nodes)
  {
    ColumnSurface::set_fields(T_nodes, sigma_nodes);
    profile.T     = T;
    profile.sigma = sigma;
  }

  ColumnSurface::Result
  ColumnGeneratrix::solve(const double mu_hot, const double mu_cold)
  {
    last = line.solve_between(profile, mu_hot, mu_cold);
    return column_figures(last);
  }

  void
  ColumnGeneratrix::write_csv(std::ostream &csv) const
  {
    const auto &s = last;
    csv << std::setprecision(10)
        << "z_nm,T_K,sigma_Pa,C_s_per_m3,Phi_eV,J_atoms_per_m2_s,"
           "J_T_atoms_per_m2_s,J_sigma_atoms_per_m2_s\n";
    for (unsigned int i = 0; i < s.z.size(); ++i)
      {
        // Element fluxes are written at the element's upper node.
        const unsigned int e = (i == 0 ? 0 : i - 1);
        csv << s.z[i] / 1e-9 << "," << s.T[i] << "," << s.sigma[i] << ","
            << s.C[i] << "," << s.Phi[i] / constants::electronvolt << ","
            << s.J[e] << "," << s.J_T[e] << "," << s.J_sigma[e] << "\n";
      }
  }

  void
  ColumnGeneratrix::write_vtu(std::ostream &out) const
  {
    const auto &s = last;
    write_generatrix_vtu(
      out,
      std::vector<double>(s.z.size(), geometry.column_radius()),
      s.z,
      {"T_K",
       "sigma_Pa",
       "C_s_per_m3",
       "J_atoms_per_m2_s",
       "J_T_atoms_per_m2_s",
       "J_sigma_atoms_per_m2_s"},
      [&](const unsigned int k, const unsigned int e, const unsigned int v) {
        const std::array<double, 6> values = {{s.T[e + v],
                                               s.sigma[e + v],
                                               s.C[e + v],
                                               s.J[e],
                                               s.J_T[e],
                                               s.J_sigma[e]}};
        return values[k];
      });
  }

  std::vector<std::pair<std::string, unsigned int>>
  ColumnGeneratrix::size() const
  {
    return {{"elements", static_cast<unsigned int>(profile.z.size() - 1)}};
  }

  // ---------------------------------------------------------- surface mesh
  ColumnSurfaceMesh::ColumnSurfaceMesh(const SurfaceMaterial &material,
                                       const StackGeometry   &geometry,
                                       const unsigned int     refinements)
    : ColumnSurface(geometry)
    , surface(std::make_unique<Triangulation<2, 3>>())
  {
    create_column_surface_mesh(geometry, *surface, refinements);
    transport =
      std::make_unique<SurfaceTransportMesh>(material,
                                             *surface,
                                             geometry.column_radius(),
                                             geometry.z_column_bottom(),
                                             geometry.z_column_top());
    // The bulk's curved cells approximate the cylinder to well below 1e-3 R.
    inward = 1e-3;
    T.assign(nodes().size(), 0.0);
    sigma.assign(nodes().size(), 0.0);
  }

  ColumnSurfaceMesh::~ColumnSurfaceMesh() = default;

  ColumnSurface::Result
  ColumnSurfaceMesh::solve(const double mu_hot, const double mu_cold)
  {
    const bool warm = warm_start && last.Phi.size() == nodes().size();
    last =
      transport->solve(T, sigma, mu_hot, mu_cold, warm ? &last.Phi : nullptr);
    return column_figures(last);
  }

  void
  ColumnSurfaceMesh::write_csv(std::ostream &csv) const
  {
    // Ring averages per height along the column.
    const auto                           &s = last;
    std::map<long, std::array<double, 6>> rings;
    for (unsigned int i = 0; i < s.T.size(); ++i)
      {
        const Point<3> &x = nodes()[i];
        auto           &r = rings[std::lround(x[2] / 1e-13)];
        r[0] += x[2];
        r[1] += s.T[i];
        r[2] += s.sigma[i];
        r[3] += s.C[i];
        r[4] += s.Phi[i];
        r[5] += 1;
      }
    csv << std::setprecision(10) << "z_nm,T_K,sigma_Pa,C_s_per_m3,Phi_eV\n";
    for (const auto &[key, r] : rings)
      csv << r[0] / r[5] / 1e-9 << "," << r[1] / r[5] << "," << r[2] / r[5]
          << "," << r[3] / r[5] << "," << r[4] / r[5] / constants::electronvolt
          << "\n";
  }

  void
  ColumnSurfaceMesh::write_vtu(std::ostream &out) const
  {
    write_surface_mesh_vtu(out, *surface, *transport, last);
  }

  std::vector<std::pair<std::string, unsigned int>>
  ColumnSurfaceMesh::size() const
  {
    return {{"surface_cells", surface->n_active_cells()},
            {"surface_nodes", static_cast<unsigned int>(nodes().size())}};
  }

  std::unique_ptr<ColumnSurface>
  make_column_surface(const unsigned int     dim,
                      const SurfaceMaterial &material,
                      const StackGeometry   &geometry,
                      const unsigned int     n_elements,
                      const unsigned int     refinements_3d,
                      const ShapeParameters &shape)
  {
    if (dim == 2 && shape.evolve)
      return std::make_unique<EvolvingGeneratrix>(material,
                                                  geometry,
                                                  n_elements,
                                                  shape);
    if (dim == 2)
      return std::make_unique<ColumnGeneratrix>(material, geometry, n_elements);
    return std::make_unique<ColumnSurfaceMesh>(material,
                                               geometry,
                                               refinements_3d);
  }
} // namespace nanoconvect

#include <deal.II/base/data_out_base.h>
#include <deal.II/base/utilities.h>

#include <meshes/stack_geometry.h>
#include <physics/constants.h>
#include <physics/surface_transport/surface_transport.h>
#include <physics/surface_transport/surface_transport_mesh.h>
#include <physics/thermal/thermal_solver.h>
#include <solver/output.h>
#include <solver/run_parameters.h>
#include <solver/surface_step.h>

#include <fstream>
#include <iomanip>
#include <map>

namespace nanoconvect
{
  void
  SurfaceTransportParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Surface transport");
    {
      prm.declare_entry("Enable",
                        "true",
                        Patterns::Bool(),
                        "Solve the surface transport on the column's free "
                        "surface after the thermal solve.");
      prm.declare_entry("Surface elements",
                        "240",
                        Patterns::Integer(2, 1000000),
                        "Elements along the column's generatrix (uniform; "
                        "axisymmetric runs).");
      prm.declare_entry("Surface mesh refinements",
                        "3",
                        Patterns::Integer(0, 8),
                        "3D runs: global refinements of the column-surface "
                        "mesh extracted from the unrefined stack (each one "
                        "halves the cells in both directions).");
      prm.declare_entry("Back stress",
                        "0",
                        Patterns::Double(),
                        "[MPa] Back stress sigma_b at the cold contact "
                        "(compression positive): raises mu there by Omega "
                        "sigma_b. Given here until the mechanics computes it.");
      prm.declare_entry("Stress trace",
                        "thermal",
                        Patterns::Selection("none|thermal"),
                        "Normal stress along the surface in mu: none, or the "
                        "thermal stress E alpha (T - T_ref) of a fully "
                        "constrained column (compression positive).");
    }
    prm.leave_subsection();
  }

  void
  SurfaceTransportParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Surface transport");
    {
      enabled        = prm.get_bool("Enable");
      n_elements     = prm.get_integer("Surface elements");
      refinements_3d = prm.get_integer("Surface mesh refinements");
      back_stress    = prm.get_double("Back stress") * 1e6;
      thermal_stress = prm.get("Stress trace") == "thermal";
    }
    prm.leave_subsection();
  }

  namespace
  {
    /** One .vtu of line patches along the generatrix, coordinates in nm. */
    template <int dim>
    void
    write_surface_vtu(std::ostream                       &out,
                      const SurfaceTransport1D::Solution &s,
                      const double                        radius)
    {
      std::vector<DataOutBase::Patch<1, dim>> patches;
      const std::vector<std::string>          names = {"T_K",
                                                       "sigma_Pa",
                                                       "C_s_per_m3",
                                                       "J_atoms_per_m2_s",
                                                       "J_T_atoms_per_m2_s",
                                                       "J_sigma_atoms_per_m2_s"};
      for (unsigned int e = 0; e + 1 < s.z.size(); ++e)
        {
          DataOutBase::Patch<1, dim> patch;
          for (unsigned int v = 0; v < 2; ++v)
            {
              Point<dim> p;
              p[0]              = radius / 1e-9;
              p[dim - 1]        = s.z[e + v] / 1e-9;
              patch.vertices[v] = p;
            }
          patch.n_subdivisions = 1;
          patch.reference_cell = ReferenceCells::get_hypercube<1>();
          patch.data.reinit(names.size(), 2);
          for (unsigned int v = 0; v < 2; ++v)
            {
              patch.data(0, v) = s.T[e + v];
              patch.data(1, v) = s.sigma[e + v];
              patch.data(2, v) = s.C[e + v];
              patch.data(3, v) = s.J[e];
              patch.data(4, v) = s.J_T[e];
              patch.data(5, v) = s.J_sigma[e];
            }
          patch.patch_index = e;
          patches.push_back(patch);
        }
      DataOutBase::write_vtu(
        patches,
        names,
        std::vector<std::tuple<
          unsigned int,
          unsigned int,
          std::string,
          DataComponentInterpretation::DataComponentInterpretation>>(),
        DataOutBase::VtkFlags(),
        out);
    }

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
      DataOutBase::write_vtu(
        patches, names, vectors, DataOutBase::VtkFlags(), out);
    }

  } // namespace

  template <int dim>
  SurfaceStep<dim>::SurfaceStep(const RunParameters      &prm,
                                const ThermalSolver<dim> &thermal,
                                MPI_Comm                  comm)
    : prm(prm)
    , comm(comm)
  {
    const StackGeometry &g  = prm.geometry;
    const auto          &sp = prm.surface_transport;
    line = std::make_unique<SurfaceTransport1D>(prm.surface, g.column_radius());
    std::vector<Tensor<1, dim>> unused;
    if constexpr (dim == 2)
      {
        std::vector<Point<dim>> points;
        for (unsigned int i = 0; i <= sp.n_elements; ++i)
          {
            profile.z.push_back(g.z_column_bottom() +
                                g.column_length * i / sp.n_elements);
            points.emplace_back(g.column_radius(), profile.z.back());
          }
        thermal.evaluate(points, profile.T, unused);
        profile.sigma = sp.thermal_stress
                          ? line->thermal_stress(profile.T)
                          : std::vector<double>(profile.T.size(), 0.0);
        T_hot         = profile.T.front();
        T_cold        = profile.T.back();
      }
    else
      {
        surface = std::make_unique<Triangulation<2, 3>>();
        create_column_surface_mesh(g, *surface, sp.refinements_3d);
        on_mesh = std::make_unique<SurfaceTransportMesh>(prm.surface,
                                                         *surface,
                                                         g.column_radius(),
                                                         g.z_column_bottom(),
                                                         g.z_column_top());
        // The bulk trace at the nodes, sampled a hair inside the cylinder:
        // the bulk's curved cells approximate it to well below 1e-3 R.
        std::vector<Point<dim>> points;
        for (const Point<3> &x : on_mesh->nodes())
          {
            Point<dim> p;
            p[0] = x[0] * (1 - 1e-3);
            p[1] = x[1] * (1 - 1e-3);
            p[2] = x[2];
            points.push_back(p);
          }
        thermal.evaluate(points, node_T, unused);
        node_sigma       = sp.thermal_stress
                             ? line->thermal_stress(node_T)
                             : std::vector<double>(node_T.size(), 0.0);
        double       hot = 0, cold = 0, n_hot = 0, n_cold = 0;
        const double tol = 1e-6 * g.column_length;
        for (unsigned int i = 0; i < points.size(); ++i)
          if (std::abs(points[i][2] - g.z_column_bottom()) < tol)
            hot += node_T[i], n_hot += 1;
          else if (std::abs(points[i][2] - g.z_column_top()) < tol)
            cold += node_T[i], n_cold += 1;
        T_hot  = hot / n_hot;
        T_cold = cold / n_cold;
      }
  }

  template <int dim>
  SurfaceStep<dim>::~SurfaceStep() = default;

  template <int dim>
  const SurfaceState &
  SurfaceStep<dim>::solve(const double back_stress)
  {
    state             = SurfaceState();
    state.back_stress = back_stress;
    state.T_hot       = T_hot;
    state.T_cold      = T_cold;
    // Both solvers report the same column-level figures.
    const auto take = [this](const auto &solution) {
      state.mean_J            = solution.mean_J;
      state.mean_J_T          = solution.mean_J_T;
      state.mean_J_sigma      = solution.mean_J_sigma;
      state.insertion_rate    = solution.insertion_rate;
      state.core_speed        = solution.core_speed;
      state.newton_iterations = solution.newton_iterations;
    };
    if constexpr (dim == 2)
      {
        last_line = line->solve(profile, back_stress);
        take(last_line);
      }
    else
      {
        last_mesh = on_mesh->solve(node_T, node_sigma, back_stress);
        take(last_mesh);
      }
    return state;
  }

  template <int dim>
  void
  SurfaceStep<dim>::write(const unsigned int index, const double time)
  {
    if (Utilities::MPI::this_mpi_process(comm) != 0)
      return;
    const std::string dir = prm.output_directory;
    std::ofstream     csv(dir + "/surface.csv");
    csv << std::setprecision(10);
    if constexpr (dim == 2)
      {
        const auto &s = last_line;
        csv << "z_nm,T_K,sigma_Pa,C_s_per_m3,Phi_eV,J_atoms_per_m2_s,"
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
    else
      {
        // Ring averages per height along the column.
        const auto                           &s = last_mesh;
        std::map<long, std::array<double, 6>> rings;
        for (unsigned int i = 0; i < s.T.size(); ++i)
          {
            const Point<3> &x = on_mesh->nodes()[i];
            auto           &r = rings[std::lround(x[2] / 1e-13)];
            r[0] += x[2];
            r[1] += s.T[i];
            r[2] += s.sigma[i];
            r[3] += s.C[i];
            r[4] += s.Phi[i];
            r[5] += 1;
          }
        csv << "z_nm,T_K,sigma_Pa,C_s_per_m3,Phi_eV\n";
        for (const auto &[key, r] : rings)
          csv << r[0] / r[5] / 1e-9 << "," << r[1] / r[5] << "," << r[2] / r[5]
              << "," << r[3] / r[5] << ","
              << r[4] / r[5] / constants::electronvolt << "\n";
      }
    if (!prm.output.write_vtu)
      return;
    const std::string file =
      "surface_" + Utilities::int_to_string(index, 4) + ".vtu";
    {
      std::ofstream out(dir + "/" + file);
      write_vtu(out);
    }
    records.emplace_back(time, file);
    std::ofstream pvd(dir + "/surface.pvd");
    DataOutBase::write_pvd_record(pvd, records);
  }

  template <int dim>
  void
  SurfaceStep<dim>::write_vtu(std::ostream &out) const
  {
    if (Utilities::MPI::this_mpi_process(comm) != 0)
      return;
    if constexpr (dim == 2)
      write_surface_vtu<dim>(out, last_line, prm.geometry.column_radius());
    else
      write_surface_mesh_vtu(out, *surface, *on_mesh, last_mesh);
  }

  template <int dim>
  nlohmann::json
  SurfaceStep<dim>::summary() const
  {
    nlohmann::json j = {{"J_T_atoms_per_m2_s", state.mean_J_T},
                        {"J_sigma_atoms_per_m2_s", state.mean_J_sigma},
                        {"J_total_atoms_per_m2_s", state.mean_J},
                        {"insertion_rate_atoms_per_s", state.insertion_rate},
                        {"core_speed_m_per_s", state.core_speed},
                        {"back_stress_Pa", state.back_stress},
                        {"T_hot_end_K", state.T_hot},
                        {"T_cold_end_K", state.T_cold},
                        {"passivated", prm.surface.passivated},
                        {"newton_iterations", state.newton_iterations}};
    if constexpr (dim == 2)
      j["elements"] = prm.surface_transport.n_elements;
    else
      {
        j["surface_cells"] = surface->n_active_cells();
        j["surface_nodes"] = on_mesh->nodes().size();
      }
    return j;
  }

  template class SurfaceStep<2>;
  template class SurfaceStep<3>;
} // namespace nanoconvect

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/utilities.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/fe/mapping_q_cache.h>
#include <deal.II/lac/vector.h>

#include <meshes/refined_mapping.h>
#include <meshes/stack_geometry.h>
#include <nanoconvect/version.h>
#include <physics/thermal/thermal_solver.h>
#include <solver/catalyst.h>
#include <solver/coupled_run.h>
#include <solver/interrupts.h>
#include <solver/output.h>
#include <solver/results_table.h>
#include <solver/simulator.h>
#include <solver/surface_step.h>
#include <solver/thermal_module.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <iomanip>
#include <map>

namespace nanoconvect
{
  namespace
  {
    /** Peak resident memory of this process, summed over ranks (MB). */
    double
    peak_memory_MB(MPI_Comm comm)
    {
      Utilities::System::MemoryStats stats;
      Utilities::System::get_memory_stats(stats);
      return Utilities::MPI::sum(stats.VmHWM / 1024.0, comm);
    }

    template <int dim>
    class Simulator
    {
    public:
      Simulator(const RunParameters &parameters, MPI_Comm comm);
      nlohmann::json
      run();

    private:
      void
      make_mesh();
      void
      write_fields(double time, unsigned int step);

      const RunParameters                      &prm;
      MPI_Comm                                  comm;
      ConditionalOStream                        pcout;
      TimerOutput                               timer;
      parallel::distributed::Triangulation<dim> tria;
      std::unique_ptr<MappingQCache<dim>>       mapping;
      std::unique_ptr<ThermalModule<dim>>       thermal;
      nlohmann::json                            mesh_info;
    };

    template <int dim>
    Simulator<dim>::Simulator(const RunParameters &prm, MPI_Comm comm)
      : prm(prm)
      , comm(comm)
      , pcout(std::cout, Utilities::MPI::this_mpi_process(comm) == 0)
      // Printed before the results (print_results_table), not at destruction:
      // the results are the last thing on screen, and a failed run ends
      // with its error, not with TimerOutput's notice.
      , timer(comm, pcout, TimerOutput::never, TimerOutput::wall_times)
      // The mesh carries its multigrid levels (the matrix-free thermal
      // solver's local smoothing, step-37), which asks for at most one
      // level of difference between cells that share a vertex.
      , tria(comm,
             Triangulation<dim>::limit_level_difference_at_vertices,
             parallel::distributed::Triangulation<
               dim>::construct_multigrid_hierarchy)
    {}

    template <int dim>
    void
    Simulator<dim>::make_mesh()
    {
      TimerOutput::Scope t(timer, "mesh");
      create_stack_mesh(prm.geometry, tria);
      // Curved 3D boundaries need a curved mapping (design notes: straight
      // cells bias Delta T upward); the axisymmetric section is straight.
      // The transfinite manifold is costly to evaluate, so the mapping's
      // support points are computed once and cached.
      // A column whose surface evolves moves the mesh (doc/model.md, 6.2):
      // quadratic cells follow its curvature.
      const unsigned int mapping_degree = dim == 3
                                            ? std::max(2u, prm.thermal.degree)
                                          : prm.shape.evolve ? 2u
                                                             : 1u;
      // A quadratic 3D mapping takes its support points from the vertices
      // the refinement placed (meshes/refined_mapping.h).
      mapping = std::make_unique<MappingQCache<dim>>(mapping_degree);
      if (dim == 3 && mapping_degree == 2 && prm.geometry.global_refinement > 0)
        initialize_from_refinement(*mapping, tria);
      else
        mapping->initialize(MappingQ<dim>(mapping_degree), tria);

      // Region volumes against the exact cylinders: a free mesh check.
      const QGauss<dim>                    quadrature(3);
      const FE_Q<dim>                      fe(1);
      FEValues<dim>                        fe_values(*mapping,
                              fe,
                              quadrature,
                              update_JxW_values | update_quadrature_points);
      std::map<types::material_id, double> volume;
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fe_values.reinit(cell);
            for (const unsigned int q : fe_values.quadrature_point_indices())
              volume[cell->material_id()] +=
                fe_values.JxW(q) *
                (dim == 2 ? 2 * M_PI * fe_values.quadrature_point(q)[0] : 1);
          }
      double worst = 0;
      for (types::material_id m = 1; m <= ids::material::n_materials; ++m)
        {
          const double v     = Utilities::MPI::sum(volume[m], comm);
          const double exact = prm.geometry.exact_volume(m);
          if (exact > 0)
            worst = std::max(worst, std::abs(v / exact - 1));
        }
      mesh_info = {{"cells", tria.n_global_active_cells()},
                   {"levels", tria.n_global_levels()},
                   {"volume_error_relative", worst}};
      pcout << "  mesh: " << tria.n_global_active_cells() << " cells, "
            << tria.n_global_levels() << " levels, largest region-volume "
            << "error " << std::scientific << std::setprecision(1) << worst
            << std::defaultfloat << "\n";
    }

    template <int dim>
    void
    Simulator<dim>::write_fields(const double time, const unsigned int step)
    {
      TimerOutput::Scope t(timer, "output");
      thermal->write_output(step, time);
    }

    template <int dim>
    nlohmann::json
    Simulator<dim>::run()
    {
      Timer              wall;
      const std::string  start_time = utc_now();
      const unsigned int ranks      = Utilities::MPI::n_mpi_processes(comm);
      pcout << "nanoconvect " << version << " (" << git_revision << "), "
            << (dim == 2 ? "axisymmetric r-z" : "3D") << ", " << ranks
            << " MPI rank" << (ranks > 1 ? "s" : "") << "\n";
      // Catalyst first: a script it cannot load stops the run before the
      // solves rather than after.
      CatalystAdaptor catalyst(prm.catalyst, prm.output_directory, comm);
      if (catalyst.active())
        pcout << "  Catalyst: " << prm.catalyst.script << ", every "
              << prm.catalyst.interval << " step"
              << (prm.catalyst.interval > 1 ? "s" : "") << "\n";
      set_run_position("in the mesh generation");
      make_mesh();
      const double mesh_time = wall.wall_time();
      set_run_position("in the thermal set-up and solve");

      thermal = std::make_unique<ThermalModule<dim>>(prm, tria, *mapping, comm);
      {
        TimerOutput::Scope t(timer, "setup");
        thermal->setup();
      }
      const double setup_time = wall.wall_time() - mesh_time;
      const auto   n_dofs     = thermal->solver().get_dof_handler().n_dofs();
      pcout << "  thermal: " << n_dofs << " DoFs (Q" << prm.thermal.degree
            << ")\n";
      if (prm.thermal.matrix_free && !thermal->solver().uses_matrix_free())
        pcout << "  note: 'Thermal/Linear solver' = matrix-free, but "
              << thermal->solver().matrix_free_unavailable()
              << "; solving matrix-based (CG + Trilinos ML AMG)\n";

      unsigned int steps = 0;
      if (!prm.thermal.transient)
        {
          TimerOutput::Scope t(timer, "solve");
          thermal->solve();
          const auto &r = thermal->last_report();
          pcout << "  steady solve: " << r.nonlinear_iterations
                << " nonlinear, " << r.linear_iterations << " CG iterations ("
                << (thermal->solver().uses_matrix_free()
                      ? "matrix-free multigrid"
                      : "AMG")
                << ")\n";
          write_fields(0, 0);
        }
      else
        {
          const ThermalParameters &tp = prm.thermal;
          thermal->start_transient(tp.initial_temperature);
          write_fields(0, 0);
          std::ofstream history;
          if (Utilities::MPI::this_mpi_process(comm) == 0)
            {
              history.open(prm.output_directory + "/thermal_history.csv");
              history << "t_s,T_column_hot_end_K,T_column_cold_end_K,"
                         "delta_T_column_K,heat_in_hot_W,heat_out_cold_W\n";
            }
          const unsigned int n_steps =
            std::ceil(tp.end_time / tp.time_step - 1e-9);
          const double loop_start = wall.wall_time();
          for (steps = 1; steps <= n_steps; ++steps)
            {
              const double time = std::min(tp.end_time, steps * tp.time_step);
              const double dt   = time - (steps - 1) * tp.time_step;
              set_run_position("at thermal step " + std::to_string(steps) +
                               " of " + std::to_string(n_steps));
              {
                TimerOutput::Scope t(timer, "solve");
                thermal->set_time_step(dt);
                thermal->solve();
              }
              const bool stop = interrupts::poll(comm).stop_signal != 0;
              if (steps % tp.output_interval == 0 || steps == n_steps || stop)
                {
                  const nlohmann::json s = thermal->summary();
                  // The steps are fixed: the rest take the mean cost so far.
                  const double spent = wall.wall_time() - loop_start;
                  const double eta   = spent / steps * (n_steps - steps);
                  pcout << "  step " << std::setw(6) << steps
                        << "  t = " << std::scientific << std::setprecision(3)
                        << time << " s  Delta T_column = " << std::defaultfloat
                        << std::setprecision(5)
                        << s["delta_T_column_K"].get<double>() << " K  [wall "
                        << std::setprecision(3) << wall.wall_time()
                        << " s, ETA " << eta << " s]\n";
                  if (history.is_open())
                    history << std::setprecision(10) << time << ","
                            << s["T_column_hot_end_K"].get<double>() << ","
                            << s["T_column_cold_end_K"].get<double>() << ","
                            << s["delta_T_column_K"].get<double>() << ","
                            << s["heat_flow_W"].get<double>() << ","
                            << s["heat_flow_out_cold_face_W"].get<double>()
                            << "\n";
                  write_fields(time, steps);
                }
              if (catalyst.due(steps) && steps < n_steps)
                {
                  TimerOutput::Scope t(timer, "catalyst");
                  catalyst.execute(time, steps, {thermal->bulk_channel()});
                }
              if (stop)
                break;
            }
          steps = std::min(steps, n_steps);
        }

      const ThermalSolveReport &totals = thermal->totals();
      nlohmann::json            summary;
      {
        TimerOutput::Scope t(timer, "postprocess");
        summary["thermal"] = thermal->summary();
        summary["thermal"]["nonlinear_iterations"] =
          totals.nonlinear_iterations;
        summary["thermal"]["linear_iterations"] = totals.linear_iterations;
        const MultigridInfo mg = thermal->solver().multigrid_info();
        summary["thermal"]["linear_solver"] =
          thermal->solver().uses_matrix_free() ? "matrix-free" : "matrix-based";
        if (!thermal->solver().uses_matrix_free())
          summary["thermal"]["linear_algebra"] =
            prm.thermal.linear_algebra ==
                ThermalParameters::LinearAlgebra::petsc
              ? "PETSc"
              : "Trilinos";
        if (prm.thermal.matrix_free && !thermal->solver().uses_matrix_free())
          summary["thermal"]["matrix_free_unavailable"] =
            thermal->solver().matrix_free_unavailable();
        if (thermal->solver().uses_matrix_free())
          {
            // The slowest rank's time (one collective, on every rank).
            const double seconds =
              Utilities::MPI::max(mg.fine_apply_seconds, comm);
            const double coarse_seconds =
              Utilities::MPI::max(mg.coarse_seconds, comm);
            summary["thermal"]["multigrid"] = {
              {"levels", mg.levels},
              {"coarse_dofs", mg.coarse_dofs},
              {"coarse_linear_dofs", mg.coarse_linear_dofs},
              {"preconditioner_builds", mg.rebuilds},
              {"fine_operator_applications", mg.fine_applications},
              {"fine_operator_time_s", seconds},
              {"coarse_solves", mg.coarse_solves},
              {"coarse_cg_iterations", mg.coarse_iterations},
              {"coarse_solve_time_s", coarse_seconds},
              {"simd_lanes_double", mg.simd_lanes_double},
              {"simd_lanes_float", mg.simd_lanes_float},
              {"fine_operator_dofs_per_s",
               seconds > 0
                 ? mg.fine_applications * static_cast<double>(n_dofs) / seconds
                 : 0.0}};
          }
        if (prm.thermal.transient)
          summary["thermal"]["time_steps"] = steps;
        thermal->write_profiles();
      }
      // The time of the final state, for the last hand-over to Catalyst.
      const double end_time = prm.thermal.transient ? prm.thermal.end_time : 0;
      if (prm.surface_transport.enabled)
        {
          // The modules meet here: the surface transport takes the bulk
          // temperature's trace and the run's stress-free temperature, the
          // interfaces the column's end temperatures, the surface the
          // interfaces' kinetics.
          SurfaceStep<dim> surface(prm, thermal->solver(), comm);
          const double     R = prm.geometry.column_radius();
          InterfaceModule  interface(
            prm.interface, prm.surface.Omega, R, prm.output_directory, comm);
          {
            TimerOutput::Scope t(timer, "surface transport");
            surface.set_stress_free_temperature(
              stress_free_temperature(prm, thermal->solver()));
            EndKinetics ends;
            ends.substrate =
              prm.interface.hot_end == InterfaceParameters::HotEnd::substrate;
            ends.substrate_elements = prm.interface.substrate_elements;
            surface.set_end_kinetics(ends);
            surface.setup();
            const auto [T_hot, T_cold] = surface.end_temperatures();
            interface.set_temperatures(T_hot, T_cold);
            interface.setup();
            surface.set_end_kinetics(interface.end_kinetics());
          }
          if (prm.mechanics.enabled)
            {
              TimerOutput::Scope t(timer, "coupled loop");
              set_run_position("in the coupled loop's set-up");
              summary["mechanics"] = run_coupled(
                prm, *thermal, surface, interface, catalyst, comm, pcout);
            }
          else
            {
              {
                TimerOutput::Scope  t(timer, "surface transport");
                const SurfaceState &st =
                  surface.solve(prm.surface_transport.back_stress);
                interface.set_rates(prm.surface.Omega * st.insertion_rate,
                                    prm.surface.Omega * st.foot_removal_rate,
                                    st.contact_stress);
                interface.solve();
                surface.write_output(0, 0.0);
                interface.write_output(0, 0.0);
              }
              TimerOutput::Scope t(timer, "catalyst");
              catalyst.execute(end_time,
                               steps,
                               {thermal->bulk_channel(),
                                {"surface", [&](std::ostream &out) {
                                   surface.write_vtu(out);
                                 }}});
            }
          summary["surface"]   = surface.summary();
          summary["interface"] = interface.summary();
        }
      else
        {
          TimerOutput::Scope t(timer, "catalyst");
          catalyst.execute(end_time, steps, {thermal->bulk_channel()});
        }
      // The paper's estimates with the simulated column temperatures in
      // place of the assumed ones (design section 3).
      {
        estimates::Inputs in = prm.estimates;
        in.T_hot             = summary["thermal"]["T_column_hot_end_K"];
        in.grad_T = summary["thermal"]["mean_gradient_column_K_per_m"];
        summary["estimates"] = estimates::evaluate(in);
      }
      summary["mesh"]                 = mesh_info;
      summary["mesh"]["dimension"]    = dim;
      summary["mesh"]["axisymmetric"] = (dim == 2);
      summary["run"]                  = {{"version", version},
                                         {"git_revision", git_revision},
                                         {"ranks", ranks},
                                         {"dofs", n_dofs},
                                         {"wall_time_s", wall.wall_time()},
                                         {"mesh_time_s", mesh_time},
                                         {"setup_time_s", setup_time},
                                         {"assembly_time_s", totals.assembly_time},
                                         {"preconditioner_time_s", totals.preconditioner_time},
                                         {"solve_time_s", totals.solve_time},
                                         {"peak_memory_MB", peak_memory_MB(comm)}};
      if (catalyst.active())
        summary["run"]["catalyst_executions"] = catalyst.n_executions();
      summary["run"]["start_time_utc"] = start_time;
      summary["run"]["end_time_utc"]   = utc_now();
      summary["run"]["input_fnv1a64"] =
        file_hash(prm.output_directory + "/original.prm");
      summary["run"]["interrupted_by"] =
        interrupts::stop_signal() != 0
          ? nlohmann::json(interrupts::name(interrupts::stop_signal()))
          : nlohmann::json(nullptr);
      write_json(prm.output_directory + "/summary.json", summary, comm);
      timer.print_summary();
      print_results_table(summary, prm.thermal.contact_conductance > 0, pcout);
      if (Utilities::MPI::this_mpi_process(comm) == 0)
        pcout << "  wrote " << prm.output_directory
              << "/: " << directory_listing(prm.output_directory) << "\n";
      if (catalyst.active())
        pcout << "  Catalyst: " << catalyst.n_executions() << " hand-overs to "
              << prm.catalyst.script << "\n";
      return summary;
    }
  } // namespace

  nlohmann::json
  run_simulation(const RunParameters &parameters, MPI_Comm comm)
  {
    if (parameters.dimension == 2)
      return Simulator<2>(parameters, comm).run();
    return Simulator<3>(parameters, comm).run();
  }
} // namespace nanoconvect

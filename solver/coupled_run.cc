#include <deal.II/base/utilities.h>

#include <meshes/ids.h>
#include <physics/mechanics/column_mechanics.h>
#include <physics/number_text.h>
#include <physics/thermal/thermal_solver.h>
#include <solver/coupled_loop.h>
#include <solver/coupled_run.h>
#include <solver/interface_module.h>
#include <solver/interrupts.h>
#include <solver/mechanics_module.h>
#include <solver/parameter_check.h>
#include <solver/run_parameters.h>
#include <solver/surface_step.h>
#include <solver/thermal_module.h>

#include <algorithm>
#include <cmath>
#include <iomanip>

namespace nanoconvect
{
  using namespace coupled;

  template <int dim>
  CoupledLoop<dim>::CoupledLoop(const RunParameters  &prm,
                                ThermalModule<dim>   &thermal,
                                SurfaceStep<dim>     &surface,
                                InterfaceModule      &interface,
                                MechanicsModule<dim> &column,
                                CatalystAdaptor      &catalyst,
                                MPI_Comm              comm,
                                ConditionalOStream   &pcout)
    : prm(prm)
    , mp(prm.mechanics)
    , ts(prm.time_stepping)
    , thermal(thermal)
    , surface(surface)
    , interface(interface)
    , column(column)
    , mechanics(column.column())
    , modules{&thermal, &surface, &interface, &column}
    , catalyst(catalyst)
    , comm(comm)
    , pcout(pcout)
    , root(Utilities::MPI::this_mpi_process(comm) == 0)
    , dir(prm.output_directory)
  {
    // Long mechanics solves report their Newton iterations on screen.
    mechanics.set_progress(
      [this](const std::string &line) { this->pcout << line << "\n"; });
    // An evolving column's stack takes its initial shape before the run's
    // reference state is read from the temperature (doc/model.md, 6.2);
    // a restart does the same, then moves to the checkpoint's shape.
    if (surface.shape())
      {
        thermal.follow_column(surface.follow_bulk(true));
        surface.resample_temperature();
      }
    sample_temperature = [&](const std::vector<Point<dim>> &points,
                             std::vector<double>           &T) {
      std::vector<Tensor<1, dim>> unused;
      thermal.solver().evaluate(points, T, unused);
    };
    mechanics.set_temperature(sample_temperature);
    // One stress-free temperature for the mechanics and the surface.
    mechanics.set_reference_temperature(
      stress_free_temperature(prm, thermal.solver()));
    if (mp.buckling_fe && dim == 2)
      throw ExcInputError("Parameter 'Mechanics/Buckling load' = finite "
                          "element needs 'Dimension' = 3: the axisymmetric "
                          "column has no lateral buckling modes.");
    // The buckling load the collapse check uses (doc/model.md, 8.5).
    buckling_load =
      mp.buckling_fe ? mechanics.buckling_load_fe() : mechanics.euler_load();
    A     = mechanics.contact_area();
    Omega = prm.surface.Omega;
    // Collapse threshold of the back stress: the narrowest section (the
    // neck, if any) yields at its own size-dependent strength, or the
    // column buckles (doc/model.md, 8.5).
    update_neck();
    pcout << std::defaultfloat << std::setprecision(6)
          << "  mechanics: " << mechanics.n_dofs() << " DoFs (Q" << mp.degree
          << "), T_0 = " << mechanics.reference_temperature() << " K, yield "
          << mechanics.yield_strength() / 1e6 << " MPa"
          << (neck_factor > 1 ?
                " (" + Utilities::to_string(neck_yield / 1e6) + " at the neck)" :
                std::string())
          << ", Euler load " << mechanics.euler_load() << " N"
          << (mp.buckling_fe ? ", FE buckling load " +
                                 Utilities::to_string(buckling_load) + " N" :
                               std::string())
          << "\n";
    // The contact plates by interface diffusion under the column's stress
    // (doc/model.md, 10.1.1) over rings, at most 'Contact rings': the
    // growth layer's cells (axisymmetric), or rings of equal width that its
    // quadrature points fill (3D).
    const std::vector<double> cells = mechanics.layer_cell_radii();
    if (interface.enable_coupling(
          cells.size() >= 3 ?
            ContactRings::cell_edges(cells, prm.interface.contact_rings) :
            ContactRings::filled_edges(prm.geometry.column_radius(),
                                       prm.interface.contact_rings,
                                       mechanics.layer_radii())))
      {
        interface.set_ring_areas(
          mechanics.layer_ring_volumes(interface.rings().all_edges()));
        pcout << "  contact: coupled plating over "
              << interface.rings().size() << " rings\n";
      }
    set_up_start();
  }

  template <int dim>
  std::vector<double>
  CoupledLoop<dim>::contact_stiffness()
  {
    const ContactRings &rings = interface.rings();
    const unsigned int  n     = rings.size();
    // A thickness small enough to stay in the tangent's range (0.01 pm:
    // a strain of ~1e-5 in the layer).
    constexpr double     thickness = 1e-14;
    double               total     = 0;
    for (const double a : rings.areas())
      total += a;
    const std::vector<double> &edges = rings.all_edges();
    const std::vector<double>  base  = mechanics.contact_ring_stress(edges);
    std::vector<double>       K(n * n);
    for (unsigned int k = 0; k < n; ++k)
      {
        std::vector<double> f(n, 0.0);
        f[k] = total / rings.areas()[k]; // mean 1
        mechanics.set_plating_distribution(edges, f);
        mechanics.solve(thickness * rings.areas()[k], 0);
        const std::vector<double> sigma = mechanics.contact_ring_stress(edges);
        for (unsigned int j = 0; j < n; ++j)
          K[j * n + k] = (sigma[j] - base[j]) / thickness;
      }
    mechanics.set_plating_distribution(edges, {});
    mechanics.solve(0, 0); // the committed state's stresses again
    return K;
  }

  template <int dim>
  void
  CoupledLoop<dim>::record_contact_stress()
  {
    if (interface.coupled())
      contact_stress =
        mechanics.contact_ring_stress(interface.rings().all_edges());
  }

  template <int dim>
  void
  CoupledLoop<dim>::set_up_start()
  {
    const bool restarting = !prm.restart_directory.empty();
    if (restarting)
      {
        restore_checkpoint();
        surface.truncate_profile(s.time);
        // The bulk meshes where the checkpoint's run had moved them (the
        // temperature is the checkpoint's).
        if (surface.shape())
          follow_shape(false);
        update_neck();
        pcout << "  restarted from step " << s.step << " at t = " << s.time
              << " s (cycle " << s.cycle << ")\n";
      }
    else
      {
        // The column's mesh and surface take the initial shape too (the
        // stack took it in the constructor).
        if (surface.shape())
          follow_shape(true);
        // The thermal pre-load: the state with nothing plated, subtracted
        // from every back stress as the experiment baselines it.
        const auto pre = mechanics.solve(0, 0);
        mechanics.commit();
        s.pre_load = pre.contact_force;
        s.dt       = ts.initial_step;
        if (interface.coupled())
          interface.set_stiffness(contact_stiffness());
      }
    update_trace();
    record_contact_stress();
    // The pre-load's stress on the contact and the foot; the surface and
    // interfaces see the whole stress, sigma_b + pre_stress.
    pre_stress                  = s.pre_load / A;
    const SurfaceState unloaded = surface.solve(0, pre_stress);
    stall = prm.surface.Q * std::log(unloaded.T_hot / unloaded.T_cold) / Omega;
    v_0   = unloaded.core_speed;

    if (root)
      {
        history.open(dir + "/history.csv",
                     restarting ? std::ios::app : std::ios::trunc);
        if (!restarting)
          history << history_header << "\n";
        history << std::setprecision(12);
      }
    if (!restarting)
      {
        // The unloaded surface solve above is the state at t = 0.
        s.insertion_rate = unloaded.insertion_rate;
        s.core_speed     = unloaded.core_speed;
        column.set_loads(0, 0);
        column.solve();
        last = column.result();
        couple_interfaces();
        write_history(0);
        surface.record_profile(0, true);
        write_output();
        hand_over();
      }
  }

  template <int dim>
  void
  CoupledLoop<dim>::update_trace()
  {
    // The surface sees the mechanics' stress (doc/model.md, section 6): the
    // trace of the committed state, lagged by one step.
    if (prm.surface_transport.stress_trace ==
        SurfaceTransportParameters::StressTrace::mechanics)
      surface.set_stress_trace(mechanics.surface_axial_stress());
  }

  template <int dim>
  void
  CoupledLoop<dim>::couple_interfaces()
  {
    const SurfaceState &st = surface.last_state();
    interface.set_rates(Omega * st.insertion_rate,
                        Omega * st.foot_removal_rate,
                        st.contact_stress);
    interface.solve();
  }

  template <int dim>
  typename CoupledLoop<dim>::Trial
  CoupledLoop<dim>::advance(const double dt)
  {
    Trial t;
    // The step's contact law: interface diffusion over dt from the
    // committed stress (the rigid core's law when not coupled).
    surface.set_end_kinetics(interface.prepare_step(dt, contact_stress));
    const auto g = [&](const double sigma) {
      const SurfaceState &st = surface.solve(sigma, pre_stress);
      t.rate_in              = Omega * st.insertion_rate;
      t.rate_out             = Omega * st.foot_removal_rate;
      if (interface.coupled())
        mechanics.set_plating_distribution(
          interface.rings().all_edges(),
          interface.trial_distribution(st.insertion_rate));
      t.column =
        mechanics.solve(s.plated + dt * t.rate_in, s.drained + dt * t.rate_out);
      return sigma - (t.column.contact_force - s.pre_load) / A;
    };
    const double scale =
      std::max({std::abs(s.back_stress), step_control::stress_scale});
    double     x0 = s.back_stress, g0 = g(x0);
    double     x1 = x0 + step_control::secant_offset * scale, g1 = g(x1);
    double     lo = -1e300, hi = 1e300; // bracket: g(lo) < 0 < g(hi)
    const auto bracket = [&](double x, double gx) {
      if (gx < 0)
        lo = std::max(lo, x);
      else
        hi = std::min(hi, x);
    };
    bracket(x0, g0);
    bracket(x1, g1);
    unsigned int it = 2;
    while (std::abs(x1 - x0) > ts.coupling_tolerance * scale &&
           std::abs(g1) > ts.coupling_tolerance * scale)
      {
        AssertThrow(it < ts.max_coupling_iterations,
                    ExcMessage("The coupling of surface transport and "
                               "mechanics did not converge in " +
                               std::to_string(ts.max_coupling_iterations) +
                               " iterations at t = " +
                               Utilities::to_string(s.time) +
                               " s; lower 'Time stepping/Stress increment "
                               "per step'."));
        double x2 = x1 - g1 * (x1 - x0) / (g1 - g0);
        if (!(x2 > lo && x2 < hi) || !std::isfinite(x2))
          x2 = (lo > -1e299 && hi < 1e299) ? 0.5 * (lo + hi) :
                                             x1 - g1; // fixed point
        x0 = x1, g0 = g1;
        x1 = x2, g1 = g(x1);
        bracket(x1, g1);
        ++it;
      }
    // The last evaluation was at x1: its rates and column are the step's.
    t.sigma      = x1;
    t.dt         = dt;
    t.iterations = it;
    return t;
  }

  template <int dim>
  bool
  CoupledLoop<dim>::land_on_collapse(const Trial &t)
  {
    if (t.sigma >= collapse_stress && s.back_stress < collapse_stress)
      {
        const double f =
          (collapse_stress - s.back_stress) / (t.sigma - s.back_stress);
        if (f < step_control::landing_fraction)
          {
            s.dt = std::max(f, step_control::min_landing) * t.dt *
                   (1 + step_control::landing_margin);
            return true;
          }
      }
    return false;
  }

  template <int dim>
  void
  CoupledLoop<dim>::accept(const Trial &t)
  {
    mechanics.commit();
    update_trace();
    // The last surface solve of advance() was at the accepted stress.
    interface.commit(t.rate_in / Omega, t.rate_out);
    record_contact_stress();
    couple_interfaces();
    last          = t.column;
    s.back_stress = t.sigma;
    s.plated += t.dt * t.rate_in;
    s.drained += t.dt * t.rate_out;
    s.plated_total += t.dt * t.rate_in;
    s.drained_total += t.dt * t.rate_out;
    s.atoms_total += t.dt * t.rate_in / Omega;
    s.insertion_rate = t.rate_in / Omega;
    s.core_speed     = t.rate_in / A;
    s.core_position += t.dt * t.rate_in / A;
    s.time += t.dt;
    ++s.step;
    if (surface.shape())
      {
        // The free surface moves over the step, and the core carries it
        // toward the foot (doc/model.md, section 6.1).
        const double d_before = surface.shape()->narrowest().first;
        surface.advance_shape(t.dt, t.dt * t.rate_in / A);
        const double d_after = surface.shape()->narrowest().first;
        neck_change          = std::abs(d_after - d_before) / d_after;
        // The bulk follows once the surface has moved far enough from it.
        if (surface.bulk_lag() >
            prm.shape.bulk_update * prm.geometry.column_radius())
          follow_shape(true);
        update_neck();
        if (s.step % prm.shape.profile_interval == 0)
          surface.record_profile(s.time);
      }
    s.coupling_iterations += t.iterations;
    s.peak_back_stress = std::max(s.peak_back_stress, s.back_stress);
    set_run_position("after coupled step " + std::to_string(s.step) +
                     ", t = " + number_text(s.time) + " s, cycle " +
                     std::to_string(s.cycle));
    pcout << "  step " << std::setw(5) << s.step << "  t = " << std::scientific
          << std::setprecision(3) << s.time << " s  sigma_b = " << std::fixed
          << std::setprecision(2) << s.back_stress / 1e6
          << " MPa  v = " << std::setprecision(3) << s.core_speed / 1e-9
          << " nm/s  its " << t.iterations << " (Newton "
          << last.newton_iterations << ")" << std::defaultfloat;
    // Wall time so far and the last step's cost: the loop stops at the
    // steady state or a cycle count long before 'End time' as a rule, so an
    // ETA to the end time would mislead.
    const double now = wall.wall_time(), cost = now - last_wall;
    last_wall        = now;
    pcout << "  [wall " << std::setprecision(3) << now << " s, "
          << std::setprecision(2) << cost << " s/step]" << std::defaultfloat
          << std::setprecision(6) << "\n";
    write_history(t.rate_out);
  }

  template <int dim>
  bool
  CoupledLoop<dim>::collapse(const double previous_stress, const double dt)
  {
    const double tol     = 1 - step_control::threshold_tolerance;
    const bool   yielded = s.back_stress * neck_factor >= neck_yield * tol;
    const bool   buckled = s.back_stress * A >= buckling_load * tol;
    if (!yielded && !buckled)
      return false;
    // The moment the threshold was crossed, within the step.
    const double f =
      std::clamp((collapse_stress - previous_stress) /
                   std::max(s.back_stress - previous_stress, 1e-300),
                 0.0,
                 1.0);
    const double t_collapse = s.time - (1 - f) * dt;
    s.collapse_times.push_back(t_collapse);
    s.collapse_causes.push_back(yielded ? "yield" : "buckling");
    s.last_cycle_peak = s.back_stress;
    const unsigned int n = s.cycle + 1; // collapses so far
    pcout << "  collapse " << n << " (" << s.collapse_causes.back()
          << ") at t = " << t_collapse << " s, sigma_b = " << s.back_stress / 1e6
          << " MPa: the column springs back"
          << (ts.max_cycles == 0 || n < ts.max_cycles ?
                ", cycle " + std::to_string(n + 1) + " begins" :
                std::string())
          << "\n";
    write_output();
    ++s.cycle;
    s.cycle_start = t_collapse;
    mechanics.reset();
    interface.reset();
    mechanics.set_plating_distribution({0.0, prm.geometry.column_radius()},
                                       {});
    last = mechanics.solve(0, 0);
    mechanics.commit();
    update_trace();
    record_contact_stress();
    s.plated = s.drained = 0;
    s.back_stress        = 0;
    s.peak_back_stress   = 0;
    s.dt                 = ts.initial_step;
    return true;
  }

  template <int dim>
  void
  CoupledLoop<dim>::adapt_step(const double previous_stress, const double dt)
  {
    // Toward the target stress change per step.
    const double change = std::abs(s.back_stress - previous_stress);
    const double factor = change > 0 ?
                            std::clamp(ts.stress_increment / change,
                                       step_control::min_factor,
                                       step_control::max_factor) :
                            step_control::max_factor;
    s.dt                = std::min(ts.max_step, dt * factor);
    if (neck_change > step_control::shape_change)
      s.dt = std::min(s.dt,
                      dt * std::max(step_control::shape_min_factor,
                                    step_control::shape_change / neck_change));
  }

  template <int dim>
  bool
  CoupledLoop<dim>::steady(const double previous_stress,
                           const double previous_speed) const
  {
    return std::abs(s.back_stress - previous_stress) <=
             ts.steady_tolerance *
               std::max(std::abs(s.back_stress), step_control::stress_scale) &&
           std::abs(s.core_speed - previous_speed) <=
             ts.steady_tolerance * std::max(std::abs(s.core_speed),
                                            step_control::speed_scale *
                                              std::abs(v_0));
  }

  template <int dim>
  nlohmann::json
  CoupledLoop<dim>::run()
  {
    std::string end_reason = "end time";
    pcout << std::defaultfloat << std::setprecision(6)
          << "  coupled loop: steady state, end time " << ts.end_time << " s"
          << (ts.max_cycles ?
                ", or " + std::to_string(ts.max_cycles) + " cycles" :
                "")
          << "\n";
    while (s.time < ts.end_time * (1 - 1e-12))
      {
        const double dt    = std::min(s.dt, ts.end_time - s.time);
        const Trial  trial = advance(dt);
        if (land_on_collapse(trial))
          continue;
        const double previous_stress = s.back_stress;
        const double previous_speed  = s.core_speed;
        accept(trial);
        bool output = s.step % ts.output_interval == 0;
        if (catalyst.due(s.step))
          hand_over();
        const bool collapsed = collapse(previous_stress, dt);
        if (collapsed)
          output = false; // written at the collapse
        else
          adapt_step(previous_stress, dt);
        if (output)
          write_output();
        const bool periodic =
          ts.checkpoint_interval > 0 && s.step % ts.checkpoint_interval == 0;
        if (periodic)
          checkpoint();
        const auto request = interrupts::poll(comm);
        if (request.checkpoint && !periodic)
          {
            checkpoint();
            pcout << "  checkpoint written at step " << s.step
                  << " (SIGUSR1)\n";
          }
        if (request.stop_signal != 0)
          {
            end_reason = std::string("interrupted (") +
                         interrupts::name(request.stop_signal) + ")";
            break;
          }
        if (ts.max_cycles > 0 && s.cycle >= ts.max_cycles)
          {
            end_reason = "cycles";
            break;
          }
        if (!collapsed && steady(previous_stress, previous_speed))
          {
            end_reason = "steady state";
            break;
          }
      }
    if (s.step % ts.output_interval != 0)
      write_output();
    if (s.step % prm.shape.profile_interval != 0)
      surface.record_profile(s.time);
    if (catalyst.active() && !catalyst.due(s.step))
      hand_over();
    if (ts.checkpoint_interval > 0 || interrupts::stop_signal() != 0)
      checkpoint();
    // Said now, before the other outputs: under mpirun the ranks may be
    // killed 1 s after the signal (solver/interrupts.h). A study's case is
    // not continued on its own; the study says where it stopped.
    if (const int signal = interrupts::stop_signal();
        signal != 0 && !prm.study.active())
      {
        if (root)
          std::cerr << interrupted_message(signal, dir) << std::endl;
        interrupts::mark_announced();
      }
    const nlohmann::json j = summary(end_reason);
    // The surface step and the interfaces end at the final back stress.
    surface.solve(s.back_stress, pre_stress);
    couple_interfaces();
    return j;
  }

  template <int dim>
  nlohmann::json
  run_coupled(const RunParameters  &prm,
              ThermalModule<dim>   &thermal,
              SurfaceStep<dim>     &surface,
              InterfaceModule      &interface,
              CatalystAdaptor      &catalyst,
              MPI_Comm              comm,
              ConditionalOStream   &pcout)
  {
    MechanicsModule<dim> column(prm, comm);
    column.setup();
    CoupledLoop<dim> loop(
      prm, thermal, surface, interface, column, catalyst, comm, pcout);
    return loop.run();
  }

  template nlohmann::json
  run_coupled(const RunParameters &,
              ThermalModule<2> &,
              SurfaceStep<2> &,
              InterfaceModule &,
              CatalystAdaptor &,
              MPI_Comm,
              ConditionalOStream &);
  template nlohmann::json
  run_coupled(const RunParameters &,
              ThermalModule<3> &,
              SurfaceStep<3> &,
              InterfaceModule &,
              CatalystAdaptor &,
              MPI_Comm,
              ConditionalOStream &);
} // namespace nanoconvect

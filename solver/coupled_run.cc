#include <deal.II/base/data_out_base.h>
#include <deal.II/base/utilities.h>

#include <meshes/ids.h>
#include <physics/constants.h>
#include <physics/mechanics/column_mechanics.h>
#include <physics/thermal/thermal_solver.h>
#include <solver/coupled_run.h>
#include <solver/output.h>
#include <solver/parameter_check.h>
#include <solver/run_parameters.h>
#include <solver/surface_step.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <limits>
#include <sstream>

namespace nanoconvect
{
  namespace
  {
    /** Everything the loop carries from step to step (and checkpoints). */
    struct LoopState
    {
      unsigned int        step = 0, cycle = 0, output_index = 0;
      double              time = 0, dt = 0;
      double              back_stress = 0;         // Pa
      double              plated = 0, drained = 0; // m^3, this cycle
      double              plated_total = 0, drained_total = 0; // m^3, whole run
      double              atoms_total      = 0;                // inserted atoms
      double              core_position    = 0;                // m, V_in / A
      double              core_speed       = 0;                // m/s
      double              insertion_rate   = 0;                // atoms/s
      double              peak_back_stress = 0, last_cycle_peak = 0; // Pa
      double              cycle_start = 0;                           // s
      std::vector<double> collapse_times;                            // s
      std::vector<std::string> collapse_causes;
      double                   pre_load            = 0; // N
      unsigned int             coupling_iterations = 0; // whole run

      nlohmann::json
      to_json() const
      {
        return {{"step", step},
                {"cycle", cycle},
                {"output_index", output_index},
                {"time", time},
                {"dt", dt},
                {"back_stress", back_stress},
                {"plated", plated},
                {"drained", drained},
                {"plated_total", plated_total},
                {"drained_total", drained_total},
                {"atoms_total", atoms_total},
                {"core_position", core_position},
                {"core_speed", core_speed},
                {"insertion_rate", insertion_rate},
                {"peak_back_stress", peak_back_stress},
                {"last_cycle_peak", last_cycle_peak},
                {"cycle_start", cycle_start},
                {"collapse_times", collapse_times},
                {"collapse_causes", collapse_causes},
                {"pre_load", pre_load},
                {"coupling_iterations", coupling_iterations}};
      }
      void
      from_json(const nlohmann::json &j)
      {
        step             = j["step"];
        cycle            = j["cycle"];
        output_index     = j["output_index"];
        time             = j["time"];
        dt               = j["dt"];
        back_stress      = j["back_stress"];
        plated           = j["plated"];
        drained          = j["drained"];
        plated_total     = j["plated_total"];
        drained_total    = j["drained_total"];
        atoms_total      = j["atoms_total"];
        core_position    = j["core_position"];
        core_speed       = j["core_speed"];
        insertion_rate   = j["insertion_rate"];
        peak_back_stress = j["peak_back_stress"];
        last_cycle_peak  = j["last_cycle_peak"];
        cycle_start      = j["cycle_start"];
        collapse_times   = j["collapse_times"].get<std::vector<double>>();
        collapse_causes  = j["collapse_causes"].get<std::vector<std::string>>();
        pre_load         = j["pre_load"];
        coupling_iterations = j["coupling_iterations"];
      }
    };

    /** This rank's binary checkpoint of the mechanics in directory cp. */
    std::string
    mechanics_checkpoint(const std::string &cp, MPI_Comm comm)
    {
      return cp + "/mechanics_" +
             std::to_string(Utilities::MPI::this_mpi_process(comm)) + ".bin";
    }

    const std::string history_header =
      "step,t_s,dt_s,back_stress_Pa,core_position_nm,core_speed_nm_per_s,"
      "insertion_rate_atoms_per_s,drainage_rate_m3_per_s,plated_volume_m3,"
      "drained_volume_m3,growth_volume_m3,contact_force_N,max_von_mises_Pa,"
      "max_plastic_strain,cycle,coupling_iterations,newton_iterations";
  } // namespace

  template <int dim>
  nlohmann::json
  run_coupled(const RunParameters            &prm,
              const ThermalSolver<dim>       &thermal,
              SurfaceStep<dim>               &surface,
              CatalystAdaptor                &catalyst,
              const CatalystAdaptor::Channel &bulk,
              MPI_Comm                        comm,
              ConditionalOStream             &pcout)
  {
    const MechanicsParameters    &mp = prm.mechanics;
    const TimeSteppingParameters &ts = prm.time_stepping;
    const bool        root = Utilities::MPI::this_mpi_process(comm) == 0;
    const std::string dir  = prm.output_directory;

    ColumnMechanics<dim> mechanics(comm,
                                   prm.geometry,
                                   prm.materials[ids::material::column],
                                   mp);
    mechanics.set_temperature(
      [&](const std::vector<Point<dim>> &points, std::vector<double> &T) {
        std::vector<Tensor<1, dim>> unused;
        thermal.evaluate(points, T, unused);
      });
    // One stress-free temperature for the mechanics and the surface.
    mechanics.set_reference_temperature(stress_free_temperature(prm, thermal));
    if (mp.buckling_fe && dim == 2)
      throw ExcInputError("Parameter 'Mechanics/Buckling load' = finite "
                          "element needs 'Dimension' = 3: the axisymmetric "
                          "column has no lateral buckling modes.");
    // The buckling load the collapse check uses (doc/model.md, 8.5).
    const double buckling_load =
      mp.buckling_fe ? mechanics.buckling_load_fe() : mechanics.euler_load();
    const double A     = mechanics.contact_area();
    const double Omega = prm.surface.Omega;
    // Collapse threshold of the back stress: the narrowest section (the
    // neck, if any) yields at its own size-dependent strength, or the
    // column buckles (doc/model.md, 8.5).
    const double d_neck =
      mp.neck_diameter > 0 ? mp.neck_diameter : prm.geometry.column_diameter;
    const double neck_factor =
      std::pow(prm.geometry.column_diameter / d_neck, 2);
    const double neck_yield = mechanics.yield_strength(d_neck);
    const double collapse_stress =
      std::min(neck_yield / neck_factor, buckling_load / A);
    pcout << std::defaultfloat << std::setprecision(6)
          << "  mechanics: " << mechanics.n_dofs() << " DoFs (Q" << mp.degree
          << "), T_0 = " << mechanics.reference_temperature() << " K, yield "
          << mechanics.yield_strength() / 1e6 << " MPa"
          << (mp.neck_diameter > 0 ?
                " (" + Utilities::to_string(neck_yield / 1e6) + " at the neck)" :
                std::string())
          << ", Euler load " << mechanics.euler_load() << " N"
          << (mp.buckling_fe ? ", FE buckling load " +
                                 Utilities::to_string(buckling_load) + " N"
                             : std::string())
          << "\n";

    // The surface sees the mechanics' stress (doc/model.md, section 6):
    // the trace of the committed state, lagged by one step.
    const bool trace = prm.surface_transport.stress_trace ==
                       SurfaceTransportParameters::StressTrace::mechanics;
    const auto update_trace = [&]() {
      if (trace)
        surface.set_stress_trace(mechanics.surface_axial_stress());
    };

    LoopState                                   s;
    PvdSeries                                   series(dir, "mechanics");
    std::vector<std::pair<double, std::string>> mechanics_records;
    const bool restarting = !prm.restart_directory.empty();
    if (restarting)
      {
        const std::string cp = prm.restart_directory + "/checkpoint";
        std::ifstream     in(cp + "/state.json");
        if (!in)
          throw ExcInputError("--restart " + prm.restart_directory +
                              ": no checkpoint/state.json there.");
        const nlohmann::json j = nlohmann::json::parse(in);
        if (j["ranks"].get<unsigned int>() !=
            Utilities::MPI::n_mpi_processes(comm))
          throw ExcInputError("--restart: the checkpoint was written by " +
                              std::to_string(j["ranks"].get<unsigned int>()) +
                              " ranks; restart with as many.");
        s.from_json(j["state"]);
        surface.records = j["surface_records"]
                            .get<std::vector<std::pair<double, std::string>>>();
        mechanics_records =
          j["mechanics_records"]
            .get<std::vector<std::pair<double, std::string>>>();
        std::ifstream bin(mechanics_checkpoint(cp, comm), std::ios::binary);
        mechanics.load(bin);
        // Keep the history up to the checkpoint.
        if (root)
          {
            std::ifstream            old(dir + "/history.csv");
            std::vector<std::string> lines;
            std::string              line;
            while (std::getline(old, line) && lines.size() < s.step + 2)
              lines.push_back(line);
            old.close();
            std::ofstream out(dir + "/history.csv");
            for (const auto &l : lines)
              out << l << "\n";
          }
        for (const auto &[t, f] : mechanics_records)
          series.add(t, f, comm);
        pcout << "  restarted from step " << s.step << " at t = " << s.time
              << " s (cycle " << s.cycle << ")\n";
      }
    else
      {
        // The thermal pre-load: the state with nothing plated, subtracted
        // from every back stress as the experiment baselines it.
        const auto pre = mechanics.solve(0, 0);
        mechanics.commit();
        s.pre_load = pre.contact_force;
        s.dt       = ts.initial_step;
      }
    update_trace();
    // The pre-load's stress on the contact and the foot; the surface and
    // interfaces see the whole stress, sigma_b + pre_stress.
    const double pre_stress = s.pre_load / A;
    const SurfaceState unloaded = surface.solve(0, pre_stress);
    const double       T_h = unloaded.T_hot, T_c = unloaded.T_cold;
    const double stall = prm.surface.Q * std::log(T_h / T_c) / Omega;
    const double v_0   = unloaded.core_speed;

    std::ofstream history;
    if (root)
      {
        history.open(dir + "/history.csv",
                     restarting ? std::ios::app : std::ios::trunc);
        if (!restarting)
          history << history_header << "\n";
        history << std::setprecision(12);
      }

    typename ColumnMechanics<dim>::Result last;
    // The column's fields, built into a DataOut handed to `use`.
    const auto with_column_output =
      [&](const std::function<void(ScaledDataOut<dim> &)> &use) {
        const auto         fields = mechanics.cell_fields();
        ScaledDataOut<dim> data_out(1e9);
        data_out.attach_dof_handler(mechanics.get_dof_handler());
        std::vector<std::string> names(dim, "displacement_m");
        std::vector<DataComponentInterpretation::DataComponentInterpretation>
          kinds(dim, DataComponentInterpretation::component_is_part_of_vector);
        data_out.add_data_vector(mechanics.get_displacement(),
                                 names,
                                 DataOut<dim>::type_dof_data,
                                 kinds);
        data_out.add_data_vector(fields[0], "von_mises_Pa");
        data_out.add_data_vector(fields[1], "plastic_strain_eq");
        data_out.add_data_vector(fields[2], "sigma_zz_Pa");
        data_out.add_data_vector(fields[3], "T_K");
        data_out.build_patches(mechanics.get_mapping(),
                               mp.degree,
                               DataOut<dim>::curved_inner_cells);
        data_out.scale_patches();
        use(data_out);
      };
    auto write_output = [&]() {
      if (prm.output.write_vtu)
        with_column_output([&](ScaledDataOut<dim> &data_out) {
          const std::string pvtu = data_out.write_vtu_with_pvtu_record(
            dir + "/", "mechanics", s.output_index, comm, 4, 0);
          series.add(s.time, pvtu, comm);
          mechanics_records.emplace_back(s.time, pvtu);
        });
      surface.write(s.output_index, s.time);
      ++s.output_index;
    };
    // In situ: the stack's T, the column's stress and Gamma_s's fluxes.
    const auto hand_over = [&]() {
      catalyst.execute(
        s.time,
        s.step,
        {bulk,
         {"column",
          [&](std::ostream &out) {
            with_column_output([&](ScaledDataOut<dim> &data_out) {
              data_out.write_vtu_piece(out);
            });
          }},
         {"surface", [&](std::ostream &out) { surface.write_vtu(out); }}});
    };
    auto write_history = [&](const double drainage_rate) {
      if (!root)
        return;
      history << s.step << "," << s.time << "," << s.dt << "," << s.back_stress
              << "," << s.core_position / 1e-9 << "," << s.core_speed / 1e-9
              << "," << s.insertion_rate << "," << drainage_rate << ","
              << s.plated << "," << s.drained << "," << last.growth_volume
              << "," << last.contact_force << "," << last.max_von_mises << ","
              << last.max_plastic_strain << "," << s.cycle << ","
              << s.coupling_iterations << "," << last.newton_iterations
              << std::endl;
    };
    auto checkpoint = [&]() {
      const std::string cp = dir + "/checkpoint";
      if (root)
        std::filesystem::create_directories(cp);
      MPI_Barrier(comm);
      {
        std::ofstream bin(mechanics_checkpoint(cp, comm), std::ios::binary);
        mechanics.save(bin);
      }
      if (root)
        {
          nlohmann::json j = {{"ranks", Utilities::MPI::n_mpi_processes(comm)},
                              {"state", s.to_json()},
                              {"surface_records", surface.records},
                              {"mechanics_records", mechanics_records}};
          std::ofstream(cp + "/state.json.tmp") << j.dump();
          std::filesystem::rename(cp + "/state.json.tmp", cp + "/state.json");
        }
      MPI_Barrier(comm);
    };

    if (!restarting)
      {
        const auto &st   = surface.solve(0, pre_stress);
        s.insertion_rate = st.insertion_rate;
        s.core_speed     = st.core_speed;
        last             = mechanics.solve(0, 0);
        write_history(0);
        write_output();
        hand_over();
      }

    std::string end_reason = "end time";
    pcout << std::defaultfloat << std::setprecision(6)
          << "  coupled loop: steady state, end time " << ts.end_time << " s"
          << (ts.max_cycles
                ? ", or " + std::to_string(ts.max_cycles) + " cycles"
                : "")
          << "\n";
    while (true)
      {
        if (s.time >= ts.end_time * (1 - 1e-12))
          break;
        const double dt = std::min(s.dt, ts.end_time - s.time);
        // The back stress that closes the loop within the step: g(sigma) =
        // sigma - sigma_mech(V(sigma)) = 0, safeguarded secant.
        double                                rate_in = 0, rate_out = 0;
        typename ColumnMechanics<dim>::Result trial;
        const auto                            g = [&](const double sigma) {
          const SurfaceState &st = surface.solve(sigma, pre_stress);
          rate_in  = Omega * st.insertion_rate;
          rate_out = Omega * st.foot_removal_rate;
          trial =
            mechanics.solve(s.plated + dt * rate_in, s.drained + dt * rate_out);
          return sigma - (trial.contact_force - s.pre_load) / A;
        };
        const double scale = std::max({std::abs(s.back_stress), 1e6});
        double       x0 = s.back_stress, g0 = g(x0);
        double       x1 = x0 + 1e-3 * scale, g1 = g(x1);
        double       lo = -1e300, hi = 1e300; // bracket: g(lo) < 0 < g(hi)
        const auto   bracket = [&](double x, double gx) {
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
                        ExcMessage(
                          "The coupling of surface transport and "
                          "mechanics did not converge in " +
                          std::to_string(ts.max_coupling_iterations) +
                          " iterations at t = " + Utilities::to_string(s.time) +
                          " s; lower 'Time stepping/Stress increment "
                          "per step'."));
            double x2 = x1 - g1 * (x1 - x0) / (g1 - g0);
            if (!(x2 > lo && x2 < hi) || !std::isfinite(x2))
              x2 = (lo > -1e299 && hi < 1e299) ? 0.5 * (lo + hi)
                                               : x1 - g1; // fixed point
            x0 = x1, g0 = g1;
            x1 = x2, g1 = g(x1);
            bracket(x1, g1);
            ++it;
          }
        // Collapse: the narrowest section yields, or the column buckles. A
        // step that would cross the threshold by more than a tenth of its
        // length is shortened to land near it; the crossing time is then
        // interpolated within the step.
        if (x1 >= collapse_stress && s.back_stress < collapse_stress)
          {
            const double f =
              (collapse_stress - s.back_stress) / (x1 - s.back_stress);
            if (f < 0.9)
              {
                s.dt = std::max(f, 0.05) * dt * (1 + 1e-4);
                continue;
              }
          }
        // The last evaluation was at x1: its trial state is the step's.
        mechanics.commit();
        update_trace();
        last                         = trial;
        const double previous_stress = s.back_stress;
        const double previous_speed  = s.core_speed;
        s.back_stress                = x1;
        s.plated += dt * rate_in;
        s.drained += dt * rate_out;
        s.plated_total += dt * rate_in;
        s.drained_total += dt * rate_out;
        s.atoms_total += dt * rate_in / Omega;
        s.insertion_rate = rate_in / Omega;
        s.core_speed     = rate_in / A;
        s.core_position += dt * rate_in / A;
        s.time += dt;
        ++s.step;
        s.coupling_iterations += it;
        s.peak_back_stress = std::max(s.peak_back_stress, s.back_stress);

        pcout << "  step " << std::setw(5) << s.step
              << "  t = " << std::scientific << std::setprecision(3) << s.time
              << " s  sigma_b = " << std::fixed << std::setprecision(2)
              << s.back_stress / 1e6 << " MPa  v = " << std::setprecision(3)
              << s.core_speed / 1e-9 << " nm/s  its " << it << " (Newton "
              << last.newton_iterations << ")" << std::defaultfloat << "\n";
        write_history(rate_out);

        const double neck_stress = s.back_stress * neck_factor;
        const bool   yielded = neck_stress >= neck_yield * (1 - 1e-3);
        const bool buckled = s.back_stress * A >= buckling_load * (1 - 1e-3);
        bool       output  = s.step % ts.output_interval == 0;
        if (catalyst.due(s.step))
          hand_over();
        if (yielded || buckled)
          {
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
            pcout << "  collapse (" << s.collapse_causes.back()
                  << ") at t = " << t_collapse
                  << " s, sigma_b = " << s.back_stress / 1e6
                  << " MPa: the column springs back, cycle " << s.cycle + 2
                  << " begins\n";
            write_output();
            output = false;
            ++s.cycle;
            s.cycle_start = t_collapse;
            mechanics.reset();
            last = mechanics.solve(0, 0);
            mechanics.commit();
            update_trace();
            s.plated = s.drained = 0;
            s.back_stress        = 0;
            s.peak_back_stress   = 0;
            s.dt                 = ts.initial_step;
          }
        else
          {
            // Adaptive step toward the target stress change.
            const double change = std::abs(s.back_stress - previous_stress);
            const double factor =
              change > 0 ? std::clamp(ts.stress_increment / change, 0.5, 4.0)
                         : 4.0;
            s.dt = std::min(ts.max_step, dt * factor);
          }
        if (output)
          write_output();
        if (ts.checkpoint_interval > 0 && s.step % ts.checkpoint_interval == 0)
          checkpoint();

        if (ts.max_cycles > 0 && s.cycle >= ts.max_cycles)
          {
            end_reason = "cycles";
            break;
          }
        const bool steady =
          !yielded && !buckled &&
          std::abs(s.back_stress - previous_stress) <=
            ts.steady_tolerance * std::max(std::abs(s.back_stress), 1e6) &&
          std::abs(s.core_speed - previous_speed) <=
            ts.steady_tolerance *
              std::max(std::abs(s.core_speed), 1e-3 * std::abs(v_0));
        if (steady)
          {
            end_reason = "steady state";
            break;
          }
      }
    if (s.step % ts.output_interval != 0)
      write_output();
    if (catalyst.active() && !catalyst.due(s.step))
      hand_over();
    if (ts.checkpoint_interval > 0)
      checkpoint();

    // Summary (doc/model.md, section 9).
    const double speed        = s.core_speed;
    double       cycle_period = 0;
    if (s.collapse_times.size() >= 2)
      cycle_period = (s.collapse_times.back() - s.collapse_times.front()) /
                     (s.collapse_times.size() - 1);
    else if (s.collapse_times.size() == 1)
      cycle_period = s.collapse_times.front();
    const double reported_stress =
      s.collapse_times.empty() ? s.back_stress : s.last_cycle_peak;
    const double peak_neck =
      std::max(reported_stress, s.peak_back_stress) * neck_factor;
    nlohmann::json j = {
      {"back_stress_Pa", reported_stress},
      {"back_stress_final_Pa", s.back_stress},
      {"stall_stress_eq1_Pa", stall},
      {"core_speed_m_per_s", speed},
      {"core_speed_unloaded_m_per_s", v_0},
      {"circulation_period_s",
       speed > 0 ? prm.geometry.column_length / speed
                 : std::numeric_limits<double>::infinity()},
      {"cycles", s.collapse_times.size()},
      {"cycle_period_s", cycle_period},
      {"collapse_times_s", s.collapse_times},
      {"collapse_causes", s.collapse_causes},
      {"yield_strength_Pa", mechanics.yield_strength()},
      {"neck_yield_strength_Pa", neck_yield},
      {"yield_margin",
       peak_neck > 0 ? neck_yield / peak_neck
                     : std::numeric_limits<double>::infinity()},
      {"buckling_load_N", buckling_load},
      {"buckling_load_euler_N", mechanics.euler_load()},
      {"buckling_load_kind", mp.buckling_fe ? "finite element" : "analytic"},
      {"buckling_margin",
       reported_stress > 0 ? buckling_load / (reported_stress * A)
                           : std::numeric_limits<double>::infinity()},
      {"pre_load_N", s.pre_load},
      {"reference_temperature_K", mechanics.reference_temperature()},
      {"core_position_m", s.core_position},
      {"plated_volume_m3", s.plated_total},
      {"drained_volume_m3", s.drained_total},
      {"inserted_atoms", s.atoms_total},
      {"growth_volume_m3", last.growth_volume},
      {"cycle_plated_minus_drained_m3", s.plated - s.drained},
      {"pre_stress_Pa", pre_stress},
      {"max_plastic_strain", last.max_plastic_strain},
      {"time_s", s.time},
      {"steps", s.step},
      {"coupling_iterations", s.coupling_iterations},
      {"end_reason", end_reason},
      {"dofs", mechanics.n_dofs()}};
    for (const char *key :
         {"buckling_margin", "circulation_period_s", "yield_margin"})
      if (!std::isfinite(j[key].get<double>()))
        j[key] = nullptr; // no motion or no load: infinite

    // The surface step ends at the final back stress.
    surface.solve(s.back_stress, pre_stress);
    return j;
  }

  template nlohmann::json
  run_coupled(const RunParameters &,
              const ThermalSolver<2> &,
              SurfaceStep<2> &,
              CatalystAdaptor &,
              const CatalystAdaptor::Channel &,
              MPI_Comm,
              ConditionalOStream &);
  template nlohmann::json
  run_coupled(const RunParameters &,
              const ThermalSolver<3> &,
              SurfaceStep<3> &,
              CatalystAdaptor &,
              const CatalystAdaptor::Channel &,
              MPI_Comm,
              ConditionalOStream &);
} // namespace nanoconvect

// The coupled loop's writers: column VTU, Catalyst hand-over, history,
// checkpoints (written and read back) and the summary (doc/model.md,
// section 9).
#include <deal.II/base/data_out_base.h>
#include <deal.II/base/utilities.h>

#include <physics/surface_transport/stripe_speed.h>
#include <solver/coupled_loop.h>
#include <solver/interface_module.h>
#include <solver/mechanics_module.h>
#include <solver/parameter_check.h>
#include <solver/run_parameters.h>
#include <solver/surface_step.h>
#include <solver/thermal_module.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

namespace nanoconvect
{
  using namespace coupled;

  template <int dim>
  void
  CoupledLoop<dim>::write_output()
  {
    for (PhysicsModule *module : {static_cast<PhysicsModule *>(&column),
                                  static_cast<PhysicsModule *>(&surface),
                                  static_cast<PhysicsModule *>(&interface)})
      module->write_output(s.output_index, s.time);
    ++s.output_index;
  }

  template <int dim>
  void
  CoupledLoop<dim>::hand_over()
  {
    // In situ: the stack's T, the column's stress and Gamma_s's fluxes.
    catalyst.execute(
      s.time,
      s.step,
      {thermal.bulk_channel(),
       column.channel(),
       {"surface", [&](std::ostream &out) { surface.write_vtu(out); }}});
  }

  template <int dim>
  void
  CoupledLoop<dim>::write_history(const double drainage_rate)
  {
    if (!root)
      return;
    history << s.step << "," << s.time << "," << s.dt << "," << s.back_stress
            << "," << s.core_position / 1e-9 << "," << s.core_speed / 1e-9
            << "," << s.insertion_rate << "," << drainage_rate << ","
            << s.plated << "," << s.drained << "," << last.growth_volume << ","
            << last.contact_force << "," << last.max_von_mises << ","
            << last.max_plastic_strain << "," << s.cycle << ","
            << s.coupling_iterations << "," << last.newton_iterations
            << std::endl;
  }

  template <int dim>
  void
  CoupledLoop<dim>::checkpoint()
  {
    // Written whole into checkpoint.new, then swapped in by two renames:
    // a run killed at any moment leaves checkpoint/ or, between the
    // renames, checkpoint.old/ complete (complete_checkpoint()).
    namespace fs         = std::filesystem;
    const std::string cp = dir + "/checkpoint", fresh = cp + ".new",
                      old = cp + ".old";
    if (root)
      {
        fs::remove_all(fresh);
        fs::create_directories(fresh);
      }
    MPI_Barrier(comm);
    for (const PhysicsModule *module : modules)
      {
        std::ofstream bin(module_checkpoint(fresh, *module, comm),
                          std::ios::binary);
        module->save(bin);
        bin.flush();
        AssertThrow(bin.good(),
                    ExcMessage("Cannot write the checkpoint in " + fresh +
                               " (disk full?)."));
      }
    fault_point("checkpoint-data");
    MPI_Barrier(comm);
    if (root)
      {
        nlohmann::json j = {{"ranks", Utilities::MPI::n_mpi_processes(comm)},
                            {"state", s.to_json()}};
        std::ofstream(fresh + "/state.json") << j.dump();
        fs::remove_all(old);
        if (fs::exists(cp))
          fs::rename(cp, old);
        fault_point("checkpoint-swap");
        fs::rename(fresh, cp);
        fs::remove_all(old);
      }
    MPI_Barrier(comm);
  }

  template <int dim>
  void
  CoupledLoop<dim>::restore_checkpoint()
  {
    const std::string cp = complete_checkpoint(prm.restart_directory);
    std::ifstream     in(cp + "/state.json");
    if (cp.empty() || !in)
      throw ExcInputError("--restart " + prm.restart_directory +
                          ": no complete checkpoint there.");
    const nlohmann::json j = nlohmann::json::parse(in);
    if (j["ranks"].get<unsigned int>() !=
        Utilities::MPI::n_mpi_processes(comm))
      throw ExcInputError("--restart: the checkpoint was written by " +
                          std::to_string(j["ranks"].get<unsigned int>()) +
                          " ranks; restart with as many.");
    s.from_json(j["state"]);
    for (PhysicsModule *module : modules)
      {
        std::ifstream bin(module_checkpoint(cp, *module, comm),
                          std::ios::binary);
        if (!bin)
          throw ExcInputError("--restart " + prm.restart_directory +
                              ": the checkpoint has no state of the " +
                              module->name() + " module.");
        module->load(bin);
      }
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
  }

  template <int dim>
  nlohmann::json
  CoupledLoop<dim>::summary(const std::string &end_reason)
  {
    // doc/model.md, section 9.
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
    constexpr double infinite = std::numeric_limits<double>::infinity();
    nlohmann::json   j        = {
      {"back_stress_Pa", reported_stress},
      {"back_stress_final_Pa", s.back_stress},
      {"stall_stress_eq1_Pa", stall},
      {"core_speed_m_per_s", speed},
      {"core_speed_unloaded_m_per_s", v_0},
      {"circulation_period_s",
       speed > 0 ? prm.geometry.column_length / speed : infinite},
      {"cycles", s.collapse_times.size()},
      {"cycle_period_s", cycle_period},
      {"collapse_times_s", s.collapse_times},
      {"collapse_causes", s.collapse_causes},
      {"neck_yield_strength_Pa", neck_yield},
      {"yield_margin", peak_neck > 0 ? neck_yield / peak_neck : infinite},
      {"buckling_load_N", buckling_load},
      {"buckling_load_kind",
       mp.buckling_fe ? "finite element" :
       surface.shape() ? "profile" :
                         "analytic"},
      {"buckling_margin",
       reported_stress > 0 ? buckling_load / (reported_stress * A) : infinite},
      {"pre_load_N", s.pre_load},
      {"pre_stress_Pa", pre_stress},
      {"core_position_m", s.core_position},
      {"plated_volume_m3", s.plated_total},
      {"drained_volume_m3", s.drained_total},
      {"inserted_atoms", s.atoms_total},
      {"growth_volume_m3", last.growth_volume},
      {"cycle_plated_minus_drained_m3", s.plated - s.drained},
      {"max_plastic_strain", last.max_plastic_strain},
      {"time_s", s.time},
      {"steps", s.step},
      {"coupling_iterations", s.coupling_iterations},
      {"end_reason", end_reason}};
    j.update(column.summary());
    if (surface.shape())
      {
        // The d(h, t) map's stripes against the core (doc/model.md, 6.1),
        // measured on the records written, and the bulk meshes' moves.
        StripeSpeed stripes;
        if (root)
          {
            history.flush();
            stripes = measure_stripe_speed(dir);
          }
        stripes = Utilities::MPI::broadcast(comm, stripes, 0);
        j["profile_map"] = {
          {"pairs", stripes.pairs},
          {"stripe_speed_m_per_s",
           stripes.pairs ? nlohmann::json(stripes.stripe_speed) : nullptr},
          {"core_speed_m_per_s",
           stripes.pairs ? nlohmann::json(stripes.core_speed) : nullptr}};
        j["bulk_moves"]              = s.bulk_moves;
        j["bulk_jacobian_ratio_min"] = s.bulk_quality;
      }
    for (const char *key :
         {"buckling_margin", "circulation_period_s", "yield_margin"})
      if (!std::isfinite(j[key].get<double>()))
        j[key] = nullptr; // no motion or no load: infinite
    if (s.collapse_times.empty())
      j["cycle_period_s"] = nullptr; // no cycle, no period
    return j;
  }

  template class CoupledLoop<2>;
  template class CoupledLoop<3>;
} // namespace nanoconvect

#pragma once

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/mpi.h>

#include <physics/mechanics/column_mechanics.h>
#include <solver/catalyst.h>
#include <solver/loop_state.h>
#include <solver/output.h>
#include <solver/physics_module.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  struct RunParameters;
  struct MechanicsParameters;
  struct TimeSteppingParameters;
  template <int dim>
  class ThermalModule;
  template <int dim>
  class SurfaceStep;
  template <int dim>
  class MechanicsModule;
  class InterfaceModule;

  namespace coupled
  {
    /**
     * The constants of the step control (doc/model.md, section 9), in one
     * place.
     */
    namespace step_control
    {
      // The step grows or shrinks toward 'Stress increment per step' by at
      // most these factors per step.
      constexpr double min_factor = 0.5, max_factor = 4.0;
      // A step that would cross the collapse threshold by more than
      // (1 - landing_fraction) of itself is shortened to land on it, to no
      // less than min_landing of itself and landing_margin past it.
      constexpr double landing_fraction = 0.9, min_landing = 0.05,
                       landing_margin = 1e-4;
      // Thresholds are reached within this relative tolerance.
      constexpr double threshold_tolerance = 1e-3;
      // The secant's second point, relative to the stress scale.
      constexpr double secant_offset = 1e-3;
      // Scales of the stress (Pa) and, relative to the unloaded speed, of
      // the speed in the tolerances.
      constexpr double stress_scale = 1e6, speed_scale = 1e-3;
      // An evolving column's narrowest diameter changes by at most this
      // (relative) per step; the step shrinks by down to shape_min_factor
      // to keep it (a neck that deepens is caught by the collapse check
      // before it pinches).
      constexpr double shape_change = 0.01, shape_min_factor = 0.1;
    } // namespace step_control

    /** This rank's checkpoint of a module in directory cp. */
    inline std::string
    module_checkpoint(const std::string   &cp,
                      const PhysicsModule &module,
                      MPI_Comm             comm)
    {
      return cp + "/" + module.name() + "_" +
             std::to_string(Utilities::MPI::this_mpi_process(comm)) + ".bin";
    }

    inline const std::string history_header =
      "step,t_s,dt_s,back_stress_Pa,core_position_nm,core_speed_nm_per_s,"
      "insertion_rate_atoms_per_s,drainage_rate_m3_per_s,plated_volume_m3,"
      "drained_volume_m3,growth_volume_m3,contact_force_N,max_von_mises_Pa,"
      "max_plastic_strain,cycle,coupling_iterations,newton_iterations";
  } // namespace coupled

  /**
   * The coupled loop of one run in named steps (doc/model.md, section 9):
   * set up (mechanics, thresholds, pre-load or restart), then per step
   * advance (the back stress that closes the step), accept (commit and
   * record), collapse (spring back) or adapt the step, write, checkpoint;
   * the summary at the end. The physics modules meet here: the loop hands
   * the thermal solution to the mechanics, the mechanics' surface stress
   * and the interfaces' kinetics to the surface transport, the surface's
   * rates to the mechanics and the interfaces; writes and checkpoints go
   * to every module alike (PhysicsModule).
   */
  template <int dim>
  class CoupledLoop
  {
  public:
    CoupledLoop(const RunParameters  &prm,
                ThermalModule<dim>   &thermal,
                SurfaceStep<dim>     &surface,
                InterfaceModule      &interface,
                MechanicsModule<dim> &column,
                CatalystAdaptor      &catalyst,
                MPI_Comm              comm,
                ConditionalOStream   &pcout);

    /** Runs to the end; returns the "mechanics" section of summary.json. */
    nlohmann::json
    run();

  private:
    /** One step's closed state: the back stress, the rates and the column. */
    struct Trial
    {
      double                                sigma = 0, rate_in = 0, rate_out = 0;
      double                                dt         = 0;
      unsigned int                          iterations = 0;
      typename ColumnMechanics<dim>::Result column;
    };

    void
    set_up_start();
    /** The back stress that closes a step of length dt: g(sigma) = sigma -
     *  sigma_mech(V(sigma)) = 0 by a safeguarded secant iteration. */
    Trial
    advance(double dt);
    /** Shortens the step if the trial crosses the collapse threshold by
     *  more than it should; true if it did (the step is then redone). */
    bool
    land_on_collapse(const Trial &trial);
    void
    accept(const Trial &trial);
    /** Yield or buckling at the accepted state: records and resets the
     *  column for a new cycle; true if it collapsed. */
    bool
    collapse(double previous_stress, double dt);
    void
    adapt_step(double previous_stress, double dt);
    bool
    steady(double previous_stress, double previous_speed) const;

    void
    update_trace();
    /** The interfaces' sigma_n(r) and plating for the last surface solve. */
    void
    couple_interfaces();
    /** The column's stiffness over the contact's rings (Pa per m of
     *  plated thickness), by one elastic-plastic solve per ring from the
     *  committed state (section 10.1.1); restores the committed state's
     *  stresses. */
    std::vector<double>
    contact_stiffness();
    /** The committed contact stress per ring, after a commit. */
    void
    record_contact_stress();
    /** The collapse threshold from the narrowest section: the evolving
     *  profile's, 'Mechanics/Neck diameter', or the column's. */
    void
    update_neck();
    /** The bulk meshes follow the evolving surface (doc/model.md, 6.2):
     *  its current shape (to_shape), or where they last followed it (a
     *  restart). The thermal field is solved again on the moved mesh
     *  unless restarting; the surface and the column take T from it. */
    void
    follow_shape(bool to_shape);
    void
    write_output();
    void
    hand_over();
    void
    write_history(double drainage_rate);
    void
    checkpoint();
    /** --restart: the state, each module's state and history.csv up to
     *  the checkpoint in prm.restart_directory (input errors name what is
     *  missing). */
    void
    restore_checkpoint();
    nlohmann::json
    summary(const std::string &end_reason);

    const RunParameters                        &prm;
    const MechanicsParameters                  &mp;
    const TimeSteppingParameters               &ts;
    ThermalModule<dim>                         &thermal;
    SurfaceStep<dim>                           &surface;
    InterfaceModule                            &interface;
    MechanicsModule<dim>                       &column;
    ColumnMechanics<dim>                       &mechanics; // column's
    std::vector<PhysicsModule *>                modules; // checkpoints
    CatalystAdaptor                            &catalyst;
    MPI_Comm                                    comm;
    ConditionalOStream                         &pcout;
    const bool                                  root;
    const std::string                           dir;
    double                                      buckling_load = 0, A = 0;
    double                                      Omega = 0;
    double                                      neck_factor = 1, neck_yield = 0;
    double                                      collapse_stress = 0;
    double                                      pre_stress = 0, stall = 0, v_0 = 0;
    LoopState                                   s;
    std::ofstream                               history;
    typename ColumnMechanics<dim>::Result       last;
    std::vector<double> contact_stress; // committed, per ring (Pa)
    // Wall clock of the loop, for the progress lines' time and bound.
    Timer                                       wall;
    double                                      last_wall = 0;
    // The last step's relative change of the narrowest diameter.
    double                                      neck_change = 0;
    // T at points of the stack (collective), from the thermal module.
    typename ColumnMechanics<dim>::TemperatureSampler sample_temperature;

  };

} // namespace nanoconvect

#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>


#include <physics/surface_transport/column_surface.h>
#include <physics/surface_transport/surface_transport.h>
#include <solver/interface_module.h>
#include <solver/physics_module.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  struct RunParameters;
  template <int dim>
  class ThermalSolver;

  /** Parameters of the surface-transport step ("Surface transport"). */
  struct SurfaceTransportParameters
  {
    enum class StressTrace
    {
      mechanics, // the column's axial stress from the mechanics solution
      thermal,   // E alpha (T - T_0), runs without mechanics
      none
    };
    bool         enabled        = true;
    unsigned int n_elements     = 240;
    unsigned int refinements_3d = 3;
    double       back_stress    = 0; // Pa, compression positive
    StressTrace  stress_trace   = StressTrace::mechanics;

    static void
    declare_parameters(ParameterHandler &prm);
    void
    parse_parameters(ParameterHandler &prm);
  };

  /** Column-level results of one surface-transport solve. */
  struct SurfaceState
  {
    double       back_stress    = 0; // Pa, the back stress asked for
    double       contact_stress = 0; // Pa, mean on the contact and the foot
    double       insertion_rate = 0; // atoms/s into the cold contact
    double       core_speed     = 0; // m/s, Omega rate / contact area
    double       mean_J = 0, mean_J_T = 0, mean_J_sigma = 0; // atoms/m^2/s
    double       T_hot = 0, T_cold = 0; // K, at the column's two ends
    // The two ends (doc/model.md, section 10): mu at the foot's ring and
    // at the contact's perimeter (J), the interface stress there (Pa), the
    // atoms leaving the foot and arriving over the substrate (atoms/s).
    double       mu_hot = 0, mu_cold = 0;
    double       contact_edge_stress = 0, foot_edge_stress = 0;
    double       foot_removal_rate = 0, substrate_inflow = 0;
    unsigned int newton_iterations = 0, end_iterations = 0;
  };

  /** The run's one stress-free temperature T_0 (K): 'Mechanics/Thermal
   *  strain reference', or the column's volume-mean temperature. The
   *  mechanics and the surface's thermal trace both take it from here. */
  template <int dim>
  double
  stress_free_temperature(const RunParameters      &parameters,
                          const ThermalSolver<dim> &thermal);

  /**
   * The surface-transport module of a run (doc/model.md, sections 6, 9.1
   * and 10): set-up samples the bulk temperature's trace on the column's
   * surface and on the substrate's (collective); solve() solves for the
   * contact stress set by set_contact_stress() with the end kinetics the
   * driver handed over (every rank the same answer); write_output() writes
   * surface.csv, substrate_surface.csv and the surface.pvd series (rank 0).
   * Axisymmetric: along the generatrix (SurfaceTransport1D); 3D: on the
   * column-surface mesh extracted from the stack (SurfaceTransportMesh).
   */
  template <int dim>
  class SurfaceStep : public PhysicsModule
  {
  public:
    SurfaceStep(const RunParameters      &parameters,
                const ThermalSolver<dim> &thermal,
                MPI_Comm                  comm);
    ~SurfaceStep() override;

    std::string
    name() const override
    {
      return "surface";
    }
    /** Before setup(): the run's stress-free temperature T_0 (K), for the
     *  'thermal' stress trace, and the end kinetics of the interfaces
     *  (whether the hot end is the substrate's surface is read at set-up;
     *  the kinetic coefficients may be handed over again at any time). */
    void
    set_stress_free_temperature(double T_0);
    void
    set_end_kinetics(const EndKinetics &kinetics);
    void
    setup() override;
    /** Mean T (K) of the foot's ring and the contact's perimeter. */
    std::pair<double, double>
    end_temperatures() const
    {
      return {T_hot, T_cold};
    }

    /** The back stress sigma_b (Pa) over the thermal pre-load stress (Pa):
     *  the contact and the foot carry sigma_b + pre_stress. */
    void
    set_contact_stress(double back_stress, double pre_stress = 0);
    void
    solve() override;
    /** set_contact_stress() and solve(); the state of the solve. */
    const SurfaceState &
    solve(double back_stress, double pre_stress = 0);
    const SurfaceState &
    last_state() const
    {
      return state;
    }
    /** The stress trace along the column surface, (z, sigma) pairs with z
     *  in m increasing and sigma in Pa, compression positive; interpolated
     *  linearly to the surface's nodes (constant beyond the ends). */
    void
    set_stress_trace(const std::vector<std::pair<double, double>> &trace);
    /** surface.csv, substrate_surface.csv (the last solve) and
     *  surface_<index>.vtu in the series. */
    void
    write_output(unsigned int index, double time) override;
    /** The last solve's fields on Gamma_s as one VTU piece (coordinates in
     *  nm), written on rank 0; the other ranks write nothing. */
    void
    write_vtu(std::ostream &out) const;
    /** The evolving column's shape (doc/model.md, section 6.1), or null
     *  when the column keeps its shape. */
    const ColumnShape *
    shape() const
    {
      return column->shape();
    }
    /** Moves an evolving column's surface over dt (s) with the last
     *  solve's fields, then its core by displacement (m) toward the foot
     *  (collective: every rank holds the surface). */
    void
    advance_shape(double dt, double displacement);
    /** An evolving column: the largest distance (m) between its surface
     *  and where the bulk meshes last followed it; 0 otherwise. */
    double
    bulk_lag() const
    {
      return column->bulk_lag();
    }
    /** The surface radius R(z) (m, z in the stack's frame) the bulk
     *  meshes follow (doc/model.md, 6.2): an evolving column's current
     *  shape after to_shape, else where they last followed it (a restart
     *  moves them back there). After the thermal solve on the moved mesh,
     *  resample_temperature(). */
    std::function<double(double)>
    follow_bulk(bool to_shape);
    /** T at the surface's nodes from the thermal solution again, and the
     *  column's end temperatures (collective). */
    void
    resample_temperature();
    /** Appends the profile d(h) at time t (s) to profile.csv (rank 0; the
     *  first record starts the file), and drops the records after t on a
     *  restart. */
    void
    record_profile(double time, bool first = false) const;
    void
    truncate_profile(double time) const;
    /** The "surface" section of summary.json for the last solve. */
    nlohmann::json
    summary() const override;
    /** The .pvd records written so far. */
    void
    save(std::ostream &out) const override;
    void
    load(std::istream &in) override;

  private:
    /** The bulk temperature at the column surface's sampling points. */
    std::vector<double>
    surface_temperature() const;
    /** substrate_surface.csv's rows: the substrate's surface solution. */
    void
    write_substrate_csv(std::ostream &out) const;

    const RunParameters      &prm;
    const ThermalSolver<dim> &thermal;
    MPI_Comm                  comm;
    double                    T_0 = 0;
    EndKinetics               ends;
    double                    back_stress = 0, pre_stress = 0;
    // The column's surface (generatrix or surface mesh, by dimension) and
    // the 1D solver of the substrate's surface.
    std::unique_ptr<ColumnSurface>      column;
    std::unique_ptr<SurfaceTransport1D> line;
    ColumnSurface::Result               last_column;
    SurfaceState                        state;
    double                              T_hot = 0, T_cold = 0;
    // The substrate's free surface from the matrix to the foot (section
    // 10.2), as a line of the 1D solver.
    SurfaceTransport1D::Profile  substrate;
    std::vector<double>          substrate_r, substrate_z; // m
    std::vector<Point<dim>>      substrate_points; // where T is sampled
    SurfaceTransport1D::Solution last_substrate;
    std::vector<std::pair<double, std::string>> records; // surface.pvd
  };

} // namespace nanoconvect

#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/fe/mapping_q_cache.h>
#include <deal.II/distributed/tria.h>

#include <meshes/column_mesh_motion.h>
#include <physics/thermal/thermal_solver.h>
#include <solver/catalyst.h>
#include <solver/output.h>
#include <solver/physics_module.h>

#include <functional>
#include <memory>

namespace nanoconvect
{
  using namespace dealii;

  struct RunParameters;

  /**
   * The thermal module of a run (doc/model.md, sections 2 and 9.1): the
   * stack's heat conduction (ThermalSolver) with its outputs, the bulk
   * .pvtu series and profiles.csv, and its summary section (column-end
   * temperatures, gradients, heat flows and the energy balance). solve()
   * is the steady solve, or one theta-scheme step of the length set by
   * set_time_step() after start_transient().
   */
  template <int dim>
  class ThermalModule : public PhysicsModule
  {
  public:
    /** mapping: the stack's geometry, which follow_column() moves. */
    ThermalModule(const RunParameters                             &parameters,
                  const parallel::distributed::Triangulation<dim> &tria,
                  MappingQCache<dim>                              &mapping,
                  MPI_Comm                                         comm);
    ~ThermalModule() override;

    std::string
    name() const override
    {
      return "thermal";
    }
    void
    setup() override;
    void
    solve() override;
    void
    write_output(unsigned int index, double time) override;
    nlohmann::json
    summary() const override;
    void
    save(std::ostream &out) const override;
    void
    load(std::istream &in) override;

    /** Transient runs: the uniform start (then the Dirichlet values), and
     *  the length of the steps solve() takes (s). */
    void
    start_transient(double initial_temperature);
    void
    set_time_step(double dt);

    /**
     * Moves the stack's mesh so that the column's surface lies at radius(z)
     * (m), the ALE motion of meshes/column_mesh_motion.h, and solves the
     * steady problem on the new shape (doc/model.md, section 6.2). Returns
     * the smallest Jacobian ratio of the moved cells (collective).
     */
    double
    follow_column(const std::function<double(double)> &radius);
    /** The motion of follow_column() without the solve (a restart's
     *  mesh, whose temperature the checkpoint holds). */
    double
    move_mesh(const std::function<double(double)> &radius);

    /** The temperatures along the axis and the column's surface. */
    void
    write_profiles() const;
    /** The bulk fields as the Catalyst channel "bulk". */
    CatalystAdaptor::Channel
    bulk_channel() const;

    const ThermalSolver<dim> &
    solver() const
    {
      return thermal;
    }
    /** What the solves so far did, summed (the last change is the last
     *  solve's). */
    const ThermalSolveReport &
    totals() const
    {
      return sums;
    }
    const ThermalSolveReport &
    last_report() const
    {
      return last;
    }

  private:
    /** Builds the bulk fields' patches (the 'Output fields') and hands
     *  the DataOut to `use`. */
    void
    with_bulk_output(
      const std::function<void(ScaledDataOut<dim> &)> &use) const;

    const RunParameters                             &prm;
    const parallel::distributed::Triangulation<dim> &tria;
    MappingQCache<dim>                              &mapping;
    MPI_Comm                                         comm;
    ThermalSolver<dim>                               thermal;
    std::unique_ptr<ColumnMeshMotion<dim>>           motion;
    PvdSeries                 series;
    ThermalSolveReport        sums, last;
    double                    time_step = 0; // 0: steady
  };
} // namespace nanoconvect

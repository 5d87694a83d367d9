#pragma once

#include <deal.II/base/function.h>
#include <deal.II/base/index_set.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/trilinos_vector.h>

#include <physics/materials/material_table.h>
#include <physics/thermal/thermal_linear_system.h>
#include <physics/thermal/thermal_multigrid.h>
#include <physics/thermal/thermal_parameters.h>

#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace nanoconvect
{
  namespace internal
  {
    template <int dim>
    struct ThetaScheme;
  } // namespace internal

  using namespace dealii;

  /** What one solve did, for progress lines, benchmarks and summary.json. */
  struct ThermalSolveReport
  {
    unsigned int nonlinear_iterations = 0;
    unsigned int linear_iterations    = 0; // summed over nonlinear iterations
    double       last_change          = 0; // K, last nonlinear update
    double       assembly_time        = 0; // s (wall)
    double       preconditioner_time  = 0; // s
    double       solve_time           = 0; // s
  };

  /**
   * Heat conduction -div(k(x,T) grad T) = q in the stack (doc/model.md,
   * section 2): Dirichlet T on the hot and cold faces, adiabatic or grey-body
   * radiative free surfaces, optional theta-scheme transient with rho c_p.
   * One code for the axisymmetric r-z form (dim = 2, every integral carries
   * the weight 2 pi r, so heat flows come out in W) and the 3D form.
   * Continuous Lagrange elements on a distributed mesh; CG with a matrix-free
   * geometric multigrid V-cycle, or the assembled matrix with Trilinos ML or
   * hypre BoomerAMG ('Linear solver', 'Linear algebra').
   */
  template <int dim>
  class ThermalSolver
  {
  public:
    ThermalSolver(const Triangulation<dim> &tria,
                  const Mapping<dim>       &mapping,
                  const ThermalParameters  &parameters,
                  const MaterialTable      &materials,
                  bool                      axisymmetric);

    /** Temperature held on a boundary (replaces the hot/cold defaults). */
    void
    set_boundary_temperature(types::boundary_id                   id,
                             std::shared_ptr<const Function<dim>> temperature);
    /** Volumetric heat source q in W/m^3 (none by default). */
    void
    set_heat_source(std::shared_ptr<const Function<dim>> source);

    /** Distributes DoFs and builds constraints and the matrix pattern. */
    void
    setup_dofs();

    /** The mapping moved (the mesh follows the column): the matrix-free
     *  operator rebuilds its geometry at the next solve. */
    void
    geometry_changed();

    /** True when the linear systems are solved matrix-free ('Thermal/Linear
     *  solver' = matrix-free and no radiation). */
    bool
    uses_matrix_free() const;
    /** Why the matrix-free solver cannot run here ("" when it can). */
    std::string
    matrix_free_unavailable() const;

    /** The multigrid hierarchy (levels 0 when matrix-based). */
    MultigridInfo
    multigrid_info() const;

    /** Solves the steady problem (nonlinear loop when needed). */
    ThermalSolveReport
    solve_steady();

    /** Sets a uniform temperature (then the Dirichlet values) for a run. */
    void
    set_initial_temperature(double T0);
    /** One theta-scheme step of length dt. */
    ThermalSolveReport
    advance(double dt);

    /**
     * Heat flowing into the body through boundary id (W), from the weak-form
     * residual tested with the function that is 1 on that boundary's nodes
     * (consistent flux: hot + cold + sources = radiated + stored, to solver
     * tolerance).
     */
    double
    heat_inflow(types::boundary_id id) const;
    /** Power radiated by the free surfaces (W), 0 without radiation; in
     *  transient mode the theta-weighted mean over the last step. */
    double
    radiated_power() const;

    /** T and grad T at arbitrary points (collective; every rank asks for
     *  the same points and gets all values). */
    void
    evaluate(const std::vector<Point<dim>> &points,
             std::vector<double>           &values,
             std::vector<Tensor<1, dim>>   &gradients) const;

    /** Largest |dT/dz| at quadrature points of cells of one material. */
    double
    max_axial_gradient(types::material_id material) const;

    /** Volume mean of T over the cells of one material (collective; with
     *  the 2 pi r weight in the axisymmetric form), K. */
    double
    mean_temperature(types::material_id material) const;
    /** Smallest and largest nodal temperature (collective). */
    std::pair<double, double>
    temperature_range() const;

    /** Weight of the volume element: 2 pi r (axisymmetric) or 1. */
    double
    weight(const Point<dim> &p) const;

    const DoFHandler<dim> &
    get_dof_handler() const
    {
      return dof_handler;
    }
    const Mapping<dim> &
    get_mapping() const
    {
      return mapping;
    }
    /** The temperature, with ghost entries (K). */
    const TrilinosWrappers::MPI::Vector &
    get_solution() const
    {
      return solution;
    }
    const MaterialTable &
    get_materials() const
    {
      return materials;
    }
    bool
    is_axisymmetric() const
    {
      return axisymmetric;
    }

    /** Heat stored per unit time in the last transient step, int rho c_p
     *  (T - T_old)/dt dV (W); 0 in steady mode (collective). */
    double
    stored_power() const;

    /** Writes / reads this rank's temperatures (owned entries, the last
     *  step's too) and the last step length, binary: a checkpoint on the
     *  same mesh and ranks. */
    void
    save(std::ostream &out) const;
    void
    load(std::istream &in);

  private:
    /** The theta scheme of a step of length dt (0: steady). */
    internal::ThetaScheme<dim>
    theta_scheme(double dt) const;
    bool
    nonlinear() const;
    /** Radiated heat flux eps sigma (T^4 - T_amb^4) in W/m^2. */
    double
    radiative_flux(double T) const;
    void
    make_constraints();
    /** Assembles the linear system of the next iterate, with coefficients
     *  from linearization_point; old_solution and dt only in transient. */
    void
    assemble(const TrilinosWrappers::MPI::Vector &linearization_point,
             const TrilinosWrappers::MPI::Vector *old_solution,
             double                               dt);
    ThermalSolveReport
    iterate(const TrilinosWrappers::MPI::Vector *old_solution, double dt);
    /** Stops with a message if a (non-ghosted) field is not finite. */
    void
    check_finite(const TrilinosWrappers::MPI::Vector &owned) const;

    MPI_Comm                  mpi_communicator;
    const Triangulation<dim> &triangulation;
    const Mapping<dim>       &mapping;
    const ThermalParameters  &parameters;
    const MaterialTable      &materials;
    const bool                axisymmetric;

    FE_Q<dim>       fe;
    DoFHandler<dim> dof_handler;
    IndexSet        locally_owned_dofs;
    IndexSet        locally_relevant_dofs;

    std::map<types::boundary_id, std::shared_ptr<const Function<dim>>>
                                         boundary_temperature;
    std::shared_ptr<const Function<dim>> heat_source;

    AffineConstraints<double> hanging_node_constraints;
    AffineConstraints<double> constraints; // hanging nodes + Dirichlet

    TrilinosWrappers::MPI::Vector solution;            // ghosted
    TrilinosWrappers::MPI::Vector old_solution;        // ghosted, transient
    double                        last_dt = 0;         // transient storage term
    std::unique_ptr<ThermalMultigrid<dim>>  multigrid; // matrix-free only
    std::unique_ptr<AssembledThermalSystem> linear_system; // matrix-based only
  };
} // namespace nanoconvect

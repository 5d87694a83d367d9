#pragma once

#include <deal.II/base/index_set.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/point.h>
#include <deal.II/base/quadrature_point_data.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>
#include <deal.II/lac/vector.h>

#include <meshes/column_mesh_motion.h>
#include <meshes/stack_geometry.h>
#include <physics/materials/material_table.h>
#include <physics/mechanics/j2_plasticity.h>
#include <physics/mechanics/mechanics_parameters.h>

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace dealii::TrilinosWrappers
{
  class PreconditionAMG;
}

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Quasi-static small-strain elasto-plasticity of the column (doc/model.md,
   * section 8): J2 with linear isotropic hardening (j2_plasticity.h), the
   * thermal strain alpha (T - T_0) and a growth eigenstrain in a thin layer
   * under the cold contact that holds the plated volume. The substrate and
   * the tip are supports: the hot end bonded (or sliding), the cold contact
   * rigid, a linear spring, or free. One code for the axisymmetric r-z form
   * (dim = 2, components r, theta, z, weight 2 pi r) and 3D; Newton with a
   * backtracking line search, CG with ML AMG on a p4est mesh.
   *
   * Loads are trial states from the last committed one: solve() as often as
   * a coupling iteration needs, then commit() the accepted step.
   */
  class TangentPreconditioner;
  class SolutionProjection;

  template <int dim>
  class ColumnMechanics
  {
  public:
    /** sampler(points, values): temperatures (K) at points (collective:
     *  every rank passes the same points). */
    using TemperatureSampler =
      std::function<void(const std::vector<Point<dim>> &,
                         std::vector<double> &)>;

    ColumnMechanics(MPI_Comm                   comm,
                    const StackGeometry       &geometry,
                    const RegionMaterial      &column,
                    const MechanicsParameters &parameters);
    ~ColumnMechanics();

    /** Samples T at the quadrature points and sets T_0 from the parameters
     *  (collective). */
    void
    set_temperature(const TemperatureSampler &sampler);
    /** Sets the stress-free temperature T_0 (K): the run's one value
     *  (solver/surface_step.h, stress_free_temperature). */
    void
    set_reference_temperature(double T_0);

    struct Result
    {
      double contact_force      = 0; // N on the cold contact, + compressive
      double top_displacement   = 0; // m, mean u_z of the contact
      double max_von_mises      = 0; // Pa
      double max_plastic_strain = 0; // equivalent
      double growth_volume      = 0; // m^3, integral of the growth
                                     // minus drainage eigenstrain
      unsigned int newton_iterations = 0;
      unsigned int linear_iterations = 0;
    };

    /**
     * Equilibrium with the plated volume (m^3) as a growth eigenstrain in the
     * layer at the contact and the drained volume as a shrinkage of the row
     * of cells at the hot end, from the committed state. With the cold
     * support 'prescribed' (tests), u_z on the contact is top_displacement.
     */
    Result
    solve(double plated_volume,
          double drained_volume   = 0,
          double top_displacement = 0);

    /**
     * How the plated volume spreads over the contact (doc/model.md,
     * section 10.1.1): weights f_j of the rings between edges e_j and
     * e_{j+1} (m, from 0 to R); the growth eigenstrain at a point of the
     * layer is proportional to its ring's weight. Empty f: uniform.
     */
    void
    set_plating_distribution(const std::vector<double> &edges,
                             const std::vector<double> &f);
    /** The last solve's normal stress on the contact, -sigma_zz averaged
     *  over the growth layer in each ring between the edges (Pa,
     *  compression positive; collective). */
    std::vector<double>
    contact_ring_stress(const std::vector<double> &edges) const;
    /** Axisymmetric: the radii (m) of the growth layer's cell boundaries,
     *  from 0 to R, every rank the same (collective); 3D: empty (the
     *  cells are not rings). */
    std::vector<double>
    layer_cell_radii() const;
    /** The growth layer's volume (m^3, quadrature) in each ring between
     *  the edges (collective). */
    std::vector<double>
    layer_ring_volumes(const std::vector<double> &edges) const;
    /** The distance from the axis (m) of every quadrature point of the
     *  growth layer, all ranks' (collective). */
    std::vector<double>
    layer_radii() const;

    /** Where a long solve reports its progress ('Mechanics/Progress
     *  interval'); called on every rank with the same text. */
    void
    set_progress(std::function<void(const std::string &)> report);

    /**
     * Moves the column's mesh so that its surface lies at radius(z) (m):
     * the ALE motion of meshes/column_mesh_motion.h (doc/model.md, 6.2).
     * The topology is unchanged, so each quadrature point keeps its
     * plastic history and the DoFs their displacement; with `transfer`
     * each point also keeps its total strain (what sym grad u gives on the
     * moved cell is corrected by the point's inherited strain), so its
     * stress carries over unchanged; without (a restart's re-placement,
     * whose checkpoint holds the inherited strains) the strains are left
     * alone. The points' radii, volume weights and the plating and
     * drainage norms follow the new shape, and T is sampled again where
     * the points now are. The contact keeps its radius (the shape holds
     * it). Returns the smallest Jacobian ratio of the moved cells
     * (collective).
     */
    double
    follow_surface(const std::function<double(double)> &radius,
                   const TemperatureSampler            &sampler,
                   bool                                 transfer = true);

    /** Accepts the last solve: its plastic history becomes the state. */
    void
    commit();
    /** A stress-free column: u = 0, no plastic strain (after a collapse). */
    void
    reset();

    double
    contact_area() const;
    /** sigma_y of the column's diameter: sigma_y (d_anchor / d)^m. */
    double
    yield_strength() const;
    /** sigma_y at another diameter d (m), e.g. a neck's. */
    double
    yield_strength(double diameter) const;
    /**
     * The committed axial stress on the column's surface, -sigma_zz
     * (compression positive), as (z, sigma) pairs in m and Pa with z
     * increasing: the mean of each row of outer cells (those with a face on
     * r = R), every rank the same (collective).
     */
    std::vector<std::pair<double, double>>
    surface_axial_stress() const;
    /** Euler load pi^2 E I / (K L)^2 of the column (N). */
    double
    euler_load() const;
    /** The Euler load (N) of the column with radius R(z) (m) at heights z
     *  (m, increasing; an evolving profile), under the same end
     *  conditions (profile_buckling.h). */
    double
    euler_load(const std::vector<double> &z,
               const std::vector<double> &R) const;
    /**
     * Linear buckling load (N) of the finite-element column (3D only): the
     * smallest lambda of K x = lambda K_g x, with K the elastic stiffness
     * under the supports and K_g the geometric stiffness of a unit uniform
     * axial compression, times the contact area. 'Buckling eigensolver':
     * inverse iteration with the mechanics' linear solver, to a relative
     * change of tolerance, or SLEPc's Krylov-Schur with shift-and-invert,
     * to a relative residual of tolerance (max_iterations: its restarts).
     */
    double
    buckling_load_fe(double       tolerance      = 1e-8,
                     unsigned int max_iterations = 300);

    /** The thermal-strain reference T_0 (K). */
    double
    reference_temperature() const
    {
      return T_0;
    }
    types::global_dof_index
    n_dofs() const;

    // Output and checkpoints.
    const DoFHandler<dim> &
    get_dof_handler() const
    {
      return dof_handler;
    }
    const Mapping<dim> &
    get_mapping() const
    {
      return *mapping;
    }
    /** The displacement with ghost values. */
    const TrilinosWrappers::MPI::Vector &
    get_displacement() const
    {
      return displacement;
    }
    /** Cell averages of the committed state, indexed by active cell index:
     *  von Mises stress, equivalent plastic strain, sigma_zz, T. */
    std::vector<Vector<float>>
    cell_fields() const;
    const parallel::distributed::Triangulation<dim> &
    get_triangulation() const
    {
      return tria;
    }

    /** Writes / reads the committed state of this rank (binary). */
    void
    save(std::ostream &out) const;
    void
    load(std::istream &in);

  private:
    struct PointData
    {
      J2State               committed, trial;
      double                T      = 0; // K
      double                growth = 0; // profile weight (0 outside the layer)
      bool                  layer  = false; // in the growth layer
      double                r      = 0;     // m, distance from the axis
      double                weight = 0;     // m^3, JxW (2 pi r in r-z)
      double                drain  = 0;     // 1 in the hot-end row, else 0
      SymmetricTensor<2, 3> stress;
      // The strain the point carried through the bulk's moves beyond what
      // the displacement gives on the moved cell (follow_surface): its
      // total strain is sym grad u + inherited.
      SymmetricTensor<2, 3> inherited;
    };

    /** The stress and tangent an assembly uses: the elastic trial (the
     *  first Newton iteration of a solve, the elastic predictor) or the
     *  return map with its consistent tangent. */
    enum class Tangent
    {
      elastic,
      consistent
    };

    void
    setup();
    void
    assemble(bool                             with_matrix,
             Tangent                          tangent,
             double                           plated_volume,
             double                           drained_volume,
             const AffineConstraints<double> &constraints);
    unsigned int
    solve_linear(TrilinosWrappers::MPI::Vector   &increment,
                 const AffineConstraints<double> &constraints,
                 Tangent                          tangent);
    /** Forgets the elastic tangent's preconditioner (the mesh or its
     *  geometry changed). */
    void
    forget_elastic_preconditioner();

    MPI_Comm                                  comm;
    const StackGeometry                      &geometry;
    const MechanicsParameters                &parameters;
    J2Material                                material;
    double                                    yield_anchor; // Pa, at d_anchor
    double                                    alpha;
    double                                    T_0 = 0;
    parallel::distributed::Triangulation<dim> tria;
    std::unique_ptr<Mapping<dim>>             mapping;
    FESystem<dim>                             fe;
    DoFHandler<dim>                           dof_handler;
    IndexSet                                  owned, relevant;
    IndexSet contact_z_relevant; // z-DoFs on the contact (relevant)
    IndexSet contact_z_dofs;     // the owned ones
    AffineConstraints<double>                 zero_constraints;
    AffineConstraints<double>                 step_constraints; // first it.
    std::map<types::global_dof_index, double> held_values;      // Dirichlet u
    TrilinosWrappers::SparseMatrix            matrix;
    /** matrix holds the elastic tangent of the current mesh (assemble). */
    bool matrix_is_elastic = false;
    /** The last LU factorization of the elastic and of a consistent
     *  tangent ('Linear solver' = direct), each kept as CG's preconditioner
     *  while it serves (solve_linear). The elastic tangent changes only
     *  with the mesh, so its factorization (or, with 'CG + AMG', its AMG)
     *  serves every solve's first iteration. */
    std::unique_ptr<TangentPreconditioner> factorization, elastic_factorization;
    std::unique_ptr<TangentPreconditioner> elastic_amg;
    /** With 'CG + AMG', the elastic tangent's solutions so far, whose span
     *  starts each of its solves (SolutionProjection): the contact rings'
     *  unit responses and the loads of the coupling evaluations. */
    std::unique_ptr<SolutionProjection> elastic_projection;
    static constexpr unsigned int       max_kept_solutions = 32;
    unsigned int                        factorizations     = 0;
    TrilinosWrappers::MPI::Vector       residual, internal_force;
    TrilinosWrappers::MPI::Vector       solution;     // owned
    TrilinosWrappers::MPI::Vector       displacement; // ghosted
    TrilinosWrappers::MPI::Vector       committed_solution;
    // The quadrature points' history (plastic state, stress, T, weights),
    // per locally owned cell.
    CellDataStorage<typename Triangulation<dim>::cell_iterator, PointData>
                point_data;
    std::size_t n_points = 0; // on this rank
    /** f(point) for every locally owned quadrature point, in the order of
     *  the owned cells (the order checkpoints use). */
    template <typename Function>
    void
    for_each_point(const Function &f);
    template <typename Function>
    void
    for_each_point(const Function &f) const;
    /** Sets each point's radius and volume weight from the mapping, and
     *  the drainage norm; then the plating weights and their norm. */
    void
    update_point_geometry();
    /** sym grad u of the committed displacement at every owned point, in
     *  the order of for_each_point, on the current mapping. */
    std::vector<SymmetricTensor<2, 3>>
    committed_strains() const;
    /** Each layer point's plating weight from the distribution last set,
     *  and their norm. */
    void
    update_plating();

    double growth_norm = 0, drain_norm = 0;
    // The plating distribution last set (set_plating_distribution).
    std::vector<double>                      plating_edges, plating_f;
    std::unique_ptr<ColumnMeshMotion<dim>>   motion;
    std::function<void(const std::string &)> progress;
    std::vector<std::vector<bool>>           constant_modes; // per component
  };
  template <int dim>
  template <typename Function>
  inline void
  ColumnMechanics<dim>::for_each_point(const Function &f)
  {
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        for (const auto &p : point_data.get_data(cell))
          f(*p);
  }

  template <int dim>
  template <typename Function>
  inline void
  ColumnMechanics<dim>::for_each_point(const Function &f) const
  {
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        for (const auto &p : point_data.get_data(cell))
          f(static_cast<const PointData &>(*p));
  }

} // namespace nanoconvect

#pragma once

// Internal to physics/thermal: the heat operator that the matrix-free
// multigrid (thermal_multigrid.cc) applies on every level. Included by that
// file and the operator's tests only (MatrixFree templates are heavy); its
// level-matrix parts are in heat_operator_levels.h, the cells' geometry in
// cell_geometry.h.

#include <deal.II/base/function.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/base/table.h>
#include <deal.II/base/vectorization.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_nothing.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_sparsity_pattern.h>
#include <deal.II/matrix_free/fe_evaluation.h>
#include <deal.II/matrix_free/matrix_free.h>
#include <deal.II/matrix_free/operators.h>
#include <deal.II/matrix_free/tools.h>
#include <deal.II/multigrid/mg_constrained_dofs.h>
#include <deal.II/multigrid/mg_tools.h>

#include <physics/materials/material_table.h>
#include <physics/thermal/cell_geometry.h>

#include <array>
#include <chrono>
#include <cmath>
#include <memory>

namespace nanoconvect::internal
{
  using namespace dealii;

  /** The multigrid's vectors (MatrixFree's ghosted layout): double on
   *  the active mesh and for the coarse solve, float on the levels. */
  template <typename Number>
  using MGVector    = LinearAlgebra::distributed::Vector<Number>;
  using LevelVector = MGVector<double>;

  /**
   * The heat operator on the active mesh or on one level of the mesh's
   * multigrid hierarchy: theta k w grad.grad plus rho c_p / dt w
   * (transient). deal.II's MatrixFreeOperators::Base supplies what CG,
   * Chebyshev and the local-smoothing V-cycle ask of it: the constrained
   * DoFs (and a level's refinement-edge DoFs) act as the identity, the edge
   * couplings come through vmult_interface_down/up.
   *
   * The operator applies on the reference cell (sum factorization on
   * MatrixFree's reference-cell gradients, ReferenceCellMapping) with three
   * stored fields:
   * - the metric, per quadrature point: the symmetric tensor
   *   w JxW J^-1 J^-T that takes a reference-cell gradient to w JxW times
   *   the real gradient pulled back (set_geometry, from the run's mapping;
   *   6 numbers a point in 3D);
   * - the measure w JxW per point, only once a transient solve asks for it
   *   (the capacity term and the old temperature's right-hand side);
   * - the factor theta k, per cell (a constant conductivity) or per point
   *   (k(T)), and rho c_p / dt per cell (set_coefficients).
   * Applying it reads the metric and one factor a cell (K_q = theta k
   * times the metric: the reference-cell flux of a reference-cell
   * gradient), as the merged coefficient theta k w JxW J^-1 J^-T stored
   * per point did before, without MatrixFree's mapping data beside it and
   * with the batches of translated cells sharing one copy (CellGeometry);
   * the geometry is computed once per mesh (or motion), not again when
   * theta, dt or the temperature change.
   *
   * Number: double on the active mesh (the operator CG inverts) and the
   * coarse level (AMG's matrix); float on the levels the V-cycle smooths,
   * where it halves the data the operator streams (step-37's mixed
   * precision: the V-cycle is only a preconditioner).
   */
  template <int dim, int degree, typename Number = double>
  class HeatOperator : public MatrixFreeOperators::Base<dim, MGVector<Number>>
  {
  public:
    using VectorType = MGVector<Number>;
    using Base       = MatrixFreeOperators::Base<dim, VectorType>;
    using VA         = VectorizedArray<Number>;
    /** Gauss points per direction: degree + 1 (0: the run-time degree's). */
    static constexpr int n_points_1d = (degree < 0) ? 0 : degree + 1;
    using Evaluator = FEEvaluation<dim, degree, n_points_1d, 1, Number>;

    /** The operator's cells and DoFs: the active cells (level invalid) or
     *  the cells of one level, whose boundary and refinement-edge DoFs
     *  mg_constrained holds; constraints: those of the active DoFs or of
     *  the level. The geometry follows (set_geometry). */
    void
    reinit(const DoFHandler<dim>           &dof_handler,
           const AffineConstraints<double> &constraints,
           const MGConstrainedDoFs         *mg_constrained = nullptr,
           const unsigned int level = numbers::invalid_unsigned_int)
    {
      // The level matrices' assembly (assemble_matrix) reads them; the
      // active operator's would be a second copy of the mesh's.
      if (level != numbers::invalid_unsigned_int)
        this->constraints.copy_from(constraints);
      typename MatrixFree<dim, Number>::AdditionalData data;
      data.tasks_parallel_scheme =
        MatrixFree<dim, Number>::AdditionalData::none;
      data.mapping_update_flags = update_values | update_gradients;
      data.mg_level             = level;
      auto matrix_free          = std::make_shared<MatrixFree<dim, Number>>();
      matrix_free->reinit(ReferenceCellMapping<dim>(),
                          dof_handler,
                          constraints,
                          QGauss<1>(dof_handler.get_fe().degree + 1),
                          data);
      if (level == numbers::invalid_unsigned_int)
        Base::initialize(matrix_free);
      else
        Base::initialize(matrix_free, *mg_constrained, level);
      cells.clear();
      geometry = nullptr;
    }

    /**
     * The metric (and the measure, where a transient solve asked for it)
     * from the cells' geometry under mapping, with the weight w = 2 pi r in
     * r-z. Again after the mesh moved; mapping must outlive the operator
     * (the measure is computed from it when first needed).
     */
    void
    set_geometry(const Mapping<dim> &mapping, const bool axisymmetric)
    {
      geometry           = &mapping;
      this->axisymmetric = axisymmetric;
      compute_geometry(cells.has_measure());
    }

    /**
     * The factors from the materials, the temperature T (ghosted, nullptr:
     * constant conductivities), theta and 1/dt (0: steady): theta k per
     * cell or per quadrature point, rho c_p / dt per cell.
     */
    void
    set_coefficients(const MaterialTable &materials,
                     const VectorType    *T,
                     const double         theta,
                     const double         inverse_dt)
    {
      const MatrixFree<dim, Number> &matrix_free = *this->data;
      Evaluator                      phi(matrix_free);
      const unsigned int             n_batches = matrix_free.n_cell_batches();
      if (inverse_dt > 0 && !cells.has_measure())
        compute_geometry(true);
      conductivity.reinit(TableIndices<2>(n_batches,
                                          T != nullptr ? phi.n_q_points : 1),
                          true);
      capacity.resize(inverse_dt > 0 ? n_batches : 0);
      for (unsigned int cell = 0; cell < n_batches; ++cell)
        {
          const unsigned int lanes =
            matrix_free.n_active_entries_per_cell_batch(cell);
          // Each lane's material, looked up once per cell. A level cell
          // keeps the material of the cells refined from it: the coarse
          // mesh follows the regions.
          std::array<const RegionMaterial *, VA::size()> material{};
          VA k_constant(0.0), rho_c(0.0);
          for (unsigned int lane = 0; lane < lanes; ++lane)
            {
              material[lane] =
                &materials[matrix_free.get_cell_iterator(cell, lane)
                             ->material_id()];
              k_constant[lane] = theta * material[lane]->k(0.0);
              rho_c[lane] =
                material[lane]->density * material[lane]->heat_capacity;
            }
          if (inverse_dt > 0)
            capacity[cell] = rho_c * inverse_dt;
          if (T == nullptr)
            {
              conductivity(cell, 0) = k_constant;
              continue;
            }
          phi.reinit(cell);
          phi.read_dof_values_plain(*T);
          phi.evaluate(EvaluationFlags::values);
          for (const unsigned int q : phi.quadrature_point_indices())
            {
              const VA Tq = phi.get_value(q);
              VA       k(0.0);
              for (unsigned int lane = 0; lane < lanes; ++lane)
                k[lane] = theta * material[lane]->k(Tq[lane]);
              conductivity(cell, q) = k;
            }
        }
    }

    /**
     * b = int [q v + rho c_p/dt T_old v - (1 - theta) k(T_old) grad T_old
     * . grad v] w dV, condensed (T_old: ghosted, nullptr when steady,
     * inverse_dt > 0 with it; explicit_weight: ThetaScheme's 1 - theta;
     * source: nullptr for none). The old temperature's terms use the
     * metric and measure; a source is evaluated at the points of the cells'
     * own geometry, computed here (it is rare; nothing is stored for it).
     */
    void
    assemble_rhs(VectorType          &b,
                 const MaterialTable &materials,
                 const VectorType    *T_old,
                 const double         explicit_weight,
                 const double         inverse_dt,
                 const Function<dim> *source)
    {
      const MatrixFree<dim, Number> &mf = *this->data;
      mf.initialize_dof_vector(b);
      if (T_old == nullptr && source == nullptr)
        return;
      Assert(T_old == nullptr || inverse_dt > 0, ExcInternalError());
      if (T_old != nullptr && !cells.has_measure())
        compute_geometry(true);
      Evaluator                      phi(mf);
      const unsigned int             n_q = phi.n_q_points;
      AlignedVector<VA>              k_old(n_q);
      const FE_Nothing<dim>          no_shapes; // FEValues keeps a pointer
      std::unique_ptr<FEValues<dim>> points;
      Assert(geometry != nullptr, ExcMessage("set_geometry first"));
      if (source != nullptr)
        points = std::make_unique<FEValues<dim>>(*geometry,
                                                 no_shapes,
                                                 QGauss<dim>(n_quadrature_1d()),
                                                 update_quadrature_points |
                                                   update_JxW_values);
      for (unsigned int cell = 0; cell < mf.n_cell_batches(); ++cell)
        {
          phi.reinit(cell);
          const unsigned int lanes = mf.n_active_entries_per_cell_batch(cell);
          VA                 rho_c(0.0);
          if (T_old != nullptr)
            {
              phi.read_dof_values_plain(*T_old);
              phi.evaluate(EvaluationFlags::values |
                           EvaluationFlags::gradients);
              const VA *T = phi.begin_values();
              for (unsigned int lane = 0; lane < lanes; ++lane)
                {
                  const RegionMaterial &mat =
                    materials[mf.get_cell_iterator(cell, lane)->material_id()];
                  rho_c[lane] = mat.density * mat.heat_capacity;
                  for (unsigned int q = 0; q < n_q; ++q)
                    k_old[q][lane] = mat.k(T[q][lane]);
                }
            }
          VA *value    = phi.begin_values();
          VA *gradient = phi.begin_gradients();
          for (unsigned int q = 0; q < n_q; ++q)
            {
              if (T_old == nullptr)
                {
                  value[q] = VA(0.0);
                  for (unsigned int d = 0; d < dim; ++d)
                    gradient[d * n_q + q] = VA(0.0);
                  continue;
                }
              value[q] *= rho_c * inverse_dt * cells.measure(cell)[q];
              multiply_by_metric(cells.metric(cell)[q],
                                 -explicit_weight * k_old[q],
                                 gradient + q,
                                 n_q);
            }
          if (source != nullptr)
            for (unsigned int lane = 0; lane < lanes; ++lane)
              {
                points->reinit(typename Triangulation<dim>::cell_iterator(
                  mf.get_cell_iterator(cell, lane)));
                for (unsigned int q = 0; q < n_q; ++q)
                  {
                    const Point<dim> &x = points->quadrature_point(q);
                    const double      w = axisymmetric ? 2 * M_PI * x[0] : 1.0;
                    value[q][lane] += source->value(x) * w * points->JxW(q);
                  }
              }
          phi.integrate(EvaluationFlags::values | EvaluationFlags::gradients);
          phi.distribute_local_to_global(b);
        }
      b.compress(VectorOperation::add);
    }

    /** Cell batches that hold their own geometry (the others share an
     *  equal batch's: CellGeometry). */
    std::size_t
    geometry_batches_stored() const
    {
      return cells.stored_batches();
    }

    /** Operator applications so far and their wall time (s). */
    mutable unsigned long applications  = 0;
    mutable double        apply_seconds = 0;

    /** dst = A src with src read as it is (Dirichlet values and hanging
     *  nodes included), the constrained rows condensed: the lifting. */
    void
    vmult_plain(VectorType &dst, const VectorType &src) const
    {
      this->data->template cell_loop<VectorType, VectorType>(
        [this](const auto &, auto &d, const auto &s, const auto &range) {
          Evaluator phi(*this->data);
          for (unsigned int cell = range.first; cell < range.second; ++cell)
            {
              phi.reinit(cell);
              phi.read_dof_values_plain(s);
              apply_cell(phi);
              phi.distribute_local_to_global(d);
            }
        },
        dst,
        src,
        true);
    }

    /** The inverse of the diagonal (Chebyshev's preconditioner), one on
     *  the constrained and refinement-edge DoFs. */
    void
    compute_diagonal() override
    {
      this->inverse_diagonal_entries =
        std::make_shared<DiagonalMatrix<VectorType>>();
      VectorType &diagonal = this->inverse_diagonal_entries->get_vector();
      this->data->initialize_dof_vector(diagonal);
      if (this->data->get_mg_level() != numbers::invalid_unsigned_int)
        add_level_diagonal(diagonal);
      else
        MatrixFreeTools::compute_diagonal(*this->data,
                                          diagonal,
                                          &HeatOperator::apply_cell,
                                          this);
      this->set_constrained_entries_to_one(diagonal);
      for (auto &d : diagonal)
        d = (std::abs(d) > 0) ? 1.0 / d : 1.0;
    }

    /** The assembled matrix of a level, by deal.II's unit-vector
     *  applications of the cell operator (tests/unit/test_heat_operator). */
    void
    assemble_matrix(TrilinosWrappers::SparseMatrix &matrix) const
    {
      reinit_level_matrix(this->data->get_dof_handler(), constraints, matrix);
      MatrixFreeTools::compute_matrix(
        *this->data, constraints, matrix, &HeatOperator::apply_cell, this);
    }

    /**
     * The operator on a level's linear functions: the Galerkin matrix
     * P^T A P, where P interpolates the level's Q1 functions (dof_linear,
     * FE_Q(1) on the same mesh; constraints_linear: the level's Dirichlet
     * DoFs of it) into this operator's degree-k ones. Q1 is a subspace of
     * Q_k on every cell and both are integrated at this operator's Gauss
     * points, so a cell's entries are sum_q grad psi_i . K_q grad psi_j +
     * c_q psi_i psi_j with K_q and c_q = rho c_p w JxW / dt and
     * the Q1 shape functions psi on the reference cell: P^T A P without
     * assembling A (2^dim instead of (k+1)^dim entries a cell row).
     */
    void
    assemble_linear_matrix(const DoFHandler<dim>           &dof_linear,
                           const AffineConstraints<double> &constraints_linear,
                           TrilinosWrappers::SparseMatrix  &matrix) const;

  private:
    /** matrix with the sparsity of dof's DoFs on this operator's level. */
    void
    reinit_level_matrix(const DoFHandler<dim>           &dof,
                        const AffineConstraints<double> &level_constraints,
                        TrilinosWrappers::SparseMatrix  &matrix) const;

    void
    apply_add(VectorType &dst, const VectorType &src) const override
    {
      const auto start = std::chrono::steady_clock::now();
      this->data->cell_loop(&HeatOperator::local_apply, this, dst, src);
      apply_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
      ++applications;
    }

    /** The cell's operator on the reference cell. */
    void
    apply_cell(Evaluator &phi) const
    {
      const unsigned int cell      = phi.get_current_cell_index();
      const bool         transient = capacity.size() > 0;
      const auto         flags =
        transient ? EvaluationFlags::values | EvaluationFlags::gradients
                          : EvaluationFlags::gradients;
      phi.evaluate(flags);
      const unsigned int                 n_q      = phi.n_q_points;
      VA                                *gradient = phi.begin_gradients();
      const SymmetricTensor<2, dim, VA> *G        = cells.metric(cell);
      const VA                          *k        = &conductivity(cell, 0);
      const unsigned int stride = conductivity.size(1) > 1 ? 1 : 0;
      for (unsigned int q = 0; q < n_q; ++q)
        multiply_by_metric(G[q], k[q * stride], gradient + q, n_q);
      if (transient)
        {
          VA       *value   = phi.begin_values();
          const VA  c       = capacity[cell];
          const VA *measure = cells.measure(cell);
          for (unsigned int q = 0; q < n_q; ++q)
            value[q] *= c * measure[q];
        }
      phi.integrate(flags);
    }

    /**
     * g = factor G g at one quadrature point, g's components n_q apart
     * (FEEvaluation's gradient layout), written out on G's raw entries
     * (the diagonal, then 01, 02, 12): deal.II's generic product maps
     * indices at every point and was most of the operator's time
     * (doc/performance.md).
     */
    static void
    multiply_by_metric(const SymmetricTensor<2, dim, VA> &G,
                       const VA                           factor,
                       VA                                *g,
                       const unsigned int                 n_q)
    {
      if constexpr (dim == 3)
        {
          const VA g0 = factor * g[0], g1 = factor * g[n_q],
                   g2 = factor * g[2 * n_q];
          g[0] = G.access_raw_entry(0) * g0 + G.access_raw_entry(3) * g1 +
                 G.access_raw_entry(4) * g2;
          g[n_q] = G.access_raw_entry(3) * g0 + G.access_raw_entry(1) * g1 +
                   G.access_raw_entry(5) * g2;
          g[2 * n_q] = G.access_raw_entry(4) * g0 + G.access_raw_entry(5) * g1 +
                       G.access_raw_entry(2) * g2;
        }
      else
        {
          const VA g0 = factor * g[0], g1 = factor * g[n_q];
          g[0]   = G.access_raw_entry(0) * g0 + G.access_raw_entry(2) * g1;
          g[n_q] = G.access_raw_entry(2) * g0 + G.access_raw_entry(1) * g1;
        }
    }

    /** Gauss points per direction of this operator's MatrixFree. */
    unsigned int
    n_quadrature_1d() const
    {
      return this->data->get_shape_info().data[0].n_q_points_1d;
    }

    /** The metric (and, with_measure, the measure) under the geometry's
     *  mapping. */
    void
    compute_geometry(const bool with_measure)
    {
      Assert(geometry != nullptr, ExcMessage("set_geometry first"));
      cells.compute(
        *this->data, *geometry, axisymmetric, with_measure, n_quadrature_1d());
    }

    /**
     * The diagonal of a level's operator, summed cell by cell from K_q,
     * c_q and the 1D shape functions: a_ii = sum_q
     * grad phi_i . K_q grad phi_i + c_q phi_i^2 on the reference cell,
     * (k+1)^dim (k+1)^dim points per cell, where
     * MatrixFreeTools::compute_diagonal applies the cell operator once per
     * cell DoF ((k+1)^dim sum-factorized applications: a second of the
     * 3D preconditioner's set-up at 1 M DoFs). A level has no hanging
     * nodes (its edge is constrained through MGConstrainedDoFs), so the
     * cells' diagonals add up; the active mesh's operator, which may, uses
     * compute_diagonal.
     */
    void
    add_level_diagonal(VectorType &diagonal) const;

    void
    local_apply(const MatrixFree<dim, Number> &,
                VectorType                                  &dst,
                const VectorType                            &src,
                const std::pair<unsigned int, unsigned int> &range) const
    {
      Evaluator phi(*this->data);
      for (unsigned int cell = range.first; cell < range.second; ++cell)
        {
          phi.reinit(cell);
          phi.read_dof_values(src);
          apply_cell(phi);
          phi.distribute_local_to_global(dst);
        }
    }

    /** theta k w JxW J^-1 J^-T at one point: the reference-cell flux of
     *  a reference-cell gradient. */
    SymmetricTensor<2, dim, VA>
    flux_tensor(const unsigned int cell, const unsigned int q) const
    {
      SymmetricTensor<2, dim, VA> K = cells.metric(cell)[q];
      K *= conductivity(cell, conductivity.size(1) > 1 ? q : 0);
      return K;
    }

    /** rho c_p w JxW / dt at one point (transient). */
    VA
    capacity_at(const unsigned int cell, const unsigned int q) const
    {
      return capacity[cell] * cells.measure(cell)[q];
    }

    AffineConstraints<double> constraints;
    /** The mapping of the cells' geometry (set_geometry) and whether the
     *  weight is 2 pi r (r-z). */
    const Mapping<dim> *geometry     = nullptr;
    bool                axisymmetric = false;
    /** w JxW J^-1 J^-T and (once a transient solve asks) w JxW per
     *  quadrature point. */
    CellGeometry<dim, Number> cells;
    /** theta k per cell (one column) or per quadrature point (k(T)). */
    Table<2, VA> conductivity;
    /** rho c_p / dt per cell (empty: steady). */
    AlignedVector<VA> capacity;
  };
} // namespace nanoconvect::internal

#include <physics/thermal/heat_operator_levels.h>

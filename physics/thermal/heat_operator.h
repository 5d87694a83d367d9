#pragma once

// Internal to physics/thermal: the heat operator that the matrix-free
// multigrid (thermal_multigrid.cc) applies on every level. Included by that
// file only (MatrixFree templates are heavy).

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/base/table.h>
#include <deal.II/base/vectorization.h>
#include <deal.II/dofs/dof_tools.h>
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

#include <array>
#include <chrono>
#include <cmath>

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
   * (transient), coefficients per quadrature point (step-37's coefficient
   * table, merged with the geometry). deal.II's MatrixFreeOperators::Base
   * supplies what CG, Chebyshev and the local-smoothing V-cycle ask of it: the
   * constrained DoFs (and a level's refinement-edge DoFs) act as the identity,
   * the edge couplings come through vmult_interface_down/up.
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

    /** The operator on the active cells (level invalid) or on the cells of
     *  one level, whose boundary and refinement-edge DoFs mg_constrained
     *  holds; constraints: those of the active DoFs or of the level.
     *  Without points (only the coefficients' geometry: a level operator
     *  in 3D, the active one unless a heat source asks), the quadrature
     *  points are not stored: 3 of the 13 numbers per point of a curved
     *  cell. */
    void
    reinit(const Mapping<dim>              &mapping,
           const DoFHandler<dim>           &dof_handler,
           const AffineConstraints<double> &constraints,
           const MGConstrainedDoFs         *mg_constrained = nullptr,
           const unsigned int level  = numbers::invalid_unsigned_int,
           const bool         points = true)
    {
      this->constraints.copy_from(constraints);
      typename MatrixFree<dim, Number>::AdditionalData data;
      data.tasks_parallel_scheme =
        MatrixFree<dim, Number>::AdditionalData::none;
      data.mapping_update_flags =
        update_values | update_gradients | update_JxW_values |
        (points ? update_quadrature_points : update_default);
      data.mg_level    = level;
      auto matrix_free = std::make_shared<MatrixFree<dim, Number>>();
      matrix_free->reinit(mapping,
                          dof_handler,
                          constraints,
                          QGauss<1>(dof_handler.get_fe().degree + 1),
                          data);
      if (level == numbers::invalid_unsigned_int)
        Base::initialize(matrix_free);
      else
        Base::initialize(matrix_free, *mg_constrained, level);
    }

    /**
     * Coefficients from the materials, the temperature T (ghosted, nullptr:
     * constant conductivities), theta and 1/dt (0: steady). They are stored
     * merged with the geometry, per quadrature point: the symmetric tensor
     * theta k w JxW J^-1 J^-T that takes the reference-cell gradient to the
     * reference-cell flux, and rho c_p w JxW / dt. Applying the operator
     * then reads 6 numbers (3D) per point instead of the inverse Jacobian,
     * JxW and k, and skips both transformations of the gradient.
     */
    void
    set_coefficients(const MaterialTable &materials,
                     const bool           axisymmetric,
                     const VectorType    *T,
                     const double         theta,
                     const double         inverse_dt)
    {
      const MatrixFree<dim, Number> &matrix_free = *this->data;
      Evaluator                      phi(matrix_free);
      const unsigned int             n_batches = matrix_free.n_cell_batches();
      // Every entry is written below: no zero fill first (at 1 M DoFs in
      // 3D the tables are ~170 MB in double).
      flux_tensor.reinit(TableIndices<2>(n_batches, phi.n_q_points), true);
      capacity.reinit(TableIndices<2>(inverse_dt > 0 ? n_batches : 0,
                                      phi.n_q_points),
                      true);
      for (unsigned int cell = 0; cell < n_batches; ++cell)
        {
          phi.reinit(cell);
          if (T != nullptr)
            {
              phi.read_dof_values_plain(*T);
              phi.evaluate(EvaluationFlags::values);
            }
          const unsigned int lanes =
            matrix_free.n_active_entries_per_cell_batch(cell);
          // Each lane's material, looked up once per cell rather than at
          // every quadrature point. A level cell keeps the material of the
          // cells refined from it: the coarse mesh follows the regions.
          std::array<const RegionMaterial *, VA::size()> material{};
          VA k_constant(0.0), rho_c_constant(0.0);
          for (unsigned int lane = 0; lane < lanes; ++lane)
            {
              material[lane] =
                &materials[matrix_free.get_cell_iterator(cell, lane)
                             ->material_id()];
              if (T == nullptr) // constant conductivities
                k_constant[lane] = theta * material[lane]->k(0.0);
              rho_c_constant[lane] =
                material[lane]->density * material[lane]->heat_capacity;
            }
          for (const unsigned int q : phi.quadrature_point_indices())
            {
              VA k = k_constant, rho_c = rho_c_constant;
              if (T != nullptr)
                {
                  const VA Tq = phi.get_value(q);
                  for (unsigned int lane = 0; lane < lanes; ++lane)
                    k[lane] = theta * material[lane]->k(Tq[lane]);
                }
              if (axisymmetric)
                {
                  const VA w = 2 * M_PI * phi.quadrature_point(q)[0];
                  k *= w;
                  rho_c *= w;
                }
              // get_gradient is (inverse_jacobian) * (reference gradient),
              // submit_gradient its transpose times JxW.
              const Tensor<2, dim, VA>    A = phi.inverse_jacobian(q);
              const VA                    c = k * phi.JxW(q);
              SymmetricTensor<2, dim, VA> K;
              for (unsigned int e = 0; e < dim; ++e)
                for (unsigned int f = e; f < dim; ++f)
                  {
                    VA sum = A[0][e] * A[0][f];
                    for (unsigned int d = 1; d < dim; ++d)
                      sum += A[d][e] * A[d][f];
                    K[e][f] = c * sum;
                  }
              flux_tensor(cell, q) = K;
              if (inverse_dt > 0)
                capacity(cell, q) = rho_c * inverse_dt * phi.JxW(q);
            }
        }
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
     * c_q psi_i psi_j with the merged coefficients (set_coefficients) and
     * the Q1 shape functions psi on the reference cell: P^T A P without
     * assembling A (2^dim instead of (k+1)^dim entries a cell row).
     */
    void
    assemble_linear_matrix(const DoFHandler<dim>           &dof_linear,
                           const AffineConstraints<double> &constraints_linear,
                           TrilinosWrappers::SparseMatrix  &matrix) const
    {
      const MatrixFree<dim, Number> &mf = *this->data;
      AssertDimension(dof_linear.get_fe().degree, 1);
      reinit_level_matrix(dof_linear, constraints_linear, matrix);

      // The Q1 shape functions and their reference gradients at this
      // operator's Gauss points (QGauss<dim> and MatrixFree both number the
      // points lexicographically, index 0 fastest).
      Evaluator                 phi(mf);
      const FiniteElement<dim> &fe_linear = dof_linear.get_fe();
      const QGauss<dim>      gauss(phi.get_shape_info().data[0].n_q_points_1d);
      constexpr unsigned int n_linear  = 1u << dim;
      const bool             transient = capacity.size(0) > 0;
      AssertDimension(gauss.size(), phi.n_q_points);
      AssertDimension(fe_linear.n_dofs_per_cell(), n_linear);
      std::vector<std::array<double, n_linear>>         value(phi.n_q_points);
      std::vector<std::array<Tensor<1, dim>, n_linear>> grad(phi.n_q_points);
      for (unsigned int q = 0; q < phi.n_q_points; ++q)
        for (unsigned int i = 0; i < n_linear; ++i)
          {
            value[q][i] = fe_linear.shape_value(i, gauss.point(q));
            grad[q][i]  = fe_linear.shape_grad(i, gauss.point(q));
          }
      std::array<VA, n_linear *(n_linear + 1) / 2> a;
      FullMatrix<double>                   cell_matrix(n_linear, n_linear);
      std::vector<types::global_dof_index> indices(n_linear);
      for (unsigned int cell = 0; cell < mf.n_cell_batches(); ++cell)
        {
          a.fill(VA(0.0));
          for (unsigned int q = 0; q < phi.n_q_points; ++q)
            {
              const SymmetricTensor<2, dim, VA> &K = flux_tensor(cell, q);
              unsigned int                       k = 0;
              for (unsigned int i = 0; i < n_linear; ++i)
                {
                  Tensor<1, dim, VA> flux;
                  for (unsigned int e = 0; e < dim; ++e)
                    for (unsigned int f = 0; f < dim; ++f)
                      flux[e] += K[e][f] * grad[q][i][f];
                  for (unsigned int j = i; j < n_linear; ++j, ++k)
                    {
                      for (unsigned int e = 0; e < dim; ++e)
                        a[k] += flux[e] * grad[q][j][e];
                      if (transient)
                        a[k] += capacity(cell, q) * (value[q][i] * value[q][j]);
                    }
                }
            }
          for (unsigned int lane = 0;
               lane < mf.n_active_entries_per_cell_batch(cell);
               ++lane)
            {
              const auto it = mf.get_cell_iterator(cell, lane);
              const typename DoFHandler<dim>::level_cell_iterator linear(
                &dof_linear.get_triangulation(),
                it->level(),
                it->index(),
                &dof_linear);
              linear->get_mg_dof_indices(indices);
              unsigned int k = 0;
              for (unsigned int i = 0; i < n_linear; ++i)
                for (unsigned int j = i; j < n_linear; ++j, ++k)
                  cell_matrix(i, j) = cell_matrix(j, i) = a[k][lane];
              constraints_linear.distribute_local_to_global(cell_matrix,
                                                            indices,
                                                            matrix);
            }
        }
      matrix.compress(VectorOperation::add);
    }

  private:
    /** matrix with the sparsity of dof's DoFs on this operator's level. */
    void
    reinit_level_matrix(const DoFHandler<dim>           &dof,
                        const AffineConstraints<double> &level_constraints,
                        TrilinosWrappers::SparseMatrix  &matrix) const
    {
      const unsigned int level = this->data->get_mg_level();
      Assert(level != numbers::invalid_unsigned_int, ExcNotImplemented());
      TrilinosWrappers::SparsityPattern sp(
        dof.locally_owned_mg_dofs(level),
        dof.get_triangulation().get_communicator());
      MGTools::make_sparsity_pattern(dof, sp, level, level_constraints);
      sp.compress();
      matrix.reinit(sp);
    }

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

    /** The cell's operator on the reference cell (set_coefficients). */
    void
    apply_cell(Evaluator &phi) const
    {
      const unsigned int cell      = phi.get_current_cell_index();
      const bool         transient = capacity.size(0) > 0;
      const auto         flags =
        transient ? EvaluationFlags::values | EvaluationFlags::gradients
                          : EvaluationFlags::gradients;
      phi.evaluate(flags);
      const unsigned int                 n_q      = phi.n_q_points;
      VA                                *gradient = phi.begin_gradients();
      const SymmetricTensor<2, dim, VA> *K        = &flux_tensor(cell, 0);
      // flux = K g written out on K's unrolled entries (the diagonal, then
      // 01, 02, 12): deal.II's generic product maps indices at every point
      // and was most of the operator's time (doc/performance.md).
      for (unsigned int q = 0; q < n_q; ++q)
        {
          const SymmetricTensor<2, dim, VA> &k = K[q];
          if constexpr (dim == 3)
            {
              const VA g0 = gradient[q], g1 = gradient[n_q + q],
                       g2 = gradient[2 * n_q + q];
              gradient[q] = k.access_raw_entry(0) * g0 +
                            k.access_raw_entry(3) * g1 +
                            k.access_raw_entry(4) * g2;
              gradient[n_q + q] = k.access_raw_entry(3) * g0 +
                                  k.access_raw_entry(1) * g1 +
                                  k.access_raw_entry(5) * g2;
              gradient[2 * n_q + q] = k.access_raw_entry(4) * g0 +
                                      k.access_raw_entry(5) * g1 +
                                      k.access_raw_entry(2) * g2;
            }
          else
            {
              const VA g0 = gradient[q], g1 = gradient[n_q + q];
              gradient[q] =
                k.access_raw_entry(0) * g0 + k.access_raw_entry(2) * g1;
              gradient[n_q + q] =
                k.access_raw_entry(2) * g0 + k.access_raw_entry(1) * g1;
            }
        }
      if (transient)
        {
          VA *value = phi.begin_values();
          for (unsigned int q = 0; q < n_q; ++q)
            value[q] *= capacity(cell, q);
        }
      phi.integrate(flags);
    }

    /**
     * The diagonal of a level's operator, summed cell by cell from the
     * merged coefficients and the 1D shape functions: a_ii = sum_q
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
    add_level_diagonal(VectorType &diagonal) const
    {
      Evaluator          phi(*this->data);
      const auto        &shape     = phi.get_shape_info().data[0];
      const unsigned int n_1d      = shape.fe_degree + 1;
      const unsigned int n_q_1d    = shape.n_q_points_1d;
      const bool         transient = capacity.size(0) > 0;
      const auto value = [&](const unsigned int i, const unsigned int q) {
        return shape.shape_values[i * n_q_1d + q];
      };
      const auto derivative = [&](const unsigned int i, const unsigned int q) {
        return shape.shape_gradients[i * n_q_1d + q];
      };
      for (unsigned int cell = 0; cell < this->data->n_cell_batches(); ++cell)
        {
          phi.reinit(cell);
          const SymmetricTensor<2, dim, VA> *K = &flux_tensor(cell, 0);
          for (unsigned int i = 0; i < phi.dofs_per_cell; ++i)
            {
              // i and q lexicographic: index 0 runs fastest.
              const unsigned int i0 = i % n_1d, i1 = (i / n_1d) % n_1d,
                                 i2 = dim == 3 ? i / (n_1d * n_1d) : 0;
              VA sum = VA();
              for (unsigned int q = 0; q < phi.n_q_points; ++q)
                {
                  const unsigned int q0 = q % n_q_1d,
                                     q1 = (q / n_q_1d) % n_q_1d,
                                     q2 = dim == 3 ? q / (n_q_1d * n_q_1d) : 0;
                  const SymmetricTensor<2, dim, VA> &k = K[q];
                  if constexpr (dim == 3)
                    {
                      const auto v0 = value(i0, q0), v1 = value(i1, q1),
                                 v2 = value(i2, q2), d0 = derivative(i0, q0),
                                 d1 = derivative(i1, q1),
                                 d2 = derivative(i2, q2);
                      const VA g0 = d0 * v1 * v2, g1 = v0 * d1 * v2,
                               g2 = v0 * v1 * d2;
                      sum += k.access_raw_entry(0) * g0 * g0 +
                             k.access_raw_entry(1) * g1 * g1 +
                             k.access_raw_entry(2) * g2 * g2 +
                             2. * (k.access_raw_entry(3) * g0 * g1 +
                                   k.access_raw_entry(4) * g0 * g2 +
                                   k.access_raw_entry(5) * g1 * g2);
                      if (transient)
                        {
                          const VA v = v0 * v1 * v2;
                          sum += capacity(cell, q) * v * v;
                        }
                    }
                  else
                    {
                      const auto v0 = value(i0, q0), v1 = value(i1, q1),
                                 d0 = derivative(i0, q0),
                                 d1 = derivative(i1, q1);
                      const VA g0 = d0 * v1, g1 = v0 * d1;
                      sum += k.access_raw_entry(0) * g0 * g0 +
                             k.access_raw_entry(1) * g1 * g1 +
                             2. * k.access_raw_entry(2) * g0 * g1;
                      if (transient)
                        {
                          const VA v = v0 * v1;
                          sum += capacity(cell, q) * v * v;
                        }
                    }
                }
              phi.begin_dof_values()[i] = sum;
            }
          phi.distribute_local_to_global(diagonal);
        }
      diagonal.compress(VectorOperation::add);
    }

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

    AffineConstraints<double> constraints;
    /** theta k w JxW J^-1 J^-T per quadrature point. */
    Table<2, SymmetricTensor<2, dim, VA>> flux_tensor;
    /** rho c_p w JxW / dt per quadrature point (empty: steady). */
    Table<2, VA> capacity;
  };
} // namespace nanoconvect::internal

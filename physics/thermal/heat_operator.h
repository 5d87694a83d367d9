#pragma once

// Internal to physics/thermal: the heat operator that the matrix-free
// multigrid (thermal_multigrid.cc) applies on every level. Included by that
// file only (MatrixFree templates are heavy).

#include <deal.II/base/table.h>
#include <deal.II/base/vectorization.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_sparsity_pattern.h>
#include <deal.II/matrix_free/fe_evaluation.h>
#include <deal.II/matrix_free/matrix_free.h>
#include <deal.II/matrix_free/tools.h>

#include <physics/materials/material_table.h>

#include <chrono>
#include <cmath>

namespace nanoconvect::internal
{
  using namespace dealii;

  /** The multigrid's vectors (MatrixFree's ghosted layout). */
  using LevelVector = LinearAlgebra::distributed::Vector<double>;

  /**
   * The heat operator on one mesh of the hierarchy: theta k w grad.grad
   * plus rho c_p / dt w (transient), coefficients per quadrature point
   * (step-37's coefficient table). The interface is what CG, Chebyshev
   * and the multigrid's level matrices ask for.
   */
  template <int dim, int degree>
  class HeatOperator : public Subscriptor
  {
  public:
    using value_type = double;
    /** Gauss points per direction: degree + 1 (0: the run-time degree's). */
    static constexpr int n_points_1d = (degree < 0) ? 0 : degree + 1;
    using Evaluator = FEEvaluation<dim, degree, n_points_1d, 1, double>;

    void
    reinit(const Mapping<dim>              &mapping,
           const DoFHandler<dim>           &dof_handler,
           const AffineConstraints<double> &constraints)
    {
      this->constraints.copy_from(constraints);
      typename MatrixFree<dim, double>::AdditionalData data;
      data.tasks_parallel_scheme =
        MatrixFree<dim, double>::AdditionalData::none;
      data.mapping_update_flags = update_values | update_gradients |
                                  update_JxW_values | update_quadrature_points;
      matrix_free.reinit(mapping,
                         dof_handler,
                         constraints,
                         QGauss<1>(dof_handler.get_fe().degree + 1),
                         data);
      system_matrix.clear();
    }

    /** Coefficients from the materials, the temperature T (ghosted,
     *  nullptr: constant conductivities), theta and 1/dt (0: steady). */
    void
    set_coefficients(const MaterialTable &materials,
                     const bool           axisymmetric,
                     const LevelVector   *T,
                     const double         theta,
                     const double         inverse_dt)
    {
      Evaluator          phi(matrix_free);
      const unsigned int n_batches = matrix_free.n_cell_batches();
      conductivity.reinit(n_batches, phi.n_q_points);
      capacity.reinit(inverse_dt > 0 ? n_batches : 0, phi.n_q_points);
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
          for (const unsigned int q : phi.quadrature_point_indices())
            {
              const auto                    x = phi.quadrature_point(q);
              const VectorizedArray<double> Tq =
                T != nullptr ? phi.get_value(q) : VectorizedArray<double>(0.0);
              for (unsigned int lane = 0; lane < lanes; ++lane)
                {
                  const RegionMaterial &mat =
                    materials[matrix_free.get_cell_iterator(cell, lane)
                                ->material_id()];
                  const double w = axisymmetric ? 2 * M_PI * x[0][lane] : 1.0;
                  conductivity(cell, q)[lane] = theta * mat.k(Tq[lane]) * w;
                  if (inverse_dt > 0)
                    capacity(cell, q)[lane] =
                      mat.density * mat.heat_capacity * inverse_dt * w;
                }
            }
        }
      system_matrix.clear();
    }

    void
    vmult(LevelVector &dst, const LevelVector &src) const
    {
      const auto start = std::chrono::steady_clock::now();
      matrix_free.cell_loop(&HeatOperator::local_apply, this, dst, src, true);
      apply_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
      ++applications;
    }

    /** Operator applications (vmult) so far and their wall time (s). */
    mutable unsigned long applications  = 0;
    mutable double        apply_seconds = 0;
    void
    Tvmult(LevelVector &dst, const LevelVector &src) const
    {
      vmult(dst, src);
    }
    /** dst = A src with src read as it is (Dirichlet values and hanging
     *  nodes included), the constrained rows condensed: the lifting. */
    void
    vmult_plain(LevelVector &dst, const LevelVector &src) const
    {
      matrix_free.template cell_loop<LevelVector, LevelVector>(
        [this](const auto &, auto &d, const auto &s, const auto &range) {
          Evaluator phi(matrix_free);
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

    void
    compute_inverse_diagonal(LevelVector &diagonal) const
    {
      matrix_free.initialize_dof_vector(diagonal);
      MatrixFreeTools::compute_diagonal(matrix_free,
                                        diagonal,
                                        &HeatOperator::apply_cell,
                                        this);
      for (auto &d : diagonal)
        d = (std::abs(d) > 0) ? 1.0 / d : 1.0;
    }

    /** The assembled matrix (the coarse level's AMG only). */
    const TrilinosWrappers::SparseMatrix &
    get_system_matrix() const
    {
      if (system_matrix.m() == 0)
        {
          const auto                       &dof = matrix_free.get_dof_handler();
          TrilinosWrappers::SparsityPattern sp(
            dof.locally_owned_dofs(),
            dof.get_triangulation().get_communicator());
          DoFTools::make_sparsity_pattern(dof, sp, constraints);
          sp.compress();
          system_matrix.reinit(sp);
          MatrixFreeTools::compute_matrix(matrix_free,
                                          constraints,
                                          system_matrix,
                                          &HeatOperator::apply_cell,
                                          this);
        }
      return system_matrix;
    }

    void
    initialize_dof_vector(LevelVector &v) const
    {
      matrix_free.initialize_dof_vector(v);
    }
    types::global_dof_index
    m() const
    {
      return matrix_free.get_dof_handler().n_dofs();
    }
    double
    el(unsigned int, unsigned int) const
    {
      Assert(false, ExcNotImplemented());
      return 0;
    }
    const MatrixFree<dim, double> &
    get_matrix_free() const
    {
      return matrix_free;
    }

  private:
    void
    apply_cell(Evaluator &phi) const
    {
      const unsigned int cell      = phi.get_current_cell_index();
      const bool         transient = capacity.size(0) > 0;
      phi.evaluate(transient
                     ? EvaluationFlags::values | EvaluationFlags::gradients
                     : EvaluationFlags::gradients);
      for (const unsigned int q : phi.quadrature_point_indices())
        {
          phi.submit_gradient(conductivity(cell, q) * phi.get_gradient(q), q);
          if (transient)
            phi.submit_value(capacity(cell, q) * phi.get_value(q), q);
        }
      phi.integrate(transient
                      ? EvaluationFlags::values | EvaluationFlags::gradients
                      : EvaluationFlags::gradients);
    }

    void
    local_apply(const MatrixFree<dim, double> &,
                LevelVector                                 &dst,
                const LevelVector                           &src,
                const std::pair<unsigned int, unsigned int> &range) const
    {
      Evaluator phi(matrix_free);
      for (unsigned int cell = range.first; cell < range.second; ++cell)
        {
          phi.reinit(cell);
          phi.read_dof_values(src);
          apply_cell(phi);
          phi.distribute_local_to_global(dst);
        }
    }

    MatrixFree<dim, double>                matrix_free;
    AffineConstraints<double>              constraints;
    Table<2, VectorizedArray<double>>      conductivity; // theta k w
    Table<2, VectorizedArray<double>>      capacity;     // rho c_p w / dt
    mutable TrilinosWrappers::SparseMatrix system_matrix;
  };
} // namespace nanoconvect::internal

#pragma once

// Internal to physics/thermal, included by heat_operator.h: what the
// V-cycle and its coarse solve need of a level's HeatOperator beyond its
// application. The point-Jacobi diagonal of Chebyshev's smoothing and the
// Galerkin matrix of the level's linear functions (BoomerAMG's, in the
// coarse correction), both summed cell by cell from the metric, the
// conductivity and the 1D or Q1 shape functions, and the level matrix's
// sparsity.

namespace nanoconvect::internal
{
  template <int dim, int degree, typename Number>
  void
  HeatOperator<dim, degree, Number>::assemble_linear_matrix(
    const DoFHandler<dim>           &dof_linear,
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
    const QGauss<dim>         gauss(phi.get_shape_info().data[0].n_q_points_1d);
    constexpr unsigned int    n_linear  = 1u << dim;
    const bool                transient = capacity.size() > 0;
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
            const SymmetricTensor<2, dim, VA> K = flux_tensor(cell, q);
            const VA     c = transient ? capacity_at(cell, q) : VA(0.0);
            unsigned int k = 0;
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
                      a[k] += c * (value[q][i] * value[q][j]);
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


  template <int dim, int degree, typename Number>
  void
  HeatOperator<dim, degree, Number>::reinit_level_matrix(
    const DoFHandler<dim>           &dof,
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


  template <int dim, int degree, typename Number>
  void
  HeatOperator<dim, degree, Number>::add_level_diagonal(
    VectorType &diagonal) const
  {
    Evaluator          phi(*this->data);
    const auto        &shape     = phi.get_shape_info().data[0];
    const unsigned int n_1d      = shape.fe_degree + 1;
    const unsigned int n_q_1d    = shape.n_q_points_1d;
    const bool         transient = capacity.size() > 0;
    const auto         value = [&](const unsigned int i, const unsigned int q) {
      return shape.shape_values[i * n_q_1d + q];
    };
    const auto derivative = [&](const unsigned int i, const unsigned int q) {
      return shape.shape_gradients[i * n_q_1d + q];
    };
    for (unsigned int cell = 0; cell < this->data->n_cell_batches(); ++cell)
      {
        phi.reinit(cell);
        for (unsigned int i = 0; i < phi.dofs_per_cell; ++i)
          {
            // i and q lexicographic: index 0 runs fastest.
            const unsigned int i0 = i % n_1d, i1 = (i / n_1d) % n_1d,
                               i2 = dim == 3 ? i / (n_1d * n_1d) : 0;
            VA sum                = VA();
            for (unsigned int q = 0; q < phi.n_q_points; ++q)
              {
                const unsigned int q0 = q % n_q_1d, q1 = (q / n_q_1d) % n_q_1d,
                                   q2 = dim == 3 ? q / (n_q_1d * n_q_1d) : 0;
                const SymmetricTensor<2, dim, VA> k = flux_tensor(cell, q);
                if constexpr (dim == 3)
                  {
                    const auto v0 = value(i0, q0), v1 = value(i1, q1),
                               v2 = value(i2, q2), d0 = derivative(i0, q0),
                               d1 = derivative(i1, q1), d2 = derivative(i2, q2);
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
                        sum += capacity_at(cell, q) * v * v;
                      }
                  }
                else
                  {
                    const auto v0 = value(i0, q0), v1 = value(i1, q1),
                               d0 = derivative(i0, q0), d1 = derivative(i1, q1);
                    const VA g0 = d0 * v1, g1 = v0 * d1;
                    sum += k.access_raw_entry(0) * g0 * g0 +
                           k.access_raw_entry(1) * g1 * g1 +
                           2. * k.access_raw_entry(2) * g0 * g1;
                    if (transient)
                      {
                        const VA v = v0 * v1;
                        sum += capacity_at(cell, q) * v * v;
                      }
                  }
              }
            phi.begin_dof_values()[i] = sum;
          }
        phi.distribute_local_to_global(diagonal);
      }
    diagonal.compress(VectorOperation::add);
  }

} // namespace nanoconvect::internal

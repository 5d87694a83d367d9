#include <deal.II/dofs/dof_accessor.h>
#include <deal.II/fe/fe.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <physics/boomeramg.h>
#include <physics/petsc_copy.h>
#include <physics/thermal/multigrid_coarse.h>

#include <cmath>

// A source of one SIMD lane (cmake/simd.cmake): nothing here stores
// deal.II's VectorizedArray.

namespace nanoconvect::internal
{
  struct CoarseCorrection::Data
  {
    /** P: the level's linear functions into its degree-k functions. */
    PETScWrappers::MPI::SparseMatrix     interpolation;
    PETScWrappers::MPI::SparseMatrix     matrix; // P^T A P
    PETScWrappers::PreconditionBoomerAMG amg;
    /** In the degree-k space and in the linear one. */
    mutable PETScWrappers::MPI::Vector src, dst, residual, correction;
  };

  CoarseCorrection::CoarseCorrection()
    : data(std::make_unique<Data>())
  {}

  CoarseCorrection::~CoarseCorrection() = default;

  template <int dim>
  void
  CoarseCorrection::initialize_interpolation(const DoFHandler<dim> &dof,
                                             const DoFHandler<dim> &dof_linear,
                                             const unsigned int     level,
                                             const IndexSet        &fixed,
                                             const IndexSet &fixed_linear)
  {
    const MPI_Comm            comm      = dof.get_communicator();
    const FiniteElement<dim> &fe        = dof.get_fe();
    const FiniteElement<dim> &fe_linear = dof_linear.get_fe();
    const IndexSet           &owned     = dof.locally_owned_mg_dofs(level);
    const IndexSet &owned_linear = dof_linear.locally_owned_mg_dofs(level);

    // The linear shape functions at the degree-k nodes: P's cell block.
    FullMatrix<double> weight(fe.n_dofs_per_cell(),
                              fe_linear.n_dofs_per_cell());
    for (unsigned int i = 0; i < weight.m(); ++i)
      for (unsigned int j = 0; j < weight.n(); ++j)
        {
          const double w =
            fe_linear.shape_value(j, fe.get_unit_support_points()[i]);
          weight(i, j) = std::abs(w) > 1e-12 ? w : 0.0;
        }

    // Every owned row lies on an owned cell (a level DoF belongs to one of
    // its cells' owners); the rows of the Dirichlet DoFs stay empty, and so
    // do the columns of the linear ones: the correction is zero there.
    std::vector<types::global_dof_index> rows(fe.n_dofs_per_cell()),
      columns(fe_linear.n_dofs_per_cell());
    const auto for_each_entry = [&](const auto &visit) {
      for (const auto &cell : dof.mg_cell_iterators_on_level(level))
        if (cell->is_locally_owned_on_level())
          {
            const typename DoFHandler<dim>::level_cell_iterator linear(
              &dof.get_triangulation(), level, cell->index(), &dof_linear);
            cell->get_mg_dof_indices(rows);
            linear->get_mg_dof_indices(columns);
            for (unsigned int i = 0; i < rows.size(); ++i)
              if (owned.is_element(rows[i]) && !fixed.is_element(rows[i]))
                for (unsigned int j = 0; j < columns.size(); ++j)
                  if (weight(i, j) != 0.0 &&
                      !fixed_linear.is_element(columns[j]))
                    visit(rows[i], columns[j], weight(i, j));
          }
    };
    DynamicSparsityPattern pattern(dof.n_dofs(level),
                                   dof_linear.n_dofs(level),
                                   owned);
    for_each_entry(
      [&](const auto i, const auto j, double) { pattern.add(i, j); });
    data = std::make_unique<Data>();
    data->interpolation.reinit(owned, owned_linear, pattern, comm);
    // A node shared by cells gets the same weight from each.
    for_each_entry([&](const auto i, const auto j, const double w) {
      data->interpolation.set(i, j, w);
    });
    data->interpolation.compress(VectorOperation::insert);
    data->src.reinit(owned, comm);
    data->dst.reinit(owned, comm);
    data->residual.reinit(owned_linear, comm);
    data->correction.reinit(owned_linear, comm);
  }

  void
  CoarseCorrection::initialize_amg(const TrilinosWrappers::SparseMatrix &A,
                                   const IndexSet    &owned_linear,
                                   const unsigned int dim)
  {
    Assert(data->interpolation.m() > 0, ExcNotInitialized());
    copy_to_petsc(A, owned_linear, A.get_mpi_communicator(), data->matrix);
    initialize_boomeramg(data->amg, data->matrix, dim);
  }

  void
  CoarseCorrection::vmult(
    LinearAlgebra::distributed::Vector<double>       &dst,
    const LinearAlgebra::distributed::Vector<double> &src) const
  {
    // src, dst and the PETSc vectors of the degree-k space hold the level's
    // owned DoFs in the same order (one contiguous range per rank).
    copy_local_to_petsc(src, data->src);
    data->interpolation.Tvmult(data->residual, data->src);
    data->amg.vmult(data->correction, data->residual);
    data->interpolation.vmult(data->dst, data->correction);
    copy_local_from_petsc(data->dst, dst);
  }

  template void
  CoarseCorrection::initialize_interpolation<2>(const DoFHandler<2> &,
                                                const DoFHandler<2> &,
                                                unsigned int,
                                                const IndexSet &,
                                                const IndexSet &);
  template void
  CoarseCorrection::initialize_interpolation<3>(const DoFHandler<3> &,
                                                const DoFHandler<3> &,
                                                unsigned int,
                                                const IndexSet &,
                                                const IndexSet &);
} // namespace nanoconvect::internal

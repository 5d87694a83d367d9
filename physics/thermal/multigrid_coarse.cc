#include <deal.II/dofs/dof_accessor.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <physics/boomeramg.h>
#include <physics/petsc_copy.h>
#include <physics/thermal/multigrid_coarse.h>

#include <algorithm>
#include <cmath>

// A source of one SIMD lane (cmake/simd.cmake): nothing here stores
// deal.II's VectorizedArray.

namespace nanoconvect::internal
{
  template <int dim>
  unsigned int
  choose_coarse_level(const DoFHandler<dim>   &dof,
                      const MGConstrainedDoFs &constrained)
  {
    const MPI_Comm                       comm = dof.get_communicator();
    const Triangulation<dim>            &tria = dof.get_triangulation();
    const unsigned int                   L    = tria.n_global_levels() - 1;
    std::vector<types::global_dof_index> free(L + 1);
    const types::global_dof_index        enough =
      std::min<types::global_dof_index>(100, dof.n_dofs());
    for (unsigned int l = 0; l <= L; ++l)
      {
        IndexSet held = constrained.get_boundary_indices(l);
        held.compress();
        const IndexSet &owned = dof.locally_owned_mg_dofs(l);
        free[l] =
          Utilities::MPI::sum(owned.n_elements() - (owned & held).n_elements(),
                              comm);
      }
    unsigned int coarsest_active = L;
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned())
        coarsest_active =
          std::min<unsigned int>(coarsest_active, cell->level());
    coarsest_active    = Utilities::MPI::min(coarsest_active, comm);
    unsigned int level = 0;
    while (level < coarsest_active && free[level] < enough)
      ++level;
    return level;
  }

  template <int dim>
  struct CoarseCorrection<dim>::Data
  {
    Data()
      : fe_linear(1)
    {}

    /** The level's linear functions and their Dirichlet constraints. */
    const FE_Q<dim>           fe_linear;
    DoFHandler<dim>           dof_linear;
    AffineConstraints<double> constraints_linear;
    unsigned int              level = 0;
    /** P: the level's linear functions into its degree-k functions. */
    PETScWrappers::MPI::SparseMatrix     interpolation;
    PETScWrappers::MPI::SparseMatrix     matrix; // P^T A P
    PETScWrappers::PreconditionBoomerAMG amg;
    /** In the degree-k space and in the linear one. */
    mutable PETScWrappers::MPI::Vector src, dst, residual, correction;
  };

  template <int dim>
  CoarseCorrection<dim>::CoarseCorrection()
    : data(std::make_unique<Data>())
  {}

  template <int dim>
  CoarseCorrection<dim>::~CoarseCorrection() = default;

  template <int dim>
  void
  CoarseCorrection<dim>::initialize_interpolation(
    const DoFHandler<dim>              &dof,
    const unsigned int                  level,
    const std::set<types::boundary_id> &dirichlet_ids,
    const IndexSet                     &fixed)
  {
    data              = std::make_unique<Data>();
    data->level       = level;
    auto &dof_linear  = data->dof_linear;
    auto &constraints = data->constraints_linear;
    dof_linear.reinit(dof.get_triangulation());
    dof_linear.distribute_dofs(data->fe_linear);
    dof_linear.distribute_mg_dofs();
    MGConstrainedDoFs constrained_linear;
    constrained_linear.initialize(dof_linear);
    constrained_linear.make_zero_boundary_constraints(dof_linear,
                                                      dirichlet_ids);
    const IndexSet &fixed_linear =
      constrained_linear.get_boundary_indices(level);
    constraints.reinit(
      DoFTools::extract_locally_relevant_level_dofs(dof_linear, level));
    constraints.add_lines(fixed_linear);
    constraints.close();

    const MPI_Comm            comm      = dof.get_communicator();
    const FiniteElement<dim> &fe        = dof.get_fe();
    const FiniteElement<dim> &fe_linear = data->fe_linear;
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

  template <int dim>
  const DoFHandler<dim> &
  CoarseCorrection<dim>::linear_dofs() const
  {
    return data->dof_linear;
  }

  template <int dim>
  const AffineConstraints<double> &
  CoarseCorrection<dim>::linear_constraints() const
  {
    return data->constraints_linear;
  }

  template <int dim>
  void
  CoarseCorrection<dim>::initialize_amg(const TrilinosWrappers::SparseMatrix &A)
  {
    Assert(data->interpolation.m() > 0, ExcNotInitialized());
    copy_to_petsc(A,
                  data->dof_linear.locally_owned_mg_dofs(data->level),
                  A.get_mpi_communicator(),
                  data->matrix);
    initialize_boomeramg(data->amg, data->matrix, dim);
  }

  template <int dim>
  void
  CoarseCorrection<dim>::vmult(
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

  template unsigned int
  choose_coarse_level(const DoFHandler<2> &, const MGConstrainedDoFs &);
  template unsigned int
  choose_coarse_level(const DoFHandler<3> &, const MGConstrainedDoFs &);
  template class CoarseCorrection<2>;
  template class CoarseCorrection<3>;
} // namespace nanoconvect::internal

// The matrix-free heat operator's level diagonal (Chebyshev's
// preconditioner), which HeatOperator sums from its coefficients and
// the 1D shape functions, against the diagonal of the level matrix that
// deal.II's MatrixFreeTools::compute_matrix assembles by applying the cell
// operator to each unit vector: two ways to one number, sharing only the
// coefficients. On a locally refined two-material mesh, steady and
// transient, 3D and the r-weighted r-z form; and the float operator that
// the V-cycle smooths with against the double one.
//
// On the same levels, the operator on the linear functions (the coarse
// CG's AMG matrix, summed from the coefficients and the Q1 shape
// functions) against the Galerkin product P^T A P of the assembled level
// matrix with deal.II's interpolation of FE_Q(1) into FE_Q(2)
// (FETools::get_interpolation_matrix), as quadratic forms v^T A_1 u =
// (P v)^T A (P u) for functions zero on the Dirichlet boundary.
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_tools.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/lac/trilinos_vector.h>
#include <deal.II/multigrid/mg_constrained_dofs.h>

#include <gtest/gtest.h>

#include <physics/materials/material_table.h>
#include <physics/thermal/heat_operator.h>

#include "test_helpers.h"

#include <cmath>

using namespace dealii;
using nanoconvect::MaterialTable;
using nanoconvect::internal::HeatOperator;
using nanoconvect::test_support::copper_and_oxide;

namespace
{
  /** A smooth nonconstant function of the index: test vector entries. */
  double
  entry(const types::global_dof_index i, const double phase)
  {
    return std::sin(0.37 * i + phase) + 0.5;
  }

  /** A level vector of the linear functions (zero on fixed) and its
   *  interpolation into the level's degree-2 functions (owned entries;
   *  every owned DoF lies on an owned level cell). */
  template <int dim>
  void
  linear_and_interpolated(const DoFHandler<dim>         &dof,
                          const DoFHandler<dim>         &dof_linear,
                          const unsigned int             level,
                          const IndexSet                &fixed_linear,
                          const double                   phase,
                          TrilinosWrappers::MPI::Vector &linear,
                          TrilinosWrappers::MPI::Vector &interpolated)
  {
    const IndexSet owned_linear = dof_linear.locally_owned_mg_dofs(level);
    linear.reinit(owned_linear, MPI_COMM_WORLD);
    for (const auto i : owned_linear)
      linear(i) = fixed_linear.is_element(i) ? 0.0 : entry(i, phase);
    linear.compress(VectorOperation::insert);
    TrilinosWrappers::MPI::Vector ghosted(
      owned_linear,
      DoFTools::extract_locally_relevant_level_dofs(dof_linear, level),
      MPI_COMM_WORLD);
    ghosted = linear;

    FullMatrix<double> I(dof.get_fe().n_dofs_per_cell(),
                         dof_linear.get_fe().n_dofs_per_cell());
    FETools::get_interpolation_matrix(dof_linear.get_fe(), dof.get_fe(), I);
    const IndexSet owned = dof.locally_owned_mg_dofs(level);
    interpolated.reinit(owned, MPI_COMM_WORLD);
    std::vector<types::global_dof_index> indices(I.m()), indices_linear(I.n());
    for (const auto &cell : dof.mg_cell_iterators_on_level(level))
      if (cell->is_locally_owned_on_level())
        {
          const typename DoFHandler<dim>::level_cell_iterator c(
            &dof.get_triangulation(), level, cell->index(), &dof_linear);
          cell->get_mg_dof_indices(indices);
          c->get_mg_dof_indices(indices_linear);
          for (unsigned int i = 0; i < I.m(); ++i)
            if (owned.is_element(indices[i]))
              {
                double value = 0;
                for (unsigned int j = 0; j < I.n(); ++j)
                  value += I(i, j) * ghosted(indices_linear[j]);
                interpolated(indices[i]) = value;
              }
        }
    interpolated.compress(VectorOperation::insert);
  }

  template <int dim>
  void
  check_level_diagonals(const bool axisymmetric, const double inverse_dt)
  {
    parallel::distributed::Triangulation<dim> tria(
      MPI_COMM_WORLD,
      Triangulation<dim>::limit_level_difference_at_vertices,
      parallel::distributed::Triangulation<dim>::construct_multigrid_hierarchy);
    // r from 0.2 to 1.2 in r-z (the r weight varies 6-fold).
    Point<dim> lower, upper;
    for (unsigned int d = 0; d < dim; ++d)
      {
        lower[d] = (d == 0 ? 0.2 : 0.0);
        upper[d] = lower[d] + 1.0;
      }
    std::vector<unsigned int> subdivisions(dim, 2);
    subdivisions[dim - 1] = 3;
    GridGenerator::subdivided_hyper_rectangle(
      tria, subdivisions, lower, upper, true);
    for (const auto &cell : tria.active_cell_iterators())
      cell->set_material_id(cell->center()[dim - 1] < 0.5 ? 1 : 2);
    // Sheared (the metric's off-diagonal entries nonzero), keeping
    // r >= 0.2 and the interface plane z = 0.5.
    GridTools::transform(
      [](const Point<dim> &p) {
        Point<dim> q = p;
        q[0] += 0.3 * p[dim - 1];
        if (dim == 3)
          q[1] += 0.2 * p[0];
        return q;
      },
      tria);
    tria.refine_global(1);
    // Local refinement at the material interface: refinement edges.
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned() &&
          std::abs(cell->center()[dim - 1] - 0.5) < 0.2 &&
          cell->center()[0] < lower[0] + 0.6)
        cell->set_refine_flag();
    tria.execute_coarsening_and_refinement();

    // Q2 (the operator's) and Q1 (the coarse correction's) DoFs on every
    // level, Dirichlet on boundary 2.
    const auto level_dofs = [](DoFHandler<dim>   &dof,
                               const unsigned int degree,
                               MGConstrainedDoFs &constrained) {
      dof.distribute_dofs(FE_Q<dim>(degree));
      dof.distribute_mg_dofs();
      constrained.initialize(dof);
      constrained.make_zero_boundary_constraints(dof, {2});
    };
    DoFHandler<dim>   dof_handler(tria), dof_linear(tria);
    MGConstrainedDoFs mg_constrained, mg_constrained_linear;
    level_dofs(dof_handler, 2, mg_constrained);
    level_dofs(dof_linear, 1, mg_constrained_linear);

    const MaterialTable materials = copper_and_oxide();
    const MappingQ<dim> mapping(1);
    unsigned int        compared = 0;
    for (unsigned int l = 0; l < tria.n_global_levels(); ++l)
      {
        AffineConstraints<double> c;
        c.reinit(DoFTools::extract_locally_relevant_level_dofs(dof_handler, l));
        c.add_lines(mg_constrained.get_boundary_indices(l));
        c.close();
        HeatOperator<dim, 2, double> A;
        HeatOperator<dim, 2, float>  A_float;
        A.reinit(dof_handler, c, &mg_constrained, l);
        A_float.reinit(dof_handler, c, &mg_constrained, l);
        A.set_geometry(mapping, axisymmetric);
        A_float.set_geometry(mapping, axisymmetric);
        A.set_coefficients(materials, nullptr, 0.6, inverse_dt);
        A_float.set_coefficients(materials, nullptr, 0.6, inverse_dt);
        A.compute_diagonal();
        A_float.compute_diagonal();
        TrilinosWrappers::SparseMatrix M;
        A.assemble_matrix(M);
        const auto &inverse = A.get_matrix_diagonal_inverse()->get_vector();
        const auto &inverse_float =
          A_float.get_matrix_diagonal_inverse()->get_vector();
        for (const auto i : dof_handler.locally_owned_mg_dofs(l))
          {
            if (mg_constrained.is_boundary_index(l, i) ||
                mg_constrained.at_refinement_edge(l, i))
              {
                EXPECT_EQ(inverse(i), 1.0) << "level " << l << " DoF " << i;
                continue;
              }
            const double a_ii = M.el(i, i);
            ASSERT_GT(a_ii, 0);
            EXPECT_NEAR(1.0 / inverse(i), a_ii, 1e-12 * a_ii)
              << "level " << l << " DoF " << i;
            EXPECT_NEAR(1.0 / inverse_float(i), a_ii, 1e-5 * a_ii)
              << "level " << l << " DoF " << i;
            ++compared;
          }

        const IndexSet &fixed_linear =
          mg_constrained_linear.get_boundary_indices(l);
        AffineConstraints<double> c_linear;
        c_linear.reinit(
          DoFTools::extract_locally_relevant_level_dofs(dof_linear, l));
        c_linear.add_lines(fixed_linear);
        c_linear.close();
        TrilinosWrappers::SparseMatrix A_linear;
        A.assemble_linear_matrix(dof_linear, c_linear, A_linear);
        TrilinosWrappers::MPI::Vector u, v, Pu, Pv;
        linear_and_interpolated(
          dof_handler, dof_linear, l, fixed_linear, 0.0, u, Pu);
        linear_and_interpolated(
          dof_handler, dof_linear, l, fixed_linear, 1.3, v, Pv);
        const double galerkin = M.matrix_scalar_product(Pv, Pu);
        // Not a vanishing form (the sizes of its factors as the scale).
        ASSERT_GT(std::abs(galerkin),
                  1e-6 * M.frobenius_norm() * Pu.l2_norm() * Pv.l2_norm())
          << "level " << l;
        EXPECT_NEAR(A_linear.matrix_scalar_product(v, u),
                    galerkin,
                    1e-11 * std::abs(galerkin))
          << "level " << l;
        // Symmetric, as CG and BoomerAMG need.
        EXPECT_NEAR(A_linear.matrix_scalar_product(u, v),
                    A_linear.matrix_scalar_product(v, u),
                    1e-12 * std::abs(galerkin));
      }
    EXPECT_GT(Utilities::MPI::sum(compared, MPI_COMM_WORLD), 100u);
  }
} // namespace

// Each test also checks the operator on the linear functions against the
// Galerkin product on the same levels.
TEST(HeatOperatorLevelDiagonal, EqualsTheAssembledDiagonalIn3D)
{
  check_level_diagonals<3>(false, 0.0);
}

TEST(HeatOperatorLevelDiagonal, EqualsTheAssembledDiagonalTransient3D)
{
  check_level_diagonals<3>(false, 1e3);
}

TEST(HeatOperatorLevelDiagonal, EqualsTheAssembledDiagonalInRZ)
{
  check_level_diagonals<2>(true, 0.0);
  check_level_diagonals<2>(true, 1e3);
}

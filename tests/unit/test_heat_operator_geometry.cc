// The matrix-free heat operator on curved cells against the textbook
// assembly. HeatOperator applies on the reference cell (its MatrixFree sees
// every cell as [0,1]^dim) with metric terms w JxW J^-1 J^-T computed from
// the run's mapping; here a quadratic MappingQCache bends a locally refined
// two-material mesh, and the same operator is assembled the classical way:
// FEValues' real shape gradients, sum_q [theta k grad phi_i . grad phi_j +
// rho c_p/dt phi_i phi_j] w JxW, condensed with the hanging nodes. The two
// share only the mapping. Compared: A u row by row (steady and transient,
// constant and temperature-dependent k, 3D and the r-weighted r-z form)
// and the right-hand side with a heat source and an old temperature. On a
// nearly straight mesh, most batches of cells are translations of others
// and share their geometry; one spot bent by 1e-7 of a cell must not (its
// rows would be off by ~1e-7).
#include <deal.II/base/function.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/fe/mapping_q_cache.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_sparsity_pattern.h>
#include <deal.II/lac/trilinos_vector.h>
#include <deal.II/numerics/vector_tools.h>

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
  /** A smooth temperature in K: the old and linearization states. */
  template <int dim>
  class Temperature : public Function<dim>
  {
  public:
    double
    value(const Point<dim> &p, const unsigned int = 0) const override
    {
      return 400 + 150 * std::sin(2 * p[0] + 1) * std::cos(p[dim - 1]) +
             (dim == 3 ? 40 * p[1] : 0.0);
    }
  };

  /** A volumetric source, W/m^3. */
  template <int dim>
  class Source : public Function<dim>
  {
  public:
    double
    value(const Point<dim> &p, const unsigned int = 0) const override
    {
      return 1e5 * (1 + p[0] * p[dim - 1]);
    }
  };

  template <int dim>
  void
  check(const bool   axisymmetric,
        const double inverse_dt,
        const bool   temperature_dependent,
        const bool   curved)
  {
    SCOPED_TRACE("dim " + std::to_string(dim) + ", 1/dt " +
                 std::to_string(inverse_dt) + ", k(T) " +
                 std::to_string(temperature_dependent) + ", curved " +
                 std::to_string(curved));
    parallel::distributed::Triangulation<dim> tria(MPI_COMM_WORLD);
    Point<dim>                                lower, upper;
    for (unsigned int d = 0; d < dim; ++d)
      {
        lower[d] = (d == 0 ? 0.2 : 0.0);
        upper[d] = lower[d] + 1.0;
      }
    GridGenerator::subdivided_hyper_rectangle(
      tria, std::vector<unsigned int>(dim, curved ? 2 : 4), lower, upper);
    tria.refine_global(1);
    for (const auto &cell : tria.active_cell_iterators())
      cell->set_material_id(cell->center()[dim - 1] < 0.5 ? 1 : 2);
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned() && cell->center()[0] < 0.6)
        cell->set_refine_flag();
    tria.execute_coarsening_and_refinement();

    // Curved cells: a quadratic map of the straight mesh's Q2 points that
    // shears, bends and stretches (r stays > 0). Or straight cells bent by
    // 1e-7 near one point.
    MappingQCache<dim> mapping(2);
    mapping.initialize(
      MappingQ<dim>(1),
      tria,
      [curved, &lower](const auto &, const Point<dim> &p) {
        Point<dim> q = p;
        if (curved)
          {
            q[0] += 0.15 * p[dim - 1] * p[dim - 1] + 0.1 * p[0] * p[dim - 1];
            q[dim - 1] += 0.2 * p[0] * p[0];
            if (dim == 3)
              q[1] += 0.1 * p[0] * p[2] - 0.05 * p[1] * p[1];
          }
        else
          {
            Point<dim> spot = lower;
            for (unsigned int d = 0; d < dim; ++d)
              spot[d] += 0.6;
            q[dim - 1] +=
              1e-7 * std::max(0.0, 1 - p.distance_square(spot) / 0.04);
          }
        return q;
      },
      false);

    DoFHandler<dim> dof_handler(tria);
    dof_handler.distribute_dofs(FE_Q<dim>(2));
    const IndexSet owned = dof_handler.locally_owned_dofs();
    const IndexSet relevant =
      DoFTools::extract_locally_relevant_dofs(dof_handler);
    AffineConstraints<double> constraints(relevant);
    DoFTools::make_hanging_node_constraints(dof_handler, constraints);
    constraints.close();
    MaterialTable materials = copper_and_oxide();
    if (temperature_dependent)
      materials[1].conductivity_table = {{300, 420}, {500, 380}, {700, 350}};
    const double theta = inverse_dt > 0 ? 0.6 : 1.0;

    HeatOperator<dim, 2, double> A;
    A.reinit(dof_handler, constraints);
    A.set_geometry(mapping, axisymmetric);
    typename HeatOperator<dim, 2, double>::VectorType T, u, Au, b;
    A.initialize_dof_vector(T);
    VectorTools::interpolate(mapping, dof_handler, Temperature<dim>(), T);
    constraints.distribute(T);
    T.update_ghost_values();
    A.set_coefficients(materials,
                       temperature_dependent ? &T : nullptr,
                       theta,
                       inverse_dt);
    A.initialize_dof_vector(u);
    for (const auto i : owned)
      u(i) = constraints.is_constrained(i) ? 0.0 : std::sin(0.37 * i) + 0.5;
    A.initialize_dof_vector(Au);
    A.vmult(Au, u);
    const Source<dim> source;
    // ThetaScheme's explicit weight, 1 - theta when transient.
    A.assemble_rhs(b,
                   materials,
                   inverse_dt > 0 ? &T : nullptr,
                   inverse_dt > 0 ? 1 - theta : 0.0,
                   inverse_dt,
                   &source);

    // The textbook assembly.
    TrilinosWrappers::SparsityPattern sp(owned, MPI_COMM_WORLD);
    DoFTools::make_sparsity_pattern(dof_handler, sp, constraints, false);
    sp.compress();
    TrilinosWrappers::SparseMatrix M(sp);
    TrilinosWrappers::MPI::Vector  rhs(owned, MPI_COMM_WORLD);
    const QGauss<dim>              quadrature(3);
    FEValues<dim>                  fe_values(mapping,
                            dof_handler.get_fe(),
                            quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    const unsigned int             n = dof_handler.get_fe().n_dofs_per_cell();
    FullMatrix<double>             cell_matrix(n, n);
    Vector<double>                 cell_rhs(n);
    std::vector<types::global_dof_index> dofs(n);
    std::vector<double>                  T_q(quadrature.size());
    std::vector<Tensor<1, dim>>          grad_T_q(quadrature.size());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(T, T_q);
          fe_values.get_function_gradients(T, grad_T_q);
          const auto &mat = materials[cell->material_id()];
          cell_matrix     = 0;
          cell_rhs        = 0;
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            {
              const Point<dim> &x = fe_values.quadrature_point(q);
              const double      dV =
                (axisymmetric ? 2 * M_PI * x[0] : 1.0) * fe_values.JxW(q);
              const double k =
                theta * (temperature_dependent ? mat.k(T_q[q]) : mat.k(0.0));
              const double c = mat.density * mat.heat_capacity * inverse_dt;
              for (unsigned int i = 0; i < n; ++i)
                {
                  for (unsigned int j = 0; j < n; ++j)
                    cell_matrix(i, j) += (k * fe_values.shape_grad(i, q) *
                                            fe_values.shape_grad(j, q) +
                                          c * fe_values.shape_value(i, q) *
                                            fe_values.shape_value(j, q)) *
                                         dV;
                  double f = source.value(x) * fe_values.shape_value(i, q);
                  if (inverse_dt > 0)
                    f += c * T_q[q] * fe_values.shape_value(i, q) -
                         (1 - theta) * mat.k(T_q[q]) * grad_T_q[q] *
                           fe_values.shape_grad(i, q);
                  cell_rhs(i) += f * dV;
                }
            }
          cell->get_dof_indices(dofs);
          constraints.distribute_local_to_global(
            cell_matrix, cell_rhs, dofs, M, rhs);
        }
    M.compress(VectorOperation::add);
    rhs.compress(VectorOperation::add);
    TrilinosWrappers::MPI::Vector u_owned(owned, MPI_COMM_WORLD), Mu;
    for (const auto i : owned)
      u_owned(i) = u(i);
    u_owned.compress(VectorOperation::insert);
    Mu.reinit(u_owned);
    M.vmult(Mu, u_owned);

    const double scale = Mu.linfty_norm(), rhs_scale = rhs.linfty_norm();
    ASSERT_GT(scale, 0);
    ASSERT_GT(rhs_scale, 0);
    unsigned int compared = 0;
    for (const auto i : owned)
      if (!constraints.is_constrained(i))
        {
          EXPECT_NEAR(Au(i), Mu(i), 1e-12 * scale) << "row " << i;
          EXPECT_NEAR(b(i), rhs(i), 1e-12 * rhs_scale) << "row " << i;
          ++compared;
        }
    EXPECT_GT(Utilities::MPI::sum(compared, MPI_COMM_WORLD), 100u);
    // Straight cells: batches share their geometry.
    const auto stored =
      Utilities::MPI::sum(A.geometry_batches_stored(), MPI_COMM_WORLD);
    const auto batches =
      Utilities::MPI::sum(std::size_t(A.get_matrix_free()->n_cell_batches()),
                          MPI_COMM_WORLD);
    if (!curved)
      EXPECT_LT(2 * stored, batches);
  }
} // namespace

TEST(HeatOperatorGeometry, AppliesTheAssembledOperatorOnCurvedCells3D)
{
  check<3>(false, 0.0, false, true);
  check<3>(false, 1e3, true, true);
}

TEST(HeatOperatorGeometry, SharesOnlyEqualGeometry)
{
  check<3>(false, 1e3, false, false);
  check<2>(true, 1e3, false, false);
}

TEST(HeatOperatorGeometry, AppliesTheAssembledOperatorOnCurvedCellsRZ)
{
  check<2>(true, 0.0, true, true);
  check<2>(true, 1e3, false, true);
}

// Manufactured solutions: the thermal solver converges at the optimal
// rates, L2 ~ h^(p+1) and H1 ~ h^p, in the axisymmetric and the 3D form,
// with the matrix-free solver (the default) and, in r-z Q2, the assembled one.
#include <deal.II/base/function.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/vector_tools.h>

#include <gtest/gtest.h>
#include <meshes/ids.h>
#include <physics/thermal/thermal_solver.h>

#include <cmath>
#include <iomanip>
#include <iostream>

using namespace nanoconvect;

namespace
{
  constexpr double k = 2.0; // W/m/K

  /** 2D (axisymmetric r-z): T = cos(pi r) e^z, smooth on the axis.
   *  3D: T = cos(pi x) cos(pi y) e^z. */
  template <int dim>
  class Exact : public Function<dim>
  {
  public:
    double
    value(const Point<dim> &p, const unsigned int = 0) const override
    {
      if (dim == 2)
        return std::cos(M_PI * p[0]) * std::exp(p[1]);
      return std::cos(M_PI * p[0]) * std::cos(M_PI * p[1]) * std::exp(p[2]);
    }
    Tensor<1, dim>
    gradient(const Point<dim> &p, const unsigned int = 0) const override
    {
      Tensor<1, dim> g;
      if (dim == 2)
        {
          g[0] = -M_PI * std::sin(M_PI * p[0]) * std::exp(p[1]);
          g[1] = value(p);
        }
      else
        {
          const double e = std::exp(p[2]);
          g[0] = -M_PI * std::sin(M_PI * p[0]) * std::cos(M_PI * p[1]) * e;
          g[1] = -M_PI * std::cos(M_PI * p[0]) * std::sin(M_PI * p[1]) * e;
          g[2] = value(p);
        }
      return g;
    }
  };

  /** q = -div(k grad T) in the matching form (cylindrical in 2D). */
  template <int dim>
  class Source : public Function<dim>
  {
  public:
    double
    value(const Point<dim> &p, const unsigned int = 0) const override
    {
      if (dim == 2)
        {
          const double r = p[0];
          return k * std::exp(p[1]) *
                 (M_PI * std::sin(M_PI * r) / r +
                  (M_PI * M_PI - 1) * std::cos(M_PI * r));
        }
      return k * (2 * M_PI * M_PI - 1) * Exact<dim>().value(p);
    }
  };

  struct Errors
  {
    double h, l2, h1;
  };

  template <int dim>
  Errors
  solve_on(const unsigned int refinement,
           const unsigned int degree,
           const bool         matrix_free)
  {
    // With its multigrid levels, as the program's mesh (the matrix-free
    // solver's V-cycle runs on them).
    parallel::distributed::Triangulation<dim> tria(
      MPI_COMM_WORLD,
      Triangulation<dim>::limit_level_difference_at_vertices,
      parallel::distributed::Triangulation<dim>::construct_multigrid_hierarchy);
    GridGenerator::hyper_cube(tria, 0, 1);
    for (const auto &face : tria.active_face_iterators())
      if (face->at_boundary())
        face->set_boundary_id((dim == 2 && face->center()[0] < 1e-12)
                                ? ids::boundary::symmetry_axis
                                : ids::boundary::hot_face);
    for (const auto &cell : tria.active_cell_iterators())
      cell->set_material_id(ids::material::substrate);
    tria.refine_global(refinement);

    ThermalParameters parameters;
    parameters.degree           = degree;
    parameters.linear_tolerance = 1e-13;
    parameters.matrix_free      = matrix_free;
    MaterialTable materials;
    materials[ids::material::substrate].conductivity = k;
    const MappingQ<dim> mapping(1);
    ThermalSolver<dim>  solver(tria, mapping, parameters, materials, dim == 2);
    solver.set_boundary_temperature(ids::boundary::hot_face,
                                    std::make_shared<Exact<dim>>());
    solver.set_boundary_temperature(ids::boundary::cold_face,
                                    std::make_shared<Exact<dim>>());
    solver.set_heat_source(std::make_shared<Source<dim>>());
    solver.setup_dofs();
    solver.solve_steady();

    Vector<float>     cellwise(tria.n_active_cells());
    const QGauss<dim> quadrature(degree + 2);
    Errors            e;
    e.h = 1.0 / (1 << refinement);
    VectorTools::integrate_difference(mapping,
                                      solver.get_dof_handler(),
                                      solver.get_solution(),
                                      Exact<dim>(),
                                      cellwise,
                                      quadrature,
                                      VectorTools::L2_norm);
    e.l2 =
      VectorTools::compute_global_error(tria, cellwise, VectorTools::L2_norm);
    VectorTools::integrate_difference(mapping,
                                      solver.get_dof_handler(),
                                      solver.get_solution(),
                                      Exact<dim>(),
                                      cellwise,
                                      quadrature,
                                      VectorTools::H1_seminorm);
    e.h1 = VectorTools::compute_global_error(tria,
                                             cellwise,
                                             VectorTools::H1_seminorm);
    return e;
  }

  template <int dim>
  void
  check_rates(const unsigned int degree,
              const unsigned int first,
              const unsigned int last,
              const bool         matrix_free = true)
  {
    std::vector<Errors> e;
    for (unsigned int r = first; r <= last; ++r)
      e.push_back(solve_on<dim>(r, degree, matrix_free));
    const bool root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    if (root)
      std::cout << "  " << (dim == 2 ? "axisymmetric" : "3D") << " Q" << degree
                << (matrix_free ? " matrix-free" : " matrix-based")
                << ":  h, L2 error, rate, H1 error, rate\n";
    for (unsigned int i = 0; i < e.size(); ++i)
      {
        const double l2_rate =
          i ? std::log(e[i - 1].l2 / e[i].l2) / std::log(2.0) : 0;
        const double h1_rate =
          i ? std::log(e[i - 1].h1 / e[i].h1) / std::log(2.0) : 0;
        if (root)
          std::cout << std::scientific << std::setprecision(3) << "    "
                    << e[i].h << "  " << e[i].l2 << "  " << std::fixed
                    << std::setprecision(2) << l2_rate << "  "
                    << std::scientific << std::setprecision(3) << e[i].h1
                    << "  " << std::fixed << std::setprecision(2) << h1_rate
                    << "\n";
        if (i + 1 == e.size())
          {
            EXPECT_GT(l2_rate, degree + 1 - 0.15);
            EXPECT_GT(h1_rate, degree - 0.15);
          }
      }
  }
} // namespace

TEST(ManufacturedSolution, AxisymmetricQ1)
{
  check_rates<2>(1, 2, 6);
}
TEST(ManufacturedSolution, AxisymmetricQ2)
{
  check_rates<2>(2, 2, 5);
}
TEST(ManufacturedSolution, AxisymmetricQ2MatrixBased)
{
  check_rates<2>(2, 2, 5, false);
}
TEST(ManufacturedSolution, ThreeDimensionalQ1)
{
  check_rates<3>(1, 1, 4);
}
TEST(ManufacturedSolution, ThreeDimensionalQ2)
{
  check_rates<3>(2, 1, 3);
}

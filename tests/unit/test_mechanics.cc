// The column's elastic-plastic mechanics (doc/model.md, section 8) against
// exact solutions: uniaxial compression (elastic, perfectly plastic, linear
// hardening), free thermal expansion, and the growth eigenstrain's volume.
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/trilinos_precondition.h>

#include <gtest/gtest.h>
#include <physics/mechanics/column_mechanics.h>
#include <physics/mechanics/solution_projection.h>

#include "test_helpers.h"

#include <cmath>
#include <iostream>
#include <string>

using namespace nanoconvect;

namespace
{
  using Support = MechanicsParameters::ColdSupport;

  struct ColumnCase
  {
    ColumnCase(const Support support, const double hardening, const double nu)
    {
      column                 = test_support::parameters_from("").materials[2];
      column.poissons_ratio  = nu;
      mechanics.hot_end      = MechanicsParameters::HotEnd::sliding;
      mechanics.cold_support = support;
      mechanics.hardening    = hardening;
      mechanics.cell_size    = 12e-9;
    }
    StackGeometry       geometry;
    RegionMaterial      column;
    MechanicsParameters mechanics;
  };

  /** A uniform temperature field. */
  template <int dim>
  typename ColumnMechanics<dim>::TemperatureSampler
  uniform(const double T)
  {
    return [T](const std::vector<Point<dim>> &p, std::vector<double> &v) {
      v.assign(p.size(), T);
    };
  }

  /**
   * Uniaxial stress, compressed by a prescribed displacement of the contact:
   * sigma = E eps up to sigma_y, then sigma_y + E_t (eps - eps_y) with
   * E_t = E H / (E + H). Sliding hot end, frictionless contact: the stress
   * is homogeneous, so the FE answer is exact up to the solvers.
   */
  template <int dim>
  void
  check_uniaxial(const double       hardening,
                 const double       tolerance,
                 const double       plastic_tolerance,
                 const std::string &linear_solver = "automatic",
                 const MechanicsParameters::LinearAlgebra algebra =
                   MechanicsParameters::LinearAlgebra::trilinos)
  {
    ColumnCase s(Support::prescribed, hardening, 0.3);
    s.mechanics.linear_solver  = linear_solver;
    s.mechanics.linear_algebra = algebra;
    // Linear elements hold the homogeneous solution exactly as well; in 3D
    // they keep the test fast.
    s.mechanics.degree = dim == 3 ? 1 : 2;
    ColumnMechanics<dim> m(MPI_COMM_WORLD, s.geometry, s.column, s.mechanics);
    m.set_temperature(uniform<dim>(500));
    const double E = s.column.youngs_modulus, L = s.geometry.column_length;
    const double sy = m.yield_strength(), ey = sy / E;
    const double Et = E * hardening / (E + hardening);
    // The mesh's own contact area (3D: the mapped circle's).
    const double A = m.contact_area();
    for (const double eps : {0.5 * ey, 0.99 * ey, 1.5 * ey, 3 * ey, 6 * ey})
      {
        const auto   r     = m.solve(0, 0, -eps * L);
        const double exact = eps <= ey ? E * eps : sy + Et * (eps - ey);
        EXPECT_NEAR(r.contact_force / A / exact, 1.0, tolerance)
          << "strain " << eps / ey << " eps_y, dim " << dim;
        if (eps > ey)
          {
            EXPECT_NEAR(r.max_plastic_strain /
                          ((eps - ey) * E / (E + hardening)),
                        1.0,
                        plastic_tolerance);
          }
        m.commit();
      }
  }
} // namespace

TEST(ColumnMechanics, UniaxialElasticPlasticAxisymmetric)
{
  check_uniaxial<2>(0, 1e-7, 1e-6);   // elastic - perfectly plastic
  check_uniaxial<2>(2e9, 1e-7, 1e-6); // linear hardening
}

TEST(ColumnMechanics, UniaxialElasticPlasticThreeDimensional)
{
  // The mapped (Q2) circle's area differs from pi R^2 by ~1e-5, and on the
  // curved cells the trilinear field cannot hold the homogeneous state
  // exactly: the peak plastic strain is within 0.2 % (the force 1e-4).
  check_uniaxial<3>(0, 1e-4, 5e-3);
  check_uniaxial<3>(2e9, 1e-4, 5e-3);
}

// The same bar with CG + AMG throughout: every elastic predictor starts
// from the projection onto the earlier ones (SolutionProjection), whose
// loads here are moved held values (inhomogeneous constraints).
TEST(ColumnMechanics, UniaxialThreeDimensionalWithAmgFromTheProjection)
{
  check_uniaxial<3>(2e9, 1e-4, 5e-3, "CG + AMG");
}

// The bar again with the preconditioners from PETSc: MUMPS through PETSc
// for the LU path, hypre BoomerAMG with the displacement as hypre's
// systems for the AMG path (r-z and 3D).
TEST(ColumnMechanics, UniaxialWithPETScPreconditioners)
{
  const auto petsc = MechanicsParameters::LinearAlgebra::petsc;
  check_uniaxial<2>(2e9, 1e-7, 1e-6, "direct", petsc);
  check_uniaxial<2>(2e9, 1e-7, 1e-6, "CG + AMG", petsc);
  check_uniaxial<3>(2e9, 1e-4, 5e-3, "CG + AMG", petsc);
}

// A coupled run with each library's preconditioners (CG + AMG: ML against
// BoomerAMG, two different multigrids under the same CG, stopping test and
// projection): the column's answers agree to the solvers' tolerance.
TEST(MechanicsLinearAlgebra, PETScAndTrilinosGiveTheSameColumn)
{
  const std::string amg = test_support::fast_stack +
                          "subsection Mechanics\n"
                          " set Linear solver = CG + AMG\n";
  const auto trilinos = test_support::run_case("mech_trilinos", amg + "end\n");
  const auto petsc =
    test_support::run_case("mech_petsc",
                           amg + " set Linear algebra = PETSc\nend\n");
  test_support::expect_same_values(petsc["mechanics"],
                                   trilinos["mechanics"],
                                   {"back_stress_Pa", "core_speed_m_per_s"},
                                   1e-8);
  test_support::expect_same_values(petsc["interface"],
                                   trilinos["interface"],
                                   {"contact_centre_stress_Pa",
                                    "contact_perimeter_stress_Pa",
                                    "foot_centre_stress_Pa"},
                                   1e-8);
  EXPECT_EQ(petsc["mechanics"]["steps"], trilinos["mechanics"]["steps"]);
}

template <int dim>
void
check_free_thermal_expansion()
{
  // Uniform heating from a given T_0 with a free contact and a sliding hot
  // end: no stress, and the top rises by alpha (T - T_0) L.
  ColumnCase s(Support::free, 1e9, 0.34);
  s.mechanics.reference_mean        = false;
  s.mechanics.reference_temperature = 293.15;
  ColumnMechanics<dim> m(MPI_COMM_WORLD, s.geometry, s.column, s.mechanics);
  m.set_temperature(uniform<dim>(673.15));
  const double L     = s.geometry.column_length;
  const auto   r     = m.solve(0);
  const double exact = s.column.thermal_expansion * (673.15 - 293.15) * L;
  EXPECT_LT(r.max_von_mises,
            1e-8 * s.column.youngs_modulus * s.column.thermal_expansion * 380);
  EXPECT_NEAR(r.top_displacement / exact, 1.0, 1e-9);
  EXPECT_NEAR(r.contact_force /
                (s.column.youngs_modulus * m.contact_area() * exact / L),
              0,
              1e-10);

  // 'column mean' reference: the volume mean of the sampled field.
  s.mechanics.reference_mean = true;
  ColumnMechanics<dim> mean(MPI_COMM_WORLD, s.geometry, s.column, s.mechanics);
  const double         z0 = s.geometry.z_column_bottom();
  mean.set_temperature(
    [&](const std::vector<Point<dim>> &p, std::vector<double> &v) {
      v.resize(p.size());
      for (unsigned int i = 0; i < p.size(); ++i)
        v[i] = 650 - 6e8 * (p[i][dim - 1] - z0);
    });
  EXPECT_NEAR(mean.reference_temperature(), 650 - 6e8 * L / 2, 1e-9 * 650);
}

TEST(ColumnMechanics, FreeThermalExpansionAxisymmetric)
{
  check_free_thermal_expansion<2>();
}

TEST(ColumnMechanics, FreeThermalExpansionThreeDimensional)
{
  check_free_thermal_expansion<3>();
}

TEST(ColumnMechanics, PlatedVolumeLengthensAFreeColumnByVOverA)
{
  // A free column (traction-free contact, sliding hot end, nu = 0) takes
  // up a uniformly plated volume V and a drained volume V_d without stress,
  // so its contact rises uniformly by (V - V_d) / A: a fact of the
  // displacement field, not of the eigenstrain's own normalisation.
  ColumnCase         s(Support::free, 1e9, 0.0);
  ColumnMechanics<2> m(MPI_COMM_WORLD, s.geometry, s.column, s.mechanics);
  m.set_temperature(uniform<2>(600));
  m.set_reference_temperature(600);
  const double A = m.contact_area();
  for (const double V : {1e-27, 3.7e-25})
    {
      const auto plated = m.solve(V);
      EXPECT_NEAR(plated.top_displacement / (V / A), 1.0, 1e-9);
      EXPECT_LT(plated.max_von_mises,
                1e-6 * s.column.youngs_modulus * V /
                  (A * s.geometry.column_length));
      EXPECT_NEAR(m.solve(V, 0.25 * V).top_displacement / (0.75 * V / A),
                  1.0,
                  1e-9);
    }
}

TEST(ColumnMechanics, RigidlyConfinedGrowthGivesTheConstrainedBarStress)
{
  // A layer of plated volume V between rigid ends with sliding hot end and
  // nu = 0: uniaxial strain of the bar, sigma = E V / (A L).
  ColumnCase         s(Support::rigid, 1e9, 0.0);
  ColumnMechanics<2> m(MPI_COMM_WORLD, s.geometry, s.column, s.mechanics);
  m.set_temperature(uniform<2>(600));
  const double V = 1e-25;
  const auto   r = m.solve(V);
  const double A = m.contact_area(), L = s.geometry.column_length;
  EXPECT_NEAR(r.contact_force / A / (s.column.youngs_modulus * V / (A * L)),
              1.0,
              1e-8);
}

TEST(ColumnMechanics, AnElasticStepOfAThinLayerTakesOneNewtonIteration)
{
  // The confined bar of the test above at half its yield stress. Put into
  // the 2 nm growth layer at the old displacement, the plated volume strains
  // the layer L / t = 60 times more than the bar's equilibrium does, far
  // past yield; the equilibrium is elastic everywhere. Newton's method from
  // the elastic predictor (the step's load with the elastic tangent, which
  // is then the exact one) solves it in one iteration; from the return map
  // at the old displacement it took 11-18 (doc/performance.md).
  ColumnCase         s(Support::rigid, 1e9, 0.0);
  ColumnMechanics<2> m(MPI_COMM_WORLD, s.geometry, s.column, s.mechanics);
  m.set_temperature(uniform<2>(600));
  const double A = m.contact_area(), L = s.geometry.column_length;
  const double E = s.column.youngs_modulus, sy = m.yield_strength();
  const double V = 0.5 * sy * A * L / E;
  ASSERT_GT(E * V / (A * s.mechanics.growth_layer), 10 * sy);
  const auto r = m.solve(V);
  EXPECT_EQ(r.newton_iterations, 1u);
  EXPECT_NEAR(r.contact_force / A / (0.5 * sy), 1.0, 1e-8);
  EXPECT_EQ(r.max_plastic_strain, 0.0);
}

TEST(ColumnMechanics, BucklingLoadOfASlenderClampedFreeColumnIsEulers)
{
  // L/d = 10, clamped at the hot end, free at the other: Euler's
  // P = pi^2 E I / (2 L)^2. Shear deformation changes it by ~0.5 % here.
  ColumnCase s(Support::free, 1e9, 0.34);
  s.mechanics.hot_end         = MechanicsParameters::HotEnd::clamped;
  s.mechanics.degree          = 2;
  s.mechanics.cell_size       = 25e-9;
  s.geometry.column_length    = 550e-9;
  s.mechanics.buckling_factor = 2.0;
  ColumnMechanics<3> m(MPI_COMM_WORLD, s.geometry, s.column, s.mechanics);
  const double       fe = m.buckling_load_fe(1e-6);
  // The closed form, against which both the FE eigenvalue (a different
  // discretization of the same physics) and the collapse check's
  // euler_load() are held.
  const double d = s.geometry.column_diameter, L = 550e-9;
  const double textbook = M_PI * M_PI * s.column.youngs_modulus * M_PI *
                          std::pow(d, 4) / 64 / std::pow(2 * L, 2);
  if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
    std::cout << "  buckling load: FE " << fe << " N, Euler " << textbook
              << " N\n";
  EXPECT_NEAR(fe / textbook, 1.0, 0.03);
  EXPECT_NEAR(m.euler_load() / textbook, 1.0, 1e-12);
}

TEST(ColumnMechanics, KrylovSchurAndInverseIterationFindTheSameBucklingLoad)
{
  // Two eigensolvers on the same K and K_g: SLEPc's Krylov-Schur with
  // shift-and-invert (K factorized by MUMPS, PETSc matrices) and inverse
  // iteration with the mechanics' own solver (Trilinos). A clamped-free
  // column, whose first mode is a pair (the two lateral directions): both
  // must reach the same eigenvalue of that pair, to their tolerances.
  ColumnCase s(Support::free, 1e9, 0.34);
  s.mechanics.hot_end         = MechanicsParameters::HotEnd::clamped;
  s.mechanics.cell_size       = 25e-9;
  s.mechanics.buckling_factor = 2.0;
  s.geometry.column_length    = 400e-9;
  // The column reads its parameters at each call: one mesh, two solvers.
  ColumnMechanics<3> m(MPI_COMM_WORLD, s.geometry, s.column, s.mechanics);
  const double       P_inverse = m.buckling_load_fe(1e-10);
  s.mechanics.buckling_eigensolver =
    MechanicsParameters::BucklingEigensolver::krylov_schur;
  const double P_krylov = m.buckling_load_fe(1e-10);
  if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
    std::cout << "  buckling load: inverse iteration " << P_inverse
              << " N, Krylov-Schur " << P_krylov << " N, Euler "
              << m.euler_load() << " N\n";
  EXPECT_NEAR(P_krylov / P_inverse, 1.0, 1e-7);
  // And both are the buckling of this column, not of some other mode: the
  // closed form is within the discretization error of it (Q1 cells of
  // 25 nm: 0.19 % measured; the degree-2 test above allows 3 %).
  EXPECT_NEAR(P_krylov / m.euler_load(), 1.0, 0.03);
}

namespace
{
  /** A distributed 1D Laplacian with a reaction term, SPD, over n rows. */
  struct SpdSystem
  {
    explicit SpdSystem(const unsigned int n)
      : comm(MPI_COMM_WORLD)
      , owned(n)
    {
      const unsigned int p = Utilities::MPI::n_mpi_processes(comm),
                         r = Utilities::MPI::this_mpi_process(comm);
      owned.add_range(n * r / p, n * (r + 1) / p);
      owned.compress();
      DynamicSparsityPattern dsp(n, n, owned);
      for (const auto i : owned)
        for (unsigned int j = (i > 0 ? i - 1 : 0); j < std::min(i + 2, n); ++j)
          dsp.add(i, j);
      A.reinit(owned, owned, dsp, comm);
      for (const auto i : owned)
        {
          A.set(i, i, 2.01);
          if (i > 0)
            A.set(i, i - 1, -1.0);
          if (i + 1 < n)
            A.set(i, i + 1, -1.0);
        }
      A.compress(VectorOperation::insert);
    }
    /** A load that differs between seeds, the same on any partition. */
    TrilinosWrappers::MPI::Vector
    load(const unsigned int seed) const
    {
      TrilinosWrappers::MPI::Vector b(owned, comm);
      for (const auto i : owned)
        b(i) = std::sin(0.37 * (seed + 1) * i + seed) + 0.1 * seed;
      b.compress(VectorOperation::insert);
      return b;
    }
    /** CG with Jacobi to 1e-12 of |b| from x; returns the iterations. */
    unsigned int
    solve(TrilinosWrappers::MPI::Vector       &x,
          const TrilinosWrappers::MPI::Vector &b) const
    {
      SolverControl control(10000, 1e-12 * b.l2_norm());
      SolverCG<TrilinosWrappers::MPI::Vector> cg(control);
      TrilinosWrappers::PreconditionJacobi    jacobi;
      jacobi.initialize(A);
      cg.solve(A, x, b, jacobi);
      return control.last_step();
    }
    MPI_Comm                       comm;
    IndexSet                       owned;
    TrilinosWrappers::SparseMatrix A;
  };
} // namespace

// Fischer's projection (SolutionProjection, the column's elastic solves):
// a load in the span of earlier loads is solved by the projection alone,
// any other starts closer than zero in the energy norm, and a full basis
// restarts from the newest solution.
TEST(SolutionProjection, SolvesALoadInTheSpanOfEarlierOnesWithoutCG)
{
  SpdSystem          s(2000);
  SolutionProjection projection(8);
  for (unsigned int k = 0; k < 4; ++k)
    {
      const auto                    b = s.load(k);
      TrilinosWrappers::MPI::Vector x(s.owned, s.comm);
      projection.initial_guess(b, x);
      EXPECT_GT(s.solve(x, b), 20u) << "load " << k << " is new";
      projection.add(s.A, x);
    }
  ASSERT_EQ(projection.size(), 4u);
  // A combination of the four: the projection is its solution.
  TrilinosWrappers::MPI::Vector b(s.owned, s.comm), x(b), r(b);
  for (unsigned int k = 0; k < 4; ++k)
    b.add(1.0 - 0.7 * k, s.load(k));
  projection.initial_guess(b, x);
  s.A.residual(r, x, b);
  const double relative = r.l2_norm() / b.l2_norm(); // collective
  EXPECT_LT(relative, 1e-9);
  const unsigned int remaining = s.solve(x, b);
  EXPECT_LE(remaining, 1u);
  if (Utilities::MPI::this_mpi_process(s.comm) == 0)
    std::cout << "  projection of a combination: residual " << relative
              << " of |b|, " << remaining << " CG iterations after it"
              << std::endl;
  // The solution of a new load: from the projection, CG reaches the same
  // answer as from zero, and the projection's error is smaller in the
  // energy norm than zero's (its Galerkin optimality).
  const auto                    c = s.load(7);
  TrilinosWrappers::MPI::Vector from_zero(s.owned, s.comm),
    projected(from_zero);
  s.solve(from_zero, c);
  projection.initial_guess(c, projected);
  TrilinosWrappers::MPI::Vector error(from_zero), A_error(from_zero);
  error -= projected;
  s.A.vmult(A_error, error);
  TrilinosWrappers::MPI::Vector A_exact(from_zero);
  s.A.vmult(A_exact, from_zero);
  EXPECT_LT(error * A_error, from_zero * A_exact);
  s.solve(projected, c);
  projected -= from_zero;
  EXPECT_LT(projected.linfty_norm(), 1e-9 * from_zero.linfty_norm());
  // A full basis restarts from the newest solution; a solution in the span
  // adds nothing.
  SolutionProjection small(2);
  for (unsigned int k = 0; k < 3; ++k)
    {
      TrilinosWrappers::MPI::Vector y(s.owned, s.comm);
      s.solve(y, s.load(k));
      small.add(s.A, y);
    }
  EXPECT_EQ(small.size(), 1u);
  small.add(s.A, from_zero);
  small.add(s.A, from_zero);
  EXPECT_EQ(small.size(), 2u);
}

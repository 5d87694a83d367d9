// Surface transport along the column (doc/model.md, section 6): closed forms,
// the stall of Eq. 1, the equilibrium profile, convergence, passivation.
#include <gtest/gtest.h>
#include <meshes/stack_geometry.h>
#include <physics/estimates/estimates.h>
#include <physics/surface_transport/surface_transport.h>
#include <physics/surface_transport/surface_transport_mesh.h>

#include <cmath>
#include <iostream>

using namespace nanoconvect;

namespace
{
  constexpr double k_B = 1.380649e-23;
  const double     R = 27.5e-9, L = 120e-9, z0 = 200e-9;

  SurfaceTransport1D::Profile
  profile(const unsigned int n,
          const double       T_hot,
          const double       T_cold,
          const double       sigma_hot,
          const double       sigma_cold)
  {
    SurfaceTransport1D::Profile p;
    for (unsigned int i = 0; i <= n; ++i)
      {
        const double x = double(i) / n;
        p.z.push_back(z0 + x * L);
        p.T.push_back(T_hot + x * (T_cold - T_hot));
        p.sigma.push_back(sigma_hot + x * (sigma_cold - sigma_hot));
      }
    return p;
  }
} // namespace

TEST(SurfaceTransport, ConstantDriftMatchesClosedFormToRoundOff)
{
  // Uniform T, linear stress: J = -D (C' + b C) with b = Omega s / k_B T.
  // Between C(0) = C0 and C(L) = CL: J = D b (C0 - CL e^{bL}) / (e^{bL} - 1).
  const SurfaceMaterial m;
  const double          T = 673.15, s0 = 0, s1 = -200e6, sb = 30e6;
  const double          kT = k_B * T, Om = m.Omega;
  const double          b  = Om * (s1 - s0) / L / kT;
  const double          C0 = std::exp(-(Om * s0 + m.gamma * Om / R) / kT) / Om;
  const double CL = std::exp((Om * sb - Om * s1 - m.gamma * Om / R) / kT) / Om;
  const double J_exact =
    m.D_fixed * b * (C0 - CL * std::exp(b * L)) / std::expm1(b * L);
  for (const unsigned int n : {3u, 17u, 100u})
    {
      const auto s =
        SurfaceTransport1D(m, R).solve(profile(n, T, T, s0, s1), sb);
      for (const double J : s.J)
        EXPECT_NEAR(J / J_exact, 1.0, 1e-10) << n << " elements";
      EXPECT_NEAR(s.C.front() / C0, 1.0, 1e-12);
      EXPECT_NEAR(s.C.back() / CL, 1.0, 1e-12);
    }
}

TEST(SurfaceTransport, StallsExactlyAtTheEquationOneBackStress)
{
  // A temperature gradient of 1e8 K/m plus the thermal stress trace: the
  // flux vanishes when sigma_b = Q ln(T_h / T_c) / Omega (Eq. 1), whatever
  // the stress trace along the way, and reverses across it.
  const SurfaceMaterial    m;
  const SurfaceTransport1D st(m, R);
  auto                     p = profile(60, 673.15, 661.15, 0, 0);
  p.sigma                    = st.thermal_stress(p.T, 293.15);
  const double sigma_stall =
    estimates::stall_stress(m.Q, m.Omega, p.T.front(), p.T.back());
  const auto below = st.solve(p, 0.9 * sigma_stall);
  const auto at    = st.solve(p, sigma_stall);
  const auto above = st.solve(p, 1.1 * sigma_stall);
  EXPECT_GT(below.mean_J, 0); // hot to cold
  EXPECT_LT(above.mean_J, 0); // reversed
  // Zero up to round-off: each element's flux is the difference of two
  // one-sided terms D/h B C ~ 2e26 atoms/m^2/s, so |J| ~ 1e-16 of that.
  const double one_sided = m.D_fixed / (L / 60) / m.Omega;
  for (const double J : at.J)
    EXPECT_LT(std::abs(J), 1e-14 * one_sided);
  EXPECT_LT(std::abs(at.mean_J), 1e-9 * below.mean_J);
  EXPECT_LT(std::abs(at.core_speed), 1e-9 * below.core_speed);
}

TEST(SurfaceTransport, ZeroFluxProfileMatchesItsClosedForm)
{
  // At the stall, Phi = mu + Q ln T is uniform, so
  // C(z) = exp((Q ln T_h - Omega sigma - gamma Omega kappa - Q ln T) / k_B T) /
  // Omega.
  const SurfaceMaterial    m;
  const SurfaceTransport1D st(m, R);
  auto                     p = profile(40, 900, 600, 0, 0);
  p.sigma                    = st.thermal_stress(p.T, 293.15);
  const auto s =
    st.solve(p, estimates::stall_stress(m.Q, m.Omega, p.T.front(), p.T.back()));
  for (unsigned int i = 0; i < p.z.size(); ++i)
    {
      const double C =
        std::exp((m.Q * std::log(900.0) - m.Omega * p.sigma[i] -
                  m.gamma * m.Omega / R - m.Q * std::log(p.T[i])) /
                 (k_B * p.T[i])) /
        m.Omega;
      EXPECT_NEAR(s.C[i] / C, 1.0, 1e-12) << "node " << i;
    }
}

TEST(SurfaceTransport, ConvergesAtSecondOrderWithAVaryingDrift)
{
  // A steep T(z) (900 K to 500 K) makes the drift vary along the column;
  // the flux converges as h^2 toward a fine reference.
  const SurfaceMaterial    m;
  const SurfaceTransport1D st(m, R);
  const auto               run = [&](const unsigned int n) {
    auto p  = profile(n, 900, 500, 0, 0);
    p.sigma = st.thermal_stress(p.T, 293.15);
    return st.solve(p, 20e6).J.back();
  };
  const double        reference = run(5120);
  std::vector<double> errors;
  for (const unsigned int n : {10u, 20u, 40u, 80u})
    errors.push_back(std::abs(run(n) - reference));
  for (unsigned int i = 1; i < errors.size(); ++i)
    EXPECT_NEAR(std::log2(errors[i - 1] / errors[i]), 2.0, 0.2);
}

TEST(SurfaceTransport, PassivatedSurfaceCarriesNothing)
{
  SurfaceMaterial m;
  m.passivated = true;
  const auto s =
    SurfaceTransport1D(m, R).solve(profile(20, 673.15, 600, 0, 0), 0);
  for (const double J : s.J)
    EXPECT_EQ(J, 0.0);
  EXPECT_EQ(s.insertion_rate, 0.0);
  EXPECT_EQ(s.core_speed, 0.0);
}

TEST(SurfaceTransport, DriftPartsMatchTheEstimatesAtTheReferenceConcentration)
{
  // Near C_s = 1/Omega and with sigma = E alpha (T - T_ref), the drift parts
  // are the paper's J_T and J_sigma (physics/estimates) for the same gradient.
  const SurfaceMaterial    m;
  const SurfaceTransport1D st(m, R);
  auto                     p = profile(200, 673.15, 661.15, 0, 0);
  p.sigma                    = st.thermal_stress(p.T, 293.15);
  const auto   s             = st.solve(p, 0);
  const double C0Omega = s.C.front() * m.Omega; // exp(-gamma Omega kappa/kT..)
  const double J_T =
    estimates::thermomigration_flux(m.Omega, m.D_fixed, m.Q, 1e8, 673.15);
  const double J_s = estimates::stress_gradient_flux(
    m.Omega, m.D_fixed, m.E, m.alpha, 1e8, 673.15);
  EXPECT_NEAR(s.J_T.front() / (C0Omega * J_T), 1.0, 0.01);
  EXPECT_NEAR(s.J_sigma.front() / (C0Omega * J_s), 1.0, 0.01);
}

namespace
{
  /** The default column's surface mesh, extracted from the 3D stack. */
  struct ColumnSurface
  {
    explicit ColumnSurface(const unsigned int refinements)
    {
      create_column_surface_mesh(geometry, tria, refinements);
    }
    StackGeometry       geometry;
    Triangulation<2, 3> tria;
  };

  /** Values of f(z) at the nodes. */
  template <typename F>
  std::vector<double>
  at_nodes(const SurfaceTransportMesh &t, const F &f)
  {
    std::vector<double> v;
    for (const auto &x : t.nodes())
      v.push_back(f(x[2]));
    return v;
  }
} // namespace

TEST(SurfaceTransportMesh, ConstantDriftMatchesClosedFormToRoundOff)
{
  // The 1D closed form above on the extracted 3D surface mesh: every axial
  // edge carries the exact SG flux, so the insertion rate is exact.
  const ColumnSurface   column(2);
  const StackGeometry  &g = column.geometry;
  const SurfaceMaterial m;
  const double          T = 673.15, s0 = 0, s1 = -200e6, sb = 30e6;
  const double          kT = k_B * T, Om = m.Omega, Lc = g.column_length;
  const double          Rc = g.column_radius();
  const double          b  = Om * (s1 - s0) / Lc / kT;
  const double          C0 = std::exp(-(Om * s0 + m.gamma * Om / Rc) / kT) / Om;
  const double CL = std::exp((Om * sb - Om * s1 - m.gamma * Om / Rc) / kT) / Om;
  const double J_exact =
    m.D_fixed * b * (C0 - CL * std::exp(b * Lc)) / std::expm1(b * Lc);
  const SurfaceTransportMesh t(
    m, column.tria, Rc, g.z_column_bottom(), g.z_column_top());
  const auto s =
    t.solve(at_nodes(t, [&](double) { return T; }),
            at_nodes(t,
                     [&](double z) {
                       return s0 + (s1 - s0) * (z - g.z_column_bottom()) / Lc;
                     }),
            0,
            Om * sb);
  EXPECT_NEAR(s.mean_J / J_exact, 1.0, 1e-10);
  // The perimeter is the polygon's (cylinder's) length: the insertion rate
  // is J delta_s times it, to the arc-length quadrature (1e-6).
  EXPECT_NEAR(s.insertion_rate / (2 * M_PI * Rc * m.delta_s * J_exact),
              1.0,
              1e-5);
  for (unsigned int i = 0; i < s.C.size(); ++i)
    EXPECT_TRUE(std::isfinite(s.C[i]) && s.C[i] > 0);
}

TEST(SurfaceTransportMesh, AgreesWithTheAxisymmetricSolverAndConverges)
{
  // A temperature gradient of 1e8 K/m with its thermal stress: the surface
  // mesh and the 1D generatrix solve the same problem; both are second
  // order, so their difference falls by ~4 per refinement.
  const SurfaceMaterial m;
  const double          T_hot = 673.15, grad = 1e8;
  std::vector<double>   difference;
  for (const unsigned int r : {1u, 2u, 3u})
    {
      const ColumnSurface  column(r);
      const StackGeometry &g    = column.geometry;
      const auto           T_of = [&](double z) {
        return T_hot - grad * (z - g.z_column_bottom());
      };
      const SurfaceTransportMesh t(m,
                                   column.tria,
                                   g.column_radius(),
                                   g.z_column_bottom(),
                                   g.z_column_top());
      const SurfaceTransport1D   line(m, g.column_radius());
      const auto                 T = at_nodes(t, T_of);
      const auto                 s =
        t.solve(T, line.thermal_stress(T, 293.15), 0, m.Omega * 10e6);
      SurfaceTransport1D::Profile p;
      for (unsigned int i = 0; i <= 4000; ++i)
        {
          p.z.push_back(g.z_column_bottom() + g.column_length * i / 4000);
          p.T.push_back(T_of(p.z.back()));
        }
      p.sigma          = line.thermal_stress(p.T, 293.15);
      const auto exact = line.solve(p, 10e6);
      difference.push_back(std::abs(s.mean_J / exact.mean_J - 1));
      EXPECT_NEAR(s.mean_J_T / exact.mean_J_T, 1.0, 1e-2);
      EXPECT_NEAR(s.mean_J_sigma / exact.mean_J_sigma, 1.0, 1e-2);
    }
  std::cout << "  surface mesh vs generatrix, |J / J_1D - 1|: " << difference[0]
            << ", " << difference[1] << ", " << difference[2] << "\n";
  EXPECT_LT(difference.back(), 1e-6);
  EXPECT_GT(difference[0] / difference[1], 3.0);
}

TEST(SurfaceTransportMesh, AWarmStartReachesTheSameSolutionSooner)
{
  // The discrete problem has one solution: Newton's method from the
  // solution of a nearby problem (the end conditions' next solve) must reach
  // the one it reaches from the linear start, with the new mu held on the
  // rings. For a difference-Jacobian perturbation (1e-6 kT) it also takes
  // fewer iterations (of the chord method's, which reuse one factorization);
  // for a shift of 1e-2 kT it may take one more.
  const SurfaceMaterial      m;
  const ColumnSurface        column(2);
  const StackGeometry       &g = column.geometry;
  const SurfaceTransportMesh t(
    m, column.tria, g.column_radius(), g.z_column_bottom(), g.z_column_top());
  const SurfaceTransport1D line(m, g.column_radius());
  const auto               T      = at_nodes(t, [&](double z) {
    return 673.15 - 1e8 * (z - g.z_column_bottom());
  });
  const auto               sigma  = line.thermal_stress(T, 293.15);
  const double             kT     = k_B * 673.15;
  const auto               nearby = t.solve(T, sigma, 0, m.Omega * 10e6);
  for (const double shift : {1e-6, 1e-2})
    {
      const double mu_hot = shift * kT, mu_cold = m.Omega * 10e6 + shift * kT;
      const auto   cold    = t.solve(T, sigma, mu_hot, mu_cold);
      const auto   warm    = t.solve(T, sigma, mu_hot, mu_cold, &nearby.Phi);
      double       largest = 0;
      for (unsigned int i = 0; i < cold.Phi.size(); ++i)
        largest = std::max(largest, std::abs(warm.Phi[i] - cold.Phi[i]));
      EXPECT_LT(largest, 1e-11 * kT) << "shift " << shift << " kT";
      EXPECT_NEAR(warm.insertion_rate / cold.insertion_rate, 1.0, 1e-10);
      if (shift < 1e-3)
        {
          EXPECT_LT(warm.newton_iterations, cold.newton_iterations);
        }
    }
}

TEST(SurfaceTransportMesh, PassivatedSurfaceCarriesNothing)
{
  const ColumnSurface  column(1);
  const StackGeometry &g = column.geometry;
  SurfaceMaterial      m;
  m.passivated = true;
  const SurfaceTransportMesh t(
    m, column.tria, g.column_radius(), g.z_column_bottom(), g.z_column_top());
  const auto s = t.solve(at_nodes(t, [](double z) { return 600 - 1e8 * z; }),
                         std::vector<double>(t.nodes().size(), 0.0),
                         0,
                         0);
  EXPECT_EQ(s.insertion_rate, 0.0);
  EXPECT_EQ(s.core_speed, 0.0);
  EXPECT_EQ(s.mean_J, 0.0);
}

// The ends of the column (doc/model.md, section 10): Coble-type interface
// diffusion on a disc against its closed forms, and radial surface
// diffusion on the substrate's annulus against the logarithmic law.
#include <gtest/gtest.h>
#include <physics/interface/interface_kinetics.h>
#include <physics/materials/surface_material.h>
#include <physics/surface_transport/surface_transport.h>

#include <cmath>
#include <iostream>

using namespace nanoconvect;

namespace
{
  constexpr double k_B = 1.380649e-23;
  const double     R = 27.5e-9, Omega = 1.18e-29;
} // namespace

TEST(InterfaceDisc, UniformPlatingGivesTheParabolicCobleStress)
{
  // Uniform plating v on a disc: sigma_n = c + k_B T v r^2 / (4 Omega dD),
  // so sigma_n(R) - mean = k_B T v R^2 / (8 Omega dD) and the volume rate
  // is pi R^2 v (section 10.1).
  const double        T = 600, dD = 4.4e-24, v = 84e-9, mean = 50e6;
  const InterfaceDisc disc(R, Omega, 37);
  const std::vector<double> g(disc.nodes().size(), v);
  const auto                s = disc.solve(g, mean, dD, T);
  const double              a = k_B * T * v / (4 * Omega * dD);
  const double              c = mean - a * R * R / 2;
  for (unsigned int i = 0; i < s.r.size(); ++i)
    EXPECT_NEAR(s.sigma_n[i], c + a * s.r[i] * s.r[i], 1e-9 * std::abs(a) * R * R)
      << i;
  EXPECT_NEAR((s.edge_stress - mean) / (k_B * T * v * R * R / (8 * Omega * dD)),
              1.0,
              1e-12);
  EXPECT_NEAR(s.volume_rate / (M_PI * R * R * v), 1.0, 1e-12);
  // The same in terms of the volume rate alone, independent of R.
  EXPECT_NEAR(InterfaceDisc::edge_minus_mean(M_PI * R * R * v, dD, T, Omega) /
                (s.edge_stress - mean),
              1.0,
              1e-12);
  // Plating (v > 0) jams the perimeter; removal (v < 0) loads the centre.
  EXPECT_GT(s.edge_stress, s.centre_stress);
  std::vector<double> out(g.size(), -v);
  const auto          removal = disc.solve(out, mean, dD, T);
  EXPECT_LT(removal.edge_stress, removal.centre_stress);
}

TEST(InterfaceDisc, NonUniformPlatingConvergesAtSecondOrder)
{
  // g = g0 (r / R)^2: r sigma' = c g0 r^4 / (4 R^2), sigma = s0 + c g0 r^4 /
  // (16 R^2), mean over the disc s0 + c g0 R^2 / 48.
  const double        T = 650, dD = 1e-23, g0 = 1e-7, mean = 0;
  const double        c = k_B * T / (Omega * dD);
  std::vector<double> error;
  for (const unsigned int n : {10u, 20u, 40u})
    {
      const InterfaceDisc disc(R, Omega, n);
      std::vector<double> g;
      for (const double r : disc.nodes())
        g.push_back(g0 * r * r / (R * R));
      const auto   s     = disc.solve(g, mean, dD, T);
      const double s0    = mean - c * g0 * R * R / 48;
      double       worst = 0;
      for (unsigned int i = 0; i < s.r.size(); ++i)
        worst = std::max(worst,
                         std::abs(s.sigma_n[i] -
                                  (s0 + c * g0 * std::pow(s.r[i], 4) /
                                          (16 * R * R))));
      error.push_back(worst / (c * g0 * R * R));
    }
  std::cout << "  max error / scale: " << error[0] << ", " << error[1] << ", "
            << error[2] << "\n";
  EXPECT_NEAR(std::log2(error[0] / error[1]), 2.0, 0.15);
  EXPECT_NEAR(std::log2(error[1] / error[2]), 2.0, 0.15);
}

TEST(SubstrateSurface, RadialDiffusionOnAnAnnulusFollowsTheLogarithmicLaw)
{
  // Uniform T, no stress, flat: the steady rate of atoms from the foot's
  // ring r = R out to r = R_s, where mu = 0, is
  //   I = 2 pi delta_s D_s (C(R) - C(R_s)) / ln(R_s / R),  C = e^{mu/kT}/Omega,
  // and the line mapped by x = R ln(R_s / r) carries it exactly (doc/model.md,
  // section 10.2). The far field enters through ln(R_s / R) only.
  SurfaceMaterial m;
  m.D_fixed              = 3.6e-12;
  const double T         = 657;
  const double kT        = k_B * T;
  const double mu_foot   = m.Omega * 80e6;
  const SurfaceTransport1D line(m, R);
  for (const double R_s : {50e-9, 100e-9, 400e-9})
    for (const unsigned int n : {3u, 50u})
      {
        SurfaceTransport1D::Profile p;
        for (unsigned int i = 0; i <= n; ++i)
          {
            const double r = R_s * std::pow(R / R_s, double(i) / n);
            p.z.push_back(R * std::log(R_s / r));
            p.T.push_back(T);
            p.sigma.push_back(0);
            p.kappa.push_back(0);
          }
        const auto   s = line.solve_between(p, 0, mu_foot);
        const double exact =
          2 * M_PI * m.delta_s * m.D_fixed *
          (1 / m.Omega - std::exp(mu_foot / kT) / m.Omega) / std::log(R_s / R);
        // insertion_rate counts atoms moving toward the last node (the foot).
        EXPECT_NEAR(s.insertion_rate / exact, 1.0, 1e-10) << R_s << " " << n;
        // The matrix's edge: C_s = 1/Omega where mu, sigma and kappa vanish.
        EXPECT_NEAR(s.C.front() * m.Omega, 1.0, 1e-13);
      }
}

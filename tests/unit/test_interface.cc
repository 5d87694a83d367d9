// The ends of the column (doc/model.md, section 10): Coble-type interface
// diffusion on a disc against its closed forms, and radial surface
// diffusion on the substrate's annulus against the logarithmic law.
#include <gtest/gtest.h>
#include <physics/interface/contact_rings.h>
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

TEST(ContactRings, SteadyPerimeterStressConvergesToCobleAtSecondOrder)
{
  // Uniform plating of I atoms/s: the finite-volume rings' perimeter stress
  // above the mean tends to the closed form k_B T I / (8 pi dD) (section
  // 10.1.1), at second order in the ring width.
  const double T = 600, dD = 4.4e-24, I = 1.5e6;
  const double exact = k_B * T * I / (8 * M_PI * dD);
  double       previous = 0;
  for (const unsigned int n : {4u, 8u, 16u, 32u})
    {
      const ContactRings rings(R, n);
      double             perimeter = 0;
      rings.steady_stress(I, dD, T, Omega, perimeter);
      const double error = std::abs(perimeter / exact - 1);
      std::cout << "  rings " << n << ": perimeter - mean / Coble - 1 = "
                << error << "\n";
      if (previous > 0)
        EXPECT_NEAR(std::log2(previous / error), 2.0, 0.15) << n;
      previous = error;
    }
}

TEST(ContactRings, SteadyStateIsAFixedPointForAnyStiffness)
{
  // From the steady stress of I atoms/s with the hot end removing as much,
  // a step plates uniformly at I's rate and leaves the stress as it was,
  // whatever the column's stiffness, and the perimeter law gives the
  // steady perimeter stress.
  const double       T = 600, dD = 4.4e-24, I = 1.5e6, dt = 0.7;
  const unsigned int n = 8;
  ContactRings       rings(R, n);
  double             perimeter = 0;
  const auto         steady = rings.steady_stress(I, dD, T, Omega, perimeter);
  std::vector<double> K(n * n);
  for (unsigned int j = 0; j < n; ++j)
    for (unsigned int k = 0; k < n; ++k)
      K[j * n + k] = (j == k ? 3e19 : 0) + 1e18 / (1.0 + std::abs(int(j) - int(k)));
  std::vector<double> sigma = steady;
  for (double &x : sigma)
    x += 70e6; // any mean
  const double d   = dt * Omega * I / (M_PI * R * R);
  const auto   law = rings.step(dt, sigma, K, d, dD, T, Omega);
  for (unsigned int j = 0; j < n; ++j)
    {
      EXPECT_NEAR((law.dh0[j] + I * law.dh1[j]) / d, 1.0, 1e-10) << j;
      EXPECT_NEAR(law.s0[j] + I * law.s1[j], steady[j], 1e-9 * perimeter) << j;
    }
  EXPECT_NEAR((law.c0 + law.c1 * I) / perimeter, 1.0, 1e-10);
}

TEST(ContactRings, RelaxationConservesVolumeAndDecaysMonotonically)
{
  // A plated bump (the stress of a Winkler-like column, K = k I) with
  // nothing arriving relaxes: each step conserves the plated volume
  // exactly (sum A_j dh_j = dt Omega I = 0), the stress deviation shrinks
  // monotonically, and large steps stay stable (no overshoot).
  const double       T = 600, dD = 4.4e-24, k = 5e19;
  const unsigned int n = 12;
  const ContactRings rings(R, n);
  std::vector<double> K(n * n, 0.0);
  for (unsigned int j = 0; j < n; ++j)
    K[j * n + j] = k;
  for (const double dt : {1e-4, 1.0, 1e4})
    {
      std::vector<double> sigma(n);
      for (unsigned int j = 0; j < n; ++j)
        sigma[j] = 100e6 * std::cos(M_PI * rings.centroids()[j] / R);
      double norm = 1e300, first = 0, volume_scale = 0;
      for (unsigned int step = 0; step < 20; ++step)
        {
          const auto law = rings.step(dt, sigma, K, 0, dD, T, Omega);
          double     volume = 0, next = 0;
          for (unsigned int j = 0; j < n; ++j)
            {
              volume += rings.areas()[j] * law.dh0[j];
              if (step == 0)
                volume_scale += rings.areas()[j] * std::abs(law.dh0[j]);
            }
          EXPECT_LE(std::abs(volume), 1e-12 * volume_scale) << dt;
          // The stress deviation at the step's end, and its area norm.
          const double m = rings.mean(sigma);
          for (unsigned int j = 0; j < n; ++j)
            {
              sigma[j] = m + law.s0[j];
              next += rings.areas()[j] * law.s0[j] * law.s0[j];
            }
          if (step == 0)
            first = next;
          if (next < 1e-24 * first)
            break; // relaxed to round-off
          EXPECT_LT(next, norm) << dt << " step " << step;
          // No overshoot: the deviation keeps the sign of the bump at the
          // centre.
          EXPECT_GT(law.s0[0], 0) << dt << " step " << step;
          norm = next;
        }
    }
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

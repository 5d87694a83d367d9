// The evolving column's surface (ColumnShape, doc/model.md section 6.1)
// against facts of its own: Mullins' decay rate of a capillary mode on a
// cylinder and the Rayleigh-Plateau growth of a long one, the slowing by a
// finite exchange length, the thinning of a locally equilibrated cylinder
// in a temperature gradient, the closed layer's limit (the rigid column's
// solver), the volume balance over a run, and the core's translation.

#include <gtest/gtest.h>

#include <physics/constants.h>
#include <physics/surface_transport/column_shape.h>
#include <physics/surface_transport/stripe_speed.h>
#include <physics/surface_transport/surface_transport.h>

#include <cmath>
#include <random>

using namespace nanoconvect;

namespace
{
  constexpr double nm  = 1e-9;
  constexpr double k_B = constants::boltzmann;

  /** T linear from T_foot to T_contact, sigma linear, on n nodes. */
  ColumnShape::Fields
  fields(const unsigned int n,
         const double       T_foot,
         const double       T_contact,
         const double       sigma_foot    = 0,
         const double       sigma_contact = 0)
  {
    ColumnShape::Fields f;
    for (unsigned int i = 0; i < n; ++i)
      {
        const double x = double(i) / (n - 1);
        f.T.push_back(T_foot + (T_contact - T_foot) * x);
        f.sigma.push_back(sigma_foot + (sigma_contact - sigma_foot) * x);
      }
    return f;
  }

  /** The sine coefficient of R - R0 for wavenumber k (trapezoid rule). */
  double
  sine_amplitude(const ColumnShape &shape, const double R0, const double k)
  {
    const auto  &z = shape.z(), &R = shape.radius();
    const double L = z.back() - z.front(), h = z[1] - z[0];
    double       a = 0;
    for (unsigned int i = 0; i < z.size(); ++i)
      a += (R[i] - R0) * std::sin(k * (z[i] - z[0])) *
           (i == 0 || i + 1 == z.size() ? h / 2 : h);
    return 2 * a / L;
  }

  /** Rates of one capillary mode: measured, Mullins' and backward Euler's. */
  struct Rates
  {
    double measured, mullins, euler;
  };

  /**
   * Evolves R0 + eps sin(kz) on an isothermal column of whole half-waves
   * (held ends: R = R0 and the equilibrium mu = gamma Omega / R0) over n
   * elements: the measured rate d ln(eps)/dt, Mullins' rate
   * -B k^2 (k^2 - 1/R0^2) / (1 + (k l)^2), B = Omega delta D gamma / kT, and
   * the rate backward Euler's steps of dt give it, -ln(1 - rate dt) / dt.
   */
  Rates
  capillary_rates(const double       kR0,
                  const unsigned int half_waves,
                  const double       ell,
                  const unsigned int n = 240)
  {
    const SurfaceMaterial m;
    const double          R0 = 25 * nm, k = kR0 / R0, T = 1000;
    const double          L  = half_waves * M_PI / k;
    std::vector<double>   R(n + 1);
    for (unsigned int i = 0; i <= n; ++i)
      R[i] = R0 + 1e-3 * R0 * std::sin(k * L * i / n);
    ColumnShape  shape(m, 0, L, R, ell);
    const double B = m.Omega * m.delta_s * m.diffusivity(T) * m.gamma / (k_B * T);
    const double rate =
      -B * k * k * (k * k - 1 / (R0 * R0)) / (1 + k * k * ell * ell);
    auto f   = fields(n + 1, T, T);
    f.mu_hot = f.mu_cold = m.gamma * m.Omega / R0;
    const double dt = 0.002 / std::abs(rate), a0 = sine_amplitude(shape, R0, k);
    for (unsigned int s = 0; s < 100; ++s)
      shape.advance(f, dt);
    const double a1 = sine_amplitude(shape, R0, k);
    return {std::log(a1 / a0) / (100 * dt), rate, -std::log(1 - rate * dt) / dt};
  }
} // namespace

TEST(ColumnShape, ShortCapillaryModeDecaysAtMullinsRateAtSecondOrder)
{
  // k R0 = 2: stable. Against backward Euler's rate for the step, the
  // error falls fourfold per halving of the elements.
  double previous = 0;
  for (const unsigned int n : {60u, 120u, 240u})
    {
      const Rates  r     = capillary_rates(2.0, 4, 0, n);
      const double error = std::abs(r.measured / r.euler - 1);
      EXPECT_LT(r.mullins, 0);
      if (previous > 0)
        {
          EXPECT_GT(previous / error, 3.5) << n << " elements";
        }
      previous = error;
    }
  EXPECT_LT(previous, 1e-3);
  const Rates r = capillary_rates(2.0, 4, 0);
  EXPECT_NEAR(r.measured / r.mullins, 1, 0.01);
}

TEST(ColumnShape, LongModeGrowsAtTheRayleighPlateauRate)
{
  // k R0 = 0.5 < 1: wavelength 4 pi R0 > 2 pi R0, unstable.
  const Rates r = capillary_rates(0.5, 2, 0);
  EXPECT_GT(r.mullins, 0);
  EXPECT_NEAR(r.measured / r.euler, 1, 1e-3);
  EXPECT_NEAR(r.measured / r.mullins, 1, 0.01);
}

TEST(ColumnShape, FiniteExchangeSlowsTheModeByOnePlusKEllSquared)
{
  // l = 1/k halves the rate; l = 3/k divides it by ten.
  for (const double kl : {1.0, 3.0})
    for (const double kR0 : {0.5, 2.0})
      {
        const double R0 = 25 * nm;
        const Rates  r  = capillary_rates(kR0, kR0 < 1 ? 2 : 4, kl * R0 / kR0);
        EXPECT_NEAR(r.measured / r.euler, 1, 2e-3)
          << "k l = " << kl << ", k R0 = " << kR0;
      }
}

TEST(ColumnShape, GradientThinsALocallyEquilibratedCylinderAtTheClosedFormRate)
{
  // l = 0, fixed D, no stress, T linear: dR/dt = -2 delta D Q T'^2 /(k_B T^3).
  const SurfaceMaterial m;
  const double          R0 = 25 * nm, L = 200 * nm;
  const unsigned int    n  = 400;
  ColumnShape           shape(m, 0, L, std::vector<double>(n + 1, R0), 0);
  auto                  f = fields(n + 1, 900, 800);
  const double          dT = (800.0 - 900.0) / L;
  const auto            layer = shape.solve(f);
  for (const unsigned int i : {n / 4, n / 2, 3 * n / 4})
    {
      const double T = f.T[i];
      const double closed =
        -2 * m.delta_s * m.diffusivity(T) * m.Q * dT * dT / (k_B * T * T * T);
      EXPECT_NEAR(layer.growth[i] / closed, 1, 1e-4) << "node " << i;
    }
}

TEST(ColumnShape, ClosedLayerCarriesTheRigidColumnsFlux)
{
  // A very long exchange length closes the layer: the flux into the contact
  // is the rigid column's (SurfaceTransport1D, a different solver).
  const SurfaceMaterial m;
  const double          R0 = 25 * nm, L = 100 * nm;
  const unsigned int    n  = 120;
  ColumnShape           shape(m, 0, L, std::vector<double>(n + 1, R0), 1.0);
  auto                  f = fields(n + 1, 850, 780, 20e6, 70e6);
  f.mu_hot              = 0;
  f.mu_cold             = m.Omega * 70e6;
  SurfaceTransport1D::Profile p;
  for (unsigned int i = 0; i <= n; ++i)
    p.z.push_back(L * i / n);
  p.T          = f.T;
  p.sigma      = f.sigma;
  const auto s = SurfaceTransport1D(m, R0).solve_between(p, f.mu_hot, f.mu_cold);
  const auto layer = shape.solve(f);
  EXPECT_NEAR(layer.contact_outflow / s.insertion_rate, 1, 1e-8);
  EXPECT_NEAR(layer.foot_inflow / s.insertion_rate, 1, 1e-8);
}

TEST(ColumnShape, UniformGradientTranslatesAClosedCylinderUnchanged)
{
  // No stress, a uniform gradient, the ends in capillary equilibrium with
  // the cylinder, and a layer that keeps its atoms (l = 1 m): the surface
  // carries a uniform flux from foot to contact and the core carries the
  // cylinder toward the foot, unchanged. (With a short exchange length the
  // gradient thins it instead: the closed-form test above.)
  const SurfaceMaterial m;
  const double          R0 = 25 * nm, L = 120 * nm;
  const unsigned int    n  = 120;
  ColumnShape           shape(m, 0, L, std::vector<double>(n + 1, R0), 1.0);
  auto                  f = fields(n + 1, 850, 750);
  f.mu_hot = f.mu_cold = m.gamma * m.Omega / R0;
  double moved         = 0;
  for (unsigned int s = 0; s < 40; ++s)
    {
      const auto   layer = shape.advance(f, 0.05);
      const double v = m.Omega * layer.contact_outflow / (M_PI * R0 * R0);
      shape.translate(v * 0.05);
      moved += v * 0.05;
    }
  EXPECT_GT(moved, 10 * L / n); // ten nodes at least
  for (const double R : shape.radius())
    EXPECT_NEAR(R / R0, 1, 1e-9);
}

TEST(ColumnShape, VolumeMatchesTheLedgerOverARun)
{
  // A perturbed column in a gradient under a stress, with a finite exchange
  // length and the core translating at the speed its contact flux gives:
  // the volume of the radii changes by what crossed the ends.
  const SurfaceMaterial m;
  const double          R0 = 20 * nm, L = 120 * nm;
  const unsigned int    n  = 150;
  std::mt19937          random(20261201);
  std::uniform_real_distribution<double> bump(-0.5 * nm, 0.5 * nm);
  std::vector<double>                    R(n + 1, R0);
  for (unsigned int i = 1; i < n; ++i)
    R[i] += 1.5 * nm * std::sin(6 * M_PI * i / n) + bump(random);
  ColumnShape  shape(m, 0, L, R, 3 * nm);
  auto         f = fields(n + 1, 850, 750, 10e6, 60e6);
  // The ends in equilibrium with the cylinder's surface next to them.
  f.mu_hot  = m.Omega * 10e6 + m.gamma * m.Omega / R0;
  f.mu_cold = m.Omega * 60e6 + m.gamma * m.Omega / R0;
  const double V0 = shape.volume();
  // 100 K over 120 nm moves the core at ~270 nm/s and thins the column
  // near the foot; 0.3 s stops well before a neck pinches.
  for (unsigned int s = 0; s < 30; ++s)
    {
      const auto   layer = shape.advance(f, 0.01);
      const double v = m.Omega * layer.contact_outflow / (M_PI * R0 * R0);
      shape.translate(v * 0.01);
    }
  const auto  &l      = shape.ledger();
  const double change = l.surface_in - l.surface_out + l.plated - l.removed;
  EXPECT_GT(std::abs(shape.volume() - V0), 1e-4 * V0); // the shape did change
  EXPECT_NEAR((shape.volume() - V0 - change) / V0, 0, 1e-8);
}

TEST(ColumnShape, TranslationCarriesAFeatureIntactAndACylinderUnchanged)
{
  const SurfaceMaterial m;
  const double          R0 = 25 * nm, L = 200 * nm;
  const unsigned int    n  = 200;
  std::vector<double>   R(n + 1);
  for (unsigned int i = 0; i <= n; ++i)
    {
      const double z = L * i / n - 140 * nm;
      R[i]           = R0 + 3 * nm * std::exp(-z * z / (2 * 8 * nm * 8 * nm));
    }
  R.front() = R.back() = R0;
  ColumnShape  feature(m, 0, L, R, 1.0);
  const auto   centroid = [&](const ColumnShape &s) {
    double w = 0, zw = 0;
    for (unsigned int i = 0; i <= n; ++i)
      {
        const double a = s.radius()[i] * s.radius()[i] - R0 * R0;
        w += a, zw += a * s.z()[i];
      }
    return zw / w;
  };
  const double z0 = centroid(feature);
  const double peak0 = *std::max_element(R.begin(), R.end()) - R0;
  for (unsigned int s = 0; s < 100; ++s)
    feature.translate(0.6 * nm);
  EXPECT_NEAR((z0 - centroid(feature)) / nm, 60, 0.01);
  const double peak = *std::max_element(feature.radius().begin(),
                                        feature.radius().end()) - R0;
  EXPECT_GT(peak / peak0, 0.9);
  // A reversed flux carries it back toward the contact; the volume changes
  // by what the ledger says crossed the ends.
  const double V = feature.volume();
  const auto   l = feature.ledger();
  for (unsigned int s = 0; s < 50; ++s)
    feature.translate(-0.6 * nm);
  EXPECT_NEAR((z0 - 30 * nm - centroid(feature)) / nm, 0, 0.01);
  const auto &l1 = feature.ledger();
  EXPECT_NEAR((feature.volume() - V - (l1.plated - l.plated) +
               (l1.removed - l.removed)) / V,
              0,
              1e-14);

  // A cylinder in a gradient with a closed layer: advance and translate
  // leave it a cylinder.
  ColumnShape cylinder(m, 0, L, std::vector<double>(n + 1, R0), 1.0);
  auto        f = fields(n + 1, 900, 800);
  f.mu_cold     = m.Omega * 30e6;
  for (unsigned int s = 0; s < 20; ++s)
    {
      const auto layer = cylinder.advance(f, 0.1);
      cylinder.translate(0.1 * m.Omega * layer.contact_outflow /
                         (M_PI * R0 * R0));
    }
  for (const double r : cylinder.radius())
    EXPECT_NEAR(r / R0, 1, 1e-9);
}

TEST(StripeSpeed, MeasuresTheSpeedOfATranslatingProfile)
{
  // Features carried toward the foot at v: d(h, t) = D + g(h + v t). The
  // map's stripes move at v, whatever the core's recorded speed (here
  // 10 % off, so that the measure cannot borrow it).
  const double        v = 7.2e-9, L = 120e-9, D = 55e-9;
  const unsigned int  n = 240;
  std::vector<double> h(n + 1), times, x;
  for (unsigned int i = 0; i <= n; ++i)
    h[i] = L * i / n;
  const auto g = [](const double s) {
    return 0.6e-9 * std::sin(2 * M_PI * s / 17e-9) +
           0.4e-9 * std::sin(2 * M_PI * s / 11e-9 + 1.3) +
           0.3e-9 * std::cos(2 * M_PI * s / 23e-9);
  };
  std::vector<std::vector<double>> d;
  for (unsigned int k = 0; k <= 120; ++k)
    {
      const double t = 0.25 * k;
      times.push_back(t);
      x.push_back(1.1 * v * t);
      d.emplace_back();
      for (const double z : h)
        d.back().push_back(D + g(z + v * t));
    }
  const StripeSpeed s = measure_stripe_speed(times, h, d, x);
  EXPECT_GT(s.pairs, 50u);
  EXPECT_NEAR(s.stripe_speed / v, 1, 0.01);
  EXPECT_NEAR(s.core_speed / (1.1 * v), 1, 1e-12);
  // A profile without features has no stripes to measure.
  for (auto &row : d)
    std::fill(row.begin(), row.end(), D);
  EXPECT_EQ(measure_stripe_speed(times, h, d, x).pairs, 0u);
}

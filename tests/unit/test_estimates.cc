// The paper's closed-form estimates from stated inputs (doc/model.md,
// section 5). Expected values were worked out by hand from the formulas
// with k_B = 1.380649e-23 J/K and 1 eV = 1.602176634e-19 J.
#include <gtest/gtest.h>
#include <physics/estimates/estimates.h>

#include <cmath>

using namespace nanoconvect::estimates;

namespace
{
  const double Omega = 1.18e-29, Q = 0.17 * electronvolt, T_hot = 673.15;
}

TEST(Estimates, EquationOneBothWays)
{
  // Omega sigma = 1.18e-29 * 75e6 = 8.85e-22 J; / Q (2.72370e-20 J)
  // = 0.0324925 = ln(T_h/T_c); T_c = 673.15 exp(-0.0324925) = 651.629 K.
  EXPECT_NEAR(required_temperature_drop(Q, Omega, T_hot, 75e6), 21.5208, 1e-3);
  // ln(673.15/661.15) = 0.0179874; * Q / Omega = 4.15190e7 Pa.
  EXPECT_NEAR(stall_stress(Q, Omega, T_hot, 661.15) / 4.15190e7, 1, 1e-5);
  // The two directions are inverse to each other.
  for (const double sigma : {1e6, 5e7, 75e6, 4e8})
    EXPECT_NEAR(
      stall_stress(Q,
                   Omega,
                   T_hot,
                   T_hot - required_temperature_drop(Q, Omega, T_hot, sigma)) /
        sigma,
      1,
      1e-12);
}

TEST(Estimates, SurfaceFluxesReproduceThePaper)
{
  // J_T = (1/Omega) D Q grad T / (k_B T^2)
  //     = 8.4746e28 * 4.92e-12 * 2.72370e-20 * 1e8 / 6.25611e-18 = 1.8152e23;
  // the paper (section 2.1): ~1.81e23 atoms/m^2/s.
  const double J_T = thermomigration_flux(Omega, 4.92e-12, Q, 1e8, T_hot);
  EXPECT_NEAR(J_T / 1.8152e23, 1, 1e-4);
  EXPECT_NEAR(J_T / 1.81e23, 1, 0.01);
  // J_sigma = D E alpha grad T / (k_B T) with Cu's E = 130 GPa, alpha =
  // 16.5e-6/K: 4.92e-12 * 2.145e6 * 1e8 / 9.29383e-21 = 1.1355e23; the paper:
  // ~1.14e23 atoms/m^2/s.
  const double J_s =
    stress_gradient_flux(Omega, 4.92e-12, 130e9, 16.5e-6, 1e8, T_hot);
  EXPECT_NEAR(J_s / 1.1355e23, 1, 1e-4);
  EXPECT_NEAR(J_s / 1.14e23, 1, 0.01);
}

TEST(Estimates, CoreSpeedAndPeriod)
{
  // v = 4 Omega J delta / d = 4 * 1.18e-29 * 2.9508e23 * 0.228e-9 / 55e-9
  //   = 5.7737e-8 m/s; period 120e-9 / v = 2.0784 s; 41.2 s / period = 19.82.
  Inputs in;
  in.d         = 55e-9;
  in.L         = 120e-9;
  const auto e = evaluate(in);
  EXPECT_NEAR(e["core_speed_m_per_s"].get<double>() / 5.7737e-8, 1, 1e-4);
  EXPECT_NEAR(e["circulation_period_s"].get<double>(), 2.0784, 1e-3);
  EXPECT_NEAR(e["cycles_in_duration"].get<double>(), 19.82, 0.01);
  // Longer is slower: the period scales with L at fixed flux.
  in.L = 240e-9;
  EXPECT_NEAR(evaluate(in)["circulation_period_s"].get<double>(), 4.1568, 1e-3);
}

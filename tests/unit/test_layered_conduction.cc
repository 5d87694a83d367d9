// One-dimensional conduction through the four layers of a straight stack
// (all radii equal, adiabatic sides): the exact series solution, the
// Kirchhoff-transform solution for k(T), energy conservation with
// radiation, and the transient's approach to the steady state.
#include <gtest/gtest.h>

#include "test_helpers.h"

#include <cmath>
#include <string>

using namespace nanoconvect;

namespace
{
  // Straight stack, 100 nm wide: substrate 200 nm (k 140), column 120 nm
  // (k 140), oxide 5 nm (k 1.63), tip 300 nm (k 173); T 673.15 -> 293.15 K.
  const std::string straight_stack = R"(
subsection Geometry
  set Substrate radius = 50
  set Column diameter  = 100
  set Oxide radius     = 50
  set Tip radius       = 50
end
subsection Materials
  subsection Column
    set Thermal conductivity = 140   # the preset's 55 nm value, fixed here
  end
end
subsection Mesh
  set Coarse cell size  = 25
  set Global refinement = 0
  set Corner refinement = 1
  set Oxide refinement  = 0
end
)";

  struct Series
  {
    double q;         // W/m^2
    double T_bottom;  // K, column's hot end
    double T_top;     // K, column's cold end
    double heat_flow; // W
  };

  Series
  exact_series(const double contact_resistance = 0)
  {
    const double t[4] = {200e-9, 120e-9, 5e-9, 300e-9};
    const double k[4] = {140, 140, 1.63, 173};
    double       R    = contact_resistance;
    for (unsigned int i = 0; i < 4; ++i)
      R += t[i] / k[i];
    Series s;
    s.q         = (673.15 - 293.15) / R;
    s.T_bottom  = 673.15 - s.q * t[0] / k[0];
    s.T_top     = s.T_bottom - s.q * t[1] / k[1];
    s.heat_flow = s.q * M_PI * 50e-9 * 50e-9;
    return s;
  }
} // namespace

class LayeredConduction
  : public ::testing::TestWithParam<std::tuple<int, int, std::string>>
{};

TEST_P(LayeredConduction, MatchesTheExactSeriesSolution)
{
  const auto [dim, degree, solver] = GetParam();
  const auto s                     = test_support::run_case(
    "layered_" + std::to_string(dim) + "d_q" + std::to_string(degree) + "_" +
      solver,
    straight_stack + "set Dimension = " + std::to_string(dim) +
      "\nsubsection Thermal\n set Finite element degree = " +
      std::to_string(degree) + "\n set Linear solver tolerance = 1e-12\n" +
      " set Linear solver = " + solver + "\nend\n");
  EXPECT_EQ(s["thermal"]["linear_solver"],
            dim == 2 ? solver : std::string("matrix-based"));
  const Series exact = exact_series();
  const auto  &t     = s["thermal"];
  // The exact solution is piecewise linear in z: it lies in the finite
  // element space, so in the axisymmetric form only the solver tolerance
  // separates the two. In 3D the cylinder is approximated by curved (Q2)
  // cells whose cross-section area differs from layer to layer by the
  // mapping error (~1e-5 here, as the rims are refined more), which tilts
  // the layers' shares of the 380 K drop by that much.
  const double T_tolerance = (dim == 2 ? 1e-7 : 1e-5 * 380);
  const double relative    = (dim == 2 ? 1e-7 : 1e-4);
  EXPECT_NEAR(t["T_column_hot_end_K"].get<double>(),
              exact.T_bottom,
              T_tolerance);
  EXPECT_NEAR(t["T_column_cold_end_K"].get<double>(), exact.T_top, T_tolerance);
  EXPECT_NEAR(t["peak_gradient_column_K_per_m"].get<double>() * 140 / exact.q,
              1.0,
              relative);
  EXPECT_NEAR(t["heat_flow_W"].get<double>() / exact.heat_flow, 1.0, relative);
  EXPECT_NEAR(t["heat_flow_out_cold_face_W"].get<double>() /
                t["heat_flow_W"].get<double>(),
              1.0,
              1e-9);
}

INSTANTIATE_TEST_SUITE_P(
  AxisymmetricAnd3D,
  LayeredConduction,
  ::testing::Values(std::make_tuple(2, 1, std::string("matrix-based")),
                    std::make_tuple(2, 2, std::string("matrix-based")),
                    std::make_tuple(2, 1, std::string("matrix-free")),
                    std::make_tuple(2, 2, std::string("matrix-free")),
                    std::make_tuple(3, 1, std::string("matrix-based")),
                    std::make_tuple(3, 2, std::string("matrix-based"))));

TEST(LayeredConduction, ContactConductanceAddsItsSeriesResistance)
{
  // h_K = 1e8 W/m^2/K adds 1e-8 m^2K/W in series, more than the whole
  // stack's 7.1e-9: the jump q/h_K across the contact must be exact.
  const double h_K = 1e8;
  for (const std::string thickness : {"0.5", "0.25"})
    {
      const auto s = test_support::run_case(
        "layered_contact_" + thickness,
        straight_stack +
          "subsection Geometry\n set Contact layer thickness = " + thickness +
          "\nend\nsubsection Thermal\n set Contact conductance = 1e8\n"
          " set Linear solver tolerance = 1e-12\nend\n");
      const Series exact = exact_series(1 / h_K);
      const auto  &t     = s["thermal"];
      EXPECT_NEAR(t["T_column_hot_end_K"].get<double>(), exact.T_bottom, 1e-7);
      EXPECT_NEAR(t["T_column_cold_end_K"].get<double>(), exact.T_top, 1e-7);
      EXPECT_NEAR(t["contact_temperature_jump_K"].get<double>(),
                  exact.q / h_K,
                  1e-7);
      EXPECT_NEAR(t["heat_flow_W"].get<double>() / exact.heat_flow, 1, 1e-9);
    }
}

TEST(LayeredConduction, TemperatureDependentConductivityMatchesKirchhoff)
{
  // k(T) = 100 + (T - 250)/4.5 W/m/K in every layer. With the Kirchhoff
  // potential K(T) = int k dT the heat flux is uniform and
  // q = (K(T_hot) - K(T_cold)) / H for the whole height H = 625 nm.
  std::string materials = "subsection Materials\n";
  for (const std::string r : {"Substrate", "Column", "Oxide", "Tip"})
    materials += " subsection " + r +
                 "\n  set Conductivity table = 250:100, 700:200\n end\n";
  materials += "end\n";
  const auto s = test_support::run_case(
    "layered_kirchhoff",
    straight_stack + materials +
      "subsection Mesh\n set Global refinement = 1\nend\n"
      "subsection Thermal\n set Nonlinear tolerance = 1e-10\n"
      " set Linear solver tolerance = 1e-12\nend\n");
  const auto K = [](double T) { return 100 * T + (T - 250) * (T - 250) / 9.0; };
  const double q = (K(673.15) - K(293.15)) / 625e-9;
  EXPECT_NEAR(s["thermal"]["heat_flow_W"].get<double>() /
                (q * M_PI * 50e-9 * 50e-9),
              1.0,
              1e-6);
  EXPECT_GT(s["thermal"]["nonlinear_iterations"].get<int>(), 2);
}

TEST(LayeredConduction, RadiationConservesEnergy)
{
  // Poor conductors so that radiation from the free faces carries a
  // sizeable part of the heat: hot in = cold out + radiated, to the solver
  // tolerance, is then a real check of the radiative terms.
  std::string materials = "subsection Materials\n";
  for (const std::string r : {"Substrate", "Column", "Oxide", "Tip"})
    materials +=
      " subsection " + r + "\n  set Thermal conductivity = 0.001\n end\n";
  materials += "end\n";
  const auto s = test_support::run_case(
    "radiation_balance",
    materials +
      "subsection Mesh\n set Global refinement = 1\nend\n"
      "subsection Thermal\n set Radiation = true\n set Emissivity = 1\n"
      " set Nonlinear tolerance = 1e-10\n"
      " set Linear solver tolerance = 1e-13\nend\n");
  const auto  &t     = s["thermal"];
  const double q_in  = t["heat_flow_W"];
  const double q_out = t["heat_flow_out_cold_face_W"];
  const double q_rad = t["radiated_power_W"];
  EXPECT_GT(q_rad, 0.1 * q_in);
  EXPECT_NEAR((q_in - q_out - q_rad) / q_rad, 0.0, 1e-7);
  EXPECT_GT(t["nonlinear_iterations"].get<int>(), 1);
}

TEST(LayeredConduction, TransientHeatUpReachesTheSteadyState)
{
  // Slowest thermal time constant of the stack ~1e-8 s; 4e-7 s of implicit
  // Euler steps of 2e-9 s leave a transient of ~1e-12 of the initial one.
  const auto s = test_support::run_case(
    "layered_transient",
    straight_stack +
      "subsection Thermal\n set Mode = transient\n"
      " set Linear solver tolerance = 1e-12\n"
      " subsection Transient\n  set Time step = 2e-9\n  set End time = 4e-7\n"
      "  set Output interval = 50\n end\nend\n");
  const Series exact = exact_series();
  EXPECT_NEAR(s["thermal"]["T_column_hot_end_K"].get<double>(),
              exact.T_bottom,
              1e-6);
  EXPECT_NEAR(s["thermal"]["T_column_cold_end_K"].get<double>(),
              exact.T_top,
              1e-6);
  EXPECT_EQ(s["thermal"]["time_steps"].get<int>(), 200);
}

TEST(LayeredConduction, HeatFlowsBalanceTheStoredHeatForEveryTheta)
{
  // Early in a heat-up (3 steps of 2e-9 s), the heat in through
  // the hot face minus the heat out through the cold face is the heat
  // stored per unit time. The residual heat flows and the solve share one
  // weak form, so the balance closes to solver tolerance for implicit
  // Euler and for Crank-Nicolson alike (and with radiation).
  for (const std::string theta : {"1", "0.5"})
    for (const std::string radiation : {"false", "true"})
      {
        const auto s = test_support::run_case(
          "layered_balance_" + theta + "_" + radiation,
          straight_stack +
            "subsection Thermal\n set Mode = transient\n"
            " set Linear solver tolerance = 1e-13\n"
            " set Nonlinear tolerance = 1e-11\n"
            " set Radiation = " +
            radiation +
            "\n set Emissivity = 1\n"
            " subsection Transient\n  set Time step = 2e-9\n"
            "  set End time = 6e-9\n  set Theta = " +
            theta + "\n end\nend\n");
        const auto &t = s["thermal"];
        // Not yet steady: storage is a large part of the balance (of
        // either sign: Crank-Nicolson rings after the sudden start).
        EXPECT_GT(std::abs(t["stored_power_W"].get<double>()),
                  1e-2 * std::abs(t["heat_flow_W"].get<double>()))
          << theta;
        EXPECT_NEAR(t["energy_balance_relative"].get<double>(), 0.0, 1e-8)
          << "theta " << theta << ", radiation " << radiation;
      }
}

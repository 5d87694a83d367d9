#include <deal.II/base/exceptions.h>

#include <physics/estimates/estimates.h>

#include <cmath>

namespace nanoconvect::estimates
{
  double
  stall_stress(const double Q,
               const double Omega,
               const double T_hot,
               const double T_cold)
  {
    return Q * std::log(T_hot / T_cold) / Omega;
  }

  double
  required_temperature_drop(const double Q,
                            const double Omega,
                            const double T_hot,
                            const double sigma_b)
  {
    // ln(T_hot / T_cold) = Omega sigma_b / Q
    return T_hot * (1 - std::exp(-Omega * sigma_b / Q));
  }

  double
  thermomigration_flux(const double Omega,
                       const double D_s,
                       const double Q,
                       const double grad_T,
                       const double T)
  {
    return (1 / Omega) * D_s * Q * grad_T / (boltzmann * T * T);
  }

  double
  stress_gradient_flux(const double Omega,
                       const double D_s,
                       const double E,
                       const double alpha,
                       const double grad_T,
                       const double T)
  {
    return (1 / Omega) * D_s * Omega * E * alpha * grad_T / (boltzmann * T);
  }

  double
  core_speed(const double Omega,
             const double J,
             const double delta_s,
             const double d)
  {
    return 4 * Omega * J * delta_s / d;
  }

  void
  Inputs::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Estimates");
    {
      prm.declare_entry("Back stress",
                        "75",
                        Patterns::Double(0),
                        "[MPa] Measured back stress for Eq. 1 inverted. Cu: "
                        "75, the largest measured (the paper, section 2.2).");
      prm.declare_entry("Temperature gradient",
                        "1e8",
                        Patterns::Double(0),
                        "[K/m] Axial gradient for the flux estimates (the "
                        "paper's ~1e8 K/m).");
      prm.declare_entry("Duration",
                        "41.2",
                        Patterns::Double(0),
                        "[s] Observation time over which circulation cycles "
                        "are counted (the paper's 41.2 s, section 2.1).");
    }
    prm.leave_subsection();
  }

  void
  Inputs::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Estimates");
    {
      back_stress = prm.get_double("Back stress") * 1e6;
      grad_T      = prm.get_double("Temperature gradient");
      duration    = prm.get_double("Duration");
    }
    prm.leave_subsection();
  }

  nlohmann::json
  evaluate(const Inputs &in)
  {
    AssertThrow(in.T_hot > 0 && in.L > 0 && in.d > 0,
                ExcMessage("Estimates need a positive hot-end temperature, "
                           "column length and diameter."));
    const double dT_needed =
      required_temperature_drop(in.Q, in.Omega, in.T_hot, in.back_stress);
    const double T_cold = in.T_hot - in.grad_T * in.L;
    AssertThrow(T_cold > 0,
                ExcMessage("'Estimates/Temperature gradient' times the column "
                           "length exceeds the hot-end temperature."));
    const double J_T =
      thermomigration_flux(in.Omega, in.D_s, in.Q, in.grad_T, in.T_hot);
    const double J_sigma = stress_gradient_flux(
      in.Omega, in.D_s, in.E, in.alpha, in.grad_T, in.T_hot);
    const double v      = core_speed(in.Omega, J_T + J_sigma, in.delta_s, in.d);
    const double period = v > 0 ? in.L / v : INFINITY;
    return {{"eq1_delta_T_K", dT_needed},
            {"eq1_min_gradient_K_per_m", dT_needed / in.L},
            {"eq1_stall_stress_Pa",
             stall_stress(in.Q, in.Omega, in.T_hot, T_cold)},
            {"eq1_temperature_pair_K", {in.T_hot, T_cold}},
            {"J_T_atoms_per_m2_s", J_T},
            {"J_sigma_atoms_per_m2_s", J_sigma},
            {"J_total_atoms_per_m2_s", J_T + J_sigma},
            {"core_speed_m_per_s", v},
            {"circulation_period_s", period},
            {"cycles_in_duration", in.duration / period}};
  }
} // namespace nanoconvect::estimates

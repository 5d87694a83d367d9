#include <solver/results_table.h>

#include <iomanip>
#include <string>

namespace nanoconvect
{
  void
  print_results_table(const nlohmann::json &s,
                      const bool            with_contact,
                      ConditionalOStream   &pcout)
  {
    const auto &t   = s["thermal"];
    const auto  row = [&](const std::string &what,
                         const double       value,
                         const std::string &unit) {
      pcout << "  | " << std::left << std::setw(42) << what << std::right
            << std::setw(14) << std::setprecision(6) << value << " "
            << std::left << std::setw(10) << unit << "|\n";
    };
    const std::string rule(1 + 42 + 14 + 1 + 10, '-');
    // People read nm, nm/s, K, MPa, s; summary.json keeps SI.
    constexpr double per_nm = 1e-9, per_nm2 = 1e-18;
    pcout << "  +" << rule << "+\n"
          << "  | " << std::left << std::setw(rule.size() - 1)
          << "results (lengths in nm, stresses in MPa; SI in summary.json)"
          << "|\n"
          << "  +" << rule << "+\n";
    row("T at column hot end (axis)", t["T_column_hot_end_K"], "K");
    row("T at column cold end (axis)", t["T_column_cold_end_K"], "K");
    row("Delta T across the column", t["delta_T_column_K"], "K");
    row("mean axial gradient, Delta T / L",
        t["mean_gradient_column_K_per_m"].get<double>() * per_nm,
        "K/nm");
    row("peak axial gradient on the axis",
        t["peak_gradient_column_K_per_m"].get<double>() * per_nm,
        "K/nm");
    if (with_contact)
      row("jump across the contact", t["contact_temperature_jump_K"], "K");
    row("heat flow in through the hot face", t["heat_flow_W"], "W");
    row("energy balance (in - out - rad)/in",
        t["energy_balance_relative"],
        "-");
    if (s.contains("surface"))
      {
        // The column means add up: J = J_T + J_sigma + J_diff, the last
        // the diffusion down the gradient of C_s.
        const auto  &f       = s["surface"];
        const double J_T     = f["J_T_atoms_per_m2_s"].get<double>();
        const double J_sigma = f["J_sigma_atoms_per_m2_s"].get<double>();
        const double J       = f["J_total_atoms_per_m2_s"].get<double>();
        row("surface flux J_T (column mean)", J_T * per_nm2, "at/nm^2/s");
        row("surface flux J_sigma (column mean)",
            J_sigma * per_nm2,
            "at/nm^2/s");
        row("surface flux J_diff (column mean)",
            (J - J_T - J_sigma) * per_nm2,
            "at/nm^2/s");
        row("surface flux J = J_T + J_sigma + J_diff", J * per_nm2, "at/nm^2/s");
        row("insertion rate at the cold contact",
            f["insertion_rate_atoms_per_s"],
            "atoms/s");
        if (!s.contains("mechanics"))
          row("core speed Omega I / A",
              f["core_speed_m_per_s"].get<double>() / 1e-9,
              "nm/s");
      }
    if (s.contains("mechanics"))
      {
        const auto &m = s["mechanics"];
        row(m["cycles"].get<unsigned int>() > 0
              ? "back stress (peak of the last cycle)"
              : "back stress (" + m["end_reason"].get<std::string>() + ")",
            m["back_stress_Pa"].get<double>() / 1e6,
            "MPa");
        row("Eq. 1 stall stress of the end temperatures",
            m["stall_stress_eq1_Pa"].get<double>() / 1e6,
            "MPa");
        row("core speed Omega I / A, last step",
            m["core_speed_m_per_s"].get<double>() / 1e-9,
            "nm/s");
        if (m["circulation_period_s"].is_number())
          row("circulation period L / v", m["circulation_period_s"], "s");
        row("load-collapse cycles", m["cycles"].get<double>(), "");
        if (m["cycle_period_s"].is_number())
          row("cycle period", m["cycle_period_s"], "s");
        row("yield strength at this diameter",
            m["yield_strength_Pa"].get<double>() / 1e6,
            "MPa");
        row("buckling load",
            m["buckling_load_N"].get<double>() / 1e-6,
            "uN");
        row("simulated time", m["time_s"], "s");
      }
    row("degrees of freedom", s["run"]["dofs"].get<double>(), "");
    row("wall time", s["run"]["wall_time_s"], "s");
    pcout << "  +" << rule << "+" << std::right << std::endl;
  }
} // namespace nanoconvect

// 'nanoconvect estimate': the paper's closed-form estimates from the inputs
// (doc/model.md, section 5), no finite-element solve.
#include <deal.II/base/utilities.h>

#include <nanoconvect/version.h>
#include <solver/output.h>
#include <solver/simulator.h>

#include <iomanip>
#include <iostream>
#include <string>

namespace nanoconvect
{
  void
  print_estimates(const nlohmann::json &e, MPI_Comm comm)
  {
    if (Utilities::MPI::this_mpi_process(comm) != 0)
      return;
    const auto row =
      [](const std::string &what, const double value, const std::string &unit) {
        std::cout << "  | " << std::left << std::setw(44) << what << std::right
                  << std::setw(12) << std::setprecision(4) << value << " "
                  << std::left << std::setw(13) << unit << "|" << std::right
                  << "\n";
      };
    const std::string rule(73, '-');
    std::cout << "  +" << rule << "+\n";
    row("Eq. 1: Delta T for the back stress", e["eq1_delta_T_K"], "K");
    row("Eq. 1: mean gradient over the column",
        e["eq1_min_gradient_K_per_m"],
        "K/m");
    row("Eq. 1: stall stress of the T pair", e["eq1_stall_stress_Pa"], "Pa");
    row("thermomigration flux J_T", e["J_T_atoms_per_m2_s"], "atoms/m^2/s");
    row("stress-gradient flux J_sigma",
        e["J_sigma_atoms_per_m2_s"],
        "atoms/m^2/s");
    row("core speed v = 4 Omega J delta_s / d", e["core_speed_m_per_s"], "m/s");
    row("circulation period L / v", e["circulation_period_s"], "s");
    row("cycles in the duration", e["cycles_in_duration"], "");
    std::cout << "  +" << rule << "+" << std::endl;
  }

  nlohmann::json
  run_estimates(const RunParameters &parameters, MPI_Comm comm)
  {
    nlohmann::json summary;
    summary["estimates"] = estimates::evaluate(parameters.estimates);
    summary["run"]       = {{"version", version},
                            {"git_revision", git_revision},
                            {"mode", "estimate"}};
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      std::cout << "nanoconvect " << version << ": estimates from the inputs "
                << "(no finite-element solve)\n";
    print_estimates(summary["estimates"], comm);
    write_json(parameters.output_directory + "/summary.json", summary, comm);
    return summary;
  }

} // namespace nanoconvect

#pragma once

#include <deal.II/base/mpi.h>

#include <nlohmann/json.hpp>

#include <solver/run_parameters.h>

namespace nanoconvect
{
  /**
   * Runs one case: builds the stack mesh, solves the thermal problem
   * (steady or transient), writes the VTU series, profiles.csv,
   * summary.json and the console table into the output directory (which
   * must be prepared), and returns the summary.
   */
  nlohmann::json
  run_simulation(const RunParameters &parameters, MPI_Comm comm);

  /**
   * 'nanoconvect estimate': the closed-form estimates from the inputs
   * alone (no finite-element solve); prints the table and writes
   * summary.json with an "estimates" section into the output directory.
   */
  nlohmann::json
  run_estimates(const RunParameters &parameters, MPI_Comm comm);

  /** Prints an estimates section as a console table (rank 0). */
  void
  print_estimates(const nlohmann::json &estimates, MPI_Comm comm);
} // namespace nanoconvect

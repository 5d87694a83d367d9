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
} // namespace nanoconvect

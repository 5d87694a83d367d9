#pragma once

#include <deal.II/base/mpi.h>

#include <nlohmann/json.hpp>

#include <solver/run_parameters.h>

#include <string>

namespace nanoconvect::test_support
{
  /** Parameters from the defaults overridden by prm_text (.prm syntax). */
  RunParameters
  parameters_from(const std::string &prm_text);

  /**
   * Runs a case on comm into a fresh directory under the test output root
   * (NANOCONVECT_TEST_OUTPUT, else ./test_output), without VTU files unless
   * the text asks, and returns summary.json's content. Without a
   * "subsection Mechanics" in the text the coupled mechanics is off.
   */
  nlohmann::json
  run_case(const std::string &name,
           const std::string &prm_text,
           MPI_Comm           comm = MPI_COMM_WORLD);

  /** A fast stack for whole coupled runs: a coarse thermal mesh and no VTU
   *  files (.prm text). */
  extern const std::string fast_stack;

  /** Root directory for test outputs. */
  std::string
  output_root();
} // namespace nanoconvect::test_support

#pragma once

#include <deal.II/base/mpi.h>

#include <nlohmann/json.hpp>

#include <physics/materials/material_table.h>
#include <solver/run_parameters.h>

#include <string>
#include <vector>

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

  /**
   * Expects a[key] / b[key] = 1 to within relative for every key: the same
   * part of two runs' summaries (e.g. s["mechanics"]), compared entry by
   * entry; a failure names the key.
   */
  void
  expect_same_values(const nlohmann::json           &a,
                     const nlohmann::json           &b,
                     const std::vector<std::string> &keys,
                     double                          relative);

  /** Two regions for the heat operator's tests: copper-like (id 1) and
   *  oxide-like (id 2), 86:1 in k, both with rho and c_p. */
  MaterialTable
  copper_and_oxide();

  /** Root directory for test outputs. */
  std::string
  output_root();
} // namespace nanoconvect::test_support

// Mesh convergence of the column's temperature drop on the default stack,
// with Richardson extrapolation; the default case must sit within 0.5 % of
// the extrapolated value.
#include <gtest/gtest.h>

#include "test_helpers.h"

#include <cmath>
#include <iomanip>
#include <iostream>

using namespace nanoconvect;

TEST(DefaultStack, ColumnTemperatureDropConverges)
{
  // Halve every cell (global refinement) with the rim grading kept.
  std::vector<double> dT;
  std::vector<int>    dofs;
  for (unsigned int g = 0; g <= 3; ++g)
    {
      const auto s = test_support::run_case(
        "convergence_g" + std::to_string(g),
        "subsection Mesh\n set Global refinement = " + std::to_string(g) +
          "\n set Corner refinement = 4\nend\n"
          "subsection Thermal\n set Linear solver tolerance = 1e-12\nend\n");
      dT.push_back(s["thermal"]["delta_T_column_K"]);
      dofs.push_back(s["run"]["dofs"]);
    }
  const unsigned int n  = dT.size();
  const double       d1 = dT[n - 2] - dT[n - 3], d2 = dT[n - 1] - dT[n - 2];
  const double       order        = std::log(std::abs(d1 / d2)) / std::log(2.0);
  const double       extrapolated = dT[n - 1] + d2 / (std::pow(2.0, order) - 1);
  if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
    {
      std::cout << "  global refinement, DoFs, Delta T_column [K]\n";
      for (unsigned int i = 0; i < n; ++i)
        std::cout << "    " << i << "  " << dofs[i] << "  "
                  << std::setprecision(8) << dT[i] << "\n";
      std::cout << "  observed order " << std::setprecision(3) << order
                << ", extrapolated Delta T_column " << std::setprecision(8)
                << extrapolated << " K\n";
    }
  EXPECT_GT(order, 0.8);                 // converging, not wandering
  EXPECT_LT(std::abs(d2), std::abs(d1)); // monotone contraction
  // The default case (global refinement 2, paper_cu.prm) is converged to
  // well within what the comparison with the paper needs.
  EXPECT_LT(std::abs(dT[2] / extrapolated - 1), 0.005);
}

// The paper's default stack: the 3D solid and the axisymmetric section give
// the same column temperature drop; both conserve energy.
#include <gtest/gtest.h>

#include "test_helpers.h"

#include <iostream>

using namespace nanoconvect;

TEST(DefaultStack, ThreeDimensionalAgreesWithAxisymmetric)
{
  const auto axi = test_support::run_case("stack_axisymmetric", R"(
set Dimension = 2
subsection Mesh
  set Global refinement = 2
  set Corner refinement = 4
end
)");
  const auto solid = test_support::run_case("stack_3d", R"(
set Dimension = 3
subsection Mesh
  set Coarse cell size  = 20
  set Global refinement = 0
  set Corner refinement = 2
  set Oxide refinement  = 1
end
)");
  const double dT_axi = axi["thermal"]["delta_T_column_K"];
  const double dT_3d  = solid["thermal"]["delta_T_column_K"];
  if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
    std::cout << "  Delta T_column: axisymmetric " << dT_axi << " K, 3D "
              << dT_3d << " K (" << solid["run"]["dofs"] << " DoFs)\n";
  EXPECT_NEAR(dT_3d / dT_axi, 1.0, 0.01);
  EXPECT_NEAR(solid["thermal"]["heat_flow_W"].get<double>() /
                axi["thermal"]["heat_flow_W"].get<double>(),
              1.0,
              0.01);
  for (const auto *s : {&axi, &solid})
    {
      EXPECT_LT(std::abs((*s)["thermal"]["energy_balance_relative"].get<double>()),
                1e-6);
      // The maximum principle: T stays between the two held temperatures.
      EXPECT_GE((*s)["thermal"]["T_min_K"].get<double>(), 293.15 - 1e-6);
      EXPECT_LE((*s)["thermal"]["T_max_K"].get<double>(), 673.15 + 1e-6);
    }
  // Curved 3D cells: the mesh holds the exact cylinder volumes closely.
  EXPECT_LT(solid["mesh"]["volume_error_relative"].get<double>(), 1e-3);
}

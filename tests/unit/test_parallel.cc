// One rank and two ranks give the same answers (to solver tolerance).
#include <gtest/gtest.h>

#include "test_helpers.h"

using namespace nanoconvect;

namespace
{
  void
  compare_one_and_two_ranks(const std::string &name, const std::string &prm)
  {
    ASSERT_EQ(Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD), 2u)
      << "run this test with mpirun -np 2";
    const auto two = test_support::run_case(name, prm, MPI_COMM_WORLD);
    MPI_Comm   self;
    const int  rank = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD);
    MPI_Comm_split(MPI_COMM_WORLD, rank == 0 ? 0 : MPI_UNDEFINED, 0, &self);
    if (rank != 0)
      return;
    const auto one = test_support::run_case(name, prm, self);
    MPI_Comm_free(&self);
    EXPECT_EQ(one["run"]["dofs"], two["run"]["dofs"]);
    test_support::expect_same_values(one["thermal"],
                                     two["thermal"],
                                     {"T_column_hot_end_K",
                                      "T_column_cold_end_K",
                                      "delta_T_column_K",
                                      "peak_gradient_column_K_per_m",
                                      "heat_flow_W"},
                                     1e-9);
    test_support::expect_same_values(one["surface"],
                                     two["surface"],
                                     {"J_total_atoms_per_m2_s",
                                      "insertion_rate_atoms_per_s"},
                                     1e-8);
  }

  const std::string tight =
    "subsection Thermal\n set Linear solver tolerance = 1e-13\nend\n";
} // namespace

TEST(Parallel, AxisymmetricDefaultCaseOneRankEqualsTwo)
{
  compare_one_and_two_ranks("parallel_axisymmetric", tight);
}

TEST(Parallel, ThreeDimensionalOneRankEqualsTwo)
{
  compare_one_and_two_ranks("parallel_3d",
                            tight + "set Dimension = 3\nsubsection Mesh\n"
                                    " set Coarse cell size = 25\n"
                                    " set Global refinement = 0\n"
                                    " set Corner refinement = 1\nend\n");
}

TEST(Parallel, NonlinearRadiationOneRankEqualsTwo)
{
  compare_one_and_two_ranks(
    "parallel_radiation",
    tight + "subsection Thermal\n set Radiation = true\n set Emissivity = 1\n"
            " set Nonlinear tolerance = 1e-9\nend\n"
            "subsection Materials\n subsection Column\n"
            "  set Conductivity table = 300:160, 700:120\n end\nend\n");
}

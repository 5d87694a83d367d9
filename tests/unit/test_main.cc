// GoogleTest main for nanoconvect: MPI is initialized for the whole run and
// only rank 0 prints gtest's report.
#include <deal.II/base/mpi.h>

#include <solver/fp_traps.h>

#include <gtest/gtest.h>

int
main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  nanoconvect::trap_floating_point_exceptions_if_requested();
  ::testing::InitGoogleTest(&argc, argv);
  if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) != 0)
    {
      auto &listeners = ::testing::UnitTest::GetInstance()->listeners();
      delete listeners.Release(listeners.default_result_printer());
    }
  const int failed = RUN_ALL_TESTS();
  // A failure on any rank fails the test on all ranks.
  return dealii::Utilities::MPI::max(failed, MPI_COMM_WORLD);
}

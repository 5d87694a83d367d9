// The evolving column in the coupled loop (doc/model.md, section 6.1): the
// volume of the written profiles against the ends' ledger, restart equals
// an uninterrupted run with the shape, one rank equals two.
#include <gtest/gtest.h>

#include <solver/simulator.h>

#include "test_helpers.h"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

using namespace nanoconvect;

namespace
{
  // A fast stack with an evolving, sinusoidally perturbed column; fixed
  // steps (initial = maximum, a stress target never reached).
  std::string
  evolving(const std::string &end_time, const std::string &extra = "")
  {
    return test_support::fast_stack + R"(
subsection Thermal
  set Linear solver tolerance = 1e-13
end
subsection Surface transport
  set Surface elements = 120
end
subsection Shape
  set Evolve                  = true
  set Exchange length         = 200
  set Initial shape           = sinusoidal
  set Perturbation amplitude  = 1.5
  set Perturbation wavelength = 40
end
subsection Mechanics
  set Finite element degree = 1
  set Cell size = 5
end
subsection Time stepping
  set Initial time step = 0.2
  set Maximum time step = 0.2
  set Steady-state tolerance = 0
  set Stress increment per step = 1e5
  set Checkpoint interval = 5
  set End time = )" + end_time +
           "\nend\n" + extra;
  }

  /** profile.csv's records: time -> d (nm) at the nodes. */
  std::map<double, std::vector<double>>
  profiles(const std::string &directory)
  {
    std::ifstream                         in(directory + "/profile.csv");
    std::string                           line;
    std::map<double, std::vector<double>> records;
    std::getline(in, line);
    while (std::getline(in, line))
      {
        std::stringstream s(line);
        std::string       t, h, d;
        std::getline(s, t, ',');
        std::getline(s, h, ',');
        std::getline(s, d, ',');
        records[std::stod(t)].push_back(std::stod(d));
      }
    return records;
  }

  /** The lumped volume (m^3) of a profile of diameters (nm) over length. */
  double
  volume(const std::vector<double> &d, const double length)
  {
    const double h = length / (d.size() - 1);
    double       v = 0;
    for (unsigned int i = 0; i < d.size(); ++i)
      v += M_PI * std::pow(d[i] * 1e-9 / 2, 2) *
           (i == 0 || i + 1 == d.size() ? h / 2 : h);
    return v;
  }

  std::string
  run_directory(const std::string &name)
  {
    return test_support::output_root() + "/" + name + "_np" +
           std::to_string(Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD));
  }
} // namespace

TEST(Evolving, ProfileVolumeMatchesTheLedgerAndTheCoreCarriesTheShape)
{
  const auto j = test_support::run_case("evolving_volume", evolving("4"));
  const auto records = profiles(run_directory("evolving_volume"));
  ASSERT_EQ(records.size(), 21u); // t = 0 and 20 steps
  const double length = 120e-9;   // the default column
  const auto  &first = records.begin()->second, &last = records.rbegin()->second;
  const auto  &shape  = j["surface"]["shape"];
  const double ledger = shape["surface_in_m3"].get<double>() -
                        shape["surface_out_m3"].get<double>() +
                        shape["plated_m3"].get<double>() -
                        shape["removed_m3"].get<double>();
  const double V0 = volume(first, length), V1 = volume(last, length);
  // The profiles are written with ten digits.
  EXPECT_NEAR((V1 - V0 - ledger) / V0, 0, 1e-8);
  EXPECT_NEAR(shape["volume_m3"].get<double>() / V1, 1, 1e-9);
  // The plated volume is the core's displacement times the contact's area.
  const double R_c = 27.5e-9;
  EXPECT_NEAR(shape["plated_m3"].get<double>() /
                (M_PI * R_c * R_c * j["mechanics"]["core_position_m"].get<double>()),
              1,
              1e-9);
  // The narrowest diameter is the profile's.
  double d_min = 1e300;
  for (const double d : last)
    d_min = std::min(d_min, d);
  EXPECT_NEAR(shape["narrowest_diameter_m"].get<double>() / (d_min * 1e-9),
              1,
              1e-9);
}

TEST(Evolving, RestartEqualsAnUninterruptedRunWithTheShape)
{
  const auto whole = test_support::run_case("evolving_whole", evolving("2"));
  test_support::run_case("evolving_part", evolving("1"));
  const std::string dir = run_directory("evolving_part");
  RunParameters     p   = test_support::parameters_from(evolving("2"));
  p.output_directory    = dir;
  p.restart_directory   = dir;
  const auto resumed    = run_simulation(p, MPI_COMM_WORLD);
  test_support::expect_same_values(
    resumed["surface"]["shape"],
    whole["surface"]["shape"],
    {"narrowest_diameter_m", "volume_m3", "plated_m3", "removed_m3"},
    1e-10);
  const auto a = profiles(run_directory("evolving_whole")), b = profiles(dir);
  ASSERT_EQ(a.size(), b.size());
  const auto &da = a.rbegin()->second, &db = b.rbegin()->second;
  ASSERT_EQ(da.size(), db.size());
  for (unsigned int i = 0; i < da.size(); ++i)
    EXPECT_NEAR(da[i], db[i], 1e-9 * da[i]) << i; // ten digits written
}

TEST(Evolving, OneRankEqualsTwo)
{
  ASSERT_EQ(Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD), 2u);
  const auto two  = test_support::run_case("evolving_ranks", evolving("1"));
  MPI_Comm   self;
  const int  rank = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD);
  MPI_Comm_split(MPI_COMM_WORLD, rank == 0 ? 0 : MPI_UNDEFINED, 0, &self);
  if (rank != 0)
    return;
  const auto one = test_support::run_case("evolving_ranks", evolving("1"), self);
  MPI_Comm_free(&self);
  test_support::expect_same_values(one["surface"]["shape"],
                                   two["surface"]["shape"],
                                   {"narrowest_diameter_m", "volume_m3"},
                                   1e-6);
  test_support::expect_same_values(one["mechanics"],
                                   two["mechanics"],
                                   {"core_speed_m_per_s"},
                                   1e-6);
}

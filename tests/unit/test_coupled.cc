// The coupled loop (doc/model.md, section 9): the rigid-support steady state
// is the Eq. 1 stall, a spring support loads as 1/k_c, conservation of the
// plated volume, restart equals an uninterrupted run, one rank equals two.
#include <gtest/gtest.h>

#include <solver/simulator.h>

#include "test_helpers.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace nanoconvect;

namespace
{

  // No removal at the hot end: mu = 0 at the column's foot.
  const std::string reservoir =
    "subsection Interface\n set Hot end = reservoir\nend\n";

  std::string
  mechanics(const std::string &entries)
  {
    // A fast stack, linear mechanics elements.
    return test_support::fast_stack +
           "subsection Mechanics\n set Finite element degree = 1\n"
           " set Cell size = 5\n" +
           entries + "end\n";
  }

  /** Rows of history.csv as numbers (header skipped). */
  std::vector<std::vector<double>>
  history(const std::string &directory)
  {
    std::ifstream                    in(directory + "/history.csv");
    std::string                      line;
    std::vector<std::vector<double>> rows;
    std::getline(in, line);
    while (std::getline(in, line))
      {
        std::vector<double> row;
        std::stringstream   s(line);
        std::string         cell;
        while (std::getline(s, cell, ','))
          row.push_back(std::stod(cell));
        rows.push_back(row);
      }
    return rows;
  }

  /** First time at which the back stress (column 3) reaches sigma,
   *  interpolated linearly between steps. */
  double
  time_to_reach(const std::vector<std::vector<double>> &rows,
                const double                            sigma)
  {
    for (unsigned int i = 1; i < rows.size(); ++i)
      if (rows[i][3] >= sigma)
        return rows[i - 1][1] + (sigma - rows[i - 1][3]) /
                                  (rows[i][3] - rows[i - 1][3]) *
                                  (rows[i][1] - rows[i - 1][1]);
    return -1;
  }
} // namespace

TEST(Coupled, RigidSupportWithAReservoirHotEndStallsAtEquationOne)
{
  const auto s = test_support::run_case(
    "coupled_stall",
    mechanics("") + reservoir +
      "subsection Time stepping\n set Steady-state tolerance = 1e-9\n"
      " set Stress increment per step = 20\nend\n");
  const auto &m = s["mechanics"];
  EXPECT_EQ(m["end_reason"], "steady state");
  // The contact carries the back stress over the thermal pre-load; the
  // whole stress stalls the flux at Eq. 1, with or without the interface
  // kinetics (no insertion, no traffic jam).
  EXPECT_NEAR((m["back_stress_Pa"].get<double>() +
               m["pre_stress_Pa"].get<double>()) /
                m["stall_stress_eq1_Pa"].get<double>(),
              1.0,
              1e-4);
  // At the stall nothing more is plated.
  EXPECT_LT(m["core_speed_m_per_s"].get<double>(),
            1e-4 * m["core_speed_unloaded_m_per_s"].get<double>());
  // A reservoir hot end removes nothing; the column took up what was
  // plated.
  EXPECT_EQ(m["drained_volume_m3"].get<double>(), 0.0);
  EXPECT_GT(m["plated_volume_m3"].get<double>(), 0.0);
}

TEST(Coupled, SpringSupportLoadsInInverseProportionToItsStiffness)
{
  // No drainage: d sigma / dt = k_eff Omega I(sigma) / A^2, so the time to
  // reach a given back stress is proportional to 1 / k_eff, with
  // 1 / k_eff = 1 / k_c + (column compliance, ~L / E A). The law needs I
  // to be a function of sigma alone: the rigid core's uniform plating (the
  // coupled plating's I also depends on how fast the load rises).
  std::vector<double> times;
  const double        L = 120e-9, A = M_PI * 27.5e-9 * 27.5e-9;
  const double        column = 130e9 * A / L; // N/m
  std::vector<double> k_eff;
  for (const double k : {2.0, 4.0})
    {
      const std::string name = "coupled_spring_" + std::to_string(int(k));
      test_support::run_case(
        name,
        mechanics(" set Cold support = spring\n"
                  " set Spring stiffness = " +
                  std::to_string(k) + "\n") +
          "subsection Interface\n set Hot end = reservoir\n"
          " set Contact plating = uniform\nend\n" +
          "subsection Time stepping\n set End time = 4\n"
          " set Stress increment per step = 2\n"
          " set Maximum time step = 0.1\nend\n");
      const auto rows = history(
        test_support::output_root() + "/" + name + "_np" +
        std::to_string(Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD)));
      times.push_back(time_to_reach(rows, 15e6));
      k_eff.push_back(1 / (1 / k + 1 / column));
    }
  ASSERT_GT(times[0], 0);
  ASSERT_GT(times[1], 0);
  EXPECT_NEAR((times[0] / times[1]) / (k_eff[1] / k_eff[0]), 1.0, 0.01);
}

TEST(Coupled, RestartEqualsAnUninterruptedRun)
{
  // Fixed steps (initial = maximum, a stress target never reached), so
  // both runs take the same steps.
  const std::string steps =
    "subsection Time stepping\n set Initial time step = 2e-4\n"
    " set Maximum time step = 2e-4\n set Steady-state tolerance = 0\n"
    " set Stress increment per step = 1e5\n"
    " set Checkpoint interval = 5\n set End time = ";
  const std::string base = mechanics("");
  const auto        whole =
    test_support::run_case("coupled_whole", base + steps + "4e-3\nend\n");
  test_support::run_case("coupled_part", base + steps + "2e-3\nend\n");
  // Continue the part to the same end time.
  const std::string dir =
    test_support::output_root() + "/coupled_part_np" +
    std::to_string(Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD));
  RunParameters p = test_support::parameters_from(base + steps + "4e-3\nend\n");
  p.output_directory  = dir;
  p.restart_directory = dir;
  const auto resumed  = run_simulation(p, MPI_COMM_WORLD);
  test_support::expect_same_values(resumed["mechanics"],
                                   whole["mechanics"],
                                   {"back_stress_Pa",
                                    "core_position_m",
                                    "plated_volume_m3",
                                    "drained_volume_m3",
                                    "time_s"},
                                   1e-10);
  EXPECT_EQ(resumed["mechanics"]["steps"], whole["mechanics"]["steps"]);
  const std::string whole_dir =
    test_support::output_root() + "/coupled_whole_np" +
    std::to_string(Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD));
  const auto a = history(whole_dir), b = history(dir);
  ASSERT_EQ(a.size(), b.size());
  for (unsigned int i = 0; i < a.size(); ++i)
    EXPECT_NEAR(a[i][3], b[i][3], 1e-9 * std::abs(a[i][3]) + 1e-3) << i;
}

TEST(Coupled, OneRankEqualsTwo)
{
  ASSERT_EQ(Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD), 2u);
  const std::string prm = mechanics("") +
                          "subsection Thermal\n set Linear solver tolerance = "
                          "1e-13\nend\n";
  const auto two = test_support::run_case("coupled_ranks", prm);
  MPI_Comm   self;
  const int  rank = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD);
  MPI_Comm_split(MPI_COMM_WORLD, rank == 0 ? 0 : MPI_UNDEFINED, 0, &self);
  if (rank != 0)
    return;
  const auto one = test_support::run_case("coupled_ranks", prm, self);
  MPI_Comm_free(&self);
  test_support::expect_same_values(one["mechanics"],
                                   two["mechanics"],
                                   {"back_stress_Pa",
                                    "core_speed_m_per_s",
                                    "plated_volume_m3"},
                                   1e-6);
}

TEST(Coupled, DefaultCaseIsConvergedInEveryNumericalParameter)
{
  // The shipped Cu case's numerical settings (paper_cu.prm) against every
  // one of them refined at once: thermal mesh (one more global level),
  // surface and substrate-surface elements (x2), mechanics cells (half the
  // size), step control (half the stress increment) and tolerances (x0.01,
  // x0.1). The steady back stress and core speed move by less than 1 %.
  const std::string shipped = R"(
subsection Mesh
  set Coarse cell size  = 12.5
  set Global refinement = 2
  set Corner refinement = 4
  set Oxide refinement  = 1
end
subsection Thermal
  set Finite element degree = 2
end
subsection Output
  set Write vtu = false
end
)";
  const auto        base =
    test_support::run_case("converged_base",
                           shipped + "subsection Mechanics\nend\n");
  const auto refined = test_support::run_case("converged_refined", shipped + R"(
subsection Mesh
  set Global refinement = 3
end
subsection Surface transport
  set Surface elements = 480
end
subsection Interface
  set Substrate surface elements = 400
end
subsection Mechanics
  set Cell size = 2.5
end
subsection Time stepping
  set Stress increment per step = 2.5
  set Coupling tolerance        = 1e-10
  set Steady-state tolerance    = 1e-7
end
)");
  for (const std::string key : {"back_stress_Pa", "core_speed_m_per_s"})
    {
      const double a = base["mechanics"][key], b = refined["mechanics"][key];
      if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
        std::cout << "  " << key << ": shipped " << a << ", refined " << b
                  << " (" << (a / b - 1) << ")\n";
      EXPECT_NEAR(a / b, 1.0, 0.01) << key;
    }
  EXPECT_EQ(base["mechanics"]["end_reason"], "steady state");
  EXPECT_EQ(refined["mechanics"]["end_reason"], "steady state");
}

TEST(Coupled, DirectAndIterativeMechanicsSolversAgree)
{
  // The Newton steps solved by CG with a reused LU factorization (the r-z
  // default) and by CG + AMG: two preconditioners of one tangent, both to
  // 1e-12. The coupled answer must not depend on the choice.
  const auto direct =
    test_support::run_case("coupled_direct",
                           mechanics(" set Linear solver = direct\n"));
  const auto iterative =
    test_support::run_case("coupled_cg_amg",
                           mechanics(" set Linear solver = CG + AMG\n"));
  for (const std::string key : {"back_stress_Pa",
                                "core_speed_m_per_s",
                                "plated_volume_m3",
                                "max_plastic_strain"})
    EXPECT_NEAR(direct["mechanics"][key].get<double>(),
                iterative["mechanics"][key].get<double>(),
                1e-6 * std::abs(iterative["mechanics"][key].get<double>()) +
                  1e-12)
      << key;
  EXPECT_EQ(direct["mechanics"]["steps"], iterative["mechanics"]["steps"]);
}

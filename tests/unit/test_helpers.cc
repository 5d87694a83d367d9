#include <deal.II/base/parameter_handler.h>

#include <solver/output.h>
#include <solver/simulator.h>

#include "test_helpers.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace nanoconvect::test_support
{
  const std::string fast_stack = R"(
subsection Mesh
  set Global refinement = 1
  set Corner refinement = 2
end
subsection Output
  set Write vtu = false
end
)";

  RunParameters
  parameters_from(const std::string &prm_text)
  {
    ParameterHandler prm;
    RunParameters::declare_parameters(prm);
    prm.parse_input_from_string("subsection Output\n set Write vtu = false\n"
                                "end\n" +
                                prm_text);
    RunParameters p;
    p.parse_parameters(prm);
    return p;
  }

  std::string
  output_root()
  {
    const char *root = std::getenv("NANOCONVECT_TEST_OUTPUT");
    return root ? root : "test_output";
  }

  nlohmann::json
  run_case(const std::string &name, const std::string &prm_text, MPI_Comm comm)
  {
    // Thermal and surface tests run without the coupled mechanics unless
    // their text configures it.
    const bool coupled =
      prm_text.find("subsection Mechanics") != std::string::npos;
    RunParameters p = parameters_from(
      coupled ? prm_text
              : "subsection Mechanics\n set Enable = false\nend\n"
                "subsection Surface transport\n set Stress trace = "
                "thermal\nend\n" +
                  prm_text);
    p.output_directory = output_root() + "/" + name + "_np" +
                         std::to_string(Utilities::MPI::n_mpi_processes(comm));
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      std::filesystem::remove_all(p.output_directory);
    prepare_output_directory(p.output_directory, comm);
    return run_simulation(p, comm);
  }

  void
  expect_same_values(const nlohmann::json           &a,
                     const nlohmann::json           &b,
                     const std::vector<std::string> &keys,
                     const double                    relative)
  {
    for (const std::string &key : keys)
      EXPECT_NEAR(a[key].get<double>() / b[key].get<double>(), 1.0, relative)
        << key;
  }
  MaterialTable
  copper_and_oxide()
  {
    MaterialTable m;
    m[1].conductivity  = 400;
    m[1].density       = 8960;
    m[1].heat_capacity = 385;
    m[2].conductivity  = 400. / 86;
    m[2].density       = 7160;
    m[2].heat_capacity = 440;
    return m;
  }
} // namespace nanoconvect::test_support

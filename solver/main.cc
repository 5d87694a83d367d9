// nanoconvect: the command-line program. Reads a .prm file, checks it, and
// runs the case (see doc/user-guide.md).

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/utilities.h>

#include <nanoconvect/version.h>
#include <solver/catalyst.h>
#include <solver/fp_traps.h>
#include <solver/interrupts.h>
#include <solver/output.h>
#include <solver/parameter_check.h>
#include <solver/problem_size.h>
#include <solver/run_parameters.h>
#include <solver/simulator.h>
#include <solver/study.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

using namespace nanoconvect;

namespace
{
  const char *usage = R"(Usage: nanoconvect [options] FILE.prm
       nanoconvect estimate [options] FILE.prm

Thermo-mechanical mass circulation in a nanocrystal sandwiched between a hot
substrate and a cold W/WO3 tip. Runs the case described by FILE.prm; run it
under MPI as 'mpirun -np N nanoconvect FILE.prm'.

'estimate' prints the paper's closed-form estimates (Eq. 1 both ways, the
surface fluxes, core speed, circulation period) from the file's inputs, with
no finite-element solve, and writes them to summary.json.

Options:
  -o, --output DIR      write into DIR (overrides 'Output directory')
      --restart DIR     continue the coupled run in DIR from its last
                        checkpoint (DIR/checkpoint; same number of ranks),
                        with DIR/original.prm unless FILE.prm is given
      --validate        check FILE.prm (names, values, geometry) and exit
      --print-parameters
                        print every parameter with its default, unit and
                        meaning (a complete documented .prm) and exit
      --version         print the version and exit
  -h, --help            print this help and exit

A file with a 'Study' subsection runs one case per value of the chosen
parameter into DIR/case_NN_VALUE and collects DIR/study.csv.

Exit codes: 0 success, 1 the run (or a study case) failed, 2 bad command
line or input file.
)";

  struct CommandLine
  {
    std::string file, output;
    std::string restart; // output directory of the run to continue
    bool        estimate = false;
    bool        validate = false, print_parameters = false, help = false,
         version = false;
  };

  CommandLine
  parse_command_line(int argc, char **argv)
  {
    CommandLine cl;
    int         first = 1;
    if (argc > 1 && std::string(argv[1]) == "estimate")
      {
        cl.estimate = true;
        first       = 2;
      }
    for (int i = first; i < argc; ++i)
      {
        const std::string a = argv[i];
        if (a == "-h" || a == "--help")
          cl.help = true;
        else if (a == "--version")
          cl.version = true;
        else if (a == "--validate")
          cl.validate = true;
        else if (a == "--print-parameters")
          cl.print_parameters = true;
        else if (a == "--restart")
          {
            if (i + 1 >= argc)
              throw ExcInputError("option --restart needs the output "
                                  "directory of the run to continue.");
            cl.restart = argv[++i];
          }
        else if (a == "-o" || a == "--output")
          {
            if (i + 1 >= argc)
              throw ExcInputError("option " + a + " needs a directory.");
            cl.output = argv[++i];
          }
        else if (a.size() > 1 && a[0] == '-')
          throw ExcInputError("unknown option '" + a +
                              "'. 'nanoconvect --help' lists the options.");
        else if (cl.file.empty())
          cl.file = a;
        else
          throw ExcInputError("more than one parameter file given ('" +
                              cl.file + "' and '" + a + "').");
      }
    if (!cl.restart.empty() && cl.file.empty())
      cl.file = cl.restart + "/original.prm";
    if (!cl.help && !cl.version && !cl.print_parameters && cl.file.empty())
      throw ExcInputError("no parameter file given. Usage: nanoconvect "
                          "[options] FILE.prm ('--help' for more).");
    return cl;
  }

  /** This process's rank and the rank count as mpirun set them in the
   *  environment (0 and 1 outside mpirun), for answers without MPI. */
  std::pair<unsigned int, unsigned int>
  launcher_rank_and_size()
  {
    const auto read = [](const char *name, const unsigned int fallback) {
      const char *value = std::getenv(name);
      return value ? static_cast<unsigned int>(std::atoi(value)) : fallback;
    };
    return {read("OMPI_COMM_WORLD_RANK", 0),
            std::max(1u, read("OMPI_COMM_WORLD_SIZE", 1))};
  }

  /** Answers --help and --version (once, on launcher rank 0) without
   *  initialising MPI; true if it did. */
  bool
  print_usage_or_version(int argc, char **argv)
  {
    bool help = false, asks_version = false;
    for (int i = 1; i < argc; ++i)
      {
        const std::string a = argv[i];
        help                = help || a == "-h" || a == "--help";
        asks_version        = asks_version || a == "--version";
      }
    if (!help && !asks_version)
      return false;
    if (launcher_rank_and_size().first == 0)
      std::cout << (help ? usage
                         : std::string("nanoconvect ") + nanoconvect::version +
                             " (" + git_revision + ")\nParaView Catalyst: " +
                             (CatalystAdaptor::built_in()
                                ? "built in"
                                : "not built (configure with "
                                  "-DNANOCONVECT_WITH_CATALYST=ON)") +
                             "\n");
    return true;
  }

  /** An input error, found identically on every rank: reported once (by
   *  rank 0), exit code 2. */
  int
  input_error(const ExcInputError &e, const bool root)
  {
    if (root)
      std::cerr << "nanoconvect: error: " << e.what() << std::endl;
    return 2;
  }

  /** Message of a deal.II exception without its header. */
  std::string
  message_of(const dealii::ExceptionBase &e)
  {
    std::ostringstream s;
    e.print_info(s);
    return dealii::Utilities::trim(s.str());
  }

  /** Reads and checks the file; errors become ExcInputError. */
  RunParameters
  read_case(ParameterHandler &prm, const std::string &file)
  {
    RunParameters::declare_parameters(prm);
    read_parameter_file(prm, file);
    RunParameters parameters;
    try
      {
        parameters.parse_parameters(prm);
      }
    catch (const dealii::ExceptionBase &e)
      {
        throw ExcInputError(file + ": " + message_of(e));
      }
    return parameters;
  }
} // namespace

int
main(int argc, char **argv)
{
  // --help and --version answer before MPI, PETSc and SLEPc start.
  if (print_usage_or_version(argc, argv))
    return 0;
  // The command line needs no MPI: read before it starts, so that
  // --validate and --print-parameters answer without starting MPI, PETSc
  // and SLEPc (Open MPI's singleton start alone costs ~0.3 s).
  CommandLine cl;
  try
    {
      cl = parse_command_line(argc, argv);
    }
  catch (const ExcInputError &e)
    {
      return input_error(e, launcher_rank_and_size().first == 0);
    }
  const bool without_mpi = cl.validate || cl.print_parameters;
  std::optional<Utilities::MPI::MPI_InitFinalize> mpi;
  if (!without_mpi)
    mpi.emplace(argc, argv, 1);
  trap_floating_point_exceptions_if_requested();
  interrupts::install();
  MPI_Comm comm                             = MPI_COMM_WORLD;
  const auto [launcher_rank, launcher_size] = launcher_rank_and_size();
  const unsigned int ranks =
    without_mpi ? launcher_size : Utilities::MPI::n_mpi_processes(comm);
  const bool root = without_mpi ? launcher_rank == 0
                                : Utilities::MPI::this_mpi_process(comm) == 0;

  // Input errors are found identically on every rank: report once, exit 2.
  ParameterHandler                                 prm;
  RunParameters                                    parameters;
  std::vector<std::pair<StudyCase, RunParameters>> study_cases;
  try
    {
      if (cl.print_parameters)
        {
          RunParameters::declare_parameters(prm);
          if (root)
            prm.print_parameters(std::cout, ParameterHandler::PRM);
          return 0;
        }
      // A run killed before its first checkpoint may not even have its
      // original.prm: the missing checkpoint is the error to report.
      if (!cl.restart.empty() && complete_checkpoint(cl.restart).empty())
        throw ExcInputError("--restart " + cl.restart +
                            ": no checkpoint there (checkpoint/state.json;"
                            " see 'Time stepping/Checkpoint interval').");
      parameters = read_case(prm, cl.file);
      if (!cl.output.empty())
        parameters.output_directory = cl.output;
      if (!cl.restart.empty())
        {
          parameters.output_directory  = cl.restart;
          parameters.restart_directory = cl.restart;
          // The ranks must match the checkpoint's: say so before any solve.
          std::ifstream state(complete_checkpoint(cl.restart) + "/state.json");
          const auto    written =
            nlohmann::json::parse(state, nullptr, false).value("ranks", 0u);
          if (written != ranks)
            throw ExcInputError("--restart " + cl.restart +
                                ": the checkpoint was written by " +
                                std::to_string(written) +
                                " rank(s); restart with as many (mpirun -np " +
                                std::to_string(written) + ").");
        }
      if (parameters.study.active())
        {
          if (!cl.restart.empty() || cl.estimate)
            throw ExcInputError("a study (subsection Study) runs whole cases: "
                                "it cannot be combined with --restart or "
                                "'estimate'.");
          study_cases =
            read_study(cl.file, parameters.study, parameters.output_directory);
        }
      // Before any parallel mesh: a mesh that cannot be read, or a run
      // that cannot fit into memory, is an input error.
      ProblemSize size;
      if (!cl.estimate)
        size = estimate_problem_size(parameters, ranks);
      if (cl.validate)
        {
          if (root && !cl.estimate)
            {
              std::cout << cl.file << ": "
                        << size.describe(parameters.thermal.degree) << ", "
                        << ranks << (ranks > 1 ? " ranks" : " rank")
                        << " (estimates before meshing)\n"
                        << cl.file << ": run time " << size.describe_time()
                        << "\n";
              // A long run is worth a second look before it starts.
              // The size estimate is within ~20 % (doc/performance.md).
              if (size.machine_MB > 0 && size.memory_MB > 0.8 * size.machine_MB)
                std::cout << cl.file << ": warning: the estimate is within "
                          << "20 % of this machine's memory; the run may "
                             "not fit\n";
              constexpr double long_run = 600; // s
              if (size.upper_time() > long_run)
                std::cout << cl.file << ": warning: this run may take "
                          << "more than " << long_run / 60
                          << " minutes; coarser 'Mechanics/Cell size' or "
                             "'Mesh/Global refinement', or more ranks, "
                             "shorten it\n";
            }
          if (root)
            std::cout
              << cl.file << ": valid ("
              << (parameters.dimension == 2 ? "axisymmetric" : "3D")
              << (study_cases.empty()
                    ? std::string()
                    : ", a study of " + std::to_string(study_cases.size()) +
                        (parameters.study.mode == StudyParameters::Mode::sweep
                           ? " cases of " + parameters.study.parameter
                           : " cases: a sensitivity study of " +
                               std::to_string(parameters.study.inputs.size()) +
                               " inputs"))
              << ", output to " << parameters.output_directory << ")\n";
          return 0;
        }
      prepare_output_directory(parameters.output_directory,
                               comm,
                               /*fresh=*/cl.restart.empty());
      std::string copy_error;
      if (root)
        try
          {
            const std::string dir = parameters.output_directory;
            if (cl.restart.empty())
              std::filesystem::copy_file(
                cl.file,
                dir + "/original.prm",
                std::filesystem::copy_options::overwrite_existing);
            std::ofstream all(dir + "/parameters.prm");
            prm.print_parameters(all, ParameterHandler::ShortPRM);
          }
        catch (const std::exception &e)
          {
            copy_error = std::string("cannot copy the input into the output "
                                     "directory: ") +
                         e.what();
          }
      copy_error = Utilities::MPI::broadcast(comm, copy_error, 0);
      if (!copy_error.empty())
        throw ExcInputError(copy_error);
    }
  catch (const ExcInputError &e)
    {
      return input_error(e, root);
    }

  // Run errors may strike one rank only: report, then stop all ranks.
  try
    {
      if (cl.estimate)
        run_estimates(parameters, comm);
      else if (!study_cases.empty())
        {
          const unsigned int failed = run_study(study_cases,
                                                parameters.study,
                                                parameters.output_directory,
                                                comm);
          if (interrupts::stop_signal() == 0)
            return failed > 0 ? 1 : 0;
        }
      else
        run_simulation(parameters, comm);
      if (const int signal = interrupts::stop_signal(); signal != 0)
        {
          // The coupled loop says it as soon as its checkpoint is written
          // (under mpirun, Open MPI may kill the ranks before they get here).
          if (root && !interrupts::announced())
            std::cerr << interrupted_message(signal,
                                             parameters.output_directory)
                      << std::endl;
          return 128 + signal;
        }
    }
  catch (const ExcInputError &e)
    {
      // Found identically on every rank (e.g. a Catalyst script this build
      // cannot run, a missing checkpoint): report once, exit 2.
      return input_error(e, root);
    }
  catch (const std::exception &e)
    {
      const auto       *deal = dynamic_cast<const dealii::ExceptionBase *>(&e);
      const std::string msg  = deal ? message_of(*deal) : e.what();
      if (!root) // let rank 0 speak first if it failed too
        std::this_thread::sleep_for(std::chrono::seconds(2));
      write_failure_note(parameters.output_directory, msg);
      std::cerr << "nanoconvect: error"
                << (root
                      ? ""
                      : " on rank " + std::to_string(
                                        Utilities::MPI::this_mpi_process(comm)))
                << ": " << msg << std::endl;
      if (Utilities::MPI::n_mpi_processes(comm) > 1)
        MPI_Abort(comm, 1);
      return 1;
    }
  return 0;
}

#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  /** In situ visualisation with ParaView Catalyst (subsection "Catalyst"). */
  struct CatalystParameters
  {
    std::string  script;       // empty: no in situ visualisation
    unsigned int interval = 1; // steps of the time loop between hand-overs

    static void
    declare_parameters(ParameterHandler &prm);
    /** Reads the entries; a script that does not exist is an input error. */
    void
    parse_parameters(ParameterHandler &prm);
  };

  /**
   * The Catalyst adaptor (legacy API: vtkCPProcessor with a Python script
   * pipeline, the one Debian's paraview-dev ships). Each hand-over passes
   * named channels, each rank its own piece of the mesh, to the script; the
   * script decides what to render or extract. The pieces are the VTU text
   * deal.II's DataOut writes for the files, parsed in memory, so the in situ
   * fields are the fields of the .pvd series, and no file is written.
   *
   * Built only with -DNANOCONVECT_WITH_CATALYST=ON. Without it, asking for a
   * script is an input error that says so; with no script every call is a
   * no-op.
   */
  class CatalystAdaptor
  {
  public:
    /** A channel: its name in the script and a writer of this rank's VTU
     *  piece, called only when the script needs the channel. */
    using Channel = std::pair<std::string, std::function<void(std::ostream &)>>;

    /** Whether this executable was built with Catalyst. */
    static bool
    built_in();

    /** Starts Catalyst and loads the script (collective). The script sees
     *  the run's output directory as NANOCONVECT_OUTPUT_DIRECTORY. */
    CatalystAdaptor(const CatalystParameters &parameters,
                    const std::string        &output_directory,
                    MPI_Comm                  comm);
    /** Finalises Catalyst; must run before MPI_Finalize. */
    ~CatalystAdaptor();

    bool
    active() const;
    /** Whether step `step` is a hand-over step (every 'Interval' steps). */
    bool
    due(unsigned int step) const;
    /** Hands the channels to the script for (time, step) (collective). */
    void
    execute(double                      time,
            unsigned int                step,
            const std::vector<Channel> &channels);
    /** Hand-overs so far. */
    unsigned int
    n_executions() const;

  private:
    struct Implementation;
    std::unique_ptr<Implementation> implementation;
    const CatalystParameters        parameters;
    unsigned int                    executions = 0;
  };
} // namespace nanoconvect

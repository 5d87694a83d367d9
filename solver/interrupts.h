#pragma once

#include <mpi.h>

namespace nanoconvect
{
  /**
   * Clean interrupts (doc/user-guide.md, "Interrupting a run"). SIGINT and
   * SIGTERM ask the run to stop at the end of the current step: the time
   * loops poll at every step end, all ranks agree on the request in one
   * collective, and the run writes a checkpoint and its outputs and exits
   * with 128 + the signal. Under mpirun a terminal's Ctrl-C reaches mpirun,
   * which forwards SIGTERM to the ranks. A second SIGINT kills at once.
   * SIGUSR1 asks for a checkpoint at the next step end; the run goes on.
   */
  namespace interrupts
  {
    /** Installs the handlers (once, after MPI_Init). */
    void
    install();

    struct Request
    {
      int  stop_signal = 0;     // SIGINT or SIGTERM, agreed by all ranks
      bool checkpoint  = false; // SIGUSR1 on any rank since the last poll
    };

    /** Collective: what the ranks were asked since the last poll. A stop
     *  request stays set; the checkpoint request is consumed. */
    Request
    poll(MPI_Comm comm);

    /** The stop signal agreed at the last poll (0: none). */
    int
    stop_signal();

    /** The run has told the user it was interrupted (and how to go on);
     *  the end of main need not say it again. */
    void
    mark_announced();
    bool
    announced();

    /** "SIGINT", "SIGTERM". */
    const char *
    name(int signal);
  } // namespace interrupts
} // namespace nanoconvect

#include <solver/interrupts.h>

#include <csignal>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace nanoconvect
{
  namespace interrupts
  {
    namespace
    {
      volatile std::sig_atomic_t requested_stop       = 0;
      volatile std::sig_atomic_t requested_checkpoint = 0;
      volatile std::sig_atomic_t speaks               = 0; // rank 0 prints
      volatile std::sig_atomic_t launched             = 0; // by mpirun
      int                        agreed_stop          = 0;
      bool                       told                 = false;

      void
      say(const char *text)
      {
        if (speaks != 0)
          {
            const auto ignored = write(STDERR_FILENO, text, std::strlen(text));
            (void)ignored;
          }
      }

      extern "C" void
      on_signal(const int signal)
      {
        if (signal == SIGUSR1)
          {
            requested_checkpoint = 1;
            say("\nnanoconvect: SIGUSR1: a checkpoint at the end of this "
                "step; the run goes on\n");
            return;
          }
        if (requested_stop != 0 && signal == SIGINT)
          {
            // The second Ctrl-C: stop now, as without a handler.
            std::signal(SIGINT, SIG_DFL);
            std::raise(SIGINT);
            return;
          }
        requested_stop = signal;
        if (launched != 0)
          {
            // mpirun stops draining the ranks' stdout once it has its
            // SIGINT, and kills them 1 s after forwarding SIGTERM: a rank
            // that prints each step then blocks in write() with a full
            // pipe and never reaches the step's end (seen with 6 ms steps,
            // tests/runs/interrupt.sh). From here stdout does not block;
            // what it cannot take is dropped. The checkpoint and the
            // message on stderr come first.
            const int flags = fcntl(STDOUT_FILENO, F_GETFL);
            if (flags != -1)
              fcntl(STDOUT_FILENO, F_SETFL, flags | O_NONBLOCK);
          }
        say("\nnanoconvect: stopping at the end of this step to write a "
            "checkpoint and the outputs (Ctrl-C again to kill at once)\n");
      }
    } // namespace

    void
    install()
    {
      // Started by mpirun, only its rank 0 speaks; started alone, it does.
      const char *rank = std::getenv("OMPI_COMM_WORLD_RANK");
      speaks   = (rank == nullptr || std::strcmp(rank, "0") == 0) ? 1 : 0;
      launched = rank != nullptr ? 1 : 0;
      struct sigaction action;
      std::memset(&action, 0, sizeof(action));
      action.sa_handler = on_signal;
      sigemptyset(&action.sa_mask);
      action.sa_flags = SA_RESTART;
      for (const int signal : {SIGINT, SIGTERM, SIGUSR1})
        sigaction(signal, &action, nullptr);
    }

    Request
    poll(MPI_Comm comm)
    {
      int local[2] = {static_cast<int>(requested_stop),
                      static_cast<int>(requested_checkpoint)};
      int all[2]   = {0, 0};
      MPI_Allreduce(local, all, 2, MPI_INT, MPI_MAX, comm);
      requested_checkpoint = 0;
      if (agreed_stop == 0)
        agreed_stop = all[0];
      return {agreed_stop, all[1] != 0};
    }

    int
    stop_signal()
    {
      return agreed_stop;
    }

    void
    mark_announced()
    {
      told = true;
    }

    bool
    announced()
    {
      return told;
    }

    const char *
    name(const int signal)
    {
      return signal == SIGINT    ? "SIGINT"
             : signal == SIGTERM ? "SIGTERM"
                                 : "a signal";
    }
  } // namespace interrupts
} // namespace nanoconvect

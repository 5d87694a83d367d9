#pragma once

#include <cstddef>
#include <string>

namespace nanoconvect
{
  struct RunParameters;

  /**
   * The size of a run before any parallel mesh exists: the stack's coarse
   * mesh (built-in or the Gmsh file, read here, so a file Gmsh's reader
   * refuses is an input error) with its local refinement passes, scaled by
   * the global refinement; DoFs and memory from the cost model calibrated
   * on postprocess/bench_thermal (doc/performance.md).
   */
  struct ProblemSize
  {
    std::size_t cells        = 0; // active cells of the stack, estimated
    std::size_t thermal_dofs = 0; // estimated
    double      memory_MB    = 0; // all ranks together, estimated
    double      machine_MB   = 0; // physical memory of this machine

    /** "~18,600 thermal DoFs (Q2), ~5,400 cells, ~350 MB of 24,000 MB". */
    std::string
    describe(unsigned int degree) const;
  };

  /** Estimates the run's size; throws ExcInputError if the mesh cannot be
   *  read or the run cannot fit into this machine's memory. */
  ProblemSize
  estimate_problem_size(const RunParameters &parameters, unsigned int ranks);
} // namespace nanoconvect

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
   * on postprocess/bench_thermal, and the run time from the thermal and
   * coupled runs measured on this machine (doc/performance.md): the
   * column's mechanics mesh is built (serially) for its DoFs.
   */
  struct ProblemSize
  {
    std::size_t cells        = 0; // active cells of the stack, estimated
    std::size_t thermal_dofs = 0; // estimated
    double      mechanics_dofs = 0; // the column's mesh, when the mechanics runs
    // Wall time (s) on this machine's cores: the thermal solve, and one
    // coupled step (0 without the mechanics); see doc/performance.md.
    double      thermal_time  = 0, step_time = 0;
    double      thermal_steps = 1; // transient: one solve per step
    double      memory_MB    = 0; // all ranks together, estimated
    double      machine_MB   = 0; // physical memory of this machine

    /** "~18,600 thermal DoFs (Q2), ~5,400 cells, ~350 MB of 24,000 MB". */
    std::string
    describe(unsigned int degree) const;
    /** The run time estimate: "~0.3 s for the thermal solve; ~0.5 s per
     *  coupled step, ~10-15 s to a steady state (20-30 steps)". */
    std::string
    describe_time() const;
    /** The upper estimate of the whole run (s). */
    double
    upper_time() const;
  };

  /** Estimates the run's size; throws ExcInputError if the mesh cannot be
   *  read or the run cannot fit into this machine's memory. */
  ProblemSize
  estimate_problem_size(const RunParameters &parameters, unsigned int ranks);
} // namespace nanoconvect

#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/numerics/data_out.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Makes the output directory ready (collective). Creates it if missing;
   * accepts an empty one or one holding an earlier nanoconvect run (marked
   * by the file .nanoconvect-output); refuses anything else, so that nothing
   * a user wrote is overwritten. For a fresh run (not a restart) the earlier
   * run's files move into DIR/previous/ (replacing an older one), so that no
   * stale file sits beside the new ones. Throws ExcInputError on all ranks.
   */
  void
  prepare_output_directory(const std::string &directory,
                           MPI_Comm           comm,
                           bool               fresh = true);

  /**
   * Writes a file whole or not at all: into FILE.tmp.PID, then renamed over
   * FILE, so that a run killed at any moment leaves the previous complete
   * file or the new one, never a half-written one. Not collective.
   */
  void
  write_atomically(const std::string                         &file,
                   const std::function<void(std::ostream &)> &write);

  /**
   * The run's checkpoint directory: DIR/checkpoint, or DIR/checkpoint.old
   * if a run was killed between the two renames that replace a checkpoint
   * (CoupledLoop::checkpoint); empty if there is no complete checkpoint.
   */
  std::string
  complete_checkpoint(const std::string &run_directory);

  /**
   * Fault injection for the kill-restart test: with the environment
   * variable NANOCONVECT_KILL_AT=NAME:N the process kills itself (SIGKILL)
   * the N-th time it passes the point NAME. Unset, a no-op.
   */
  void
  fault_point(const char *name);

  /** Where the run is ("coupled step 12, t = 0.31 s"), for the FAILED note
   *  of a run that stops on an error. */
  void
  set_run_position(const std::string &position);
  const std::string &
  run_position();

  /**
   * The line an interrupted run ends with: the signal, where the run was,
   * where its outputs are and, if DIR holds a complete checkpoint, the
   * command that continues it.
   */
  std::string
  interrupted_message(int signal, const std::string &directory);

  /**
   * Leaves DIR/FAILED: the reason and where the run was, so that a failed
   * run's folder says so instead of holding a partial set of outputs
   * without a summary.json. Not collective; any rank that fails may write.
   */
  void
  write_failure_note(const std::string &directory, const std::string &reason);

  /** DataOut whose coordinates are multiplied by a factor (SI to nm). */
  template <int dim>
  class ScaledDataOut : public DataOut<dim>
  {
  public:
    explicit ScaledDataOut(double factor);
    /** Also scales the data rows [first, first + n) (a length or a
     *  displacement, so that it shares the coordinates' unit and ParaView's
     *  Warp By Vector works at scale 1). Call before scale_patches(). */
    void
    scale_components(unsigned int first, unsigned int n);
    /** Call after build_patches(). */
    void
    scale_patches();
    const std::vector<DataOutBase::Patch<dim, dim>> &
    get_patches() const override;
    /** This rank's patches as one VTU piece, or nothing when the rank has
     *  no cells (VTK cannot parse deal.II's empty compressed arrays). */
    void
    write_vtu_piece(std::ostream &out) const;

  private:
    const double                              factor;
    std::vector<std::pair<unsigned int, unsigned int>> scaled_rows;
    std::vector<DataOutBase::Patch<dim, dim>> scaled;
  };

  /** A .pvd time series of .pvtu records (ParaView's time steps). */
  class PvdSeries
  {
  public:
    PvdSeries(std::string directory, std::string name);
    /** Adds a record and rewrites the .pvd (on rank 0). */
    void
    add(double time, const std::string &pvtu_file, MPI_Comm comm);

  private:
    std::string                                 directory, name;
    std::vector<std::pair<double, std::string>> records;
  };

  /** What a run directory holds, for the "wrote" line: every file and
   *  directory, numbered series folded ("mechanics_*.pvtu (12)"), without
   *  previous/ and the marker. */
  std::string
  directory_listing(const std::string &directory);

  /** The current time, UTC, ISO 8601 ("2026-12-01T08:30:00Z"). */
  std::string
  utc_now();

  /** FNV-1a 64-bit hash of a file's bytes as 16 hex digits (the run's
   *  input in summary.json); empty if the file cannot be read. */
  std::string
  file_hash(const std::string &file);

  /** Writes JSON with 2-space indentation (rank 0 only, atomically). */
  void
  write_json(const std::string &file, const nlohmann::json &j, MPI_Comm comm);
} // namespace nanoconvect

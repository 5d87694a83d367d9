#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  struct RunParameters;

  /**
   * A parameter study (subsection "Study"), each case run into its own
   * subdirectory and the cases' summary figures collected in study.csv:
   * a sweep (one parameter takes a list of values) or a one-at-a-time
   * sensitivity study (a baseline, then each uncertain input at the low and
   * the high end of its range, the others at the file's values).
   */
  struct StudyParameters
  {
    enum class Mode
    {
      sweep,
      sensitivity
    };
    /** An uncertain input and its range. */
    struct Range
    {
      std::string path, low, high;
    };
    Mode                     mode = Mode::sweep;
    std::string              parameter; // "Subsection/Entry"; empty: none
    std::vector<std::string> values;
    std::vector<Range>       inputs;  // sensitivity mode
    std::vector<std::string> columns; // "section/key" of summary.json

    bool
    active() const
    {
      return !parameter.empty() || !inputs.empty();
    }

    static void
    declare_parameters(ParameterHandler &prm);
    void
    parse_parameters(ParameterHandler &prm);
  };

  /** One case of a study: its parameters and its full parameter listing. */
  struct StudyCase
  {
    std::string parameter; // the entry this case changes ("" baseline)
    std::string value;
    std::string directory;
    std::string listing; // every parameter the case uses (.prm)
  };

  /**
   * Reads every case of the study in file, the study's parameter set to each
   * value, checking them all before anything runs (ExcInputError names the
   * case). Case directories are output_root/case_NN_VALUE.
   */
  std::vector<std::pair<StudyCase, RunParameters>>
  read_study(const std::string     &file,
             const StudyParameters &study,
             const std::string     &output_root);

  /**
   * Runs the cases one after the other with a case counter and an estimate
   * of the time left; a failed case is reported and the others still run.
   * Writes output_root/study.csv (rank 0). Returns the number of failed
   * cases.
   */
  unsigned int
  run_study(const std::vector<std::pair<StudyCase, RunParameters>> &cases,
            const StudyParameters                                  &study,
            const std::string                                      &output_root,
            MPI_Comm                                                comm);
} // namespace nanoconvect

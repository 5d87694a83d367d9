#pragma once

#include <deal.II/base/parameter_handler.h>

#include <string>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Reads a parameter file into prm, with errors a person can act on: a
   * missing file, a line that is not 'set', 'subsection' or 'end', an unknown
   * subsection or entry (naming the nearest declared names, and where an
   * entry of that name does live), or a value that does not match its
   * pattern. Each error names the file and line. Throws ExcInputError.
   */
  void
  read_parameter_file(ParameterHandler &prm, const std::string &filename);

  /** An error in the user's input; what() is the message alone. */
  class ExcInputError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  /** Levenshtein distance, case-insensitive (for "did you mean"). */
  unsigned int
  edit_distance(const std::string &a, const std::string &b);
} // namespace nanoconvect

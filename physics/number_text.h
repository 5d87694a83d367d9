#pragma once

#include <iomanip>
#include <sstream>
#include <string>

namespace nanoconvect
{
  /** A number for a message: six significant digits, "1e+300" rather than
   *  three hundred digits. */
  inline std::string
  number_text(const double x)
  {
    std::ostringstream s;
    s << std::setprecision(6) << x;
    return s.str();
  }

  /** A length (m) for a message, in nanometres: "55 nm". */
  inline std::string
  length_text(const double metres)
  {
    return number_text(metres / 1e-9) + " nm";
  }
} // namespace nanoconvect

#pragma once

#include <cfenv>
#include <cstdlib>
#include <string>

namespace nanoconvect
{
  /**
   * With NANOCONVECT_TRAP_FP=1 in the environment, an invalid operation
   * (NaN from 0/0, sqrt(-1), ...), a division by zero or an overflow raises
   * SIGFPE where it happens instead of flowing on as NaN or inf. The debug
   * and sanitizer builds run the unit tests and a coupled run this way
   * (scripts/check_debug). Call after MPI is initialised: the libraries'
   * start-up is not ours to police.
   */
  inline void
  trap_floating_point_exceptions_if_requested()
  {
    const char *request = std::getenv("NANOCONVECT_TRAP_FP");
    if (request != nullptr && std::string(request) == "1")
      feenableexcept(FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW);
  }
} // namespace nanoconvect

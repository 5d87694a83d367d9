#pragma once

/** Physical constants (SI; exact values of the 2019 SI unless noted). */
namespace nanoconvect::constants
{
  constexpr double boltzmann        = 1.380649e-23;    // J/K
  constexpr double electronvolt     = 1.602176634e-19; // J
  constexpr double stefan_boltzmann = 5.670374419e-8;  // W/m^2/K^4 (CODATA)
} // namespace nanoconvect::constants

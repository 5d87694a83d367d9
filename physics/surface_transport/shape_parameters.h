#pragma once

#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * The evolving column (subsection "Shape"; doc/model.md, section 6.1):
   * whether the free surface moves, its exchange length with the crystal,
   * the initial shape, and how often the profile is recorded.
   */
  struct ShapeParameters
  {
    enum class Initial
    {
      cylinder,
      sinusoidal, // whole half-waves nearest the wavelength
      random,     // seeded sine modes no shorter than the wavelength
      taper,      // linear from the foot's diameter to the contact's
      file        // (h, d) pairs from a CSV
    };
    bool         evolve          = false;
    double       exchange_length = 100e-9; // m
    Initial      initial         = Initial::cylinder;
    double       amplitude       = 0;     // m, of the radius
    double       wavelength      = 40e-9; // m
    unsigned int seed            = 1;
    double       foot_ratio      = 1; // taper: foot diameter / column diameter
    std::string  profile_file;
    unsigned int profile_interval = 1; // coupled steps per profile.csv record
    double       bulk_update      = 0.01; // lag / R that moves the bulk

    static void
    declare_parameters(ParameterHandler &prm);
    void
    parse_parameters(ParameterHandler &prm);

    /**
     * The initial radii (m) at heights h (m, from the foot, increasing to
     * length) of a column of the given diameter (m): the contact end keeps
     * the column's radius. Throws naming the parameter when the shape does
     * not fit (a radius not positive, a file that does not cover the
     * column).
     */
    std::vector<double>
    initial_radius(const std::vector<double> &h,
                   double                     diameter,
                   double                     length) const;
  };
} // namespace nanoconvect

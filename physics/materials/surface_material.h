#pragma once

#include <deal.II/base/parameter_handler.h>

#include <physics/constants.h>
#include <physics/materials/material_table.h>

#include <string>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Surface-transport and elastic data of the column's material (subsection
   * "Surface"; doc/model.md, section 6, with sources). SI units inside.
   */
  struct SurfaceMaterial
  {
    double Omega      = 1.18e-29;                       // m^3, atomic volume
    double Q          = 0.17 * constants::electronvolt; // J, heat of transport
    double delta_s    = 0.228e-9; // m, mobile surface layer
    bool   arrhenius  = false;    // D_s(T) or a fixed D_s
    double D_fixed    = 4.92e-12; // m^2/s
    double D_0        = 0;        // m^2/s (Arrhenius prefactor)
    double E_a        = 0;        // J (Arrhenius activation)
    double gamma      = 1.79;     // J/m^2, surface energy
    double E          = 130e9;    // Pa
    double alpha      = 16.5e-6;  // 1/K
    bool   passivated = false;    // surface oxide: no mobility

    /** D_s(T) in m^2/s; 0 when passivated. */
    double
    diffusivity(double T) const;

    static void
    declare_parameters(ParameterHandler &prm);
    /** Reads "Surface"; the presets and the elastic data come from the
     *  column's material, handed over by the driver. */
    void
    parse_parameters(ParameterHandler &prm, const RegionMaterial &column);
  };
} // namespace nanoconvect

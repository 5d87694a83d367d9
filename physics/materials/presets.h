#pragma once

#include <string>

namespace nanoconvect
{
  /**
   * Named material data (doc/model.md, section 4, where every number has its
   * source). Selected by "Materials/<Region>/Material"; every value can be
   * overridden in the parameter file. SI units.
   */
  struct MaterialPreset
  {
    std::string name;
    // Thermal.
    double conductivity  = 0; // W/m/K (a column's: see nanowire_conductivity)
    double bulk_conductivity       = 0; // W/m/K, metals
    double electron_mean_free_path = 0; // m, metals
    double density       = 0; // kg/m^3
    double heat_capacity = 0; // J/kg/K
    // Elastic-plastic.
    double youngs_modulus    = 0; // Pa
    double poissons_ratio    = 0; // -
    double thermal_expansion = 0; // 1/K
    double yield_strength    = 0; // Pa, at the reference diameter (0: none)
    // Surface transport (metals only).
    bool   metal           = false;
    double atomic_volume   = 0; // m^3
    double heat_transport  = 0; // J
    double layer_thickness = 0; // m
    bool   arrhenius       = false;
    double diffusivity     = 0; // m^2/s (fixed model)
    double diffusivity_0   = 0; // m^2/s (Arrhenius prefactor)
    double activation      = 0; // J (Arrhenius)
    double surface_energy  = 0; // J/m^2
    // Interface diffusion delta_i D_i = prefactor exp(-activation / k_B T)
    // (m^3/s, J) of the column's grain boundaries and metal/oxide contact.
    double interface_diffusivity_0 = 0;
    double interface_activation    = 0;
  };

  /** The preset of that name (Cu, Ag, Al, W, WO3); throws listing them. */
  const MaterialPreset &
  material_preset(const std::string &name);

  /**
   * Thermal conductivity (W/m/K) of a wire of diameter d (m) of the preset's
   * metal: k_bulk / (1 + c lambda / d), lambda the electron mean free path,
   * with c fixed once by Cu's nanowire value, 140 W/m/K at 55 nm
   * (doc/model.md, section 4). Returns the preset's conductivity for a
   * material without a mean free path.
   */
  double
  nanowire_conductivity(const MaterialPreset &p, double d);

  /** "Cu|Ag|Al|W|WO3", for Patterns::Selection. */
  std::string
  material_preset_names();

} // namespace nanoconvect

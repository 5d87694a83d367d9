#include <deal.II/base/exceptions.h>

#include <physics/constants.h>
#include <physics/materials/material_table.h>
#include <physics/materials/presets.h>
#include <physics/materials/surface_material.h>

#include <cmath>

namespace nanoconvect
{
  namespace
  {
    constexpr double eV  = constants::electronvolt;
    constexpr double k_B = constants::boltzmann;
  } // namespace

  double
  SurfaceMaterial::diffusivity(const double T) const
  {
    if (passivated)
      return 0;
    return arrhenius ? D_0 * std::exp(-E_a / (k_B * T)) : D_fixed;
  }

  void
  SurfaceMaterial::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Surface");
    {
      declare_preset_entry(prm,
                           "Atomic volume",
                           "[m^3] Omega (Cu: 1.18e-29, the paper, "
                           "section 2.2).");
      declare_preset_entry(prm,
                           "Heat of transport",
                           "[eV] Q (Cu: 0.17, the paper, section 2.2, after "
                           "Tan and Roy 2006).");
      declare_preset_entry(prm,
                           "Surface layer thickness",
                           "[nm] delta_s, the mobile surface layer: one "
                           "atomic layer, Omega^(1/3) (0.228 nm for Cu; the "
                           "paper, section 2.1: one or two atomic layers).");
      prm.declare_entry("Diffusivity model",
                        "preset",
                        Patterns::Selection("preset|fixed|arrhenius"),
                        "fixed: D_s = 'Surface diffusivity' everywhere; "
                        "arrhenius: D_s = D_0 exp(-E_a / k_B T); preset: the "
                        "column material's model (Arrhenius: Cu with "
                        "Gjostein's activation energy through the paper's "
                        "4.92e-12 m^2/s at 400 C; Ag, Al after Gjostein's "
                        "correlation).");
      declare_preset_entry(prm,
                           "Surface diffusivity",
                           "[m^2/s] D_s of the fixed model (Cu at 400 C: "
                           "4.92e-12, the paper, section 2.3, after "
                           "Butrymowicz et al. 1973).");
      declare_preset_entry(prm,
                           "Diffusivity prefactor",
                           "[m^2/s] D_0 of the Arrhenius model.");
      declare_preset_entry(prm,
                           "Activation energy",
                           "[eV] E_a of the Arrhenius model.");
      declare_preset_entry(prm,
                           "Surface energy",
                           "[J/m^2] gamma, capillary term gamma Omega kappa "
                           "(Tyson and Miller, Surf. Sci. 62, 267, 1977).");
      prm.declare_entry("Passivated",
                        "false",
                        Patterns::Bool(),
                        "A surface oxide (e.g. on Al) stops surface "
                        "diffusion: D_s = 0, no flux, no motion.");
    }
    prm.leave_subsection();
  }

  void
  SurfaceMaterial::parse_parameters(ParameterHandler     &prm,
                                    const RegionMaterial &column_material)
  {
    // The surface belongs to the column: its preset and elastic data.
    const std::string     column = column_material.name;
    const MaterialPreset &p      = material_preset(column);
    E                            = column_material.youngs_modulus;
    alpha                        = column_material.thermal_expansion;

    prm.enter_subsection("Surface");
    {
      Omega   = get_or_preset(prm, "Atomic volume", p.atomic_volume);
      Q       = get_or_preset(prm, "Heat of transport", p.heat_transport, eV);
      delta_s = get_or_preset(prm,
                              "Surface layer thickness",
                              p.layer_thickness,
                              1e-9);
      const std::string model = prm.get("Diffusivity model");
      arrhenius = model == "preset" ? p.arrhenius : model == "arrhenius";
      D_fixed   = get_or_preset(prm, "Surface diffusivity", p.diffusivity);
      D_0 = get_or_preset(prm, "Diffusivity prefactor", p.diffusivity_0);
      E_a = get_or_preset(prm, "Activation energy", p.activation, eV);
      gamma      = get_or_preset(prm, "Surface energy", p.surface_energy);
      passivated = prm.get_bool("Passivated");
    }
    prm.leave_subsection();
    AssertThrow(p.metal || Omega > 0,
                ExcMessage("Parameter 'Materials/Column/Material' = " +
                           column +
                           ": not a metal, so it has no surface data; choose "
                           "Cu, Ag or Al, or give every 'Surface' entry."));
    AssertThrow(Omega > 0 && Q > 0 && delta_s > 0,
                ExcMessage("Parameters 'Surface/Atomic volume', 'Heat of "
                           "transport' and 'Surface layer thickness' must be "
                           "positive."));
    AssertThrow(arrhenius || D_fixed > 0 || passivated,
                ExcMessage("Parameter 'Surface/Surface diffusivity' must be "
                           "positive with the fixed diffusivity model."));
    AssertThrow(!arrhenius || (D_0 > 0 && E_a > 0),
                ExcMessage("Parameter 'Surface/Diffusivity model' = arrhenius "
                           "needs 'Surface/Diffusivity prefactor' > 0 and "
                           "'Surface/Activation energy' > 0."));
  }
} // namespace nanoconvect

#include <deal.II/base/exceptions.h>

#include <physics/constants.h>
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
      prm.declare_entry("Atomic volume",
                        "1.18e-29",
                        Patterns::Double(0),
                        "[m^3] Omega. Cu: 1.18e-29 (the paper, section 2.2).");
      prm.declare_entry("Heat of transport",
                        "0.17",
                        Patterns::Double(0),
                        "[eV] Q. Cu: 0.17 (the paper, section 2.2, after Tan "
                        "and Roy 2006).");
      prm.declare_entry("Surface layer thickness",
                        "0.228",
                        Patterns::Double(0),
                        "[nm] delta_s, the mobile surface layer: one atomic "
                        "layer, Omega^(1/3) = 0.228 nm for Cu (the paper, "
                        "section 2.1: one or two atomic layers).");
      prm.declare_entry("Diffusivity model",
                        "fixed",
                        Patterns::Selection("fixed|arrhenius"),
                        "fixed: D_s = 'Surface diffusivity' everywhere; "
                        "arrhenius: D_s = D_0 exp(-E_a / k_B T).");
      prm.declare_entry("Surface diffusivity",
                        "4.92e-12",
                        Patterns::Double(0),
                        "[m^2/s] Fixed D_s. Cu at 400 C: 4.92e-12, "
                        "extrapolated from Cu(110) surface self-diffusion "
                        "(the paper, section 2.3, after Butrymowicz et al. "
                        "1973).");
      prm.declare_entry("Diffusivity prefactor",
                        "0",
                        Patterns::Double(0),
                        "[m^2/s] D_0 of the Arrhenius model.");
      prm.declare_entry("Activation energy",
                        "0",
                        Patterns::Double(0),
                        "[eV] E_a of the Arrhenius model.");
      prm.declare_entry("Surface energy",
                        "1.79",
                        Patterns::Double(0),
                        "[J/m^2] gamma (capillary term gamma Omega kappa). "
                        "Cu: 1.79 (Tyson and Miller, Surf. Sci. 62, 267, "
                        "1977).");
      prm.declare_entry("Young's modulus",
                        "130",
                        Patterns::Double(0),
                        "[GPa] E. Cu: 130 (CRC Handbook).");
      prm.declare_entry("Thermal expansion",
                        "16.5e-6",
                        Patterns::Double(0),
                        "[1/K] alpha. Cu: 16.5e-6 at 300 K (CRC Handbook).");
      prm.declare_entry("Stress-free temperature",
                        "293.15",
                        Patterns::Double(0),
                        "[K] Temperature at which the column is free of "
                        "thermal stress.");
      prm.declare_entry("Passivated",
                        "false",
                        Patterns::Bool(),
                        "A surface oxide (e.g. on Al) stops surface "
                        "diffusion: D_s = 0, no flux, no motion.");
    }
    prm.leave_subsection();
  }

  void
  SurfaceMaterial::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Surface");
    {
      Omega      = prm.get_double("Atomic volume");
      Q          = prm.get_double("Heat of transport") * eV;
      delta_s    = prm.get_double("Surface layer thickness") * 1e-9;
      arrhenius  = prm.get("Diffusivity model") == "arrhenius";
      D_fixed    = prm.get_double("Surface diffusivity");
      D_0        = prm.get_double("Diffusivity prefactor");
      E_a        = prm.get_double("Activation energy") * eV;
      gamma      = prm.get_double("Surface energy");
      E          = prm.get_double("Young's modulus") * 1e9;
      alpha      = prm.get_double("Thermal expansion");
      T_ref      = prm.get_double("Stress-free temperature");
      passivated = prm.get_bool("Passivated");
    }
    prm.leave_subsection();
    AssertThrow(Omega > 0 && Q > 0 && delta_s > 0,
                ExcMessage("Parameters 'Surface/Atomic volume', 'Heat of "
                           "transport' and 'Surface layer thickness' must be "
                           "positive."));
    AssertThrow(!arrhenius || D_0 > 0,
                ExcMessage("Parameter 'Surface/Diffusivity model' = arrhenius "
                           "needs 'Surface/Diffusivity prefactor' > 0."));
  }
} // namespace nanoconvect

#include <deal.II/base/exceptions.h>

#include <physics/constants.h>
#include <physics/materials/presets.h>

#include <cmath>
#include <vector>

namespace nanoconvect
{
  namespace
  {
    constexpr double eV  = constants::electronvolt;
    constexpr double k_B = constants::boltzmann;

    /** Atomic volume of an fcc metal of lattice parameter a: a^3 / 4. */
    double
    fcc_atomic_volume(const double a)
    {
      return a * a * a / 4;
    }

    /**
     * Gjostein's correlation for surface self-diffusion on fcc metals below
     * 0.77 T_m (N. A. Gjostein, in "Surfaces and Interfaces I", Syracuse
     * University Press 1967, p. 271; reproduced in J. M. Blakely,
     * "Introduction to the Properties of Crystal Surfaces", 1973):
     * D_s = 0.014 cm^2/s exp(-13 T_m / R T), with R in cal/mol/K, i.e.
     * E_a / k_B = (13 / 1.987) T_m. Checked on Cu (doc/model.md, section 4):
     * 2.6e-12 m^2/s at 400 C against the paper's 4.92e-12.
     */
    void
    set_gjostein(MaterialPreset &p, const double T_melt)
    {
      p.arrhenius     = true;
      p.diffusivity_0 = 0.014e-4;
      p.activation    = 13.0 / 1.987 * T_melt * k_B;
    }

    /**
     * "Smaller is stronger" carried from one fcc metal to another at the
     * same diameter: the normalized strength tau / G of fcc pillars is one
     * function of D / b, proportional to (D / b)^-0.66 (Dou and Derby,
     * Scripta Mater. 61, 524, 2009). Hence sigma_2 = sigma_1 (G_2 / G_1)
     * (b_2 / b_1)^0.66. From Cu to Ag this gives 327 MPa against the paper's
     * 338 MPa (doc/model.md, section 4).
     */
    double
    scaled_yield(const double sigma_1,
                 const double G_1,
                 const double b_1,
                 const double G_2,
                 const double b_2)
    {
      return sigma_1 * (G_2 / G_1) * std::pow(b_2 / b_1, 0.66);
    }

    // Lattice parameters at 293 K (m), shear moduli (Pa) and melting points
    // (K): CRC Handbook of Chemistry and Physics.
    constexpr double a_Cu = 3.6149e-10, a_Ag = 4.0853e-10, a_Al = 4.0495e-10;
    constexpr double G_Cu = 48e9, G_Al = 26e9;
    constexpr double T_melt_Cu = 1357.77, T_melt_Ag = 1234.93,
                     T_melt_Al = 933.47;
    constexpr double R_gas = 8.314462618; // J/mol/K (CODATA)

    /**
     * Grain-boundary diffusion delta D_b = delta D_0b exp(-Q_b / R T) of an
     * fcc metal (H. J. Frost and M. F. Ashby, "Deformation-Mechanism Maps",
     * Pergamon 1982, chapter 4, tables for Cu, Ag, Al), used for the
     * column's interfaces (doc/model.md, section 10.3).
     */
    void
    set_boundary_diffusion(MaterialPreset &p,
                           const double    delta_D_0,
                           const double    Q_b)
    {
      p.interface_diffusivity_0 = delta_D_0;
      p.interface_activation    = Q_b / R_gas * k_B;
    }

    std::vector<MaterialPreset>
    make_presets()
    {
      std::vector<MaterialPreset> all;

      // Cu column: k of a Cu nanowire of similar size (Stojanovic et al.,
      // Phys. Rev. B 82, 075418, 2010, as in the paper's Methods 4.6);
      // Omega, Q, D_s at 400 C from the paper (sections 2.2, 2.3);
      // yield 482 MPa, the paper's collapse stress of its Cu columns
      // (design notes, section 2.3); gamma from Tyson and Miller (Surf. Sci.
      // 62, 267, 1977); the rest bulk handbook values (CRC).
      MaterialPreset cu;
      cu.name              = "Cu";
      cu.conductivity      = 140;
      cu.bulk_conductivity = 401;
      cu.electron_mean_free_path = 39.9e-9;
      cu.density           = 8960;
      cu.heat_capacity     = 385;
      cu.youngs_modulus    = 130e9;
      cu.poissons_ratio    = 0.34;
      cu.thermal_expansion = 16.5e-6;
      cu.yield_strength    = 482e6;
      cu.metal             = true;
      cu.atomic_volume     = 1.18e-29;
      cu.heat_transport    = 0.17 * eV;
      cu.layer_thickness   = std::cbrt(cu.atomic_volume);
      cu.diffusivity       = 4.92e-12;
      cu.surface_energy    = 1.79;
      // D_s(T): Gjostein's activation energy (13 T_m cal/mol, 0.765 eV)
      // through the paper's 4.92e-12 m^2/s at 400 C (doc/model.md, 7).
      cu.arrhenius     = true;
      cu.activation    = 13.0 / 1.987 * T_melt_Cu * k_B;
      cu.diffusivity_0 = 4.92e-12 * std::exp(cu.activation / (k_B * 673.15));
      set_boundary_diffusion(cu, 5.0e-15, 104e3);
      all.push_back(cu);

      // Ag: bulk k, rho, c_p, E, nu, alpha (CRC); yield 338 MPa from the
      // paper (design notes, section 2.3); gamma (Tyson and Miller 1977);
      // D_s from Gjostein's correlation; Q assumed equal to Cu's (no
      // measured surface heat of transport for Ag; the paper's scaling uses
      // Q ~ 0.1 eV): override it when a value is known.
      MaterialPreset ag    = cu;
      ag.name              = "Ag";
      ag.conductivity      = 429;
      ag.bulk_conductivity = 429;
      ag.electron_mean_free_path = 53.3e-9;
      ag.density           = 10490;
      ag.heat_capacity     = 235;
      ag.youngs_modulus    = 83e9;
      ag.poissons_ratio    = 0.37;
      ag.thermal_expansion = 18.9e-6;
      ag.yield_strength    = 338e6;
      ag.atomic_volume     = fcc_atomic_volume(a_Ag);
      ag.layer_thickness   = std::cbrt(ag.atomic_volume);
      ag.surface_energy    = 1.25;
      set_gjostein(ag, T_melt_Ag);
      set_boundary_diffusion(ag, 4.5e-15, 90e3);
      all.push_back(ag);

      // Al: as Ag (CRC, Tyson and Miller, Gjostein, Q assumed); yield
      // carried over from Cu's 482 MPa by the fcc size-effect scaling.
      MaterialPreset al    = ag;
      al.name              = "Al";
      al.conductivity      = 237;
      al.bulk_conductivity = 237;
      al.electron_mean_free_path = 18.9e-9;
      al.density           = 2700;
      al.heat_capacity     = 897;
      al.youngs_modulus    = 70e9;
      al.poissons_ratio    = 0.35;
      al.thermal_expansion = 23.1e-6;
      al.yield_strength    = scaled_yield(cu.yield_strength,
                                       G_Cu,
                                       a_Cu / std::sqrt(2.0),
                                       G_Al,
                                       a_Al / std::sqrt(2.0));
      al.atomic_volume     = fcc_atomic_volume(a_Al);
      al.layer_thickness   = std::cbrt(al.atomic_volume);
      al.surface_energy    = 1.14;
      set_gjostein(al, T_melt_Al);
      set_boundary_diffusion(al, 5.0e-14, 84e3);
      all.push_back(al);

      // W tip: bulk at 300 K (CRC).
      MaterialPreset w;
      w.name              = "W";
      w.conductivity      = 173;
      w.density           = 19250;
      w.heat_capacity     = 132;
      w.youngs_modulus    = 411e9;
      w.poissons_ratio    = 0.28;
      w.thermal_expansion = 4.5e-6;
      all.push_back(w);

      // WO3 film: k of a 100 nm film (Wang et al., Mater. Trans. 47, 1894,
      // 2006, as in the paper's Methods 4.6); rho, c_p bulk (CRC). No
      // elastic data: the mechanics treats the tip side as a support.
      MaterialPreset wo3;
      wo3.name          = "WO3";
      wo3.conductivity  = 1.63;
      wo3.density       = 7160;
      wo3.heat_capacity = 315;
      all.push_back(wo3);
      return all;
    }

    const std::vector<MaterialPreset> &
    presets()
    {
      static const std::vector<MaterialPreset> all = make_presets();
      return all;
    }
  } // namespace

  const MaterialPreset &
  material_preset(const std::string &name)
  {
    for (const auto &p : presets())
      if (p.name == name)
        return p;
    AssertThrow(false,
                dealii::ExcMessage("Unknown material '" + name + "'. Known: " +
                                   material_preset_names() + "."));
    return presets().front();
  }

  double
  nanowire_conductivity(const MaterialPreset &p, const double d)
  {
    if (p.electron_mean_free_path <= 0 || p.bulk_conductivity <= 0)
      return p.conductivity;
    AssertThrow(d > 0,
                dealii::ExcMessage("The nanowire conductivity needs a "
                                   "positive diameter."));
    // Calibrated once on Cu: Stojanovic et al.'s 140 W/m/K at 55 nm against
    // the bulk 401 W/m/K, lambda_Cu = 39.9 nm (Gall 2016).
    const MaterialPreset &cu = material_preset("Cu");
    const double          c  = (cu.bulk_conductivity / cu.conductivity - 1) *
                       55e-9 / cu.electron_mean_free_path;
    return p.bulk_conductivity / (1 + c * p.electron_mean_free_path / d);
  }

  std::string
  material_preset_names()
  {
    std::string names;
    for (const auto &p : presets())
      names += (names.empty() ? "" : "|") + p.name;
    return names;
  }
} // namespace nanoconvect

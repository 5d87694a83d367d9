#include <deal.II/base/exceptions.h>

#include <physics/constants.h>
#include <physics/interface/interface_kinetics.h>
#include <physics/materials/material_table.h>
#include <physics/materials/presets.h>

#include <cmath>

namespace nanoconvect
{
  namespace
  {
    constexpr double k_B = constants::boltzmann;
    constexpr double eV  = constants::electronvolt;
  } // namespace

  double
  InterfaceDiffusivity::operator()(const double T) const
  {
    return prefactor > 0 ? prefactor * std::exp(-activation / (k_B * T)) : 0.0;
  }

  void
  InterfaceParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Interface");
    {
      prm.declare_entry(
        "Hot end",
        "substrate",
        Patterns::Selection("substrate|reservoir"),
        "substrate: the column's foot meets the substrate's free surface, "
        "which leads over the substrate's top and side to the heated matrix "
        "(mu = 0 there); atoms leave the stressed foot by interface "
        "diffusion across it (doc/model.md, section 10.2). reservoir: mu = 0 "
        "at the column's foot and nothing leaves the column.");
      prm.declare_entry("Cold contact kinetics",
                        "true",
                        Patterns::Bool(),
                        "Atoms reaching the cold contact's perimeter are "
                        "carried inward by interface diffusion, which raises "
                        "the normal stress at the perimeter above the mean "
                        "(the traffic jam; section 10.1). false: the "
                        "perimeter is at the mean stress.");
      prm.declare_entry(
        "Contact plating",
        "coupled",
        Patterns::Selection("coupled|uniform"),
        "How the atoms spread over the cold contact (doc/model.md, section "
        "10.1.1). coupled: interface diffusion across the contact, driven by "
        "the mechanics' normal stress on it, sets the plating of each ring "
        "step by step, and the mechanics grows the column by that "
        "distribution (needs 'Mechanics/Enable'; without the mechanics the "
        "contact plates uniformly). uniform: the rigid core's limit, uniform "
        "plating and the Coble parabola at every step.");
      prm.declare_entry("Contact rings",
                        "16",
                        Patterns::Integer(2, 256),
                        "Rings of equal width over the contact for the coupled "
                        "plating (finite volumes in r); each must hold "
                        "quadrature points of the column mesh's growth "
                        "layer.");
      prm.declare_entry("Foot kinetics",
                        "true",
                        Patterns::Bool(),
                        "With 'Hot end' = substrate: atoms leave the foot by "
                        "interface diffusion to its perimeter. false: the "
                        "foot does not exchange atoms (only the substrate's "
                        "surface feeds the column).");
      declare_preset_entry(prm,
                           "Contact diffusivity prefactor",
                           "[m^3/s] delta_i D_0 of the column/oxide contact "
                           "(estimate: the column metal's grain boundary, "
                           "Frost and Ashby 1982; Cu 5.0e-15).");
      declare_preset_entry(prm,
                           "Contact activation energy",
                           "[eV] Activation energy of the contact's "
                           "interface diffusion (Cu 1.078, i.e. 104 kJ/mol).");
      declare_preset_entry(prm,
                           "Foot diffusivity prefactor",
                           "[m^3/s] delta_i D_0 across the column's foot "
                           "(the metal's grain boundary, Frost and Ashby "
                           "1982; Cu 5.0e-15).");
      declare_preset_entry(prm,
                           "Foot activation energy",
                           "[eV] Activation energy across the foot (Cu "
                           "1.078).");
      prm.declare_entry("Substrate surface elements",
                        "200",
                        Patterns::Integer(4, 1000000),
                        "Elements along the substrate's free surface from "
                        "the matrix to the column's foot (hot end = "
                        "substrate).");
    }
    prm.leave_subsection();
  }

  void
  InterfaceParameters::parse_parameters(ParameterHandler  &prm,
                                        const std::string &column_material)
  {
    const MaterialPreset &p = material_preset(column_material);

    prm.enter_subsection("Interface");
    {
      hot_end       = prm.get("Hot end") == "substrate" ? HotEnd::substrate :
                                                          HotEnd::reservoir;
      cold_kinetics = prm.get_bool("Cold contact kinetics");
      foot_kinetics = prm.get_bool("Foot kinetics");
      coupled_plating = prm.get("Contact plating") == "coupled";
      contact_rings   = prm.get_integer("Contact rings");
      cold.prefactor  = get_or_preset(prm,
                                     "Contact diffusivity prefactor",
                                     p.interface_diffusivity_0);
      cold.activation = get_or_preset(prm,
                                      "Contact activation energy",
                                      p.interface_activation,
                                      eV);
      foot.prefactor  = get_or_preset(prm,
                                     "Foot diffusivity prefactor",
                                     p.interface_diffusivity_0);
      foot.activation =
        get_or_preset(prm, "Foot activation energy", p.interface_activation, eV);
      substrate_elements = prm.get_integer("Substrate surface elements");
    }
    prm.leave_subsection();
    AssertThrow(!cold_kinetics || cold.prefactor > 0,
                ExcMessage("Parameter 'Interface/Contact diffusivity "
                           "prefactor' must be > 0 with 'Cold contact "
                           "kinetics' = true (the column's material has no "
                           "preset: give a value, or switch the kinetics "
                           "off)."));
    AssertThrow(hot_end != HotEnd::substrate || !foot_kinetics ||
                  foot.prefactor > 0,
                ExcMessage("Parameter 'Interface/Foot diffusivity prefactor' "
                           "must be > 0 with 'Foot kinetics' = true (give a "
                           "value, or switch the foot kinetics off)."));
  }

  InterfaceDisc::InterfaceDisc(const double       radius,
                               const double       Omega,
                               const unsigned int n_intervals)
    : radius(radius)
    , Omega(Omega)
  {
    AssertThrow(radius > 0 && Omega > 0 && n_intervals >= 2,
                ExcMessage("InterfaceDisc needs a positive radius and atomic "
                           "volume and at least two intervals."));
    for (unsigned int i = 0; i <= n_intervals; ++i)
      r.push_back(radius * i / n_intervals);
  }

  InterfaceDisc::Solution
  InterfaceDisc::solve(const std::vector<double> &g,
                       const double               mean_stress,
                       const double               delta_D,
                       const double               T) const
  {
    const unsigned int n = r.size();
    AssertThrow(g.size() == n,
                ExcMessage("InterfaceDisc: one plating rate per node."));
    AssertThrow(delta_D > 0 && T > 0,
                ExcMessage("InterfaceDisc: delta D and T must be positive."));
    Solution s;
    s.r            = r;
    s.plating_rate = g;
    // r sigma_n'(r) = (k_B T / (Omega delta D)) int_0^r s g(s) ds: the
    // atoms plated inside r crossed the circle r (section 10.1). Trapezoid
    // rules, exact for a uniform g (r g linear, sigma_n' linear).
    const double        c = k_B * T / (Omega * delta_D);
    std::vector<double> inner(n, 0.0), slope(n, 0.0);
    for (unsigned int i = 1; i < n; ++i)
      {
        inner[i] =
          inner[i - 1] + 0.5 * (r[i - 1] * g[i - 1] + r[i] * g[i]) *
                           (r[i] - r[i - 1]);
        slope[i] = c * inner[i] / r[i];
      }
    s.sigma_n.assign(n, 0.0);
    for (unsigned int i = 1; i < n; ++i)
      s.sigma_n[i] =
        s.sigma_n[i - 1] + 0.5 * (slope[i - 1] + slope[i]) * (r[i] - r[i - 1]);
    // Shift to the given mean over the disc (area weight 2 pi r dr): r
    // sigma_n is cubic on each interval (sigma_n' linear), so Simpson's rule
    // with the exact midpoint value integrates it exactly.
    double area = 0, moment = 0;
    for (unsigned int i = 1; i < n; ++i)
      {
        const double h  = r[i] - r[i - 1];
        const double rm = 0.5 * (r[i] + r[i - 1]);
        // Simpson on [r_{i-1}, r_i] with the midpoint value interpolated
        // by the exact quadratic through the slope (sigma' linear).
        const double sm = 0.5 * (s.sigma_n[i - 1] + s.sigma_n[i]) -
                          h * (slope[i] - slope[i - 1]) / 8;
        moment += h / 6 *
                  (r[i - 1] * s.sigma_n[i - 1] + 4 * rm * sm +
                   r[i] * s.sigma_n[i]);
        area += h * rm;
      }
    const double shift = mean_stress - moment / area;
    for (double &x : s.sigma_n)
      x += shift;
    s.mean_stress   = mean_stress;
    s.edge_stress   = s.sigma_n.back();
    s.centre_stress = s.sigma_n.front();
    s.volume_rate   = 2 * M_PI * inner.back();
    return s;
  }

  double
  InterfaceDisc::edge_minus_mean(const double volume_rate,
                                 const double delta_D,
                                 const double T,
                                 const double Omega)
  {
    return k_B * T * volume_rate / (8 * M_PI * Omega * delta_D);
  }
} // namespace nanoconvect

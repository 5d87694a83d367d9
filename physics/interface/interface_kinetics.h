#pragma once

#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Interface diffusion of one interface, delta_i D_i(T) = prefactor
   * exp(-activation / k_B T) in m^3/s (doc/model.md, section 10.3).
   */
  struct InterfaceDiffusivity
  {
    double prefactor  = 0; // m^3/s
    double activation = 0; // J

    /** delta_i D_i at T (K), m^3/s; 0 when the prefactor is 0. */
    double
    operator()(double T) const;
  };

  /**
   * The kinetics at the column's two ends (subsection "Interface";
   * doc/model.md, section 10): Coble-type interface diffusion that carries
   * the plated atoms from the cold contact's perimeter inward, the same at
   * the foot for the atoms that leave the column, and the substrate's free
   * surface that connects the foot to the heated matrix.
   */
  struct InterfaceParameters
  {
    enum class HotEnd
    {
      substrate, // the substrate's surface to the matrix, and the foot
      reservoir  // mu = 0 at the column's foot, nothing leaves (tests)
    };
    HotEnd               hot_end       = HotEnd::substrate;
    bool                 cold_kinetics = true; // else mu = Omega sigma at edge
    bool                 foot_kinetics = true; // removal across the foot
    // The contact's plating follows interface diffusion under the
    // mechanics' stress (section 10.1.1), in this many rings; else uniform.
    bool                 coupled_plating = true;
    unsigned int         contact_rings   = 16;
    InterfaceDiffusivity cold, foot;
    unsigned int         substrate_elements = 200;

    static void
    declare_parameters(ParameterHandler &prm);
    /** Reads "Interface"; the presets come from the column's material
     *  (its preset's name, handed over by the driver). */
    void
    parse_parameters(ParameterHandler &prm, const std::string &column_material);
  };

  /**
   * Coble-type diffusion along a disc-shaped interface of radius R between
   * the column's rigid core and its support (doc/model.md, section 10.1):
   *
   *   j = -(delta D / k_B T) d sigma_n / dr               (atoms/m/s)
   *   g(r) = -(Omega / r) d(r j)/dr                       (m/s plated)
   *
   * with sigma_n the normal stress (compression positive), whose mean over
   * the disc carries the load, and g the thickness plated per unit time
   * (negative where atoms leave). For a uniform rate v (a rigid core)
   * sigma_n is parabolic and sigma_n(R) - mean = k_B T v R^2 / (8 Omega
   * delta D), i.e. k_B T V / (8 pi Omega delta D) for the volume rate V.
   */
  class InterfaceDisc
  {
  public:
    InterfaceDisc(double radius, double Omega, unsigned int n_intervals = 200);

    struct Solution
    {
      std::vector<double> r;            // m, nodes from the centre
      std::vector<double> sigma_n;      // Pa, compression positive
      std::vector<double> plating_rate; // m/s
      double              mean_stress = 0, edge_stress = 0, centre_stress = 0;
      double              volume_rate = 0; // m^3/s, integral of g over the disc
    };

    /** sigma_n(r) for plating rates g at the nodes r_i = R i / n (m/s), the
     *  mean normal stress (Pa), delta D (m^3/s) and T (K). Second order in
     *  the node spacing; exact for a uniform rate. */
    Solution
    solve(const std::vector<double> &plating_rate,
          double                     mean_stress,
          double                     delta_D,
          double                     T) const;

    /** The node radii (m). */
    const std::vector<double> &
    nodes() const
    {
      return r;
    }

    /** sigma_n(R) - mean for a uniform plating of volume rate V (m^3/s):
     *  k_B T V / (8 pi Omega delta D). Independent of R. */
    static double
    edge_minus_mean(double volume_rate,
                    double delta_D,
                    double T,
                    double Omega);

  private:
    double              radius, Omega;
    std::vector<double> r;
  };
} // namespace nanoconvect

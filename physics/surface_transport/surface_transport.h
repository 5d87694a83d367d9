#pragma once

#include <physics/materials/surface_material.h>

#include <vector>

namespace nanoconvect
{
  /**
   * Steady surface transport along the column's free surface Γs in the
   * axisymmetric model (doc/model.md, section 6; the paper's Eq. 2):
   *
   *   J_s = -delta_s C_s (D_s / k_B T) d/dz (mu + Q ln T),
   *   mu  = k_B T ln(C_s Omega) + Omega sigma + gamma Omega kappa,
   *
   * with d/dz (delta_s J_s) = 0 along the generatrix r = d/2 (the 2 pi r
   * weight is constant on the cylinder). Unknown: the transport potential
   * Phi = mu + Q ln T at the nodes. Boundary conditions: mu = 0 at the hot
   * end (equilibrium with the substrate), mu = Omega sigma_b at the cold
   * contact edge (equilibrium with the interface under the back stress).
   *
   * Discretization: Scharfetter-Gummel (exponential fitting) per element
   * with T frozen at the element's mean, which is exact for piecewise
   * constant coefficients and a linear potential, stays monotone at any
   * Peclet number, and gives exactly zero flux when Phi is uniform (the
   * stall of Eq. 1). Newton's method on the tridiagonal system.
   */
  class SurfaceTransport1D
  {
  public:
    /** Inputs along the generatrix, at nodes z_0 (hot end) < ... < z_N. */
    struct Profile
    {
      std::vector<double> z;     // m
      std::vector<double> T;     // K
      std::vector<double> sigma; // Pa, normal stress, compression positive
      // 1/m, mean curvature at the nodes; empty: the cylinder's 1/radius.
      std::vector<double> kappa;
    };

    struct Solution
    {
      std::vector<double> z, T, sigma, C, Phi; // nodes (m, K, Pa, 1/m^3, J)
      // Per element: flux density in the layer (atoms/m^2/s, + toward the
      // cold end) and its thermomigration, stress-gradient and remaining
      // (chemical: diffusion and entropy) parts.
      std::vector<double> z_mid, J, J_T, J_sigma, J_chemical;
      double              J_layer        = 0; // atoms/m/s, delta_s J
      double              insertion_rate = 0; // atoms/s into the contact
      double              core_speed     = 0; // m/s, Omega rate / area
      double mean_J = 0, mean_J_T = 0, mean_J_sigma = 0; // length averages
      unsigned int newton_iterations = 0;
    };

    SurfaceTransport1D(const SurfaceMaterial &material, double radius);

    /** Solves for the back stress sigma_b (Pa, compression positive) acting
     *  at the cold contact edge, with mu = 0 at the hot end. Throws if
     *  Newton does not converge. */
    Solution
    solve(const Profile &profile, double back_stress) const;

    /** Solves with mu given at the first and the last node (J). The rates
     *  of the solution count atoms moving toward the last node through a
     *  ring of this solver's radius (a line mapped as in doc/model.md,
     *  section 10.2 carries any other surface of revolution). */
    Solution
    solve_between(const Profile &profile, double mu_first, double mu_last)
      const;

    /** The thermal stress trace of a fully constrained column,
     *  E alpha (T - T_0), compression positive, with T_0 the run's one
     *  stress-free temperature (doc/model.md, section 6). */
    std::vector<double>
    thermal_stress(const std::vector<double> &T, double T_0) const;

  private:
    const SurfaceMaterial &material;
    const double           radius;
  };
} // namespace nanoconvect

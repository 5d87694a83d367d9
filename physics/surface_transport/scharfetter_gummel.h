#pragma once

#include <deal.II/base/exceptions.h>

#include <algorithm>
#include <cmath>

namespace nanoconvect
{
  /**
   * The Scharfetter-Gummel (exponential-fitting) edge flux shared by the
   * axisymmetric and the surface-mesh transport solvers (doc/model.md,
   * section 6). Along an edge from node a to node b with the temperature
   * frozen at the edge's mean (k_B T = kT), the potential
   * V = Omega sigma + gamma Omega kappa + Q ln T and the transport potential
   * Phi = k_B T ln(C Omega) + V at the nodes, the flux per unit layer
   * thickness from a to b is
   *
   *   F = g [B(x) C_a - B(-x) C_b],  x = (V_b - V_a) / kT,
   *   C = exp((Phi - V) / kT) / Omega,  B(x) = x / (e^x - 1),
   *
   * with the conductance g = D_s w / h (w the width the edge carries, h its
   * length; w = 1 in 1D). It is exact for a linear V along the edge.
   */
  namespace scharfetter_gummel
  {
    /** B(x) = x / (e^x - 1), stable near 0. */
    inline double
    bernoulli(const double x)
    {
      if (std::abs(x) < 1e-6)
        return 1 - x / 2 + x * x / 12;
      return x / std::expm1(x);
    }

    /** The flux and its derivatives by Phi_a and Phi_b. */
    struct EdgeFlux
    {
      double F, dF_da, dF_db;
    };

    inline EdgeFlux
    edge_flux(const double g,
              const double kT,
              const double Omega,
              const double V_a,
              const double V_b,
              const double Phi_a,
              const double Phi_b)
    {
      const double x   = (V_b - V_a) / kT;
      const double c_a = std::exp((Phi_a - V_a) / kT) / Omega;
      const double c_b = std::exp((Phi_b - V_b) / kT) / Omega;
      const double f_a = g * bernoulli(x) * c_a;
      const double f_b = g * bernoulli(-x) * c_b;
      return {f_a - f_b, f_a / kT, -f_b / kT};
    }

    /**
     * Newton's damped update of one potential: steps above 2 k_B T are
     * clamped (the exponentials are steep). Returns the step's size.
     */
    inline double
    damped_update(double &phi, const double step, const double kT)
    {
      const double s = std::clamp(step, -2 * kT, 2 * kT);
      AssertThrow(std::isfinite(phi + s),
                  dealii::ExcMessage("Surface transport: the potential is "
                                     "not finite; check the surface data."));
      phi += s;
      return std::abs(s);
    }
  } // namespace scharfetter_gummel
} // namespace nanoconvect

#pragma once

#include <physics/surface_transport/scharfetter_gummel.h>

#include <memory>

#include <string>
#include <vector>

namespace dealii
{
  class SparseDirectUMFPACK;
}

namespace nanoconvect
{
  /**
   * The steady surface transport's discrete problem, shared by the
   * generatrix (SurfaceTransport1D) and the 3D surface mesh
   * (SurfaceTransportMesh): nodes joined by Scharfetter-Gummel edges
   * (scharfetter_gummel.h), the potential V at the nodes, Phi held at the
   * Dirichlet nodes, and at every other node the atoms' balance: the net
   * flux leaving its box, plus what the box gives to the crystal (the
   * evolving column's exchange; none by default), is zero. Newton's method with
   * the damped update of scharfetter_gummel::damped_update; the Jacobian is
   * tridiagonal (Thomas' algorithm) when every edge joins consecutive nodes in
   * order, else sparse (UMFPACK).
   */
  class EdgeNetwork
  {
  public:
    struct Edge
    {
      unsigned int a, b; // flux counted from a to b
      double       g;    // D_s w / h (m^2/s over the layer's width ratio)
      double       kT;   // J, at the edge's mean temperature
    };

    /** n nodes, atomic volume Omega (m^3); who names the solver in errors. */
    EdgeNetwork(unsigned int n, double Omega, std::string who);

    std::vector<Edge>   edges;
    std::vector<double> V;     // J, Omega sigma + gamma Omega kappa + Q ln T
    std::vector<bool>   fixed; // Dirichlet nodes (Phi held)
    // Exchange with the crystal at the free nodes (doc/model.md, section
    // 6.1): x_i (C_i - 1/Omega) atoms per unit layer thickness leave node
    // i's box for the lattice, C_i = exp((Phi_i - V_i) / kT_i) / Omega with
    // kT_i = kT_node[i]. Both empty: no exchange (the closed layer).
    std::vector<double> exchange, kT_node;

    /** The flux of edge e (per unit layer thickness) and its derivatives. */
    scharfetter_gummel::EdgeFlux
    flux(unsigned int e, const std::vector<double> &phi) const;

    /**
     * Solves the balance of the free nodes for Phi (J); phi holds the
     * start and the held values. Converged when no update exceeds 1e-13
     * kT_ref; at most 50 iterations (else throws). Returns the iterations
     * (0 when no edge is mobile).
     *
     * A sparse Jacobian's factorization is kept while the updates fall by
     * 1e-2 or more per iteration (the chord method) and made afresh after a
     * slower fall. With kept, the last factorization is left there, and
     * with reuse the solve starts from the one kept there (a nearby
     * problem's: the next solve of the end conditions).
     */
    unsigned int
    solve(std::vector<double>                          &phi,
          double                                        kT_ref,
          std::unique_ptr<dealii::SparseDirectUMFPACK> *kept  = nullptr,
          bool                                          reuse = false) const;

  private:
    const double      Omega;
    const std::string who;
  };
} // namespace nanoconvect

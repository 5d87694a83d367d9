#pragma once

#include <physics/materials/surface_material.h>
#include <physics/surface_transport/edge_network.h>

#include <iosfwd>
#include <vector>

namespace nanoconvect
{
  /**
   * The evolving column's free surface in the axisymmetric model
   * (doc/model.md, section 6.1): the radius R(z, t) on a fixed grid of
   * nodes along the column, z from the foot (hot end) to the contact (cold
   * end), with both end radii held (the foot's ring and the contact's
   * perimeter).
   *
   * The mobile surface layer carries the flux of Eq. 2 between the nodes
   * (the Scharfetter-Gummel edges of section 6, now on a surface of
   * revolution: an edge's conductance is D_s 2 pi r / s with r its mean
   * radius and s its arc length) and exchanges atoms with the crystal at
   * the rate D_s / l^2 (C_s - 1/Omega) per unit area, l the exchange length
   * (an uncertain input: l = 0 is Mullins' local equilibrium, C_s = 1/Omega;
   * a very long l closes the layer, the conduit of the rigid column). What a
   * node's box gives to the crystal moves the surface: the normal velocity
   * v_n = -Omega div_s(delta_s J_s). The potential V = Omega sigma +
   * gamma Omega kappa + Q ln T holds both principal curvatures, kappa =
   * -R'' / (1 + R'^2)^(3/2) + 1 / (R (1 + R'^2)^(1/2)).
   *
   * advance() is one backward-Euler step of the radii with the layer,
   * solved together by Newton's method (the capillary term is implicit: no
   * stability limit on the step); translate() moves the core toward the
   * foot by a conservative remap of the cross-sections (plated material of
   * the contact's radius enters at the top, the foot removes what crosses
   * its ring). The volume ledger counts what crossed the ends, so that
   * the column's volume from the radii can be checked against it.
   */
  class ColumnShape
  {
  public:
    /** The fields on the nodes and mu at the two held ends (J). */
    struct Fields
    {
      std::vector<double> T;     // K
      std::vector<double> sigma; // Pa, compression positive
      double              mu_hot = 0, mu_cold = 0;
    };

    /** The layer's solution on the shape it was solved on. */
    struct Layer
    {
      std::vector<double> Phi, C, kappa; // nodes: J, 1/m^3, 1/m
      std::vector<double> growth;        // nodes: dR/dt from the exchange, m/s
      // Per edge: flux density toward the contact (atoms/m^2/s) and its
      // thermomigration and stress-gradient parts.
      std::vector<double> J, J_T, J_sigma;
      double              foot_inflow     = 0; // atoms/s leaving the foot's ring
      double              contact_outflow = 0; // atoms/s into the contact
      double              mean_J = 0, mean_J_T = 0, mean_J_sigma = 0;
      unsigned int        newton_iterations = 0;
    };

    /** Volumes (m^3) that crossed the ends since the start. */
    struct Ledger
    {
      double surface_in = 0, surface_out = 0; // the layer at the foot, the contact
      double plated = 0, removed = 0;         // the core's translation
    };

    /**
     * The grid: radius.size() nodes from z_foot over length (m), the
     * initial radii (m, positive); exchange_length l >= 0 (m).
     */
    ColumnShape(const SurfaceMaterial   &material,
                double                   z_foot,
                double                   length,
                const std::vector<double> &radius,
                double                   exchange_length);

    const std::vector<double> &
    z() const
    {
      return z_nodes;
    }
    const std::vector<double> &
    radius() const
    {
      return R;
    }
    /** The mean curvature (sum of both principal curvatures, 1/m) at the
     *  nodes of the present shape. */
    std::vector<double>
    curvature() const;
    /** The column's volume (m^3): pi R^2 over each node's box. */
    double
    volume() const;
    /** The narrowest diameter (m) and its height z (m). */
    std::pair<double, double>
    narrowest() const;
    const Ledger &
    ledger() const
    {
      return volumes;
    }

    /** The quasi-steady layer on the present shape (it does not move). */
    Layer
    solve(const Fields &fields) const;
    /** One backward-Euler step of dt (s) > 0: the shape moves by what the
     *  layer gives to the crystal; returns the layer at the new shape. */
    Layer
    advance(const Fields &fields, double dt);
    /** Moves the core toward the foot by distance (m); a negative one
     *  moves it toward the contact (a reversed surface flux). */
    void
    translate(double distance);

    /** The shape and its ledger, and back (binary). */
    void
    save(std::ostream &out) const;
    void
    load(std::istream &in);

  private:
    /** translate() toward the foot, distance >= 0. */
    void
    shift(double distance);
    /** kappa at the nodes of the radii r (one-sided at the ends). */
    std::vector<double>
    curvature(const std::vector<double> &r) const;
    /** The layer on the radii r as a Scharfetter-Gummel network: V at the
     *  nodes, the edges of the surface of revolution, the held ends and,
     *  for l > 0, the nodes' exchange with the crystal. */
    EdgeNetwork
    layer_network(const Fields &fields, const std::vector<double> &r) const;
    /** Its edge fluxes (per unit layer thickness, atoms/s/m) for phi. */
    static std::vector<double>
    fluxes(const EdgeNetwork &network, const std::vector<double> &phi);
    /** One backward-Euler step of dt with D_ref the largest D_s: false
     *  (and the shape untouched) when Newton's method does not converge. */
    bool
    implicit_step(const Fields &fields, double D_ref, double dt, Layer &layer);
    /** The layer's outputs for the potentials phi on radii r. */
    Layer
    results(const Fields              &fields,
            const std::vector<double> &r,
            const std::vector<double> &phi) const;
    void
    check_fields(const Fields &fields) const;

    const SurfaceMaterial &material;
    const double           h;   // m, node spacing
    const double           ell; // m, exchange length
    std::vector<double>    z_nodes, R;
    Ledger                 volumes;
  };
} // namespace nanoconvect

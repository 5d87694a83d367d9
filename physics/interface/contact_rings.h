#pragma once

#include <vector>

namespace nanoconvect
{
  /**
   * Transient interface diffusion across the cold contact, coupled to the
   * column's elasticity (doc/model.md, section 10.1.1): the contact disc
   * of radius R in n rings (the rings of the mechanics' plating
   * distribution, each holding quadrature points of the column mesh),
   * finite volumes in r. Per step of length dt the
   * plated thickness of ring j grows by dh_j,
   *
   *   A_j dh_j = dt Omega (F_{j+1/2} - F_{j-1/2}) (+ dt Omega I, outer ring)
   *   F_{j+1/2} = G_{j+1/2} (s_{j+1} - s_j),
   *   G_{j+1/2} = (delta D / k_B T) 2 pi r_{j+1/2} / (c_{j+1} - c_j),
   *
   * with F the atoms per second crossing the circle r_{j+1/2} inward, I
   * the atoms per second arriving at the perimeter from the surface, c_j
   * the rings' area centroids and s_j the rings' normal stress (compression
   * positive) less its area mean, at the end of the step:
   *
   *   s = dev(sigma_old) + dev(K (dh - d)),
   *
   * sigma_old the column's committed contact stress per ring, d the
   * thickness the hot end removes over the step (uniformly) and K the
   * column's stiffness (Pa per m of plated thickness, K_jk the stress of
   * ring j for a unit thickness on ring k): a uniform growth and an equal
   * removal translate the column without stress. Linearly implicit in
   * the plating: exact for an elastic column with d given, stable for any
   * dt when K is at least the column's tangent stiffness (the elastic
   * one), and its steady state, uniform plating at the removal's rate with
   * the Coble parabola, does not depend on K.
   *
   * The plating is affine in I, dh = dh_0 + I dh_1, and so is the
   * perimeter's stress above the mean, sigma(R) - mean = c_0 + c_1 I, with
   * the half ring from the perimeter to the outer centroid in c_1.
   */
  class ContactRings
  {
  public:
    /** n rings of equal width over the disc of this radius (m). */
    ContactRings(double radius, unsigned int n_rings);
    /** Rings between the edges 0 = e_0 < e_1 < ... < e_n = R (m). */
    explicit ContactRings(const std::vector<double> &edges);

    /** At most n rings of equal width, merged until each holds one of the
     *  radii (m) at least: the rings a mesh's quadrature points fill. */
    static std::vector<double>
    filled_edges(double R, unsigned int n, std::vector<double> radii);
    /** At most n rings whose edges are cell boundaries (0 = b_0 < ... <
     *  b_m = R, m cells): every k-th boundary, k = ceil(m / n). */
    static std::vector<double>
    cell_edges(const std::vector<double> &boundaries, unsigned int n);

    unsigned int
    size() const
    {
      return n;
    }
    /** The rings' areas as a discretization sees them (e.g. the column
     *  mesh's quadrature volumes of the growth layer per ring), scaled to
     *  the disc's pi R^2: the plated volumes and the stress means of the
     *  rings then use the same weights as the mechanics. */
    void
    set_areas(const std::vector<double> &weights);

    /** Ring j holds r in [edge(j), edge(j + 1)); its area and centroid. */
    double
    edge(unsigned int j) const
    {
      return edges[j];
    }
    const std::vector<double> &
    all_edges() const
    {
      return edges;
    }
    const std::vector<double> &
    areas() const
    {
      return area;
    }
    const std::vector<double> &
    centroids() const
    {
      return centroid;
    }
    /** The ring that holds radius r (m; the last for r >= R). */
    unsigned int
    ring_of(double r) const;
    /** The area mean of ring values. */
    double
    mean(const std::vector<double> &values) const;

    /** The step's affine law: dh = dh0 + I dh1 (m), the rings' stress
     *  less the mean at the step's end s = s0 + I s1 (Pa), the perimeter's
     *  stress above the mean c0 + c1 I (Pa). */
    struct StepLaw
    {
      std::vector<double> dh0, dh1, s0, s1;
      double              c0 = 0, c1 = 0;
    };

    /**
     * The law of a step of length dt (s) from the committed ring stresses
     * sigma_old (Pa), with stiffness K (row-major n x n, Pa/m; empty: none),
     * the thickness removed at the hot end over the step (m), delta D
     * (m^3/s), T (K) and Omega (m^3).
     */
    StepLaw
    step(double                     dt,
         const std::vector<double> &sigma_old,
         const std::vector<double> &K,
         double                     drained,
         double                     delta_D,
         double                     T,
         double                     Omega) const;

    /**
     * The steady ring stresses (less their mean) of a uniform plating of
     * I atoms/s, and the perimeter's stress above the mean: the finite
     * volume form of the Coble parabola (InterfaceDisc), its perimeter
     * value k_B T Omega I / (8 pi delta D) to second order in the rings.
     */
    std::vector<double>
    steady_stress(double I, double delta_D, double T, double Omega,
                  double &perimeter) const;

  private:
    void
    set_up();
    /** Atoms/s per Pa across circle j (1 <= j <= n; n is the perimeter,
     *  reached from the outer centroid), for mobility delta D / k_B T. */
    double
    conductance(unsigned int j, double mobility) const;

    double              R;
    unsigned int        n;
    std::vector<double> edges, area, centroid;
  };
} // namespace nanoconvect

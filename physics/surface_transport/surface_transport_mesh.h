#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>
#include <deal.II/grid/tria.h>

#include <physics/materials/surface_material.h>

#include <array>
#include <memory>
#include <vector>

namespace dealii
{
  class SparseDirectUMFPACK;
}

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Steady surface transport on a codimension-one mesh of the column's free
   * surface (3D; doc/model.md, section 6.4): the same equations as
   * SurfaceTransport1D, discretized by the box (finite-volume) method on the
   * mesh's vertices with the Scharfetter-Gummel flux along every cell edge.
   * An edge of a cell carries half the cell's extent across it (the dual
   * face; exact on rectangles, which the column's surface cells are), so
   * the scheme keeps
   * SG's properties: exact for a linear potential along the edges, monotone
   * at any Peclet number, zero flux for a uniform Phi.
   *
   * Unknown: Phi = mu + Q ln T at the vertices. Dirichlet: mu given on the
   * hot ring (z = z_hot) and on the cold ring (z = z_cold).
   * Newton's method with a sparse direct solve. The mesh is small and every
   * rank holds all of it, so all ranks compute the same solution.
   */
  class SurfaceTransportMesh
  {
  public:
    SurfaceTransportMesh(const SurfaceMaterial     &material,
                         const Triangulation<2, 3> &surface,
                         double                     radius,
                         double                     z_hot,
                         double                     z_cold);
    ~SurfaceTransportMesh();

    /** The vertices (the unknowns), in the triangulation's numbering. */
    const std::vector<Point<3>> &
    nodes() const
    {
      return vertices;
    }

    /** The node numbers of active cell c's vertices (deal.II order). */
    const std::array<unsigned int, 4> &
    cell_nodes(const unsigned int c) const
    {
      return cells[c].v;
    }

    struct Solution
    {
      std::vector<double> T, sigma, C, Phi; // per vertex (K, Pa, 1/m^3, J)
      // Per active cell, flux density vectors (atoms/m^2/s) at the cell's
      // centre: total, thermomigration and stress-gradient parts.
      std::vector<Tensor<1, 3>> J, J_T, J_sigma;
      double insertion_rate = 0; // atoms/s through the cold ring
      double core_speed     = 0; // m/s, Omega rate / contact area
      // Area averages of the axial components (+ toward the cold end).
      double       mean_J = 0, mean_J_T = 0, mean_J_sigma = 0;
      unsigned int newton_iterations = 0;
    };

    /** T and sigma (Pa, compression positive) at the nodes; mu (J) held on
     *  the hot ring and on the cold ring (doc/model.md, section 10). Newton
     *  starts from start's Phi (J, per node) where given, else linear in z
     *  between the rings. */
    Solution
    solve(const std::vector<double> &T,
          const std::vector<double> &sigma,
          double                     mu_hot,
          double                     mu_cold,
          const std::vector<double> *start = nullptr) const;

  private:
    struct Edge
    {
      unsigned int a, b;
      double       width_over_length; // summed over the cells sharing it
    };
    struct Cell
    {
      std::array<unsigned int, 4> v; // deal.II vertex order
      double                      area;
    };

    const SurfaceMaterial &material;
    const double           radius;
    std::vector<Point<3>>  vertices;
    std::vector<Edge>      edges;
    std::vector<Cell>      cells;
    std::vector<int>       ring; // -1 hot, +1 cold, 0 interior
    double                 cold_perimeter = 0;
    // The last solve's Jacobian factorization: a warm-started solve starts
    // with it (EdgeNetwork::solve).
    mutable std::unique_ptr<SparseDirectUMFPACK> factorization;
  };
} // namespace nanoconvect

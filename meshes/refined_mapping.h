#pragma once

#include <deal.II/fe/mapping_q_cache.h>
#include <deal.II/grid/tria.h>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Fills a quadratic MappingQCache of a refined mesh from the points its
   * refinement placed, without asking the manifolds again. A quadratic
   * cell's support points (vertices, edge and face midpoints, centre) are
   * the vertices of its children, which the manifolds placed when the cell
   * was split. So a refined cell gets them exactly; an active cell the
   * quadratic map of its parent restricted to it (its own vertices exactly,
   * its edge and face midpoints and centre interpolated, a geometry one
   * level coarser than the manifolds' own: doc/model.md, section 1); a
   * coarse cell without parent or children MappingQ's points from the
   * manifolds.
   *
   * MappingQ's own points of the 3D stack cost 0.57 s at 1.1 M DoFs (the
   * transfinite chart's Newton iterations); these 0.18 s
   * (doc/performance.md). Isotropic refinement only; throws unless the
   * mapping's degree is 2.
   */
  template <int dim>
  void
  initialize_from_refinement(MappingQCache<dim>       &mapping,
                             const Triangulation<dim> &tria);
} // namespace nanoconvect

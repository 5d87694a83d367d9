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
   * was split. So an active cell gets the quadratic map of its parent (its
   * children's vertices) restricted to it: its own vertices exactly, its
   * edge and face midpoints and centre interpolated, a geometry one level
   * coarser than the manifolds' own (doc/model.md, section 1); a coarse
   * cell without parent or children MappingQ's points from the manifolds.
   * Only the active cells the process sees hold points (parents and
   * artificial cells none, as after a motion of the mesh): the mapping is
   * for FEValues, DataOut and the matrix-free operator's metric on active
   * cells.
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

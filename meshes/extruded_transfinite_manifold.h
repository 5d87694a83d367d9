#pragma once

#include <deal.II/grid/manifold_lib.h>
#include <deal.II/grid/tria.h>

#include <memory>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Transfinite interpolation for the cells of an extruded 3D mesh: the cells
   * between the square core and the first circle of the stack's cross-section
   * (meshes/stack_geometry.cc), each a prism over a quadrilateral of the
   * section with flat top and bottom faces.
   *
   * On such a prism deal.II's 3D TransfiniteInterpolationManifold is the 2D
   * transfinite map of the section quad times the linear map in z, so a new
   * point is the 2D manifold's point of the projected surrounding points and
   * the weighted mean of their heights. The 2D manifold lives on a
   * triangulation of the section's quads alone; its charts are found among
   * those few quads, where the 3D manifold searches every coarse cell of the
   * stack for every point (quadratic in the coarse mesh: 5 s of mesh
   * refinement and 5 s of MappingQCache at 1 M DoFs, doc/performance.md).
   *
   * The class is a TransfiniteInterpolationManifold<3> by type, and only
   * that: MappingQ recognizes the type and places all support points of a
   * cell on its chart (edge midpoints too, where the edge itself is flat), as
   * it does for deal.II's manifold. The base class is never initialized; the
   * two functions that place points are replaced.
   */
  class ExtrudedTransfiniteManifold : public TransfiniteInterpolationManifold<3>
  {
  public:
    /** Builds the section from tria's coarse cells whose manifold id is
     *  @p transfinite_id; their section edges whose two ends lie on a circle
     *  of radius @p circle_radius about the z axis (relative tolerance 1e-6)
     *  are arcs. Throws unless applies_to(tria, transfinite_id) (checked
     *  on the way, not by a walk of its own). */
    ExtrudedTransfiniteManifold(const Triangulation<3> &tria,
                                types::manifold_id      transfinite_id,
                                double                  circle_radius);

    /** Whether tria has coarse cells with @p transfinite_id and each is a
     *  prism along z (vertical edges, horizontal top and bottom faces). */
    static bool
    applies_to(const Triangulation<3> &tria, types::manifold_id transfinite_id);

    std::unique_ptr<Manifold<3, 3>>
    clone() const override;

    Point<3>
    get_new_point(const ArrayView<const Point<3>> &surrounding_points,
                  const ArrayView<const double>   &weights) const override;

    void
    get_new_points(const ArrayView<const Point<3>> &surrounding_points,
                   const Table<2, double>          &weights,
                   ArrayView<Point<3>>              new_points) const override;

  private:
    struct Section;
    /** Shared by the clones the triangulation makes; never modified. */
    std::shared_ptr<const Section> section;
  };
} // namespace nanoconvect

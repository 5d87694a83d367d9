#pragma once

#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/mapping_q_cache.h>

#include <functional>
#include <memory>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * The bulk meshes following the column's evolving surface (doc/model.md,
   * section 6.2): an arbitrary Lagrangian-Eulerian mesh motion. The column
   * scales radially at each height, u_r = r (R(z) - R_0) / R_0, so that
   * its surface (boundary id column_surface) lies at the profile R(z) and
   * its cells keep their quality (Jacobian ratio R(z) / R_0); the rest of
   * the mesh (substrate, oxide, tip) takes the Laplace smoothing of the
   * column's displacement on the reference mesh,
   * with u = 0 on the axis, on the cold contact (its radius is held) and
   * on every boundary that is not a plane z = const, and u_r free on
   * those planes (the substrate's top, the column's foot: they slide in
   * their plane and stay planar); u_z = 0
   * everywhere, so that interfaces at fixed height stay there. The motion
   * sets the support points of a MappingQCache; the triangulation, the DoF
   * numbering and the quadrature points' history are untouched.
   *
   * The same class moves the whole stack's thermal mesh and the column's
   * mechanics mesh (both meshes carry the ids of meshes/ids.h). The r-z
   * form only: the 3D free surface is a later step.
   */
  template <int dim>
  class ColumnMeshMotion
  {
  public:
    /** reference_radius: the column radius of the reference mesh (m). */
    ColumnMeshMotion(const parallel::distributed::Triangulation<dim> &tria,
                     unsigned int degree,
                     double       reference_radius);
    ~ColumnMeshMotion();

    /**
     * Re-initializes mapping (of this class's degree) with the surface at
     * radius(z) (m) for z along the column, and returns the smallest ratio
     * det J(moved) / det J(reference) over the quadrature points of the
     * locally owned cells, all ranks' (collective). Throws when a cell
     * folds (ratio <= 0).
     */
    double
    move(const std::function<double(double)> &radius,
         MappingQCache<dim>                  &mapping);

    /** The largest radial displacement of the last move (m). */
    double
    max_displacement() const
    {
      return largest;
    }

  private:
    const parallel::distributed::Triangulation<dim> &tria;
    const double                                     R_0;
    FESystem<dim>                                    fe;
    DoFHandler<dim>                                  dof_handler;
    std::unique_ptr<Mapping<dim>>                    reference;
    double                                           largest = 0;
  };
} // namespace nanoconvect

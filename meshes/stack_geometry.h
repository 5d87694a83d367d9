#pragma once

#include <deal.II/base/parameter_handler.h>
#include <deal.II/distributed/tria.h>

#include <meshes/ids.h>

#include <string>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * The W / WO3 / column / substrate stack of design section 1, and how to
   * mesh it. Lengths are entered in nanometres and stored in metres.
   * The z axis points up from the substrate's bottom face (z = 0, hot) to the
   * tip's top face (cold). In 2D the mesh is the axisymmetric r-z half plane
   * (x = r, y = z); in 3D it is the full solid with the axis along z.
   */
  struct StackGeometry
  {
    double substrate_radius = 100e-9;
    double substrate_height = 200e-9;
    double column_diameter  = 55e-9;
    double column_length    = 120e-9;
    double oxide_radius     = 50e-9;
    double oxide_thickness  = 5e-9; // 0: the tip touches the column directly
    double tip_radius       = 50e-9;
    double tip_length       = 300e-9;
    // Thin layer on the column's top that carries the contact resistance;
    // 0 (perfect contact) unless a contact conductance is set.
    double contact_layer_thickness = 0;

    std::string mesh_source = "built-in"; // or "gmsh"
    std::string gmsh_file;
    double      gmsh_length_unit = 1e-9; // metres per unit of the .msh file

    double       coarse_cell_size  = 12.5e-9;
    unsigned int global_refinement = 1;
    unsigned int corner_refinement = 3;
    unsigned int oxide_refinement  = 1;

    static void
    declare_parameters(ParameterHandler &prm);
    /** Reads the "Geometry" and "Mesh" subsections; throws on bad values. */
    void
    parse_parameters(ParameterHandler &prm);

    double
    column_radius() const
    {
      return 0.5 * column_diameter;
    }
    double
    z_column_bottom() const
    {
      return substrate_height;
    }
    double
    z_column_top() const
    {
      return substrate_height + column_length;
    }
    /** Bottom of the oxide (or of the tip without oxide). */
    double
    z_oxide_bottom() const
    {
      return z_column_top() + contact_layer_thickness;
    }
    double
    z_oxide_top() const
    {
      return z_oxide_bottom() + oxide_thickness;
    }
    double
    z_top() const
    {
      return z_oxide_top() + tip_length;
    }
    /** Exact volume of one region (m^3), for checking a mesh. */
    double
    exact_volume(types::material_id region) const;

    /**
     * The region a point at radius r and height z belongs to, or
     * numbers::invalid_material_id outside the stack.
     */
    types::material_id
    region_of(double r, double z) const;
  };

  /** The volume weight of the dim-dimensional model at p: 2 pi r for the
   *  axisymmetric r-z section (dim = 2), 1 in 3D. */
  template <int dim>
  inline double
  axisymmetric_weight(const Point<dim> &p)
  {
    return dim == 2 ? 2 * M_PI * p[0] : 1.0;
  }

  /**
   * Builds the refined stack mesh of dimension dim (2: axisymmetric r-z,
   * 3: full 3D) into an empty triangulation, from the built-in generator or
   * from a Gmsh file, with material ids, boundary ids and (3D) cylindrical
   * manifolds attached: the coarse mesh refined toward the column's two
   * rims (re-entrant corners where the gradient is singular), then in the
   * oxide, then globally. The global refinement comes last, so the mesh
   * has exactly 2^(dim g) times the active cells of the same mesh built
   * with g = 0.
   */
  template <int dim>
  void
  create_stack_mesh(const StackGeometry &geometry, Triangulation<dim> &tria);

  /**
   * The column alone, for the mechanics (the substrate and tip are its
   * supports): cells of about cell_size, the row at the cold contact graded
   * (halved) down to contact_cell_height, no hanging nodes. 2D: the r-z
   * rectangle; 3D: a balanced disk extruded along z with the stack's
   * cylindrical and transfinite manifolds. Boundary ids hot_face (bonded to
   * the substrate), cold_contact, column_surface, symmetry_axis (2D).
   */
  template <int dim>
  void
  create_column_mesh(const StackGeometry &geometry,
                     Triangulation<dim>  &tria,
                     double               cell_size,
                     double               contact_cell_height);

  /**
   * The column's free surface Γs as a codimension-one mesh: the faces with
   * boundary id column_surface of the unrefined 3D stack (built-in or
   * Gmsh), on the cylinder r = d/2, refined globally n_refinements times.
   */
  void
  create_column_surface_mesh(const StackGeometry &geometry,
                             Triangulation<2, 3> &surface,
                             unsigned int         n_refinements);

  /** The coarse built-in mesh, ids and manifolds set, not yet refined. */
  template <int dim>
  void
  create_coarse_stack_mesh(const StackGeometry &geometry,
                           Triangulation<dim>  &tria);

  /**
   * Sets boundary ids from the geometry (hot and cold faces, column surface,
   * symmetry axis, other free surfaces) on every boundary face of a coarse
   * mesh whose material ids are set.
   */
  template <int dim>
  void
  assign_stack_boundary_ids(const StackGeometry &geometry,
                            Triangulation<dim>  &tria);

  /** Radius of a point: x in 2D (axisymmetric), sqrt(x^2+y^2) in 3D. */
  template <int dim>
  double
  radius_of(const Point<dim> &p);

  /** Height of a point: y in 2D, z in 3D. */
  template <int dim>
  double
  height_of(const Point<dim> &p);
} // namespace nanoconvect

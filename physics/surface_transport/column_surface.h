#pragma once

#include <deal.II/base/point.h>
#include <deal.II/grid/tria.h>

#include <meshes/stack_geometry.h>
#include <physics/materials/surface_material.h>
#include <physics/surface_transport/column_shape.h>
#include <physics/surface_transport/shape_parameters.h>
#include <physics/surface_transport/surface_transport.h>
#include <physics/surface_transport/surface_transport_mesh.h>

#include <functional>
#include <iosfwd>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * The surface transport on the column's free surface Gamma_s behind one
   * interface (doc/model.md, section 6): the nodes where T and sigma are
   * given, a solve with mu held at the foot's ring and at the contact's
   * perimeter, and the solution's outputs. Two discretizations implement
   * it: the axisymmetric generatrix (ColumnGeneratrix) and the 3D
   * codimension-one surface mesh (ColumnSurfaceMesh). Every rank holds the
   * whole surface and computes the same solution.
   */
  class ColumnSurface
  {
  public:
    /** Column-level figures of one solve. */
    struct Result
    {
      double       insertion_rate = 0; // atoms/s into the contact
      double       core_speed     = 0; // m/s, Omega rate / contact area
      double       mean_J = 0, mean_J_T = 0, mean_J_sigma = 0; // atoms/m^2/s
      unsigned int newton_iterations = 0;
    };

    virtual ~ColumnSurface() = default;

    /** The nodes, (x, y, z) in m with z along the column (an axisymmetric
     *  surface's nodes lie in the plane y = 0, x = r). */
    virtual const std::vector<Point<3>> &
    nodes() const = 0;
    /** Where the bulk temperature is sampled for each node: the node, or a
     *  hair inside a curved surface (where the bulk's curved cells
     *  certainly hold it). */
    std::vector<Point<3>>
    sample_points() const;
    /** T (K) and sigma (Pa, compression positive) at the nodes. */
    virtual void
    set_fields(const std::vector<double> &T, const std::vector<double> &sigma);
    const std::vector<double> &
    temperature() const
    {
      return T;
    }
    /** Mean T (K) of the nodes on the foot's ring and the contact's ring. */
    std::pair<double, double>
    end_temperatures() const;

    /** Solves with mu (J) held on the foot's ring and on the contact's
     *  perimeter; keeps the solution for the outputs. */
    virtual Result
    solve(double mu_hot, double mu_cold) = 0;
    /** Whether solve() may start from the last solution instead of its
     *  fixed start (the surface mesh's Newton iteration; the generatrix's
     *  solvers are cheap and ignore it). SurfaceStep turns it on within
     *  one solve of the end conditions, a sequence of nearby solves, and
     *  off before the next, so that each path depends on its own inputs
     *  only (restarts and rank counts take the same path). */
    void
    set_warm_start(const bool on)
    {
      warm_start = on;
    }

    /** The last solution along the column as CSV (header and rows). */
    virtual void
    write_csv(std::ostream &out) const = 0;
    /** The last solution as one VTU piece, coordinates in nm. */
    virtual void
    write_vtu(std::ostream &out) const = 0;
    /** Size figures for summary.json (name, value). */
    virtual std::vector<std::pair<std::string, unsigned int>>
    size() const = 0;

    /** The evolving column (doc/model.md, section 6.1): none here. */
    virtual const ColumnShape *
    shape() const
    {
      return nullptr;
    }
    /** Moves the shape over dt (s) with the last solve's fields and ends,
     *  then translates the core by displacement (m) toward the foot. */
    virtual void
    advance(double /*dt*/, double /*displacement*/)
    {}
    /** An evolving shape: the largest distance (m) between its radius
     *  and the radius the bulk meshes last followed; 0 for a fixed one. */
    virtual double
    bulk_lag() const
    {
      return 0;
    }
    /** Makes the bulk follow an evolving shape: the sampling points go to
     *  the current radius. */
    virtual void
    follow_bulk();
    /** The radius the bulk meshes follow, (z, r) in m at the nodes with z
     *  increasing: the sampling points' (an axisymmetric surface's). */
    std::vector<std::pair<double, double>>
    bulk_profile() const;
    /** sigma (Pa, compression positive) at the nodes. */
    const std::vector<double> &
    stress() const
    {
      return sigma;
    }
    /** The evolving shape's state, and back (binary); nothing else. */
    virtual void
    save(std::ostream & /*out*/) const
    {}
    virtual void
    load(std::istream & /*in*/)
    {}

  protected:
    ColumnSurface(const StackGeometry &geometry);

    const StackGeometry  &geometry;
    std::vector<double>   T, sigma;
    std::vector<Point<3>> points;
    double                inward     = 0; // relative, for sample_points()
    bool                  warm_start = false;
  };

  /** The axisymmetric generatrix r = d/2 with n uniform elements. */
  class ColumnGeneratrix : public ColumnSurface
  {
  public:
    ColumnGeneratrix(const SurfaceMaterial &material,
                     const StackGeometry   &geometry,
                     unsigned int           n_elements);

    const std::vector<Point<3>> &
    nodes() const override
    {
      return points;
    }
    void
    set_fields(const std::vector<double> &T,
               const std::vector<double> &sigma) override;
    Result
    solve(double mu_hot, double mu_cold) override;
    void
    write_csv(std::ostream &out) const override;
    void
    write_vtu(std::ostream &out) const override;
    std::vector<std::pair<std::string, unsigned int>>
    size() const override;

  private:
    SurfaceTransport1D           line;
    SurfaceTransport1D::Profile  profile;
    SurfaceTransport1D::Solution last;
  };

  /**
   * The axisymmetric generatrix of an evolving column: the transport of
   * ColumnShape on its present radii (the layer exchanges atoms with the
   * crystal), the shape moved by advance(). The bulk's temperature is
   * sampled on the undeformed column's surface at the nodes' heights (the
   * bulk meshes do not follow the shape yet).
   */
  class EvolvingGeneratrix : public ColumnSurface
  {
  public:
    EvolvingGeneratrix(const SurfaceMaterial &material,
                       const StackGeometry   &geometry,
                       unsigned int           n_elements,
                       const ShapeParameters &parameters);

    const std::vector<Point<3>> &
    nodes() const override
    {
      return points;
    }
    Result
    solve(double mu_hot, double mu_cold) override;
    void
    write_csv(std::ostream &out) const override;
    void
    write_vtu(std::ostream &out) const override;
    std::vector<std::pair<std::string, unsigned int>>
    size() const override;
    const ColumnShape *
    shape() const override
    {
      return &column_shape;
    }
    void
    advance(double dt, double displacement) override;
    double
    bulk_lag() const override;
    void
    follow_bulk() override;
    /** The shape and the radii the bulk follows. */
    void
    save(std::ostream &out) const override;
    void
    load(std::istream &in) override;

  private:
    ColumnShape::Fields
    fields() const;

    const SurfaceMaterial &material;
    ColumnShape            column_shape;
    double                 mu_hot = 0, mu_cold = 0; // the last solve's ends
    ColumnShape::Layer     last;
  };

  /** The 3D column surface, extracted from the unrefined stack and refined
   *  (step-38's codimension-one mesh). */
  class ColumnSurfaceMesh : public ColumnSurface
  {
  public:
    ColumnSurfaceMesh(const SurfaceMaterial &material,
                      const StackGeometry   &geometry,
                      unsigned int           refinements);
    ~ColumnSurfaceMesh() override;

    const std::vector<Point<3>> &
    nodes() const override
    {
      return transport->nodes();
    }
    Result
    solve(double mu_hot, double mu_cold) override;
    void
    write_csv(std::ostream &out) const override;
    void
    write_vtu(std::ostream &out) const override;
    std::vector<std::pair<std::string, unsigned int>>
    size() const override;

  private:
    std::unique_ptr<Triangulation<2, 3>>  surface;
    std::unique_ptr<SurfaceTransportMesh> transport;
    SurfaceTransportMesh::Solution        last;
  };

  /** One .vtu of line patches along an axisymmetric generatrix, one per
   *  element, coordinates (r, z) in nm: value(k, e, v) is field k of names
   *  at vertex v (0 or 1) of element e. */
  void
  write_generatrix_vtu(
    std::ostream                   &out,
    const std::vector<double>      &r,
    const std::vector<double>      &z,
    const std::vector<std::string> &names,
    const std::function<double(unsigned int, unsigned int, unsigned int)>
      &value);

  /** The discretization of the run's dimension: the generatrix for the
   *  axisymmetric section (dim = 2), the surface mesh in 3D. */
  std::unique_ptr<ColumnSurface>
  make_column_surface(unsigned int           dim,
                      const SurfaceMaterial &material,
                      const StackGeometry   &geometry,
                      unsigned int           n_elements,
                      unsigned int           refinements_3d,
                      const ShapeParameters &shape);
} // namespace nanoconvect

#include <deal.II/base/exceptions.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_in.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/manifold_lib.h>
#include <deal.II/grid/tria.h>

#include <meshes/extruded_transfinite_manifold.h>
#include <meshes/stack_geometry.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

namespace nanoconvect
{
  namespace
  {
    /** Splits [a,b] into max(1, round((b-a)/h)) equal parts (end points
     *  included, a excluded) and appends the break points to out. */
    void
    append_subdivided(std::vector<double> &out,
                      const double         a,
                      const double         b,
                      const double         h)
    {
      const unsigned int n =
        std::max(1, static_cast<int>(std::lround((b - a) / h)));
      for (unsigned int i = 1; i <= n; ++i)
        out.push_back(a + (b - a) * i / n);
    }

    /** Sorted distinct values (relative tolerance). */
    std::vector<double>
    distinct(std::vector<double> v)
    {
      std::sort(v.begin(), v.end());
      std::vector<double> out;
      for (const double x : v)
        if (out.empty() || std::abs(x - out.back()) > 1e-9 * std::abs(x))
          out.push_back(x);
      return out;
    }

    std::vector<double>
    interface_radii(const StackGeometry &g)
    {
      std::vector<double> r = {g.column_radius(),
                               g.substrate_radius,
                               g.tip_radius};
      if (g.oxide_thickness > 0)
        r.push_back(g.oxide_radius);
      return distinct(r);
    }

    std::vector<double>
    z_breaks(const StackGeometry &g)
    {
      std::vector<double> levels = {0.0, g.z_column_bottom(), g.z_column_top()};
      if (g.contact_layer_thickness > 0)
        levels.push_back(g.z_oxide_bottom());
      if (g.oxide_thickness > 0)
        levels.push_back(g.z_oxide_top());
      levels.push_back(g.z_top());
      std::vector<double> z = {0.0};
      for (unsigned int i = 0; i + 1 < levels.size(); ++i)
        append_subdivided(z, levels[i], levels[i + 1], g.coarse_cell_size);
      return z;
    }

    /** Orders a quad's vertices so that its lexicographic frame is
     *  right-handed (positive area). */
    void
    orient_quad(std::array<unsigned int, 4> &v, const std::vector<Point<2>> &p)
    {
      const Tensor<1, 2> a = p[v[1]] - p[v[0]];
      const Tensor<1, 2> b = p[v[2]] - p[v[0]];
      if (a[0] * b[1] - a[1] * b[0] < 0)
        std::swap(v[1], v[2]);
    }

    /** Builds tria from the kept cells (unused vertices dropped). */
    template <int dim>
    void
    create_from_cells(std::vector<Point<dim>>    &vertices,
                      std::vector<CellData<dim>> &cells,
                      Triangulation<dim>         &tria)
    {
      SubCellData subcells;
      GridTools::delete_unused_vertices(vertices, cells, subcells);
      GridTools::consistently_order_cells(cells);
      tria.create_triangulation(vertices, cells, subcells);
    }

    void
    create_coarse(const StackGeometry &g, Triangulation<2> &tria)
    {
      // Tensor grid in (r, z), cells outside the stack removed.
      std::vector<double> r = {0.0};
      {
        const auto radii = interface_radii(g);
        double     a     = 0;
        for (const double b : radii)
          {
            append_subdivided(r, a, b, g.coarse_cell_size);
            a = b;
          }
      }
      const std::vector<double> z = z_breaks(g);

      std::vector<Point<2>> vertices;
      for (const double zj : z)
        for (const double ri : r)
          vertices.emplace_back(ri, zj);
      const unsigned int nr = r.size();

      std::vector<CellData<2>> cells;
      for (unsigned int j = 0; j + 1 < z.size(); ++j)
        for (unsigned int i = 0; i + 1 < r.size(); ++i)
          {
            const auto region =
              g.region_of(0.5 * (r[i] + r[i + 1]), 0.5 * (z[j] + z[j + 1]));
            if (region == numbers::invalid_material_id)
              continue;
            CellData<2> cell;
            cell.vertices    = {j * nr + i,
                                j * nr + i + 1,
                                (j + 1) * nr + i,
                                (j + 1) * nr + i + 1};
            cell.material_id = region;
            cells.push_back(cell);
          }
      create_from_cells(vertices, cells, tria);
    }

    void
    create_coarse(const StackGeometry &g, Triangulation<3> &tria)
    {
      // Cross-section: a 4x4 square of half side R1/2 around the axis, 16
      // transition cells out to the first circle R1, then rings of 16 cells
      // out to each interface radius (subdivided radially). Extruded in z.
      const std::vector<double> radii = interface_radii(g);
      const double              R1    = radii.front();
      const double              s     = 0.5 * R1;
      constexpr unsigned int    m     = 4; // square cells per side

      std::vector<Point<2>>                    p;
      std::vector<std::array<unsigned int, 4>> quads;
      std::vector<double>                      quad_radius; // representative

      for (unsigned int b = 0; b <= m; ++b)
        for (unsigned int a = 0; a <= m; ++a)
          p.emplace_back(-s + 2 * s * a / m, -s + 2 * s * b / m);
      const auto sq = [&](unsigned int a, unsigned int b) {
        return b * (m + 1) + a;
      };
      for (unsigned int b = 0; b < m; ++b)
        for (unsigned int a = 0; a < m; ++a)
          {
            quads.push_back(
              {{sq(a, b), sq(a + 1, b), sq(a, b + 1), sq(a + 1, b + 1)}});
            quad_radius.push_back(0);
          }
      // Square boundary, counter-clockwise.
      std::vector<unsigned int> ring;
      for (unsigned int a = 0; a < m; ++a)
        ring.push_back(sq(a, 0));
      for (unsigned int b = 0; b < m; ++b)
        ring.push_back(sq(m, b));
      for (unsigned int a = m; a > 0; --a)
        ring.push_back(sq(a, m));
      for (unsigned int b = m; b > 0; --b)
        ring.push_back(sq(0, b));
      const unsigned int n_around = ring.size();

      std::vector<double> circles;
      {
        double a = 0;
        for (const double b : radii)
          {
            if (a == 0)
              circles.push_back(b);
            else
              append_subdivided(circles, a, b, g.coarse_cell_size);
            a = b;
          }
      }
      double inner_radius = 0;
      for (const double R : circles)
        {
          std::vector<unsigned int> next;
          for (unsigned int j = 0; j < n_around; ++j)
            {
              const Point<2> &q   = p[ring[j]];
              const double    phi = std::atan2(q[1], q[0]);
              next.push_back(p.size());
              p.emplace_back(R * std::cos(phi), R * std::sin(phi));
            }
          for (unsigned int j = 0; j < n_around; ++j)
            {
              const unsigned int k = (j + 1) % n_around;
              quads.push_back({{ring[j], ring[k], next[j], next[k]}});
              quad_radius.push_back(0.5 * (inner_radius + R));
            }
          ring         = next;
          inner_radius = R;
        }
      for (auto &q : quads)
        orient_quad(q, p);

      const std::vector<double> z       = z_breaks(g);
      const unsigned int        n_plane = p.size();
      std::vector<Point<3>>     vertices;
      for (const double zk : z)
        for (const auto &q : p)
          vertices.emplace_back(q[0], q[1], zk);

      std::vector<CellData<3>> cells;
      for (unsigned int k = 0; k + 1 < z.size(); ++k)
        for (unsigned int c = 0; c < quads.size(); ++c)
          {
            const auto region =
              g.region_of(quad_radius[c], 0.5 * (z[k] + z[k + 1]));
            if (region == numbers::invalid_material_id)
              continue;
            CellData<3> cell;
            for (unsigned int v = 0; v < 4; ++v)
              {
                cell.vertices[v]     = k * n_plane + quads[c][v];
                cell.vertices[v + 4] = (k + 1) * n_plane + quads[c][v];
              }
            cell.material_id = region;
            cells.push_back(cell);
          }
      create_from_cells(vertices, cells, tria);
    }

    /** Cylindrical manifolds on every face lying on a circle r = R (3D);
     *  transfinite interpolation in the cells between the square core and the
     *  first circle; exact cylindrical geometry in the rings beyond. */
    void
    attach_manifolds(const StackGeometry &g, Triangulation<3> &tria)
    {
      const double R1  = interface_radii(g).front();
      const double tol = 1e-6 * R1;
      for (const auto &cell : tria.active_cell_iterators())
        {
          double rmin = std::numeric_limits<double>::max();
          for (const unsigned int v : cell->vertex_indices())
            rmin = std::min(rmin, radius_of(cell->vertex(v)));
          if (rmin > R1 - tol)
            cell->set_all_manifold_ids(ids::manifold::cylinder);
        }
      for (const auto &cell : tria.active_cell_iterators())
        {
          if (cell->manifold_id() == ids::manifold::cylinder)
            continue;
          for (const unsigned int f : cell->face_indices())
            {
              bool on_circle = true;
              for (const unsigned int v : cell->face(f)->vertex_indices())
                on_circle =
                  on_circle &&
                  std::abs(radius_of(cell->face(f)->vertex(v)) - R1) < tol;
              if (on_circle)
                {
                  cell->set_manifold_id(ids::manifold::transfinite);
                  cell->face(f)->set_all_manifold_ids(ids::manifold::cylinder);
                }
            }
        }
      tria.set_manifold(ids::manifold::cylinder,
                        CylindricalManifold<3>(Tensor<1, 3>({0., 0., 1.}),
                                               Point<3>()));
      // The generated meshes are extruded along z: the transfinite map is
      // the section's, found among a few quads (ExtrudedTransfiniteManifold).
      // A Gmsh mesh need not be; it keeps deal.II's 3D manifold.
      if (ExtrudedTransfiniteManifold::applies_to(tria,
                                                  ids::manifold::transfinite))
        tria.set_manifold(
          ids::manifold::transfinite,
          ExtrudedTransfiniteManifold(tria, ids::manifold::transfinite, R1));
      else
        {
          TransfiniteInterpolationManifold<3> transfinite;
          transfinite.initialize(tria);
          tria.set_manifold(ids::manifold::transfinite, transfinite);
        }
    }

    void
    attach_manifolds(const StackGeometry &, Triangulation<2> &)
    {
      // The axisymmetric section has straight sides only.
    }

    template <int dim>
    void
    read_gmsh(const StackGeometry &g, Triangulation<dim> &tria)
    {
      AssertThrow(std::filesystem::exists(g.gmsh_file),
                  ExcMessage("Parameter 'Geometry/Gmsh file' = '" +
                             g.gmsh_file + "': no such file."));
      GridIn<dim> grid_in;
      grid_in.attach_triangulation(tria);
      // deal.II's stream reader (msh 2.2 and 4.1 ASCII) keeps the physical
      // groups as ids; the Gmsh-API path of Debian's 9.4 lost them.
      std::ifstream in(g.gmsh_file);
      grid_in.read_msh(in);
      GridTools::scale(g.gmsh_length_unit, tria);
      for (const auto &cell : tria.active_cell_iterators())
        AssertThrow(cell->material_id() >= ids::material::substrate &&
                      cell->material_id() <= ids::material::contact_layer,
                    ExcMessage(
                      "Gmsh file '" + g.gmsh_file +
                      "': a cell has physical group " +
                      std::to_string(cell->material_id()) +
                      "; the stack's regions are 1 (substrate), 2 (column), "
                      "3 (oxide), 4 (tip), 5 (contact layer)."));
    }
  } // namespace

  template <int dim>
  double
  radius_of(const Point<dim> &p)
  {
    if constexpr (dim == 2)
      return p[0];
    else
      return std::hypot(p[0], p[1]);
  }

  template <int dim>
  double
  height_of(const Point<dim> &p)
  {
    return p[dim - 1];
  }

  template <int dim>
  void
  assign_stack_boundary_ids(const StackGeometry &g, Triangulation<dim> &tria)
  {
    const double tol = 1e-6 * g.z_top();
    for (const auto &cell : tria.active_cell_iterators())
      for (const unsigned int f : cell->face_indices())
        if (cell->face(f)->at_boundary())
          {
            const Point<dim>   c = cell->face(f)->center();
            types::boundary_id id;
            if (std::abs(height_of(c)) < tol)
              id = ids::boundary::hot_face;
            else if (std::abs(height_of(c) - g.z_top()) < tol)
              id = ids::boundary::cold_face;
            else if (dim == 2 && std::abs(c[0]) < tol)
              id = ids::boundary::symmetry_axis;
            else if (cell->material_id() == ids::material::column)
              id = ids::boundary::column_surface;
            else
              id = ids::boundary::free_surface;
            cell->face(f)->set_boundary_id(id);
          }
  }

  template <int dim>
  void
  create_coarse_stack_mesh(const StackGeometry &geometry,
                           Triangulation<dim>  &tria)
  {
    create_coarse(geometry, tria);
    assign_stack_boundary_ids(geometry, tria);
    attach_manifolds(geometry, tria);
  }

  namespace
  {
    /** The stack mesh from the generator or the Gmsh file, before any
     *  refinement. */
    template <int dim>
    void
    create_unrefined_stack_mesh(const StackGeometry &g,
                                Triangulation<dim>  &tria)
    {
      if (g.mesh_source == "gmsh")
        {
          read_gmsh(g, tria);
          // Faces the .msh left untagged (id 0) get their ids from the
          // geometry; tagged faces keep the file's ids.
          bool untagged = false;
          for (const auto &face : tria.active_face_iterators())
            untagged =
              untagged || (face->at_boundary() && face->boundary_id() == 0);
          if (untagged)
            {
              std::vector<std::pair<typename Triangulation<dim>::face_iterator,
                                    types::boundary_id>>
                keep;
              for (const auto &face : tria.active_face_iterators())
                if (face->at_boundary() && face->boundary_id() != 0)
                  keep.emplace_back(face, face->boundary_id());
              assign_stack_boundary_ids(g, tria);
              for (const auto &[face, id] : keep)
                face->set_boundary_id(id);
            }
          attach_manifolds(g, tria);
        }
      else
        create_coarse_stack_mesh(g, tria);
    }
  } // namespace

  template <int dim>
  void
  create_stack_mesh(const StackGeometry &g, Triangulation<dim> &tria)
  {
    create_unrefined_stack_mesh(g, tria);

    // The local refinement acts on the coarse mesh, the global refinement
    // last: every pass of a distributed mesh costs a traversal of the whole
    // mesh and a p4est balance (most of a pass's time, doc/performance.md),
    // cheap on the coarse mesh and dear on the refined one; and the mesh
    // at global refinement g + 1 is the mesh at g with every cell split, a
    // true h-series with the same grading.
    //
    // Graded refinement toward the two rims of the column (design notes:
    // re-entrant corners, singular gradient): each pass splits the cells
    // that touch a rim, those with a vertex within a quarter of their
    // diameter of the rim circle (on the rim itself for the generator's
    // meshes, whose lines pass through the rims).
    const double z_rims[2] = {g.z_column_bottom(), g.z_column_top()};
    for (unsigned int level = 0; level < g.corner_refinement; ++level)
      {
        for (const auto &cell : tria.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              const double reach = cell->diameter() / 4;
              for (const unsigned int v : cell->vertex_indices())
                for (const double z_rim : z_rims)
                  if (std::hypot(radius_of(cell->vertex(v)) - g.column_radius(),
                                 height_of(cell->vertex(v)) - z_rim) < reach)
                    cell->set_refine_flag();
            }
        tria.execute_coarsening_and_refinement();
      }
    for (unsigned int level = 0; level < g.oxide_refinement; ++level)
      {
        for (const auto &cell : tria.active_cell_iterators())
          if (cell->is_locally_owned() &&
              cell->material_id() == ids::material::oxide)
            cell->set_refine_flag();
        tria.execute_coarsening_and_refinement();
      }
    tria.refine_global(g.global_refinement);
  }

  template double
  radius_of(const Point<2> &);
  template double
  radius_of(const Point<3> &);
  template double
  height_of(const Point<2> &);
  template double
  height_of(const Point<3> &);
  template <int dim>
  void
  create_column_mesh(const StackGeometry &g,
                     Triangulation<dim>  &tria,
                     const double         cell_size,
                     const double         contact_cell_height)
  {
    AssertThrow(cell_size > 0 && contact_cell_height > 0,
                ExcMessage("The column mesh needs positive cell sizes."));
    const double R = g.column_radius(), L = g.column_length;
    // Axial spacing: uniform, the top cell halved until no taller than the
    // contact layer (a graded mesh, no hanging nodes).
    const unsigned int  n_z = std::max(1.0, std::ceil(L / cell_size));
    std::vector<double> dz(n_z - 1, L / n_z);
    double              top = L / n_z;
    std::vector<double> graded;
    while (top > contact_cell_height * (1 + 1e-12))
      {
        top /= 2;
        graded.push_back(top);
      }
    graded.push_back(top);
    dz.insert(dz.end(), graded.begin(), graded.end()); // finest on top
    if constexpr (dim == 2)
      {
        const unsigned int n_r = std::max(1.0, std::ceil(R / cell_size));
        std::vector<std::vector<double>> steps = {std::vector<double>(n_r,
                                                                      R / n_r),
                                                  dz};
        GridGenerator::subdivided_hyper_rectangle(
          tria,
          steps,
          Point<2>(0, g.z_column_bottom()),
          Point<2>(R, g.z_column_top()));
      }
    else
      {
        Triangulation<2> disk, flat;
        GridGenerator::hyper_ball_balanced(disk, Point<2>(), R);
        while (disk.begin_active()->diameter() > 1.5 * cell_size)
          disk.refine_global(1);
        GridGenerator::flatten_triangulation(disk, flat);
        std::vector<double> slices = {g.z_column_bottom()};
        for (const double h : dz)
          slices.push_back(slices.back() + h);
        slices.back() = g.z_column_top();
        GridGenerator::extrude_triangulation(flat, slices, tria);
      }
    const double tol = 1e-6 * L;
    for (const auto &cell : tria.active_cell_iterators())
      {
        cell->set_material_id(ids::material::column);
        for (const unsigned int f : cell->face_indices())
          if (cell->face(f)->at_boundary())
            {
              const Point<dim>   c  = cell->face(f)->center();
              types::boundary_id id = ids::boundary::column_surface;
              if (std::abs(height_of(c) - g.z_column_bottom()) < tol)
                id = ids::boundary::hot_face;
              else if (std::abs(height_of(c) - g.z_column_top()) < tol)
                id = ids::boundary::cold_contact;
              else if (dim == 2 && std::abs(c[0]) < tol)
                id = ids::boundary::symmetry_axis;
              cell->face(f)->set_boundary_id(id);
            }
      }
    attach_manifolds(g, tria);
  }

  template void
  create_column_mesh(const StackGeometry &, Triangulation<2> &, double, double);
  template void
  create_column_mesh(const StackGeometry &, Triangulation<3> &, double, double);

  void
  create_column_surface_mesh(const StackGeometry &g,
                             Triangulation<2, 3> &surface,
                             const unsigned int   n_refinements)
  {
    // Extracted from a serial copy of the unrefined 3D stack, so the
    // surface cells are the bulk's column-surface faces (cf. step-38).
    Triangulation<3> volume;
    create_unrefined_stack_mesh(g, volume);
    GridGenerator::extract_boundary_mesh(volume,
                                         surface,
                                         {ids::boundary::column_surface});
    AssertThrow(surface.n_active_cells() > 0,
                ExcMessage(
                  "The mesh has no column-surface faces (boundary id " +
                  std::to_string(ids::boundary::column_surface) +
                  "): nothing to carry the surface transport."));
    surface.set_all_manifold_ids(ids::manifold::cylinder);
    surface.set_manifold(ids::manifold::cylinder, CylindricalManifold<2, 3>(2));
    surface.refine_global(n_refinements);
  }

  template void
  create_stack_mesh(const StackGeometry &, Triangulation<2> &);
  template void
  create_stack_mesh(const StackGeometry &, Triangulation<3> &);
  template void
  create_coarse_stack_mesh(const StackGeometry &, Triangulation<2> &);
  template void
  create_coarse_stack_mesh(const StackGeometry &, Triangulation<3> &);
  template void
  assign_stack_boundary_ids(const StackGeometry &, Triangulation<2> &);
  template void
  assign_stack_boundary_ids(const StackGeometry &, Triangulation<3> &);
} // namespace nanoconvect

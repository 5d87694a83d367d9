#include <deal.II/base/exceptions.h>
#include <deal.II/fe/mapping_q_internal.h> // the base class's members
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/manifold_lib.h>

#include <boost/container/small_vector.hpp>

#include <meshes/extruded_transfinite_manifold.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>

namespace nanoconvect
{
  struct ExtrudedTransfiniteManifold::Section
  {
    Triangulation<2> tria;
    /** tria's own copy: deal.II's transfinite manifold considers the
     *  coarse cells to which that very object is attached. */
    const Manifold<2> *manifold = nullptr;
  };

  namespace
  {
    /** The cell's bottom face (lowest z) if the cell is a prism along z:
     *  two heights, four distinct (x, y) positions, each at both heights.
     *  Returns numbers::invalid_unsigned_int otherwise. */
    unsigned int
    bottom_face_of_prism(const Triangulation<3>::cell_iterator &cell)
    {
      const double tol  = 1e-9 * cell->diameter();
      double       z_lo = std::numeric_limits<double>::max(), z_hi = -z_lo;
      for (const unsigned int v : cell->vertex_indices())
        {
          z_lo = std::min(z_lo, cell->vertex(v)[2]);
          z_hi = std::max(z_hi, cell->vertex(v)[2]);
        }
      unsigned int n_low = 0;
      for (const unsigned int v : cell->vertex_indices())
        {
          const Point<3> &p = cell->vertex(v);
          if (std::abs(p[2] - z_lo) < tol)
            ++n_low;
          else if (std::abs(p[2] - z_hi) > tol)
            return numbers::invalid_unsigned_int; // a third height
          // The vertex straight above or below.
          unsigned int twins = 0;
          for (const unsigned int w : cell->vertex_indices())
            if (w != v && std::hypot(cell->vertex(w)[0] - p[0],
                                     cell->vertex(w)[1] - p[1]) < tol)
              ++twins;
          if (twins != 1)
            return numbers::invalid_unsigned_int;
        }
      if (n_low != 4)
        return numbers::invalid_unsigned_int;
      for (const unsigned int f : cell->face_indices())
        {
          bool low = true;
          for (const unsigned int v : cell->face(f)->vertex_indices())
            low = low && std::abs(cell->face(f)->vertex(v)[2] - z_lo) < tol;
          if (low)
            return f;
        }
      return numbers::invalid_unsigned_int;
    }
  } // namespace

  bool
  ExtrudedTransfiniteManifold::applies_to(const Triangulation<3>  &tria,
                                          const types::manifold_id id)
  {
    bool any = false;
    for (const auto &cell : tria.cell_iterators_on_level(0))
      if (cell->manifold_id() == id)
        {
          if (bottom_face_of_prism(cell) == numbers::invalid_unsigned_int)
            return false;
          any = true;
        }
    return any;
  }

  ExtrudedTransfiniteManifold::ExtrudedTransfiniteManifold(
    const Triangulation<3>  &tria,
    const types::manifold_id transfinite_id,
    const double             circle_radius)
  {
    const auto require = [](const bool applies) {
      AssertThrow(applies,
                  ExcMessage("ExtrudedTransfiniteManifold: no coarse cell "
                             "has the manifold id, or one of them is not a "
                             "prism along z."));
    };
    // Each section quad once: its (x, y) vertices merged across the layers.
    std::vector<Point<2>>                 vertices;
    std::vector<CellData<2>>              cells;
    std::set<std::array<unsigned int, 4>> seen;
    const double                          tol = 1e-9 * circle_radius;
    const auto vertex_index                   = [&](const Point<3> &p) {
      const Point<2> q(p[0], p[1]);
      for (unsigned int i = 0; i < vertices.size(); ++i)
        if (vertices[i].distance(q) < tol)
          return i;
      vertices.push_back(q);
      return static_cast<unsigned int>(vertices.size() - 1);
    };
    for (const auto &cell : tria.cell_iterators_on_level(0))
      if (cell->manifold_id() == transfinite_id)
        {
          const unsigned int bottom = bottom_face_of_prism(cell);
          require(bottom != numbers::invalid_unsigned_int);
          const auto  face = cell->face(bottom);
          CellData<2> quad;
          for (const unsigned int v : face->vertex_indices())
            quad.vertices[v] = vertex_index(face->vertex(v));
          std::array<unsigned int, 4> key;
          std::copy(quad.vertices.begin(), quad.vertices.end(), key.begin());
          std::sort(key.begin(), key.end());
          if (!seen.insert(key).second)
            continue;
          // Lexicographic order with a positive area.
          const Tensor<1, 2> a =
            vertices[quad.vertices[1]] - vertices[quad.vertices[0]];
          const Tensor<1, 2> b =
            vertices[quad.vertices[2]] - vertices[quad.vertices[0]];
          if (a[0] * b[1] - a[1] * b[0] < 0)
            std::swap(quad.vertices[1], quad.vertices[2]);
          quad.manifold_id = transfinite_id;
          cells.push_back(quad);
        }
    require(!cells.empty());
    GridTools::consistently_order_cells(cells);

    auto data = std::make_shared<Section>();
    data->tria.create_triangulation(vertices, cells, SubCellData());
    constexpr types::manifold_id arc = 0;
    AssertThrow(arc != transfinite_id, ExcInternalError());
    const auto on_circle = [&](const Point<2> &p) {
      return std::abs(p.norm() - circle_radius) < 1e-6 * circle_radius;
    };
    for (const auto &cell : data->tria.active_cell_iterators())
      for (const unsigned int l : cell->line_indices())
        if (on_circle(cell->line(l)->vertex(0)) &&
            on_circle(cell->line(l)->vertex(1)))
          cell->line(l)->set_manifold_id(arc);
    data->tria.set_manifold(arc, PolarManifold<2>());
    TransfiniteInterpolationManifold<2> transfinite;
    transfinite.initialize(data->tria);
    data->tria.set_manifold(transfinite_id, transfinite);
    data->manifold = &data->tria.get_manifold(transfinite_id);
    section        = std::move(data);
  }

  std::unique_ptr<Manifold<3, 3>>
  ExtrudedTransfiniteManifold::clone() const
  {
    return std::make_unique<ExtrudedTransfiniteManifold>(*this);
  }

  Point<3>
  ExtrudedTransfiniteManifold::get_new_point(
    const ArrayView<const Point<3>> &surrounding_points,
    const ArrayView<const double>   &weights) const
  {
    boost::container::small_vector<Point<2>, 100> xy(surrounding_points.size());
    double                                        z = 0;
    for (unsigned int i = 0; i < surrounding_points.size(); ++i)
      {
        xy[i] = Point<2>(surrounding_points[i][0], surrounding_points[i][1]);
        z += weights[i] * surrounding_points[i][2];
      }
    const Point<2> p = section->manifold->get_new_point(
      ArrayView<const Point<2>>(xy.data(), xy.size()), weights);
    return Point<3>(p[0], p[1], z);
  }

  void
  ExtrudedTransfiniteManifold::get_new_points(
    const ArrayView<const Point<3>> &surrounding_points,
    const Table<2, double>          &weights,
    ArrayView<Point<3>>              new_points) const
  {
    const unsigned int                            n = surrounding_points.size();
    boost::container::small_vector<Point<2>, 100> xy(n);
    boost::container::small_vector<Point<2>, 100> out(new_points.size());
    for (unsigned int i = 0; i < n; ++i)
      xy[i] = Point<2>(surrounding_points[i][0], surrounding_points[i][1]);
    section->manifold->get_new_points(ArrayView<const Point<2>>(xy.data(), n),
                                      weights,
                                      ArrayView<Point<2>>(out.data(),
                                                          out.size()));
    for (unsigned int k = 0; k < new_points.size(); ++k)
      {
        double z = 0;
        for (unsigned int i = 0; i < n; ++i)
          z += weights[k][i] * surrounding_points[i][2];
        new_points[k] = Point<3>(out[k][0], out[k][1], z);
      }
  }
} // namespace nanoconvect

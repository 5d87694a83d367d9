#include <deal.II/base/exceptions.h>
#include <deal.II/fe/fe_tools.h>
#include <deal.II/fe/mapping_q.h>

#include <meshes/refined_mapping.h>

#include <array>
#include <vector>

namespace nanoconvect
{
  namespace
  {
    /** MappingQ's support points of a cell, from its manifolds. */
    template <int dim>
    class ManifoldPoints : public MappingQ<dim>
    {
    public:
      ManifoldPoints()
        : MappingQ<dim>(2)
      {}
      using MappingQ<dim>::compute_mapping_support_points;
    };

    /** The 3^dim lexicographic index of node (i, j, k). */
    template <int dim>
    unsigned int
    lexicographic(const std::array<unsigned int, dim> &i)
    {
      unsigned int n = 0;
      for (int d = dim - 1; d >= 0; --d)
        n = 3 * n + i[d];
      return n;
    }
  } // namespace

  template <int dim>
  void
  initialize_from_refinement(MappingQCache<dim>       &mapping,
                             const Triangulation<dim> &tria)
  {
    AssertThrow(mapping.get_degree() == 2,
                ExcMessage("initialize_from_refinement builds a quadratic "
                           "mapping; this one has degree " +
                           std::to_string(mapping.get_degree()) + "."));
    constexpr unsigned int n_points = dim == 2 ? 9 : 27;
    // MappingQ numbers its points hierarchically (vertices, lines, faces,
    // interior), the tensor-product formulas below lexicographically.
    const std::vector<unsigned int> hierarchic_to_lexicographic =
      FETools::hierarchic_to_lexicographic_numbering<dim>(2);

    // The parent's 1D quadratic Lagrange functions (nodes 0, 1/2, 1) at a
    // child's nodes: child half h, child node a at x = (h + a / 2) / 2.
    double weight[2][3][3];
    for (unsigned int h = 0; h < 2; ++h)
      for (unsigned int a = 0; a < 3; ++a)
        {
          const double x  = (h + 0.5 * a) / 2;
          weight[h][a][0] = 2 * (x - 0.5) * (x - 1);
          weight[h][a][1] = -4 * x * (x - 1);
          weight[h][a][2] = 2 * x * (x - 0.5);
        }

    // A refined cell's quadratic nodes, lexicographic: node i lies at
    // vertex i - c of child c, c_d = min(i_d, 1).
    const auto nodes_of_refined = [](const auto &cell) {
      std::array<Point<dim>, n_points> node;
      for (unsigned int n = 0; n < n_points; ++n)
        {
          unsigned int m = n, child = 0, vertex = 0;
          for (unsigned int d = 0; d < dim; ++d, m /= 3)
            {
              const unsigned int i = m % 3, c = std::min(i, 1u);
              child += c << d;
              vertex += (i - c) << d;
            }
          node[n] = cell->child(child)->vertex(vertex);
        }
      return node;
    };

    const ManifoldPoints<dim> manifold_points;
    mapping.initialize(
      tria,
      [&](const typename Triangulation<dim>::cell_iterator &cell)
        -> std::vector<Point<dim>> {
        // Only the active cells this process sees carry points, as after a
        // motion of the mesh (ColumnMeshMotion): nothing evaluates the
        // mapping on a parent or an artificial cell (the multigrid levels
        // have their own), and their points were a fifth of the cache.
        if (cell->has_children() || cell->is_artificial())
          return {};
        std::array<Point<dim>, n_points> node;
        if (cell->level() == 0)
          return manifold_points.compute_mapping_support_points(cell);
        else
          {
            // The parent's quadratic map at this child's nodes, one
            // direction at a time (sum factorization).
            const auto         parent = cell->parent();
            const unsigned int child  = parent->child_iterator_to_index(cell);
            std::array<Point<dim>, n_points> in     = nodes_of_refined(parent);
            unsigned int                     stride = 1;
            for (unsigned int d = 0; d < dim; ++d, stride *= 3)
              {
                const unsigned int h = (child >> d) & 1;
                for (unsigned int n = 0; n < n_points; ++n)
                  {
                    const unsigned int a    = (n / stride) % 3;
                    const unsigned int base = n - a * stride;
                    node[n]                 = weight[h][a][0] * in[base] +
                              weight[h][a][1] * in[base + stride] +
                              weight[h][a][2] * in[base + 2 * stride];
                  }
                in = node;
              }
          }
        std::vector<Point<dim>> points(n_points);
        for (unsigned int p = 0; p < n_points; ++p)
          points[p] = node[hierarchic_to_lexicographic[p]];
        return points;
      });
  }

  template void
  initialize_from_refinement(MappingQCache<2> &, const Triangulation<2> &);
  template void
  initialize_from_refinement(MappingQCache<3> &, const Triangulation<3> &);
} // namespace nanoconvect

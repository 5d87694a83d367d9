#include <deal.II/base/exceptions.h>
#include <deal.II/grid/manifold.h>
#include <deal.II/lac/sparse_direct.h>

#include <physics/constants.h>
#include <physics/surface_transport/edge_network.h>
#include <physics/surface_transport/surface_transport_mesh.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace nanoconvect
{
  namespace
  {
    constexpr double k_B = constants::boltzmann;

    /** Length of a (possibly curved) cell edge, along its manifold. */
    template <typename LineIterator>
    double
    curved_length(const LineIterator &line)
    {
      const Point<3>     p0 = line->vertex(0), p1 = line->vertex(1);
      const auto        &manifold = line->get_manifold();
      const unsigned int n        = 16;
      double             length   = 0;
      Point<3>           previous = p0;
      for (unsigned int k = 1; k <= n; ++k)
        {
          const Point<3> next =
            k == n ? p1
                   : manifold.get_intermediate_point(p0, p1, double(k) / n);
          length += next.distance(previous);
          previous = next;
        }
      return length;
    }

    /** Surface gradient at a quadrilateral's centre of the bilinear
     *  interpolant of f (vertex values in deal.II order). */
    Tensor<1, 3>
    surface_gradient(const std::array<Point<3>, 4> &x,
                     const std::array<double, 4>   &f)
    {
      const Tensor<1, 3> t_u = 0.5 * ((x[1] - x[0]) + (x[3] - x[2]));
      const Tensor<1, 3> t_v = 0.5 * ((x[2] - x[0]) + (x[3] - x[1]));
      const double       f_u = 0.5 * ((f[1] - f[0]) + (f[3] - f[2]));
      const double       f_v = 0.5 * ((f[2] - f[0]) + (f[3] - f[1]));
      const double       g11 = t_u * t_u, g12 = t_u * t_v, g22 = t_v * t_v;
      const double       det = g11 * g22 - g12 * g12;
      const double       c_u = (g22 * f_u - g12 * f_v) / det;
      const double       c_v = (g11 * f_v - g12 * f_u) / det;
      return c_u * t_u + c_v * t_v;
    }
  } // namespace

  SurfaceTransportMesh::SurfaceTransportMesh(const SurfaceMaterial &material,
                                             const Triangulation<2, 3> &surface,
                                             const double               radius,
                                             const double               z_hot,
                                             const double               z_cold)
    : material(material)
    , radius(radius)
  {
    std::map<unsigned int, unsigned int> node_of_vertex;
    const auto node = [&](const unsigned int vertex_index, const Point<3> &x) {
      const auto [it, inserted] =
        node_of_vertex.emplace(vertex_index, vertices.size());
      if (inserted)
        vertices.push_back(x);
      return it->second;
    };
    std::map<std::pair<unsigned int, unsigned int>, double> edge_weights;
    for (const auto &cell : surface.active_cell_iterators())
      {
        Cell c;
        for (unsigned int v = 0; v < 4; ++v)
          c.v[v] = node(cell->vertex_index(v), cell->vertex(v));
        std::array<double, 4> length;
        for (unsigned int l = 0; l < 4; ++l)
          length[l] = curved_length(cell->line(l));
        // Lines 0,1 (x = 0, 1) run in y, lines 2,3 (y = 0, 1) in x.
        const double extent[2] = {0.5 * (length[2] + length[3]),
                                  0.5 * (length[0] + length[1])};
        c.area                 = extent[0] * extent[1];
        cells.push_back(c);
        for (unsigned int l = 0; l < 4; ++l)
          {
            const unsigned int a =
              node_of_vertex.at(cell->line(l)->vertex_index(0));
            const unsigned int b =
              node_of_vertex.at(cell->line(l)->vertex_index(1));
            // The dual face this edge crosses: half the cell's extent
            // across the edge.
            const double w = 0.5 * extent[l / 2] / length[l];
            edge_weights[{std::min(a, b), std::max(a, b)}] += w;
          }
      }
    for (const auto &[ab, w] : edge_weights)
      edges.push_back({ab.first, ab.second, w});

    const double tolerance = 1e-6 * (z_cold - z_hot);
    ring.assign(vertices.size(), 0);
    for (unsigned int i = 0; i < vertices.size(); ++i)
      {
        if (std::abs(vertices[i][2] - z_hot) < tolerance)
          ring[i] = -1;
        else if (std::abs(vertices[i][2] - z_cold) < tolerance)
          ring[i] = +1;
      }
    for (const auto &cell : surface.active_cell_iterators())
      for (unsigned int l = 0; l < 4; ++l)
        if (std::abs(cell->line(l)->vertex(0)[2] - z_cold) < tolerance &&
            std::abs(cell->line(l)->vertex(1)[2] - z_cold) < tolerance)
          cold_perimeter += curved_length(cell->line(l));
    AssertThrow(std::count(ring.begin(), ring.end(), -1) > 0 &&
                  std::count(ring.begin(), ring.end(), +1) > 0,
                ExcMessage("The column-surface mesh does not reach both the "
                           "hot end and the cold contact of the column."));
  }

  SurfaceTransportMesh::~SurfaceTransportMesh() = default;

  SurfaceTransportMesh::Solution
  SurfaceTransportMesh::solve(const std::vector<double> &T,
                              const std::vector<double> &sigma,
                              const double               mu_hot,
                              const double               mu_cold,
                              const std::vector<double> *start) const
  {
    const unsigned int n = vertices.size();
    AssertThrow(!start || start->size() == n,
                ExcMessage("Surface transport: the start needs Phi at every "
                           "node of the surface mesh."));
    AssertThrow(T.size() == n && sigma.size() == n,
                ExcMessage("Surface transport: T and sigma must be given at "
                           "every node of the surface mesh."));
    const double Omega = material.Omega, Q = material.Q;
    const double kappa = 1 / radius;

    std::vector<double> V(n);
    for (unsigned int i = 0; i < n; ++i)
      V[i] =
        Omega * sigma[i] + material.gamma * Omega * kappa + Q * std::log(T[i]);
    // Edge data with T frozen at the edge's mean.
    EdgeNetwork network(n, Omega, "Surface transport (surface mesh)");
    network.V = V;
    for (const Edge &ed : edges)
      {
        const double T_e = 0.5 * (T[ed.a] + T[ed.b]);
        network.edges.push_back(
          {ed.a,
           ed.b,
           material.diffusivity(T_e) * ed.width_over_length,
           k_B * T_e});
      }

    // Dirichlet values and a start linear in z between the two rings.
    double              z_hot = 0, z_cold = 0, phi_hot = 0, phi_cold = 0;
    unsigned int        n_hot = 0, n_cold = 0;
    std::vector<double> phi(n, 0.0);
    for (unsigned int i = 0; i < n; ++i)
      if (ring[i] == -1)
        {
          phi[i] = mu_hot + Q * std::log(T[i]);
          z_hot += vertices[i][2];
          phi_hot += phi[i];
          ++n_hot;
        }
      else if (ring[i] == +1)
        {
          phi[i] = mu_cold + Q * std::log(T[i]);
          z_cold += vertices[i][2];
          phi_cold += phi[i];
          ++n_cold;
        }
    z_hot /= n_hot, z_cold /= n_cold, phi_hot /= n_hot, phi_cold /= n_cold;
    for (unsigned int i = 0; i < n; ++i)
      {
        network.fixed[i] = ring[i] != 0;
        if (ring[i] == 0)
          phi[i] = start
                     ? (*start)[i]
                     : phi_hot + (phi_cold - phi_hot) *
                                   (vertices[i][2] - z_hot) / (z_cold - z_hot);
      }

    Solution s;
    s.newton_iterations =
      network.solve(phi,
                    k_B * *std::max_element(T.begin(), T.end()),
                    &factorization,
                    start != nullptr);
    const bool mobile = s.newton_iterations > 0;
    const auto flux   = [&](const unsigned int e) {
      return network.flux(e, phi);
    };

    s.T     = T;
    s.sigma = sigma;
    s.Phi   = phi;
    s.C.resize(n);
    for (unsigned int i = 0; i < n; ++i)
      s.C[i] = std::exp((phi[i] - V[i]) / (k_B * T[i])) / Omega;
    // Atoms entering the cold ring's boxes from the interior (fluxes along
    // the ring cancel in the sum).
    for (unsigned int e = 0; mobile && e < edges.size(); ++e)
      {
        const Edge  &ed = edges[e];
        const double F  = flux(e).F;
        if (ring[ed.b] == +1)
          s.insertion_rate += material.delta_s * F;
        if (ring[ed.a] == +1)
          s.insertion_rate -= material.delta_s * F;
      }
    s.core_speed = Omega * s.insertion_rate / (M_PI * radius * radius);
    s.mean_J     = s.insertion_rate / (material.delta_s * cold_perimeter);

    // Cell-centre fluxes for output and the area-averaged drift parts.
    double area = 0;
    for (const Cell &c : cells)
      {
        std::array<Point<3>, 4> x;
        std::array<double, 4>   Tc, sc, pc;
        double                  T_mean = 0, C_mean = 0;
        for (unsigned int v = 0; v < 4; ++v)
          {
            x[v]  = vertices[c.v[v]];
            Tc[v] = T[c.v[v]];
            sc[v] = sigma[c.v[v]];
            pc[v] = phi[c.v[v]];
            T_mean += 0.25 * Tc[v];
            C_mean += 0.25 * s.C[c.v[v]];
          }
        const double       kT = k_B * T_mean, D = material.diffusivity(T_mean);
        const Tensor<1, 3> J_T =
          -D * C_mean * Q * surface_gradient(x, Tc) / (kT * T_mean);
        const Tensor<1, 3> J_sigma =
          -D * C_mean * Omega * surface_gradient(x, sc) / kT;
        s.J.push_back(-D * C_mean * surface_gradient(x, pc) / kT);
        s.J_T.push_back(J_T);
        s.J_sigma.push_back(J_sigma);
        s.mean_J_T += J_T[2] * c.area;
        s.mean_J_sigma += J_sigma[2] * c.area;
        area += c.area;
      }
    s.mean_J_T /= area;
    s.mean_J_sigma /= area;
    return s;
  }
} // namespace nanoconvect

#include <deal.II/base/exceptions.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparse_direct.h>
#include <deal.II/lac/sparse_matrix.h>
#include <deal.II/lac/sparsity_pattern.h>
#include <deal.II/lac/vector.h>

#include <physics/constants.h>
#include <physics/surface_transport/binary_io.h>
#include <physics/surface_transport/column_shape.h>
#include <physics/surface_transport/edge_network.h>

#include <algorithm>
#include <cmath>
#include <istream>
#include <ostream>
#include <string>

namespace nanoconvect
{
  using namespace dealii;

  namespace
  {
    constexpr double k_B = constants::boltzmann;

    /** The monotonized-central slope of two one-sided differences. */
    double
    mc_slope(const double left, const double right)
    {
      if (left * right <= 0)
        return 0;
      const double m = std::min({0.5 * std::abs(left + right),
                                 2 * std::abs(left),
                                 2 * std::abs(right)});
      return left > 0 ? m : -m;
    }
  } // namespace

  ColumnShape::ColumnShape(const SurfaceMaterial     &material,
                           const double               z_foot,
                           const double               length,
                           const std::vector<double> &radius,
                           const double               exchange_length)
    : material(material)
    , h(length / std::max<double>(1, radius.size() - 1))
    , ell(exchange_length)
    , R(radius)
  {
    AssertThrow(radius.size() >= 5,
                ExcMessage("The column's shape needs at least 4 elements."));
    AssertThrow(length > 0 && std::isfinite(length),
                ExcMessage("The column's length must be positive."));
    AssertThrow(ell >= 0 && std::isfinite(ell),
                ExcMessage("'Shape/Exchange length' must be finite and >= 0."));
    for (const double r : R)
      AssertThrow(r > 0 && std::isfinite(r),
                  ExcMessage("The column's initial radii must be positive."));
    for (unsigned int i = 0; i < R.size(); ++i)
      z_nodes.push_back(z_foot + i * h);
  }

  std::vector<double>
  ColumnShape::curvature(const std::vector<double> &r) const
  {
    const unsigned int  n = r.size();
    std::vector<double> kappa(n);
    for (unsigned int i = 0; i < n; ++i)
      {
        // Second-order differences; one-sided at the two held ends.
        double d1, d2;
        if (i == 0)
          {
            d1 = (-3 * r[0] + 4 * r[1] - r[2]) / (2 * h);
            d2 = (2 * r[0] - 5 * r[1] + 4 * r[2] - r[3]) / (h * h);
          }
        else if (i + 1 == n)
          {
            d1 = (3 * r[i] - 4 * r[i - 1] + r[i - 2]) / (2 * h);
            d2 = (2 * r[i] - 5 * r[i - 1] + 4 * r[i - 2] - r[i - 3]) / (h * h);
          }
        else
          {
            d1 = (r[i + 1] - r[i - 1]) / (2 * h);
            d2 = (r[i + 1] - 2 * r[i] + r[i - 1]) / (h * h);
          }
        const double g = 1 + d1 * d1;
        kappa[i]       = -d2 / (g * std::sqrt(g)) + 1 / (r[i] * std::sqrt(g));
      }
    return kappa;
  }

  std::vector<double>
  ColumnShape::curvature() const
  {
    return curvature(R);
  }

  double
  ColumnShape::volume() const
  {
    double v = 0;
    for (unsigned int i = 0; i < R.size(); ++i)
      v += M_PI * R[i] * R[i] * (i == 0 || i + 1 == R.size() ? h / 2 : h);
    return v;
  }

  std::pair<double, double>
  ColumnShape::narrowest() const
  {
    const auto i = std::min_element(R.begin(), R.end()) - R.begin();
    return {2 * R[i], z_nodes[i]};
  }

  void
  ColumnShape::check_fields(const Fields &f) const
  {
    AssertThrow(f.T.size() == R.size() && f.sigma.size() == R.size(),
                ExcMessage("The column's shape needs T and sigma at every "
                           "node."));
    for (unsigned int i = 0; i < R.size(); ++i)
      AssertThrow(f.T[i] > 0 && std::isfinite(f.T[i]) &&
                    std::isfinite(f.sigma[i]),
                  ExcMessage("The column's shape got a temperature or a "
                             "stress that is not finite and positive."));
    AssertThrow(std::isfinite(f.mu_hot) && std::isfinite(f.mu_cold),
                ExcMessage("The column's shape got an end potential that "
                           "is not finite."));
  }

  EdgeNetwork
  ColumnShape::layer_network(const Fields &f, const std::vector<double> &r) const
  {
    const unsigned int        n     = r.size();
    const double              Omega = material.Omega;
    const std::vector<double> kappa = curvature(r);
    EdgeNetwork               network(n, Omega, "Shape evolution");
    for (unsigned int i = 0; i < n; ++i)
      network.V[i] = Omega * f.sigma[i] + material.gamma * Omega * kappa[i] +
                     material.Q * std::log(f.T[i]);
    // An edge's band: conductance D_s 2 pi r_mean / s; a node's box holds
    // half of each neighbouring band, pi (r_a + r_b) s / 2.
    std::vector<double> area(n, 0.0);
    for (unsigned int e = 0; e + 1 < n; ++e)
      {
        const double Te = 0.5 * (f.T[e] + f.T[e + 1]);
        const double s  = std::hypot(h, r[e + 1] - r[e]);
        network.edges.push_back(
          {e, e + 1, material.diffusivity(Te) * M_PI * (r[e] + r[e + 1]) / s,
           k_B * Te});
        area[e] += M_PI * 0.5 * (r[e] + r[e + 1]) * s;
        area[e + 1] += M_PI * 0.5 * (r[e] + r[e + 1]) * s;
      }
    network.fixed.front() = network.fixed.back() = true;
    if (ell > 0)
      for (unsigned int i = 0; i < n; ++i)
        {
          network.exchange.push_back(
            area[i] * (material.diffusivity(f.T[i]) / (ell * ell)));
          network.kT_node.push_back(k_B * f.T[i]);
        }
    return network;
  }

  std::vector<double>
  ColumnShape::fluxes(const EdgeNetwork         &network,
                      const std::vector<double> &phi)
  {
    std::vector<double> F(network.edges.size());
    for (unsigned int e = 0; e < F.size(); ++e)
      F[e] = network.flux(e, phi).F;
    return F;
  }

  ColumnShape::Layer
  ColumnShape::results(const Fields              &f,
                       const std::vector<double> &r,
                       const std::vector<double> &phi) const
  {
    const unsigned int  n = r.size();
    const double        Omega = material.Omega, delta = material.delta_s;
    const EdgeNetwork         network = layer_network(f, r);
    const std::vector<double> F = fluxes(network, phi), &V = network.V;
    Layer                     s;
    s.Phi   = phi;
    s.kappa = curvature(r);
    s.C.resize(n);
    s.growth.assign(n, 0.0);
    for (unsigned int i = 0; i < n; ++i)
      s.C[i] = std::exp((phi[i] - V[i]) / (k_B * f.T[i])) / Omega;
    double arc = 0;
    for (unsigned int e = 0; e + 1 < n; ++e)
      {
        const double ds = std::hypot(h, r[e + 1] - r[e]);
        const double Te = 0.5 * (f.T[e] + f.T[e + 1]);
        const double kT = k_B * Te, D = material.diffusivity(Te);
        const double C  = 0.5 * (s.C[e] + s.C[e + 1]);
        s.J.push_back(F[e] / (M_PI * (r[e] + r[e + 1])));
        s.J_T.push_back(-D * C * material.Q * (f.T[e + 1] - f.T[e]) /
                        (ds * kT * Te));
        s.J_sigma.push_back(-D * C * Omega * (f.sigma[e + 1] - f.sigma[e]) /
                            (ds * kT));
        s.mean_J += s.J.back() * ds;
        s.mean_J_T += s.J_T.back() * ds;
        s.mean_J_sigma += s.J_sigma.back() * ds;
        arc += ds;
      }
    s.mean_J /= arc;
    s.mean_J_T /= arc;
    s.mean_J_sigma /= arc;
    for (unsigned int i = 1; i + 1 < n; ++i)
      s.growth[i] = Omega * delta * (F[i - 1] - F[i]) / (2 * M_PI * r[i] * h);
    s.foot_inflow     = delta * F.front();
    s.contact_outflow = delta * F.back();
    return s;
  }

  ColumnShape::Layer
  ColumnShape::solve(const Fields &f) const
  {
    check_fields(f);
    const unsigned int  n = R.size();
    const double        Q = material.Q;
    std::vector<double> phi(n);
    phi.front() = f.mu_hot + Q * std::log(f.T.front());
    phi.back()  = f.mu_cold + Q * std::log(f.T.back());
    for (unsigned int i = 1; i + 1 < n; ++i)
      phi[i] = phi.front() + (phi.back() - phi.front()) * i / (n - 1);
    const EdgeNetwork network    = layer_network(f, R);
    unsigned int      iterations = 0;
    if (ell == 0)
      // Local equilibrium with the crystal: C_s = 1/Omega, Phi = V.
      for (unsigned int i = 1; i + 1 < n; ++i)
        phi[i] = network.V[i];
    else
      iterations = network.solve(phi, k_B * f.T.front());
    Layer s             = results(f, R, phi);
    s.newton_iterations = iterations;
    return s;
  }

  ColumnShape::Layer
  ColumnShape::advance(const Fields &f, const double dt)
  {
    AssertThrow(dt > 0 && std::isfinite(dt),
                ExcMessage("The column's shape needs a positive time step."));
    check_fields(f);
    double D_ref = 0;
    for (const double T : f.T)
      D_ref = std::max(D_ref, material.diffusivity(T));
    if (D_ref == 0)
      return solve(f); // a passivated surface does not move
    // Sub-steps where Newton's method does not converge (a rough shape
    // flattening in one long step) or a radius would move by more than a
    // quarter of the node spacing: halved until it does not, doubled again
    // after each success.
    Layer  layer;
    double done = 0, piece = dt;
    while (dt - done > 1e-12 * dt)
      {
        piece = std::min(piece, dt - done);
        if (implicit_step(f, D_ref, piece, layer))
          {
            done += piece, piece *= 2;
            const auto [d, z] = narrowest();
            AssertThrow(d > 2 * std::cbrt(material.Omega),
                        ExcMessage("Shape evolution: the column pinched off "
                                   "at z = " + std::to_string(z / 1e-9) +
                                   " nm (diameter " + std::to_string(d / 1e-9) +
                                   " nm, below two atoms)."));
          }
        else
          {
            piece /= 2;
            AssertThrow(piece > dt * 1e-6,
                        ExcMessage("Shape evolution: no converged, accurate "
                                   "step even on a millionth of the step "
                                   "(narrowest diameter " +
                                   std::to_string(narrowest().first / 1e-9) +
                                   " nm); check the surface data."));
          }
      }
    return layer;
  }

  bool
  ColumnShape::implicit_step(const Fields &f,
                             const double  D_ref,
                             const double  dt,
                             Layer        &layer)
  {
    const Layer        start = solve(f);
    const unsigned int n     = R.size();
    const double Omega = material.Omega, delta = material.delta_s;
    const double R_ref  = *std::max_element(R.begin(), R.end());
    const double kT_ref = k_B * f.T.front();
    const double g_ref  = D_ref * 2 * M_PI * R_ref / h;
    const std::vector<double> R_old = R;

    // Unknowns per node, interleaved: Phi / kT_ref and R / R_ref; the end
    // nodes' are held (identity rows).
    std::vector<double> u(2 * n);
    for (unsigned int i = 0; i < n; ++i)
      u[2 * i] = start.Phi[i] / kT_ref, u[2 * i + 1] = R[i] / R_ref;
    const std::vector<double> u_held = u;
    std::vector<double>       phi(n), r(n);
    const auto residual = [&](const std::vector<double> &w,
                              std::vector<double>       &res) {
      for (unsigned int i = 0; i < n; ++i)
        phi[i] = w[2 * i] * kT_ref, r[i] = w[2 * i + 1] * R_ref;
      if (*std::min_element(r.begin(), r.end()) <= 0)
        return false;
      const EdgeNetwork          network = layer_network(f, r);
      const std::vector<double>  F       = fluxes(network, phi);
      const std::vector<double> &V = network.V, &x = network.exchange;
      res.assign(2 * n, 0.0);
      res[0] = w[0] - u_held[0], res[1] = w[1] - u_held[1];
      res[2 * n - 2] = w[2 * n - 2] - u_held[2 * n - 2];
      res[2 * n - 1] = w[2 * n - 1] - u_held[2 * n - 1];
      for (unsigned int i = 1; i + 1 < n; ++i)
        {
          const double net_in = F[i - 1] - F[i];
          if (ell == 0)
            res[2 * i] = (phi[i] - V[i]) / kT_ref;
          else
            {
              const double c = std::exp((phi[i] - V[i]) / (k_B * f.T[i]));
              res[2 * i] = (x[i] * (c - 1) / Omega - net_in) * Omega / g_ref;
            }
          res[2 * i + 1] =
            (M_PI * (r[i] * r[i] - R_old[i] * R_old[i]) * h / dt -
             Omega * delta * net_in) /
            (delta * g_ref);
        }
      return true;
    };

    // The Jacobian's pattern: a node's rows see the nodes within two.
    DynamicSparsityPattern dsp(2 * n, 2 * n);
    for (unsigned int i = 0; i < n; ++i)
      for (unsigned int j = (i < 2 ? 0 : i - 2); j < std::min(n, i + 3); ++j)
        for (unsigned int a = 0; a < 2; ++a)
          for (unsigned int b = 0; b < 2; ++b)
            dsp.add(2 * i + a, 2 * j + b);
    SparsityPattern pattern;
    pattern.copy_from(dsp);
    SparseMatrix<double> jacobian(pattern);
    std::vector<double>  res0, res1, w;
    Vector<double>       rhs(2 * n), du(2 * n);
    for (unsigned int it = 0;; ++it)
      {
        if (it == 30 || !residual(u, res0))
          return false; // not converging, or a radius went through zero
        // Finite differences by colours: unknowns five nodes apart share
        // no row.
        jacobian = 0;
        for (unsigned int colour = 0; colour < 10; ++colour)
          {
            const unsigned int type = colour / 5, first = colour % 5;
            w                       = u;
            for (unsigned int j = first; j < n; j += 5)
              w[2 * j + type] += 1e-7 * std::max(1.0, std::abs(u[2 * j + type]));
            if (!residual(w, res1))
              continue;
            for (unsigned int j = first; j < n; j += 5)
              {
                const unsigned int col = 2 * j + type;
                const double       eps = w[col] - u[col];
                for (unsigned int i = (j < 2 ? 0 : j - 2);
                     i < std::min(n, j + 3);
                     ++i)
                  for (unsigned int a = 0; a < 2; ++a)
                    {
                      const double d = (res1[2 * i + a] - res0[2 * i + a]) / eps;
                      if (d != 0)
                        jacobian.set(2 * i + a, col, d);
                    }
              }
          }
        for (unsigned int k = 0; k < 2 * n; ++k)
          rhs(k) = -res0[k];
        SparseDirectUMFPACK direct;
        try
          {
            direct.initialize(jacobian);
          }
        catch (const std::exception &)
          {
            return false; // singular: the iterate is far off
          }
        direct.vmult(du, rhs);
        // Damped: Phi by at most 2 kT, no radius below half its value.
        double step = 1, change = 0;
        for (unsigned int i = 0; i < n; ++i)
          {
            step = std::min(step, 2 / std::max(2.0, std::abs(du(2 * i))));
            if (du(2 * i + 1) < 0)
              step = std::min(step, 0.5 * u[2 * i + 1] / -du(2 * i + 1));
          }
        for (unsigned int k = 0; k < 2 * n; ++k)
          {
            u[k] += step * du(k);
            change = std::max(change, std::abs(step * du(k)));
          }
        if (!std::isfinite(change))
          return false;
        if (change < 1e-12)
          break;
      }
    // Accuracy, not only stability: no radius moves by more than a
    // quarter of the node spacing in one (sub)step.
    for (unsigned int i = 0; i < n; ++i)
      if (std::abs(u[2 * i + 1] * R_ref - R_old[i]) > 0.25 * h)
        return false;
    for (unsigned int i = 0; i < n; ++i)
      phi[i] = u[2 * i] * kT_ref, R[i] = u[2 * i + 1] * R_ref;
    layer = results(f, R, phi);
    volumes.surface_in += Omega * layer.foot_inflow * dt;
    volumes.surface_out += Omega * layer.contact_outflow * dt;
    return true;
  }

  void
  ColumnShape::translate(const double distance)
  {
    AssertThrow(std::isfinite(distance),
                ExcMessage("The core moves by a finite distance."));
    if (distance >= 0)
      {
        shift(distance);
        return;
      }
    // Toward the contact (a reversed flux): the same remap on the mirrored
    // column; material of the foot's radius enters at the foot and the
    // contact gives back what reaches its box.
    const Ledger before = volumes;
    volumes.plated = volumes.removed = 0;
    std::reverse(R.begin(), R.end());
    shift(-distance);
    std::reverse(R.begin(), R.end());
    const double entered_at_foot = volumes.plated, left_at_contact = volumes.removed;
    volumes         = before;
    volumes.removed -= entered_at_foot;
    volumes.plated -= left_at_contact;
  }

  void
  ColumnShape::shift(const double distance)
  {
    const unsigned int n       = R.size();
    const unsigned int pieces  = std::ceil(distance / (0.5 * h));
    std::vector<double> a(n), m(n, 0.0), flux(n - 1);
    for (unsigned int p = 0; p < pieces; ++p)
      {
        const double s = distance / pieces; // at most half a box
        for (unsigned int i = 0; i < n; ++i)
          a[i] = R[i] * R[i];
        for (unsigned int i = 1; i + 1 < n; ++i)
          m[i] = mc_slope((a[i] - a[i - 1]) / h, (a[i + 1] - a[i]) / h);
        // What crosses the face between node i and i + 1 downward comes
        // from the lowest s of node i + 1's box (linear in it).
        for (unsigned int i = 0; i + 1 < n; ++i)
          {
            const double lo = -0.5 * h, hi = lo + s;
            flux[i] = M_PI * (a[i + 1] * s + m[i + 1] * (hi * hi - lo * lo) / 2);
          }
        // The held end boxes: plated material of the contact's radius
        // enters the top; the foot removes what reaches its box.
        volumes.plated += M_PI * a[n - 1] * s;
        volumes.removed += flux[0];
        for (unsigned int i = 1; i + 1 < n; ++i)
          R[i] = std::sqrt(std::max(0.0, a[i] + (flux[i] - flux[i - 1]) /
                                                   (M_PI * h)));
      }
  }

  void
  ColumnShape::save(std::ostream &out) const
  {
    using binary_io::write_vector;
    write_vector(out, R);
    write_vector(out,
                 {volumes.surface_in,
                  volumes.surface_out,
                  volumes.plated,
                  volumes.removed});
  }

  void
  ColumnShape::load(std::istream &in)
  {
    using binary_io::read_vector;
    std::vector<double> r = read_vector(in, "column shape"),
                        l = read_vector(in, "column shape");
    AssertThrow(r.size() == R.size() && l.size() == 4,
                ExcMessage("The checkpoint's column shape has " +
                           std::to_string(r.size()) + " nodes, the run " +
                           std::to_string(R.size()) + "."));
    R       = r;
    volumes = {l[0], l[1], l[2], l[3]};
  }
} // namespace nanoconvect

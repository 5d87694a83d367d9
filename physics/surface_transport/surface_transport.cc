#include <deal.II/base/exceptions.h>

#include <physics/constants.h>
#include <physics/surface_transport/edge_network.h>
#include <physics/surface_transport/surface_transport.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace nanoconvect
{
  namespace
  {
    constexpr double k_B = constants::boltzmann;
  } // namespace

  SurfaceTransport1D::SurfaceTransport1D(const SurfaceMaterial &material,
                                         const double           radius)
    : material(material)
    , radius(radius)
  {}

  std::vector<double>
  SurfaceTransport1D::thermal_stress(const std::vector<double> &T,
                                     const double               T_0) const
  {
    std::vector<double> s(T.size());
    for (unsigned int i = 0; i < T.size(); ++i)
      s[i] = material.E * material.alpha * (T[i] - T_0);
    return s;
  }

  SurfaceTransport1D::Solution
  SurfaceTransport1D::solve(const Profile &p, const double back_stress) const
  {
    return solve_between(p, 0, material.Omega * back_stress);
  }

  SurfaceTransport1D::Solution
  SurfaceTransport1D::solve_between(const Profile &p,
                                    const double   mu_first,
                                    const double   mu_last) const
  {
    const unsigned int n_nodes = p.z.size();
    AssertThrow(n_nodes >= 2 && p.T.size() == n_nodes &&
                  p.sigma.size() == n_nodes &&
                  (p.kappa.empty() || p.kappa.size() == n_nodes),
                ExcMessage("Surface transport needs matching z, T, sigma "
                           "(and kappa, if given) with at least two nodes."));
    const unsigned int n_el  = n_nodes - 1;
    const double       Omega = material.Omega, Q = material.Q;
    // Mean curvature: the cylinder's unless given per node.
    const auto kappa = [&](const unsigned int i) {
      return p.kappa.empty() ? 1 / radius : p.kappa[i];
    };

    // Potential V = Omega sigma + gamma Omega kappa + Q ln T: with it,
    // Phi = k_B T ln(C Omega) + V.
    std::vector<double> V(n_nodes);
    for (unsigned int i = 0; i < n_nodes; ++i)
      V[i] = Omega * p.sigma[i] + material.gamma * Omega * kappa(i) +
             Q * std::log(p.T[i]);
    std::vector<double> Te(n_el), De(n_el), he(n_el);
    EdgeNetwork         network(n_nodes, Omega, "Surface transport");
    network.V = V;
    for (unsigned int e = 0; e < n_el; ++e)
      {
        Te[e] = 0.5 * (p.T[e] + p.T[e + 1]);
        De[e] = material.diffusivity(Te[e]);
        he[e] = p.z[e + 1] - p.z[e];
        AssertThrow(he[e] > 0, ExcMessage("Surface nodes must increase in z."));
        network.edges.push_back({e, e + 1, De[e] / he[e], k_B * Te[e]});
      }
    network.fixed.front() = network.fixed.back() = true;

    // Boundary values of mu at the two ends (Phi = mu + Q ln T), a start
    // linear in z between them, and the atoms' balance at the others.
    std::vector<double> phi(n_nodes);
    const double        phi_hot  = mu_first + Q * std::log(p.T.front());
    const double        phi_cold = mu_last + Q * std::log(p.T.back());
    for (unsigned int i = 0; i < n_nodes; ++i)
      phi[i] = phi_hot +
               (phi_cold - phi_hot) * (p.z[i] - p.z[0]) / (p.z.back() - p.z[0]);
    Solution   s;
    const bool mobile   = material.diffusivity(p.T.front()) > 0;
    s.newton_iterations = network.solve(phi, k_B * p.T.front());
    const auto flux     = [&](const unsigned int e) {
      return network.flux(e, phi).F;
    };

    // Results.
    s.z     = p.z;
    s.T     = p.T;
    s.sigma = p.sigma;
    s.Phi   = phi;
    s.C.resize(n_nodes);
    for (unsigned int i = 0; i < n_nodes; ++i)
      s.C[i] = std::exp((phi[i] - V[i]) / (k_B * p.T[i])) / Omega;
    const double length = p.z.back() - p.z.front();
    for (unsigned int e = 0; e < n_el; ++e)
      {
        const double J  = mobile ? flux(e) : 0.0;
        const double C  = 0.5 * (s.C[e] + s.C[e + 1]);
        const double kT = k_B * Te[e];
        const double dT = (p.T[e + 1] - p.T[e]) / he[e];
        const double ds = (p.sigma[e + 1] - p.sigma[e]) / he[e];
        // The drift parts of Eq. 2 at the element's mean concentration.
        const double J_T     = -De[e] * C * Q * dT / (kT * Te[e]);
        const double J_sigma = -De[e] * C * Omega * ds / kT;
        s.z_mid.push_back(0.5 * (p.z[e] + p.z[e + 1]));
        s.J.push_back(J);
        s.J_T.push_back(J_T);
        s.J_sigma.push_back(J_sigma);
        s.J_chemical.push_back(J - J_T - J_sigma);
        s.mean_J += J * he[e] / length;
        s.mean_J_T += J_T * he[e] / length;
        s.mean_J_sigma += J_sigma * he[e] / length;
      }
    // Atoms reaching the cold edge enter the contact around its perimeter.
    s.J_layer        = material.delta_s * s.J.back();
    s.insertion_rate = 2 * M_PI * radius * s.J_layer;
    s.core_speed     = Omega * s.insertion_rate / (M_PI * radius * radius);
    return s;
  }
} // namespace nanoconvect

#include <deal.II/base/exceptions.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparse_direct.h>
#include <deal.II/lac/sparse_matrix.h>
#include <deal.II/lac/sparsity_pattern.h>
#include <deal.II/lac/vector.h>

#include <physics/surface_transport/edge_network.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace nanoconvect
{
  using namespace dealii;

  EdgeNetwork::EdgeNetwork(const unsigned int n,
                           const double       Omega,
                           std::string        who)
    : V(n, 0.0)
    , fixed(n, false)
    , Omega(Omega)
    , who(std::move(who))
  {}

  scharfetter_gummel::EdgeFlux
  EdgeNetwork::flux(const unsigned int e, const std::vector<double> &phi) const
  {
    const Edge &ed = edges[e];
    return scharfetter_gummel::edge_flux(
      ed.g, ed.kT, Omega, V[ed.a], V[ed.b], phi[ed.a], phi[ed.b]);
  }

  unsigned int
  EdgeNetwork::solve(std::vector<double>                  &phi,
                     const double                          kT_ref,
                     std::unique_ptr<SparseDirectUMFPACK> *kept,
                     const bool                            reuse) const
  {
    const unsigned int n = V.size();
    AssertThrow(phi.size() == n && fixed.size() == n,
                ExcMessage(who + ": Phi and the held nodes must be given at "
                                 "every node."));
    AssertThrow(exchange.empty() ||
                  (exchange.size() == n && kT_node.size() == n),
                ExcMessage(who + ": the exchange needs a rate and a "
                                 "temperature at every node."));
    if (std::none_of(edges.begin(),
                     edges.end(),
                     [](const Edge &e) { return e.g > 0; }) ||
        std::all_of(fixed.begin(), fixed.end(), [](bool f) { return f; }))
      return 0;
    // A chain 0-1-2-... has a tridiagonal Jacobian.
    bool chain = edges.size() + 1 == n;
    for (unsigned int e = 0; chain && e < edges.size(); ++e)
      chain = edges[e].a == e && edges[e].b == e + 1;

    std::vector<double>  lower(n), diag(n), upper(n);
    SparsityPattern      pattern;
    SparseMatrix<double> jacobian;
    if (!chain)
      {
        DynamicSparsityPattern dsp(n, n);
        for (unsigned int i = 0; i < n; ++i)
          dsp.add(i, i);
        for (const Edge &ed : edges)
          {
            dsp.add(ed.a, ed.b);
            dsp.add(ed.b, ed.a);
          }
        pattern.copy_from(dsp);
        jacobian.reinit(pattern);
      }
    const auto add =
      [&](const unsigned int i, const unsigned int j, const double v) {
        if (!chain)
          jacobian.add(i, j, v);
        else if (j + 1 == i)
          lower[i] += v;
        else if (j == i)
          diag[i] += v;
        else
          upper[i] += v;
      };

    Vector<double> residual(n), dphi(n);
    // Sparse Jacobians are factorized only when the last update shows that
    // the factorization no longer contracts fast (the chord method: from a
    // warm start, one factorization serves the whole solve).
    std::unique_ptr<SparseDirectUMFPACK>  own;
    std::unique_ptr<SparseDirectUMFPACK> &direct = kept ? *kept : own;
    bool   factorized  = reuse && direct && direct->n() == n;
    bool   refactorize = false;
    double last_change = 0;
    for (unsigned int it = 0;; ++it)
      {
        AssertThrow(it < 50,
                    ExcMessage(who + ": Newton did not converge in 50 "
                                     "iterations."));
        residual = 0;
        if (chain)
          {
            std::fill(lower.begin(), lower.end(), 0.0);
            std::fill(diag.begin(), diag.end(), 0.0);
            std::fill(upper.begin(), upper.end(), 0.0);
          }
        else
          jacobian = 0;
        // Residual of a free node: the net flux leaving its box.
        for (unsigned int e = 0; e < edges.size(); ++e)
          {
            const Edge &ed = edges[e];
            const auto  f  = flux(e, phi);
            if (!fixed[ed.a])
              {
                residual(ed.a) += f.F;
                add(ed.a, ed.a, f.dF_da);
                add(ed.a, ed.b, f.dF_db);
              }
            if (!fixed[ed.b])
              {
                residual(ed.b) -= f.F;
                add(ed.b, ed.a, -f.dF_da);
                add(ed.b, ed.b, -f.dF_db);
              }
          }
        // Atoms the free nodes give to the crystal.
        for (unsigned int i = 0; i < exchange.size(); ++i)
          if (!fixed[i] && exchange[i] > 0)
            {
              const double c = std::exp((phi[i] - V[i]) / kT_node[i]) / Omega;
              residual(i) += exchange[i] * (c - 1 / Omega);
              add(i, i, exchange[i] * c / kT_node[i]);
            }
        for (unsigned int i = 0; i < n; ++i)
          if (fixed[i])
            {
              if (chain)
                diag[i] = 1, lower[i] = upper[i] = 0;
              else
                jacobian.set(i, i, 1.0);
            }
        if (chain)
          {
            // Thomas' algorithm (the held rows are identities).
            for (unsigned int i = 1; i < n; ++i)
              {
                const double w = lower[i] / diag[i - 1];
                diag[i] -= w * upper[i - 1];
                residual(i) -= w * residual(i - 1);
              }
            dphi(n - 1) = residual(n - 1) / diag[n - 1];
            for (int i = static_cast<int>(n) - 2; i >= 0; --i)
              dphi(i) = (residual(i) - upper[i] * dphi(i + 1)) / diag[i];
          }
        else
          {
            if (refactorize || !factorized)
              {
                direct = std::make_unique<SparseDirectUMFPACK>();
                direct->initialize(jacobian);
                factorized = true;
              }
            direct->vmult(dphi, residual);
          }
        double change = 0;
        for (unsigned int i = 0; i < n; ++i)
          if (!fixed[i])
            change = std::max(change,
                              scharfetter_gummel::damped_update(phi[i],
                                                                -dphi(i),
                                                                kT_ref));
        if (change < 1e-13 * kT_ref)
          return it + 1;
        // The factorization is kept while the update falls by 1e-2 or more
        // per iteration (the first reuse is tried after the first
        // iteration); a fresh one after a slower fall.
        refactorize = it > 0 && change > 1e-2 * last_change;
        last_change = change;
      }
  }
} // namespace nanoconvect

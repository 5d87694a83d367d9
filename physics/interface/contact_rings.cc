#include <deal.II/base/exceptions.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include <physics/constants.h>
#include <physics/interface/contact_rings.h>

#include <algorithm>
#include <cmath>

namespace nanoconvect
{
  using namespace dealii;

  ContactRings::ContactRings(const double radius, const unsigned int n_rings)
    : R(radius)
    , n(n_rings)
  {
    AssertThrow(radius > 0 && n_rings >= 2,
                ExcMessage("ContactRings needs a positive radius and at least "
                           "two rings."));
    for (unsigned int j = 0; j <= n; ++j)
      edges.push_back(R * j / n);
    set_up();
  }

  ContactRings::ContactRings(const std::vector<double> &e)
    : R(e.empty() ? 0.0 : e.back())
    , n(e.size() - 1)
    , edges(e)
  {
    AssertThrow(e.size() >= 3 && e.front() == 0 &&
                  std::is_sorted(e.begin(), e.end()) &&
                  std::adjacent_find(e.begin(), e.end()) == e.end(),
                ExcMessage("ContactRings needs at least two rings with "
                           "increasing edges from 0."));
    set_up();
  }

  void
  ContactRings::set_up()
  {
    for (unsigned int j = 0; j < n; ++j)
      {
        const double a = edge(j), b = edge(j + 1);
        area.push_back(M_PI * (b * b - a * a));
        centroid.push_back(2.0 / 3.0 * (b * b * b - a * a * a) /
                           (b * b - a * a));
      }
  }

  void
  ContactRings::set_areas(const std::vector<double> &weights)
  {
    double total = 0;
    for (const double w : weights)
      {
        AssertThrow(w > 0, ExcMessage("ContactRings: every ring's weight "
                                      "must be positive."));
        total += w;
      }
    AssertThrow(weights.size() == n,
                ExcMessage("ContactRings: one weight per ring."));
    for (unsigned int j = 0; j < n; ++j)
      area[j] = weights[j] * M_PI * R * R / total;
  }

  std::vector<double>
  ContactRings::cell_edges(const std::vector<double> &b, const unsigned int n)
  {
    AssertThrow(b.size() >= 2 && n >= 1,
                ExcMessage("ContactRings: no cell boundaries."));
    const std::size_t   m = b.size() - 1;
    const std::size_t   k = (m + n - 1) / n;
    std::vector<double> e;
    for (std::size_t i = 0; i < m; i += k)
      e.push_back(b[i]);
    e.push_back(b.back());
    return e;
  }

  std::vector<double>
  ContactRings::filled_edges(const double        R,
                             const unsigned int  n,
                             std::vector<double> radii)
  {
    std::sort(radii.begin(), radii.end());
    std::vector<double> e{0.0};
    for (unsigned int j = 1; j < n; ++j)
      {
        // Keep an edge only if a radius lies between it and the last kept.
        const double x    = R * j / n;
        const auto   from = std::lower_bound(radii.begin(), radii.end(), e.back());
        if (from != radii.end() && *from < x)
          e.push_back(x);
      }
    // The outer ring must hold a radius too, else merge it inward.
    if (e.size() > 1 &&
        std::lower_bound(radii.begin(), radii.end(), e.back()) == radii.end())
      e.pop_back();
    e.push_back(R);
    return e;
  }

  unsigned int
  ContactRings::ring_of(const double r) const
  {
    const auto it = std::upper_bound(edges.begin(), edges.end(), r);
    return std::min<unsigned int>(n - 1,
                                  std::max<long>(0, it - edges.begin() - 1));
  }

  double
  ContactRings::mean(const std::vector<double> &v) const
  {
    double sum = 0, total = 0;
    for (unsigned int j = 0; j < n; ++j)
      {
        sum += area[j] * v[j];
        total += area[j];
      }
    return sum / total;
  }

  ContactRings::StepLaw
  ContactRings::step(const double               dt,
                     const std::vector<double> &sigma_old,
                     const std::vector<double> &K,
                     const double               drained,
                     const double               delta_D,
                     const double               T,
                     const double               Omega) const
  {
    AssertThrow(sigma_old.size() == n && (K.empty() || K.size() == n * n),
                ExcMessage("ContactRings: one stress per ring and an n x n "
                           "stiffness."));
    AssertThrow(dt > 0 && delta_D > 0 && T > 0,
                ExcMessage("ContactRings: dt, delta D and T must be > 0."));
    const double kT = constants::boltzmann * T;
    // Conductances of the circles between rings (atoms/s per Pa).
    std::vector<double> G(n, 0.0); // G[j]: between ring j-1 and j
    for (unsigned int j = 1; j < n; ++j)
      G[j] = conductance(j, delta_D / kT);
    // D: the rings' net inflow per unit stress, (D s)_j = F_{j+1/2} -
    // F_{j-1/2}.
    FullMatrix<double> D(n, n);
    for (unsigned int j = 1; j < n; ++j)
      {
        // F_{j-1/2} = G[j] (s_j - s_{j-1}) into ring j-1, out of ring j.
        D(j - 1, j) += G[j];
        D(j - 1, j - 1) -= G[j];
        D(j, j) -= G[j];
        D(j, j - 1) += G[j];
      }
    // dev: less the area mean. S = dev K: the stress deviation of a
    // plating (Pa per m).
    double total = 0;
    for (double a : area)
      total += a;
    FullMatrix<double> P(n, n); // P(i, k) = delta_ik - A_k / total
    for (unsigned int i = 0; i < n; ++i)
      for (unsigned int k = 0; k < n; ++k)
        P(i, k) = (i == k ? 1.0 : 0.0) - area[k] / total;
    FullMatrix<double> S(n, n);
    if (!K.empty())
      {
        FullMatrix<double> Km(n, n);
        for (unsigned int i = 0; i < n; ++i)
          for (unsigned int k = 0; k < n; ++k)
            Km(i, k) = K[i * n + k];
        P.mmult(S, Km);
      }
    // (diag(A) - dt Omega D S) dh = dt Omega (D dev(sigma_old) + I e_last).
    FullMatrix<double> M(n, n), DS(n, n);
    D.mmult(DS, S);
    for (unsigned int i = 0; i < n; ++i)
      for (unsigned int k = 0; k < n; ++k)
        M(i, k) = (i == k ? area[i] : 0.0) - dt * Omega * DS(i, k);
    // The stress deviation before the plating: the committed one less
    // that of the uniform removal at the hot end (a uniform growth and an
    // equal removal translate the column and leave its stress alone).
    Vector<double> s_old(n), b0(n), b1(n), uniform(n), removal(n);
    const double   m = mean(sigma_old);
    uniform          = drained;
    S.vmult(removal, uniform);
    for (unsigned int j = 0; j < n; ++j)
      s_old(j) = sigma_old[j] - m - removal(j);
    D.vmult(b0, s_old);
    b0 *= dt * Omega;
    b1(n - 1) = dt * Omega;
    FullMatrix<double> inverse(n, n);
    inverse.invert(M);
    Vector<double> dh0(n), dh1(n), s0(n), s1(n);
    inverse.vmult(dh0, b0);
    inverse.vmult(dh1, b1);
    // The columns of D sum to zero, so the rings conserve the atoms:
    // sum A_j dh_j = dt Omega I. Restore it to round-off (a large dt makes
    // M ill-conditioned) by a uniform correction.
    const auto conserve = [&](Vector<double> &dh, const double volume) {
      double sum = 0;
      for (unsigned int j = 0; j < n; ++j)
        sum += area[j] * dh(j);
      dh.add((volume - sum) / total);
    };
    conserve(dh0, 0);
    conserve(dh1, dt * Omega);
    S.vmult(s0, dh0);
    s0 += s_old;
    S.vmult(s1, dh1);
    StepLaw law;
    law.dh0.assign(dh0.begin(), dh0.end());
    law.dh1.assign(dh1.begin(), dh1.end());
    law.s0.assign(s0.begin(), s0.end());
    law.s1.assign(s1.begin(), s1.end());
    // From the outer centroid to the perimeter the flux I meets the
    // conductance of the last half ring.
    const double G_R = conductance(n, delta_D / kT);
    law.c0           = s0(n - 1);
    law.c1           = s1(n - 1) + 1 / G_R;
    return law;
  }

  double
  ContactRings::conductance(const unsigned int j, const double mobility) const
  {
    // Circle j between the centroids of rings j - 1 and j; circle n, the
    // perimeter, from the outer centroid.
    const double inner = j < n ? centroid[j - 1] : centroid[n - 1];
    const double outer = j < n ? centroid[j] : R;
    return mobility * 2 * M_PI * edge(j) / (outer - inner);
  }

  std::vector<double>
  ContactRings::steady_stress(const double I,
                              const double delta_D,
                              const double T,
                              const double Omega,
                              double      &perimeter) const
  {
    const double kT = constants::boltzmann * T;
    // Uniform plating: the atoms of the area inside r_{j+1/2} cross it.
    std::vector<double> s(n, 0.0);
    for (unsigned int j = 1; j < n; ++j)
      {
        const double F = I * edge(j) * edge(j) / (R * R);
        const double G = conductance(j, delta_D / kT);
        s[j]           = s[j - 1] + F / G;
      }
    const double m = mean(s);
    for (double &x : s)
      x -= m;
    const double G_R = conductance(n, delta_D / kT);
    perimeter        = s[n - 1] + I / G_R;
    (void)Omega;
    return s;
  }
} // namespace nanoconvect

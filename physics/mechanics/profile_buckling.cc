// The Euler load of a column with a varying section (doc/model.md, 8.5).
#include <deal.II/base/exceptions.h>

#include <physics/mechanics/profile_buckling.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace nanoconvect
{
  namespace
  {
    /** A symmetric band matrix (half-bandwidth b): a(i, j) for j >= i. */
    class BandMatrix
    {
    public:
      BandMatrix(const std::size_t n, const std::size_t b)
        : n(n)
        , b(b)
        , data(n * (b + 1), 0.0)
      {}
      double &
      operator()(const std::size_t i, const std::size_t j)
      {
        return data[std::min(i, j) * (b + 1) + (std::max(i, j) - std::min(i, j))];
      }
      double
      operator()(const std::size_t i, const std::size_t j) const
      {
        return const_cast<BandMatrix &>(*this)(i, j);
      }
      std::vector<double>
      vmult(const std::vector<double> &x) const
      {
        std::vector<double> y(n, 0.0);
        for (std::size_t i = 0; i < n; ++i)
          for (std::size_t j = i; j < std::min(n, i + b + 1); ++j)
            {
              y[i] += (*this)(i, j) * x[j];
              if (j != i)
                y[j] += (*this)(i, j) * x[i];
            }
        return y;
      }
      /** In place: the upper factor U of U^T U. */
      void
      cholesky()
      {
        for (std::size_t i = 0; i < n; ++i)
          {
            double d = (*this)(i, i);
            for (std::size_t k = (i > b ? i - b : 0); k < i; ++k)
              d -= (*this)(k, i) * (*this)(k, i);
            AssertThrow(d > 0,
                        dealii::ExcMessage("The column's bending stiffness "
                                           "is not positive definite."));
            (*this)(i, i) = std::sqrt(d);
            for (std::size_t j = i + 1; j < std::min(n, i + b + 1); ++j)
              {
                double s = (*this)(i, j);
                for (std::size_t k = (j > b ? j - b : 0); k < i; ++k)
                  s -= (*this)(k, i) * (*this)(k, j);
                (*this)(i, j) = s / (*this)(i, i);
              }
          }
      }
      /** Solves U^T U x = y with the factor. */
      std::vector<double>
      solve(std::vector<double> x) const
      {
        for (std::size_t i = 0; i < n; ++i)
          {
            for (std::size_t k = (i > b ? i - b : 0); k < i; ++k)
              x[i] -= (*this)(k, i) * x[k];
            x[i] /= (*this)(i, i);
          }
        for (std::size_t i = n; i-- > 0;)
          {
            for (std::size_t j = i + 1; j < std::min(n, i + b + 1); ++j)
              x[i] -= (*this)(i, j) * x[j];
            x[i] /= (*this)(i, i);
          }
        return x;
      }

    private:
      std::size_t         n, b;
      std::vector<double> data;
    };

    double
    dot(const std::vector<double> &a, const std::vector<double> &b)
    {
      double s = 0;
      for (std::size_t i = 0; i < a.size(); ++i)
        s += a[i] * b[i];
      return s;
    }
  } // namespace

  double
  profile_buckling_load(const std::vector<double> &z,
                        const std::vector<double> &R,
                        const double               E,
                        const std::string         &ends)
  {
    AssertThrow(z.size() == R.size() && z.size() >= 3,
                dealii::ExcMessage("The buckling load needs a radius at each "
                                   "of three or more heights."));
    AssertThrow(ends == "clamped-clamped" || ends == "clamped-pinned" ||
                  ends == "clamped-guided" || ends == "clamped-free",
                dealii::ExcMessage("Unknown buckling end condition '" + ends +
                                   "'."));
    // Unknowns (w_i, w'_i) per node; the foot's two are held, so node i's
    // unknowns are 2 (i - 1) and 2 (i - 1) + 1.
    const std::size_t n_nodes = z.size(), n = 2 * (n_nodes - 1);
    BandMatrix        K(n, 3), G(n, 3);
    for (std::size_t e = 0; e + 1 < n_nodes; ++e)
      {
        const double h = z[e + 1] - z[e];
        AssertThrow(h > 0,
                    dealii::ExcMessage("The profile's heights must increase."));
        // The mean of R^4 over the element for R linear: (1/5) sum of
        // a^i b^(4 - i).
        const double a = R[e], b = R[e + 1];
        const double mean_R4 =
          (a * a * a * a + a * a * a * b + a * a * b * b + a * b * b * b +
           b * b * b * b) / 5;
        const double EI = E * M_PI * mean_R4 / 4;
        const std::array<std::array<double, 4>, 4> k = {
          {{{12, 6 * h, -12, 6 * h}},
           {{6 * h, 4 * h * h, -6 * h, 2 * h * h}},
           {{-12, -6 * h, 12, -6 * h}},
           {{6 * h, 2 * h * h, -6 * h, 4 * h * h}}}};
        const std::array<std::array<double, 4>, 4> g = {
          {{{36, 3 * h, -36, 3 * h}},
           {{3 * h, 4 * h * h, -3 * h, -h * h}},
           {{-36, -3 * h, 36, -3 * h}},
           {{3 * h, -h * h, -3 * h, 4 * h * h}}}};
        for (unsigned int i = 0; i < 4; ++i)
          for (unsigned int j = i; j < 4; ++j)
            {
              const long gi = long(2 * e + i) - 2, gj = long(2 * e + j) - 2;
              if (gi < 0 || gj < 0)
                continue; // the clamped foot
              K(gi, gj) += EI / (h * h * h) * k[i][j];
              G(gi, gj) += g[i][j] / (30 * h);
            }
      }
    // The contact's conditions: w = 0 (clamped, pinned), w' = 0 (clamped,
    // guided), by a unit diagonal and no geometric stiffness.
    std::vector<bool> held(n, false);
    held[n - 2] = ends == "clamped-clamped" || ends == "clamped-pinned";
    held[n - 1] = ends == "clamped-clamped" || ends == "clamped-guided";
    for (std::size_t i = n - 2; i < n; ++i)
      if (held[i])
        for (std::size_t j = (i > 3 ? i - 3 : 0); j < std::min(n, i + 4); ++j)
          {
            K(i, j) = (i == j) ? 1.0 : 0.0;
            G(i, j) = 0;
          }
    K.cholesky();
    // Inverse iteration from a sway growing along the column.
    std::vector<double> x(n);
    for (std::size_t i = 0; i + 1 < n; i += 2)
      {
        const double s = (z[i / 2 + 1] - z[0]) / (z.back() - z[0]);
        x[i]           = held[i] ? 0.0 : s * s;
        x[i + 1]       = held[i + 1] ? 0.0 : 2 * s;
      }
    double load = 0;
    for (unsigned int it = 0; it < 500; ++it)
      {
        std::vector<double> y = K.solve(G.vmult(x));
        for (std::size_t i = 0; i < n; ++i)
          if (held[i])
            y[i] = 0;
        // Rayleigh quotient y^T K y / y^T G y, with K y = G x.
        const double next = dot(y, G.vmult(x)) / dot(y, G.vmult(y));
        const double norm = std::sqrt(dot(y, y));
        for (std::size_t i = 0; i < n; ++i)
          x[i] = y[i] / norm;
        if (it > 0 && std::abs(next - load) <= 1e-12 * next)
          return next;
        load = next;
      }
    return load;
  }
} // namespace nanoconvect

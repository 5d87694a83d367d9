#include <physics/mechanics/solution_projection.h>

#include <cmath>

namespace nanoconvect
{
  SolutionProjection::SolutionProjection(const unsigned int max_vectors)
    : max_vectors(max_vectors)
  {
    AssertThrow(max_vectors > 0,
                ExcMessage("A solution projection needs room for at least "
                           "one vector."));
  }

  void
  SolutionProjection::initial_guess(const Vector &b, Vector &x) const
  {
    x = 0;
    for (const Vector &v : basis)
      x.add(v * b, v);
  }

  void
  SolutionProjection::add(const TrilinosWrappers::SparseMatrix &A,
                          const Vector                         &x)
  {
    Vector d(x), Ad(x);
    A.vmult(Ad, d);
    const double energy = d * Ad;
    if (!(energy > 0))
      return;
    // Classical Gram-Schmidt in the energy inner product, twice (once is
    // not enough when x lies close to the span).
    for (unsigned int pass = 0; pass < 2; ++pass)
      for (unsigned int i = 0; i < basis.size(); ++i)
        {
          const double c = images[i] * d; // x_i . A d
          d.add(-c, basis[i]);
          Ad.add(-c, images[i]);
        }
    double rest = d * Ad;
    if (!(rest > 1e-20 * energy))
      return; // x lies in the span already
    if (basis.size() == max_vectors)
      {
        // Full: restart from the newest solution.
        clear();
        d = x;
        A.vmult(Ad, d);
        rest = energy;
      }
    const double scale = 1 / std::sqrt(rest);
    d *= scale;
    Ad *= scale;
    basis.push_back(std::move(d));
    images.push_back(std::move(Ad));
  }

  void
  SolutionProjection::clear()
  {
    basis.clear();
    images.clear();
  }

  unsigned int
  SolutionProjection::size() const
  {
    return basis.size();
  }
} // namespace nanoconvect

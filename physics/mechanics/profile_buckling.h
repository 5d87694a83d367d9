#pragma once

#include <string>
#include <vector>

namespace nanoconvect
{
  /**
   * The Euler buckling load (N) of a column of revolution whose radius
   * varies along it (doc/model.md, section 8.5): the smallest P of
   * (E I(z) w'')'' + P w'' = 0 with I = pi R^4 / 4, the foot (first node)
   * clamped and the contact (last node) as `ends` says: "clamped-clamped",
   * "clamped-pinned", "clamped-guided" (no rotation, free to sway) or
   * "clamped-free". Hermite cubic beam elements between the profile's nodes
   * (z increasing, m), each with the exact mean of I over the element for
   * R linear along it; inverse iteration to a relative change of 1e-12
   * with a banded Cholesky factorization.
   */
  double
  profile_buckling_load(const std::vector<double> &z,
                        const std::vector<double> &R,
                        double                     youngs_modulus,
                        const std::string         &ends);
} // namespace nanoconvect

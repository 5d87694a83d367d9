#pragma once

// Internal to physics/mechanics: the column's strain in the axisymmetric
// (r, theta, z) and the 3D form, shared by the equilibrium solve and the
// buckling eigenproblem.

#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/base/tensor.h>

namespace nanoconvect::column_strain
{
  using namespace dealii;
    /** Index of z in the 3x3 strain (axisymmetric: r, theta, z). */
    inline constexpr unsigned int zz = 2;

    /**
     * Strain (3x3) of shape function i at quadrature point q (or, with
     * is_field, of the finite-element field whose value and gradient are
     * given). Axisymmetric: eps_rr = du_r/dr, eps_tt = u_r / r,
     * eps_zz = du_z/dz, eps_rz = (du_r/dz + du_z/dr) / 2.
     */
    template <int dim>
    SymmetricTensor<2, 3>
    strain_of(const Tensor<1, dim> &value,
              const Tensor<2, dim> &gradient,
              const double          r)
    {
      SymmetricTensor<2, 3> e;
      if constexpr (dim == 2)
        {
          e[0][0] = gradient[0][0];
          e[1][1] = value[0] / r;
          e[2][2] = gradient[1][1];
          e[0][2] = 0.5 * (gradient[0][1] + gradient[1][0]);
        }
      else
        for (unsigned int a = 0; a < 3; ++a)
          for (unsigned int b = a; b < 3; ++b)
            e[a][b] = 0.5 * (gradient[a][b] + gradient[b][a]);
      return e;
    }
} // namespace nanoconvect::column_strain

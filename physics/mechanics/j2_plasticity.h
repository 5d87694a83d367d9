#pragma once

#include <deal.II/base/symmetric_tensor.h>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Small-strain J2 (von Mises) plasticity with linear isotropic hardening
   * (doc/model.md, section 8.2): radial return and its consistent
   * (algorithmic) tangent, after Simo and Hughes, Computational Inelasticity
   * (1998), box 3.2, as in deal.II's step-42. Stresses and strains are 3x3
   * in every model (the axisymmetric one uses the r, theta, z components).
   */
  struct J2Material
  {
    double youngs_modulus = 0; // Pa
    double poissons_ratio = 0; // -
    double yield_strength = 0; // Pa (initial)
    double hardening      = 0; // Pa, d sigma_y / d eps_p (H)

    double
    shear_modulus() const
    {
      return youngs_modulus / (2 * (1 + poissons_ratio));
    }
    double
    bulk_modulus() const
    {
      return youngs_modulus / (3 * (1 - 2 * poissons_ratio));
    }
  };

  /** History at one quadrature point. */
  struct J2State
  {
    SymmetricTensor<2, 3> plastic_strain;
    double                equivalent_plastic_strain = 0; // sqrt(2/3)|eps_p|
  };

  struct J2Update
  {
    SymmetricTensor<2, 3> stress;
    SymmetricTensor<4, 3> tangent;
    J2State               state; // the history after this update
    bool                  plastic = false;
  };

  /** The stress, tangent and new history for the total mechanical strain
   *  (total minus eigenstrains) from the history old. */
  J2Update
  j2_return_map(const J2Material            &material,
                const SymmetricTensor<2, 3> &strain,
                const J2State               &old);

  /** The elastic trial: the stress C : (strain - old plastic strain), the
   *  elastic tangent C and the old history. The column's Newton iteration
   *  starts each solve with it (the elastic predictor, doc/model.md section
   *  8.3); j2_return_map returns it where the trial stress is admissible. */
  J2Update
  j2_elastic_trial(const J2Material            &material,
                   const SymmetricTensor<2, 3> &strain,
                   const J2State               &old);

  /** von Mises equivalent stress sqrt(3/2 s:s). */
  double
  von_mises(const SymmetricTensor<2, 3> &stress);
} // namespace nanoconvect

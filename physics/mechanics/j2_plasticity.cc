#include <physics/mechanics/j2_plasticity.h>

#include <cmath>
#include <utility>

namespace nanoconvect
{
  namespace
  {
    /** The trial state's deviatoric stress 2 mu dev(e) and pressure
     *  kappa tr(e) for the elastic strain e = strain - old plastic strain. */
    std::pair<SymmetricTensor<2, 3>, double>
    trial_stress(const J2Material            &m,
                 const SymmetricTensor<2, 3> &strain,
                 const J2State               &old)
    {
      const SymmetricTensor<2, 3> elastic = strain - old.plastic_strain;
      return {2 * m.shear_modulus() * deviator(elastic),
              m.bulk_modulus() * trace(elastic)};
    }

    SymmetricTensor<4, 3>
    one_one()
    {
      return outer_product(unit_symmetric_tensor<3>(),
                           unit_symmetric_tensor<3>());
    }
  } // namespace

  J2Update
  j2_elastic_trial(const J2Material            &m,
                   const SymmetricTensor<2, 3> &strain,
                   const J2State               &old)
  {
    const auto [s_trial, p] = trial_stress(m, strain, old);
    J2Update u;
    u.state   = old;
    u.stress  = s_trial + p * unit_symmetric_tensor<3>();
    u.tangent = m.bulk_modulus() * one_one() +
                2 * m.shear_modulus() * deviator_tensor<3>();
    return u;
  }

  J2Update
  j2_return_map(const J2Material            &m,
                const SymmetricTensor<2, 3> &strain,
                const J2State               &old)
  {
    const auto [s_trial, p] = trial_stress(m, strain, old);
    const double q_trial    = std::sqrt(1.5) * s_trial.norm(); // von Mises
    const double yield =
      m.yield_strength + m.hardening * old.equivalent_plastic_strain;
    if (q_trial <= yield)
      return j2_elastic_trial(m, strain, old);

    // Radial return: q = q_trial - 3 mu dgamma = yield + H dgamma.
    const double mu = m.shear_modulus(), kappa = m.bulk_modulus();
    const double dgamma           = (q_trial - yield) / (3 * mu + m.hardening);
    const SymmetricTensor<2, 3> n = s_trial / s_trial.norm();
    const double                beta = 1 - 3 * mu * dgamma / q_trial;
    J2Update                    u;
    u.state   = old;
    u.plastic = true;
    u.stress  = beta * s_trial + p * unit_symmetric_tensor<3>();
    u.state.plastic_strain += std::sqrt(1.5) * dgamma * n;
    u.state.equivalent_plastic_strain += dgamma;
    const double beta_bar = 3 * mu / (3 * mu + m.hardening) - (1 - beta);
    u.tangent = kappa * one_one() + 2 * mu * beta * deviator_tensor<3>() -
                2 * mu * beta_bar * outer_product(n, n);
    return u;
  }

  double
  von_mises(const SymmetricTensor<2, 3> &stress)
  {
    return std::sqrt(1.5) * deviator(stress).norm();
  }
} // namespace nanoconvect

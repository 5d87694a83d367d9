#pragma once

// Internal to physics/thermal: the quadratures and evaluators of the heat
// equation's weak form, shared by the assembly and the residual-based
// queries so both integrate the same way.

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/utilities.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/solver_control.h>

#include <string>

namespace nanoconvect::internal
{
  using namespace dealii;

  /** The message of a thermal linear solve that did not converge: which
   *  solver, where it stopped, what was asked and what to change. */
  inline std::string
  linear_solve_failed(const std::string                  &solver,
                      const SolverControl::NoConvergence &e,
                      const double                        tolerance,
                      const std::string                  &advice)
  {
    return "The thermal linear solver (" + solver +
           ") did not converge: residual " +
           Utilities::to_string(e.last_residual) + " after " +
           std::to_string(e.last_step) + " iterations, asked for " +
           Utilities::to_string(tolerance) + ". " + advice;
  }

  template <int dim>
  struct ThermalScratch
  {
    ThermalScratch(const Mapping<dim> &mapping, const FiniteElement<dim> &fe)
      : quadrature(fe.degree + 1)
      , face_quadrature(fe.degree + 1)
      , fe_values(mapping,
                  fe,
                  quadrature,
                  update_values | update_gradients | update_quadrature_points |
                    update_JxW_values)
      , fe_face_values(mapping,
                       fe,
                       face_quadrature,
                       update_values | update_quadrature_points |
                         update_JxW_values)
    {}

    const QGauss<dim>     quadrature;
    const QGauss<dim - 1> face_quadrature;
    FEValues<dim>         fe_values;
    FEFaceValues<dim>     fe_face_values;
  };

  /**
   * The theta scheme of doc/model.md, section 2.3, in one place: the terms
   * of the weak form's residual at a quadrature point,
   *
   *   r(v) = int [ rho c_p (T - T_old)/dt v + (theta k(T) grad T
   *                + (1 - theta) k(T_old) grad T_old) . grad v - q v ] dV
   *        + int_free (theta q_rad(T) + (1 - theta) q_rad(T_old)) v dA,
   *
   * steady: theta = 1 and no storage. The assembly takes its implicit
   * weights and explicit terms from here, the residual heat flows all of
   * it, so both agree for every theta.
   */
  template <int dim>
  struct ThetaScheme
  {
    double theta = 1; // implicit weight
    double dt    = 0; // s; 0: steady

    bool
    transient() const
    {
      return dt > 0;
    }
    /** The weight of the old state's conductive flux: 1 - theta, 0 when
     *  steady. */
    double
    explicit_weight() const
    {
      return transient() ? 1 - theta : 0.0;
    }
    /** The explicit part of the conductive flux, (1 - theta) k grad T_old. */
    Tensor<1, dim>
    explicit_flux(const double k_old, const Tensor<1, dim> &grad_T_old) const
    {
      return explicit_weight() * k_old * grad_T_old;
    }
    /** The whole conductive flux of the residual. */
    Tensor<1, dim>
    flux(const double          k,
         const Tensor<1, dim> &grad_T,
         const double          k_old,
         const Tensor<1, dim> &grad_T_old) const
    {
      return theta * k * grad_T + explicit_flux(k_old, grad_T_old);
    }
    /** Stored heat per volume and time, rho c_p (T - T_old)/dt. */
    double
    storage(const double rho_c, const double T, const double T_old) const
    {
      return transient() ? rho_c * (T - T_old) / dt : 0.0;
    }
    /** The explicit part of the radiated flux, (1 - theta) q_rad(T_old). */
    double
    explicit_radiation(const double q_rad_old) const
    {
      return transient() ? (1 - theta) * q_rad_old : 0.0;
    }
    /** The radiated flux of the residual. */
    double
    radiation(const double q_rad, const double q_rad_old) const
    {
      return theta * q_rad + explicit_radiation(q_rad_old);
    }
  };
} // namespace nanoconvect::internal

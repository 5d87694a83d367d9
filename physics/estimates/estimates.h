#pragma once

#include <deal.II/base/parameter_handler.h>

#include <nlohmann/json.hpp>

#include <physics/constants.h>
#include <physics/materials/surface_material.h>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Closed-form estimates of the paper (doc/model.md, section 5), computed
   * from their inputs: Eq. 1 both ways, the thermomigration and
   * stress-gradient surface fluxes at the reference concentration
   * C_s = 1/Omega, the core speed and the circulation period.
   * All arguments and results in SI units.
   */
  namespace estimates
  {
    using constants::boltzmann;
    using constants::electronvolt;

    /** Eq. 1, Omega sigma_b = Q ln(T_hot/T_cold): the back stress (Pa) at
     *  which the surface flux stalls. */
    double
    stall_stress(double Q, double Omega, double T_hot, double T_cold);

    /** Eq. 1 inverted: the temperature drop T_hot - T_cold (K) needed to
     *  sustain a back stress sigma_b (Pa) at the hot-end temperature. */
    double
    required_temperature_drop(double Q,
                              double Omega,
                              double T_hot,
                              double sigma_b);

    /** J_T = C D Q grad T / (k_B T^2) with C = 1/Omega (atoms/m^2/s). */
    double
    thermomigration_flux(double Omega,
                         double D_s,
                         double Q,
                         double grad_T,
                         double T);

    /** J_sigma = C D Omega grad sigma / (k_B T), grad sigma = E alpha grad T,
     *  C = 1/Omega (atoms/m^2/s). */
    double
    stress_gradient_flux(double Omega,
                         double D_s,
                         double E,
                         double alpha,
                         double grad_T,
                         double T);

    /** v = 4 Omega J delta_s / d (m/s): the volume Omega J (pi d delta_s)
     *  carried through the surface layer per second, spread over the
     *  contact area pi d^2/4. */
    double
    core_speed(double Omega, double J, double delta_s, double d);

    /** Inputs of the estimate table: the surface data (set from the
     *  "Surface" subsection), and the measured back stress, assumed
     *  gradient and observation time (subsection "Estimates"). */
    struct Inputs
    {
      // Surface data: the Cu defaults of the "Surface" subsection.
      double Omega       = SurfaceMaterial().Omega;               // m^3
      double Q           = SurfaceMaterial().Q;                   // J
      double D_s         = SurfaceMaterial().diffusivity(673.15); // m^2/s
      double delta_s     = SurfaceMaterial().delta_s;             // m
      double E           = SurfaceMaterial().E;                   // Pa
      double alpha       = SurfaceMaterial().alpha;               // 1/K
      double T_hot       = 673.15;                                // K
      double back_stress = 75e6;                                  // Pa
      double grad_T      = 1e8;                                   // K/m
      double d           = 55e-9;                                 // m
      double L           = 120e-9;                                // m
      double duration    = 41.2;                                  // s

      static void
      declare_parameters(ParameterHandler &prm);
      void
      parse_parameters(ParameterHandler &prm);
    };

    /** Every estimate from the inputs, as the "estimates" JSON section. */
    nlohmann::json
    evaluate(const Inputs &in);
  } // namespace estimates
} // namespace nanoconvect

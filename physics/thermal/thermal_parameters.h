#pragma once

#include <deal.II/base/parameter_handler.h>

#include <string>

namespace nanoconvect
{
  using namespace dealii;

  /** Parameters of the heat-conduction problem (subsection "Thermal"). */
  struct ThermalParameters
  {
    double T_hot  = 673.15; // K, hot face
    double T_cold = 293.15; // K, cold face

    unsigned int degree = 2;

    bool   radiation           = false;
    double emissivity          = 0.1;    // grey-body emissivity of free faces
    double ambient_temperature = 293.15; // K

    double contact_conductance = 0; // W/m^2/K, 0: perfect contact

    double       nonlinear_tolerance      = 1e-8; // K, max |T^{k+1} - T^k|
    unsigned int max_nonlinear_iterations = 50;
    double       linear_tolerance         = 1e-10; // relative residual
    unsigned int max_linear_iterations    = 1000;
    bool         matrix_free              = true; // 'Linear solver'
    /** 'Linear algebra': the library of the matrix-based solver. */
    enum class LinearAlgebra
    {
      trilinos,
      petsc
    };
    LinearAlgebra linear_algebra = LinearAlgebra::trilinos;

    bool         transient           = false;
    double       initial_temperature = 293.15; // K
    double       time_step           = 1e-12;  // s
    double       end_time            = 1e-9;   // s
    double       theta               = 1.0;    // 1: implicit Euler, 0.5: CN
    unsigned int output_interval     = 10;     // steps between outputs

    static void
    declare_parameters(ParameterHandler &prm);
    void
    parse_parameters(ParameterHandler &prm);
  };
} // namespace nanoconvect

#pragma once

#include <deal.II/base/parameter_handler.h>

#include <string>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Parameters of the column's elastic-plastic mechanics, the interfacial
   * plating (subsection "Mechanics";
   * doc/model.md, section 8). SI units inside.
   */
  struct MechanicsParameters
  {
    bool         enabled   = true;
    unsigned int degree    = 2;
    double       cell_size = 5e-9; // m

    enum class HotEnd
    {
      clamped, // bonded to the substrate: u = 0
      sliding  // u_z = 0, free to expand laterally (tests)
    };
    enum class ColdSupport
    {
      rigid,     // u_z = 0, frictionless
      spring,    // a linear spring of stiffness k_c (heated cantilever)
      free,      // traction free (tests)
      prescribed // u_z given (tests)
    };
    HotEnd      hot_end          = HotEnd::clamped;
    ColdSupport cold_support     = ColdSupport::rigid;
    double      spring_stiffness = 3.0; // N/m

    double hardening      = 1e9;  // Pa
    double size_exponent  = 0.66; // sigma_y ~ d^-m
    bool   reference_mean = true; // thermal strain about the column mean T
    double reference_temperature = 293.15; // K, when not the mean

    double growth_layer = 2e-9; // m

    double yield_anchor_diameter = 40e-9; // m, where the preset's sigma_y holds

    double      neck_diameter      = 0;     // m; 0: the column diameter
    double      buckling_factor    = 0.699; // effective-length factor K
    std::string buckling_condition = "clamped-pinned";
    bool        buckling_fe        = false; // FE eigenvalue instead of Euler
    /** 'Buckling eigensolver' of the FE buckling load. */
    enum class BucklingEigensolver
    {
      inverse_iteration,
      krylov_schur
    };
    BucklingEigensolver buckling_eigensolver =
      BucklingEigensolver::inverse_iteration;

    /** 'Linear solver': automatic, direct or CG + AMG. */
    std::string linear_solver = "automatic";
    /** 3D meshes up to this many DoFs factorize the elastic tangent with
     *  'automatic' (doc/performance.md: MUMPS took 2.6 s for 17.5 k Q1
     *  DoFs, then 0.13 s per solve against 0.31-0.45 s with AMG; 213 s and
     *  2.2 GB for 122 k, then 1.05 s against 2.4-3 s). */
    static constexpr double automatic_direct_dofs = 50000;
    /** Whether a Newton system with the elastic (the predictor's) or a
     *  consistent tangent of a mesh of n_dofs DoFs is solved with an LU
     *  factorization: 'direct', or 'automatic' in r-z and for the elastic
     *  tangent of 3D meshes up to automatic_direct_dofs (built once per
     *  mesh, it serves every solve's first iteration). */
    bool
    direct_solver(const int    dim,
                  const double n_dofs,
                  const bool   elastic_tangent) const
    {
      return linear_solver == "direct" ||
             (linear_solver == "automatic" &&
              (dim == 2 ||
               (elastic_tangent && n_dofs <= automatic_direct_dofs)));
    }
    /** 'Linear algebra': the library of the Newton systems'
     *  preconditioners (physics/mechanics/tangent_preconditioner.h). */
    enum class LinearAlgebra
    {
      trilinos,
      petsc
    };
    LinearAlgebra linear_algebra        = LinearAlgebra::trilinos;
    double        newton_tolerance      = 1e-9; // relative residual
    unsigned int  max_newton_iterations = 30;
    double        progress_interval     = 5; // s; 0: every Newton iteration

    static void
    declare_parameters(ParameterHandler &prm);
    void
    parse_parameters(ParameterHandler &prm);
  };

  /** Parameters of the coupled time loop (subsection "Time stepping"). */
  struct TimeSteppingParameters
  {
    double       end_time                = 60;   // s
    unsigned int max_cycles              = 0;    // 0: no limit
    double       initial_step            = 1e-4; // s
    double       max_step                = 1;    // s
    double       stress_increment        = 5e6; // Pa per step (adaptive target)
    double       steady_tolerance        = 1e-6; // relative change per step
    double       coupling_tolerance      = 1e-8; // relative, on sigma_b
    unsigned int max_coupling_iterations = 50;
    unsigned int output_interval         = 20; // steps between VTU outputs
    unsigned int checkpoint_interval     = 50; // steps; 0: none

    static void
    declare_parameters(ParameterHandler &prm);
    void
    parse_parameters(ParameterHandler &prm);
  };
} // namespace nanoconvect

#include <deal.II/base/exceptions.h>

#include <physics/mechanics/mechanics_parameters.h>
#include <physics/number_text.h>

namespace nanoconvect
{
  void
  MechanicsParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Mechanics");
    {
      prm.declare_entry("Enable",
                        "true",
                        Patterns::Bool(),
                        "Run the coupled model: interfacial plating, the "
                        "column's elastic-plastic response, back stress and "
                        "core translation over time. false: thermal and "
                        "surface transport only (at 'Surface transport/Back "
                        "stress').");
      prm.declare_entry("Finite element degree",
                        "2",
                        Patterns::Integer(1, 3),
                        "Degree of the Lagrange elements of the displacement.");
      prm.declare_entry("Cell size",
                        "5",
                        Patterns::Double(0),
                        "[nm] Cell size of the column's mechanics mesh; the "
                        "row at the contact is graded down to the growth "
                        "layer's thickness.");
      prm.declare_entry("Hot end",
                        "clamped",
                        Patterns::Selection("clamped|sliding"),
                        "clamped: bonded to the substrate (u = 0); sliding: "
                        "u_z = 0 only, free to expand laterally.");
      prm.declare_entry("Cold support",
                        "rigid",
                        Patterns::Selection("rigid|spring|free"),
                        "The tip at the cold contact: rigid (u_z = 0, "
                        "frictionless), spring (a linear spring of stiffness "
                        "'Spring stiffness', the heated cantilever of the "
                        "paper's Fig. 2) or free (no load, no back stress).");
      prm.declare_entry("Spring stiffness",
                        "3",
                        Patterns::Double(0),
                        "[N/m] k_c of the spring support. The paper's "
                        "cantilevers (4 um x 320 nm x 280 nm, Ag) have "
                        "k = E w t^3 / (4 L^3) = 3 N/m.");
      prm.declare_entry("Hardening modulus",
                        "1",
                        Patterns::Double(0),
                        "[GPa] H, linear isotropic hardening d sigma_y / d "
                        "eps_p (assumed; 0: perfectly plastic).");
      prm.declare_entry("Size exponent",
                        "0.66",
                        Patterns::Double(0, 2),
                        "m in sigma_y(d) = sigma_y(55 nm) (55 nm / d)^m, "
                        "'smaller is stronger' (Dou and Derby, Scripta Mater. "
                        "61, 524, 2009).");
      prm.declare_entry("Thermal strain reference",
                        "column mean",
                        Patterns::Anything(),
                        "[K] The temperature at which the column is free of "
                        "thermal strain alpha (T - T_0): a number, or "
                        "'column mean' (the column formed at its operating "
                        "temperature, as the experiment's columns do).");
      prm.declare_entry("Growth layer thickness",
                        "2",
                        Patterns::Double(0),
                        "[nm] The interfacial layer under the cold contact "
                        "that takes up the plated volume as a growth "
                        "eigenstrain: the row of cells on the contact, graded "
                        "to at most this height.");
      prm.declare_entry(
        "Yield anchor diameter",
        "40",
        Patterns::Double(1e-3),
        "[nm] Diameter at which the preset's yield strength holds: the "
        "paper's maximum strengths (Cu 482, Ag 338 MPa) were reached at the "
        "narrowest sections D_L of its smallest columns, a diameter its "
        "text does not state (assumed 40 nm, range 25-55 nm; doc/model.md, "
        "section 8.2). sigma_y(d) = sigma_y (d_anchor / d)^m.");
      prm.declare_entry("Neck diameter",
                        "0",
                        Patterns::Double(0),
                        "[nm] Minimum diameter of the necked hot end (the "
                        "paper's D_L, Fig. 2d) for the collapse check, which "
                        "takes the contact force over this section and "
                        "compares it with the yield strength at this "
                        "diameter; 0: the column diameter (no neck).");
      prm.declare_entry("Buckling end condition",
                        "clamped-pinned",
                        Patterns::Selection(
                          "clamped-clamped|clamped-pinned|clamped-guided|"
                          "clamped-free"),
                        "End conditions of the Euler load P = pi^2 E I / (K "
                        "L)^2: K = 0.5, 0.699, 1, 2.");
      prm.declare_entry("Buckling load",
                        "analytic",
                        Patterns::Selection("analytic|finite element"),
                        "analytic: Euler's load for 'Buckling end condition'; "
                        "finite element (3D only): the linear buckling "
                        "eigenvalue of the column's FE stiffness under its "
                        "actual supports, computed once ('Buckling "
                        "eigensolver').");
      prm.declare_entry(
        "Buckling eigensolver",
        "inverse iteration",
        Patterns::Selection("inverse iteration|Krylov-Schur"),
        "The eigensolver of 'Buckling load' = finite element. inverse "
        "iteration: K y = K_g x with the mechanics' linear solver and the "
        "Rayleigh quotient, to a relative change of 1e-8. Krylov-Schur: "
        "SLEPc's Krylov-Schur with shift-and-invert about 0 (K factorized "
        "by MUMPS through PETSc), to a relative residual of 1e-8. Both find "
        "the smallest eigenvalue of the same matrices.");
      prm.declare_entry(
        "Linear solver",
        "automatic",
        Patterns::Selection("automatic|direct|CG + AMG"),
        "The Newton steps' linear systems. direct: CG preconditioned by a "
        "sparse LU factorization of the tangent (Trilinos Amesos: KLU on "
        "one rank in r-z, MUMPS in 3D), the elastic tangent's made once "
        "per mesh, a consistent tangent's kept while it takes at most 4 "
        "iterations: insensitive to the conditioning of the graded growth "
        "layer and fast on r-z meshes; CG + AMG: conjugate gradients with "
        "Trilinos ML, lighter in memory and cheaper to set up on large 3D "
        "meshes, the elastic tangent's solves started from the projection "
        "onto its earlier solutions (the contact rings' unit responses). "
        "automatic: direct in r-z; in 3D direct for the elastic "
        "tangent up to 50,000 DoFs and CG + AMG otherwise. All solve to "
        "1e-12 (doc/performance.md).");
      prm.declare_entry(
        "Linear algebra",
        "Trilinos",
        Patterns::Selection("Trilinos|PETSc"),
        "The library of the Newton systems' preconditioners. Trilinos: "
        "Amesos (KLU in r-z, MUMPS in 3D) for 'direct', ML smoothed "
        "aggregation with the rigid-translation modes for 'CG + AMG'. "
        "PETSc: the tangent copied to a PETSc MPIAIJ matrix, factorized by "
        "MUMPS for 'direct', hypre BoomerAMG (the displacement's components "
        "as hypre's systems; HMIS, extended+i interpolation) for 'CG + "
        "AMG'. CG and the stopping test are the same in both.");
      prm.declare_entry("Newton tolerance",
                        "1e-9",
                        Patterns::Double(0),
                        "Relative residual at which the elastic-plastic "
                        "Newton iteration stops.");
      prm.declare_entry("Max Newton iterations",
                        "30",
                        Patterns::Integer(1),
                        "Newton iterations allowed per mechanics solve.");
      prm.declare_entry("Progress interval",
                        "5",
                        Patterns::Double(0),
                        "[s] A mechanics solve that runs longer than this "
                        "prints a progress line (Newton iteration, relative "
                        "residual, CG iterations, time) at most this often; "
                        "0: a line per Newton iteration.");
    }
    prm.leave_subsection();
  }

  void
  MechanicsParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Mechanics");
    {
      enabled   = prm.get_bool("Enable");
      degree    = prm.get_integer("Finite element degree");
      cell_size = prm.get_double("Cell size") * 1e-9;
      // Like every length of the stack: at least 0.01 nm (an atom's
      // spacing is ~0.25 nm).
      AssertThrow(cell_size >= 1e-11,
                  ExcMessage("Parameter 'Mechanics/Cell size' = " +
                             number_text(cell_size / 1e-9) +
                             " nm: must be at least 0.01 nm (the column's "
                             "cells are a few nm; 5 nm by default)."));
      hot_end =
        prm.get("Hot end") == "clamped" ? HotEnd::clamped : HotEnd::sliding;
      const std::string support = prm.get("Cold support");
      cold_support              = support == "rigid"    ? ColdSupport::rigid
                                  : support == "spring" ? ColdSupport::spring
                                                        : ColdSupport::free;
      spring_stiffness          = prm.get_double("Spring stiffness");
      AssertThrow(cold_support != ColdSupport::spring || spring_stiffness > 0,
                  ExcMessage("Parameter 'Mechanics/Spring stiffness' = 0 "
                             "with 'Cold support' = spring: the stiffness must "
                             "be positive (use 'free' for no support)."));
      hardening     = prm.get_double("Hardening modulus") * 1e9;
      size_exponent = prm.get_double("Size exponent");
      const std::string reference =
        Utilities::trim(prm.get("Thermal strain reference"));
      reference_mean = reference == "column mean";
      if (!reference_mean)
        {
          bool ok = true;
          try
            {
              reference_temperature = Utilities::string_to_double(reference);
            }
          catch (...)
            {
              ok = false;
            }
          AssertThrow(ok && reference_temperature > 0,
                      ExcMessage("Parameter 'Mechanics/Thermal strain "
                                 "reference' = '" +
                                 reference +
                                 "': expected a temperature in K (> 0) or "
                                 "'column mean'."));
        }
      growth_layer          = prm.get_double("Growth layer thickness") * 1e-9;
      yield_anchor_diameter = prm.get_double("Yield anchor diameter") * 1e-9;
      AssertThrow(growth_layer > 0,
                  ExcMessage("Parameter 'Mechanics/Growth layer thickness' = "
                             "0: must be positive."));
      neck_diameter         = prm.get_double("Neck diameter") * 1e-9;
      buckling_condition    = prm.get("Buckling end condition");
      buckling_factor       = buckling_condition == "clamped-clamped"  ? 0.5
                              : buckling_condition == "clamped-pinned" ? 0.699
                              : buckling_condition == "clamped-guided" ? 1.0
                                                                       : 2.0;
      buckling_fe           = prm.get("Buckling load") == "finite element";
      buckling_eigensolver  = prm.get("Buckling eigensolver") == "Krylov-Schur"
                                ? BucklingEigensolver::krylov_schur
                                : BucklingEigensolver::inverse_iteration;
      linear_solver         = prm.get("Linear solver");
      linear_algebra        = prm.get("Linear algebra") == "PETSc"
                                ? LinearAlgebra::petsc
                                : LinearAlgebra::trilinos;
      newton_tolerance      = prm.get_double("Newton tolerance");
      max_newton_iterations = prm.get_integer("Max Newton iterations");
      progress_interval     = prm.get_double("Progress interval");
    }
    prm.leave_subsection();
  }

  void
  TimeSteppingParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Time stepping");
    {
      prm.declare_entry("End time",
                        "60",
                        Patterns::Double(0),
                        "[s] The coupled run stops here at the latest.");
      prm.declare_entry("Maximum cycles",
                        "0",
                        Patterns::Integer(0),
                        "Stop after this many load-collapse cycles (0: no "
                        "limit).");
      prm.declare_entry("Initial time step",
                        "1e-4",
                        Patterns::Double(0),
                        "[s] First step (and the step after a collapse).");
      prm.declare_entry("Maximum time step",
                        "1",
                        Patterns::Double(0),
                        "[s] Upper bound of the adaptive step.");
      prm.declare_entry("Stress increment per step",
                        "5",
                        Patterns::Double(0),
                        "[MPa] The adaptive step aims at this change of the "
                        "back stress per step (grows by at most 4x per "
                        "step).");
      prm.declare_entry("Steady-state tolerance",
                        "1e-6",
                        Patterns::Double(0),
                        "Stop when the back stress and the core speed change "
                        "by less than this (relative) over a step.");
      prm.declare_entry("Coupling tolerance",
                        "1e-8",
                        Patterns::Double(0),
                        "Relative tolerance of the back stress in the fixed "
                        "point surface transport <-> mechanics within a "
                        "step.");
      prm.declare_entry("Max coupling iterations",
                        "50",
                        Patterns::Integer(1),
                        "Iterations allowed for that fixed point.");
      prm.declare_entry("Output interval",
                        "20",
                        Patterns::Integer(1),
                        "Steps between mechanics/surface VTU outputs (the "
                        "first and last steps and each collapse are always "
                        "written).");
      prm.declare_entry("Checkpoint interval",
                        "50",
                        Patterns::Integer(0),
                        "Steps between checkpoints in the output directory "
                        "(0: none); --restart DIR continues from one.");
    }
    prm.leave_subsection();
  }

  void
  TimeSteppingParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Time stepping");
    {
      end_time           = prm.get_double("End time");
      max_cycles         = prm.get_integer("Maximum cycles");
      initial_step       = prm.get_double("Initial time step");
      max_step           = prm.get_double("Maximum time step");
      stress_increment   = prm.get_double("Stress increment per step") * 1e6;
      steady_tolerance   = prm.get_double("Steady-state tolerance");
      coupling_tolerance = prm.get_double("Coupling tolerance");
      max_coupling_iterations = prm.get_integer("Max coupling iterations");
      output_interval         = prm.get_integer("Output interval");
      checkpoint_interval     = prm.get_integer("Checkpoint interval");
    }
    prm.leave_subsection();
    AssertThrow(initial_step > 0 && max_step >= initial_step,
                ExcMessage("Parameters 'Time stepping/Initial time step' and "
                           "'Maximum time step': need 0 < initial <= "
                           "maximum."));
    AssertThrow(stress_increment > 0,
                ExcMessage("Parameter 'Time stepping/Stress increment per "
                           "step' must be positive."));
  }
} // namespace nanoconvect

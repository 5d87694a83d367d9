#include <deal.II/base/exceptions.h>

#include <physics/number_text.h>
#include <physics/thermal/thermal_parameters.h>

#include <string>
#include <utility>

namespace nanoconvect
{
  void
  ThermalParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Thermal");
    {
      prm.declare_entry("Hot temperature",
                        "673.15",
                        Patterns::Double(0),
                        "[K] Temperature held on the substrate's bottom face "
                        "(the hot face).");
      prm.declare_entry("Cold temperature",
                        "293.15",
                        Patterns::Double(0),
                        "[K] Temperature held on the tip's top face (the cold "
                        "face).");
      prm.declare_entry("Finite element degree",
                        "2",
                        Patterns::Integer(1, 4),
                        "Polynomial degree of the Lagrange elements for T.");
      prm.declare_entry("Radiation",
                        "false",
                        Patterns::Bool(),
                        "Grey-body radiation to the ambient from all free "
                        "surfaces (column surface and the others); false: "
                        "adiabatic free surfaces (vacuum, the default).");
      prm.declare_entry(
        "Emissivity",
        "0.1",
        Patterns::Double(0, 1),
        "[-] Emissivity of the free surfaces (radiation only).");
      prm.declare_entry("Ambient temperature",
                        "293.15",
                        Patterns::Double(0),
                        "[K] Temperature of the surroundings seen by the free "
                        "surfaces (radiation only).");
      prm.declare_entry("Contact conductance",
                        "0",
                        Patterns::Double(0),
                        "[W/m^2/K] Interface (Kapitza) conductance h_K of the "
                        "column's contact with the cold side: heat flux "
                        "q = h_K [T] across it. 0: perfect thermal contact "
                        "(no temperature jump).");
      prm.declare_entry(
        "Nonlinear tolerance",
        "1e-8",
        Patterns::Double(0),
        "[K] The Picard/Newton loop for a temperature-dependent "
        "conductivity or radiation stops when the largest "
        "change of T is below this.");
      prm.declare_entry("Max nonlinear iterations",
                        "50",
                        Patterns::Integer(1),
                        "Iterations allowed to the nonlinear loop before the "
                        "run stops with an error.");
      prm.declare_entry("Linear solver tolerance",
                        "1e-10",
                        Patterns::Double(0, 1),
                        "[-] CG stops when the residual has dropped by this "
                        "factor relative to the right-hand side.");
      prm.declare_entry("Max linear iterations",
                        "1000",
                        Patterns::Integer(1),
                        "CG iterations allowed before the run stops with an "
                        "error.");
      prm.declare_entry(
        "Linear solver",
        "matrix-free",
        Patterns::Selection("matrix-free|matrix-based"),
        "matrix-free: CG with a geometric multigrid V-cycle on the mesh's "
        "own levels (local smoothing: Chebyshev smoothing on each level, "
        "CG + AMG on the coarsest level that covers the stack), the operator "
        "applied cell by cell without a matrix: 6-12 CG iterations on every "
        "mesh, r-z and 3D, and less time and memory than the matrix "
        "(doc/performance.md). matrix-based: the assembled matrix with CG + "
        "Trilinos ML AMG, for comparison. Both solve the same discrete "
        "problem. With 'Radiation' = true the run says so and solves "
        "matrix-based (the radiated flux is assembled).");
      prm.declare_entry(
        "Linear algebra",
        "Trilinos",
        Patterns::Selection("Trilinos|PETSc"),
        "The library of 'Linear solver' = matrix-based: Trilinos (Epetra "
        "matrix, CG + ML smoothed-aggregation AMG) or PETSc (MPIAIJ matrix, "
        "CG + hypre BoomerAMG with HMIS coarsening, extended+i "
        "interpolation and at most 4 interpolation entries a row). Both "
        "assemble the same matrix and stop CG at the same residual; "
        "doc/performance.md compares their times. The matrix-free solver "
        "uses neither: PETSc needs 'Linear solver' = matrix-based.");
      prm.declare_entry("Mode",
                        "steady",
                        Patterns::Selection("steady|transient"),
                        "steady: the quasi-static field (heat crosses the "
                        "stack in ~1e-10 s); transient: heat-up from the "
                        "initial temperature with a theta scheme.");
      prm.enter_subsection("Transient");
      {
        prm.declare_entry("Initial temperature",
                          "293.15",
                          Patterns::Double(0),
                          "[K] Uniform temperature at t = 0.");
        prm.declare_entry("Time step",
                          "1e-12",
                          Patterns::Double(0),
                          "[s] Constant time step.");
        prm.declare_entry("End time",
                          "1e-9",
                          Patterns::Double(0),
                          "[s] Time at which the heat-up run ends.");
        prm.declare_entry("Theta",
                          "1",
                          Patterns::Double(0.5, 1),
                          "[-] Theta of the time scheme: 1 implicit Euler, 0.5 "
                          "Crank-Nicolson.");
        prm.declare_entry("Output interval",
                          "10",
                          Patterns::Integer(1),
                          "Time steps between two outputs of the fields.");
      }
      prm.leave_subsection();
    }
    prm.leave_subsection();
  }

  void
  ThermalParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Thermal");
    {
      T_hot                    = prm.get_double("Hot temperature");
      T_cold                   = prm.get_double("Cold temperature");
      degree                   = prm.get_integer("Finite element degree");
      radiation                = prm.get_bool("Radiation");
      emissivity               = prm.get_double("Emissivity");
      ambient_temperature      = prm.get_double("Ambient temperature");
      contact_conductance      = prm.get_double("Contact conductance");
      nonlinear_tolerance      = prm.get_double("Nonlinear tolerance");
      max_nonlinear_iterations = prm.get_integer("Max nonlinear iterations");
      linear_tolerance         = prm.get_double("Linear solver tolerance");
      max_linear_iterations    = prm.get_integer("Max linear iterations");
      matrix_free              = prm.get("Linear solver") == "matrix-free";
      linear_algebra           = prm.get("Linear algebra") == "PETSc"
                                   ? LinearAlgebra::petsc
                                   : LinearAlgebra::trilinos;
      transient                = prm.get("Mode") == "transient";
      prm.enter_subsection("Transient");
      {
        initial_temperature = prm.get_double("Initial temperature");
        time_step           = prm.get_double("Time step");
        end_time            = prm.get_double("End time");
        theta               = prm.get_double("Theta");
        output_interval     = prm.get_integer("Output interval");
      }
      prm.leave_subsection();
    }
    prm.leave_subsection();

    AssertThrow(T_hot > 0 && T_cold > 0,
                ExcMessage("Parameters 'Thermal/Hot temperature' and "
                           "'Thermal/Cold temperature' are absolute "
                           "temperatures in K and must be positive."));
    // Every material of the stack (W melts at 3695 K) is liquid above this.
    constexpr double max_temperature = 4000;
    for (const auto &[name, T] :
         {std::pair<const char *, double>{"Hot temperature", T_hot},
          {"Cold temperature", T_cold},
          {"Ambient temperature", ambient_temperature},
          {"Transient/Initial temperature", initial_temperature}})
      AssertThrow(T <= max_temperature,
                  ExcMessage(std::string("Parameter 'Thermal/") + name +
                             "' = " + number_text(T) +
                             " K: temperatures are in K and at most " +
                             number_text(max_temperature) +
                             " K (above it every material of the stack has "
                             "melted)."));
    AssertThrow(T_hot > T_cold,
                ExcMessage("Parameter 'Thermal/Hot temperature' = " +
                           number_text(T_hot) +
                           " K must exceed 'Thermal/Cold temperature' = " +
                           number_text(T_cold) +
                           " K: the substrate is the column's hot end and "
                           "the tip its cold end."));
    AssertThrow(!transient || (time_step > 0 && end_time > 0),
                ExcMessage("Parameters 'Thermal/Transient/Time step' and "
                           "'End time' must be positive in transient mode."));
    AssertThrow(nonlinear_tolerance > 0 && linear_tolerance > 0,
                ExcMessage("Parameters 'Thermal/Nonlinear tolerance' and "
                           "'Thermal/Linear solver tolerance' must be "
                           "positive."));
    AssertThrow(!(matrix_free && linear_algebra == LinearAlgebra::petsc),
                ExcMessage("Parameter 'Thermal/Linear algebra' = PETSc "
                           "chooses the library of the assembled matrix, "
                           "but 'Thermal/Linear solver' = matrix-free "
                           "assembles none: set 'Thermal/Linear solver' = "
                           "matrix-based, or 'Thermal/Linear algebra' = "
                           "Trilinos."));
  }
} // namespace nanoconvect

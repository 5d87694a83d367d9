#pragma once

// The assembled heat equation A T = b and its solver, in the library the
// run chose ('Thermal/Linear algebra'): Trilinos (Epetra matrix, ML AMG) or
// PETSc (MPIAIJ matrix, hypre BoomerAMG). The thermal solver assembles into
// it cell by cell and reads the solution back into its own (Trilinos)
// vectors, so the rest of the code sees one temperature field whichever
// library solved for it.

#include <deal.II/base/index_set.h>
#include <deal.II/base/mpi.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include <physics/thermal/thermal_parameters.h>

#include <memory>
#include <vector>

namespace dealii
{
  class DynamicSparsityPattern;
  namespace TrilinosWrappers::MPI
  {
    class Vector;
  } // namespace TrilinosWrappers::MPI
} // namespace dealii

namespace nanoconvect
{
  using namespace dealii;

  struct ThermalSolveReport;

  class AssembledThermalSystem
  {
  public:
    virtual ~AssembledThermalSystem() = default;

    /** The matrix pattern of the locally owned rows and the right-hand side;
     *  dsp holds (at least) the owned rows. */
    virtual void
    reinit(const IndexSet               &owned,
           const DynamicSparsityPattern &dsp,
           MPI_Comm                      comm) = 0;
    /** Matrix and right-hand side to zero, before an assembly. */
    virtual void
    zero() = 0;
    /** One cell's contribution, with the constraints applied. */
    virtual void
    add(const AffineConstraints<double>            &constraints,
        const FullMatrix<double>                   &cell_matrix,
        const Vector<double>                       &cell_rhs,
        const std::vector<types::global_dof_index> &dofs) = 0;
    /** The end of an assembly: off-process contributions exchanged. */
    virtual void
    compress() = 0;
    /** CG with the library's algebraic multigrid from the start x (owned
     *  entries); the residual falls by 'relative_tolerance' relative to the
     *  right-hand side. Returns the iterations; stops with a message naming
     *  the solver and the parameters to change when CG does not converge. */
    virtual unsigned int
    solve(TrilinosWrappers::MPI::Vector &x,
          double                         relative_tolerance,
          unsigned int                   max_iterations,
          ThermalSolveReport            &report) = 0;
  };

  /** The system of 'Thermal/Linear algebra' for a mesh of this dimension
   *  and elements of this degree (each AMG is tuned to them). */
  std::unique_ptr<AssembledThermalSystem>
  make_assembled_thermal_system(ThermalParameters::LinearAlgebra library,
                                unsigned int                     dim,
                                unsigned int                     degree);
} // namespace nanoconvect

#include <deal.II/base/timer.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>

#include <physics/boomeramg.h>
#include <physics/petsc_copy.h>
#include <physics/thermal/thermal_linear_system.h>
#include <physics/thermal/thermal_scratch.h>
#include <physics/thermal/thermal_solver.h>

#include <type_traits>

namespace nanoconvect
{
  namespace
  {
    /** Trilinos: Epetra matrix, ML smoothed aggregation. */
    struct Trilinos
    {
      using Matrix         = TrilinosWrappers::SparseMatrix;
      using Vector         = TrilinosWrappers::MPI::Vector;
      using Preconditioner = TrilinosWrappers::PreconditionAMG;
      static constexpr const char *solver_name = "CG + Trilinos ML AMG";

      static void
      initialize(Preconditioner &amg,
                 const Matrix   &A,
                 const unsigned  dim,
                 const unsigned  degree)
      {
        (void)dim; // ML's aggregation needs no dimension for a scalar field
        Preconditioner::AdditionalData data;
        data.elliptic              = true;
        data.higher_order_elements = (degree > 1);
        data.smoother_sweeps       = 2;
        data.aggregation_threshold = 0.02;
        // Debian's Trilinos 13.2 throws bad_cast inside the default
        // Amesos-KLU coarse solve on more than one rank
        // (doc/platform.md); a few Gauss-Seidel sweeps on the (small)
        // coarsest level serve as well.
        data.coarse_type = "symmetric Gauss-Seidel";
        amg.initialize(A, data);
      }
    };

    /** PETSc: MPIAIJ matrix, hypre BoomerAMG. */
    struct PETSc
    {
      using Matrix         = PETScWrappers::MPI::SparseMatrix;
      using Vector         = PETScWrappers::MPI::Vector;
      using Preconditioner = PETScWrappers::PreconditionBoomerAMG;
      static constexpr const char *solver_name = "CG + hypre BoomerAMG";

      /** physics/boomeramg.h: HMIS, extended+i, Chebyshev smoothing. */
      static void
      initialize(Preconditioner &amg,
                 const Matrix   &A,
                 const unsigned  dim,
                 const unsigned  degree)
      {
        (void)degree; // BoomerAMG coarsens by matrix entries alone
        initialize_boomeramg(amg, A, dim);
      }
    };

    template <typename Library>
    class System : public AssembledThermalSystem
    {
    public:
      System(const unsigned int dim, const unsigned int degree)
        : dim(dim)
        , degree(degree)
      {}

      void
      reinit(const IndexSet               &owned,
             const DynamicSparsityPattern &dsp,
             MPI_Comm                      comm) override
      {
        matrix.reinit(owned, owned, dsp, comm);
        rhs.reinit(owned, comm);
      }

      void
      zero() override
      {
        matrix = 0;
        rhs    = 0;
      }

      void
      add(const AffineConstraints<double>            &constraints,
          const FullMatrix<double>                   &cell_matrix,
          const Vector<double>                       &cell_rhs,
          const std::vector<types::global_dof_index> &dofs) override
      {
        constraints.distribute_local_to_global(
          cell_matrix, cell_rhs, dofs, matrix, rhs);
      }

      void
      compress() override
      {
        matrix.compress(VectorOperation::add);
        rhs.compress(VectorOperation::add);
      }

      unsigned int
      solve(TrilinosWrappers::MPI::Vector &x,
            const double                   relative_tolerance,
            const unsigned int             max_iterations,
            ThermalSolveReport            &report) override
      {
        Timer                            timer;
        typename Library::Preconditioner amg;
        Library::initialize(amg, matrix, dim, degree);
        report.preconditioner_time += timer.wall_time();

        timer.restart();
        // deal.II's CG on either library's vectors: the same iteration and
        // the same stopping test (the unpreconditioned residual), so the two
        // libraries differ only in the matrix and the AMG.
        constexpr bool trilinos_vectors =
          std::is_same_v<typename Library::Vector,
                         TrilinosWrappers::MPI::Vector>;
        typename Library::Vector  local;
        typename Library::Vector *y = nullptr;
        if constexpr (trilinos_vectors)
          y = &x;
        else
          {
            local.reinit(x.locally_owned_elements(), x.get_mpi_communicator());
            copy_owned(x, local);
            y = &local;
          }
        SolverControl                      control(max_iterations,
                              relative_tolerance * rhs.l2_norm(),
                              false,
                              false);
        SolverCG<typename Library::Vector> cg(control);
        try
          {
            cg.solve(matrix, *y, rhs, amg);
          }
        catch (const SolverControl::NoConvergence &e)
          {
            AssertThrow(false,
                        ExcMessage(internal::linear_solve_failed(
                          Library::solver_name,
                          e,
                          control.tolerance(),
                          "Raise 'Thermal/Max linear iterations' or loosen "
                          "'Thermal/Linear solver tolerance', or check the "
                          "mesh for badly shaped cells.")));
          }
        if constexpr (!trilinos_vectors)
          copy_owned(local, x);
        report.solve_time += timer.wall_time();
        return control.last_step();
      }

    private:
      const unsigned int       dim;
      const unsigned int       degree;
      typename Library::Matrix matrix;
      typename Library::Vector rhs;
    };
  } // namespace

  std::unique_ptr<AssembledThermalSystem>
  make_assembled_thermal_system(const ThermalParameters::LinearAlgebra library,
                                const unsigned int                     dim,
                                const unsigned int                     degree)
  {
    if (library == ThermalParameters::LinearAlgebra::petsc)
      return std::make_unique<System<PETSc>>(dim, degree);
    return std::make_unique<System<Trilinos>>(dim, degree);
  }
} // namespace nanoconvect

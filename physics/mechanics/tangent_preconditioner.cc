#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_solver.h>

#include <physics/boomeramg.h>
#include <physics/mechanics/tangent_preconditioner.h>
#include <physics/petsc_copy.h>

#include <petscpc.h>

namespace nanoconvect
{
  namespace
  {
    /** A PETSc call that failed: the message names it. */
    void
    check(const PetscErrorCode code, const char *call)
    {
      AssertThrow(code == 0,
                  ExcMessage(std::string("PETSc: ") + call + " failed (error " +
                             std::to_string(code) +
                             ") for the mechanics' preconditioner."));
    }
  } // namespace

  struct TangentPreconditioner::Implementation
  {
    virtual ~Implementation() = default;
    virtual void
                vmult(TrilinosWrappers::MPI::Vector       &dst,
                      const TrilinosWrappers::MPI::Vector &src) const = 0;
    std::string name;
  };

  namespace
  {
    class TrilinosLU final : public TangentPreconditioner::Implementation
    {
    public:
      TrilinosLU(const TrilinosWrappers::SparseMatrix &A, const bool mumps)
        : direct(control,
                 TrilinosWrappers::SolverDirect::AdditionalData(
                   false,
                   mumps ? "Amesos_Mumps" : "Amesos_Klu"))
      {
        name = std::string("an LU factorization of the tangent (Trilinos "
                           "Amesos, ") +
               (mumps ? "MUMPS)" : "KLU)");
        direct.initialize(A);
      }
      void
      vmult(TrilinosWrappers::MPI::Vector       &dst,
            const TrilinosWrappers::MPI::Vector &src) const override
      {
        direct.solve(dst, src);
      }

    private:
      SolverControl                          control;
      mutable TrilinosWrappers::SolverDirect direct;
    };

    class TrilinosAMG final : public TangentPreconditioner::Implementation
    {
    public:
      TrilinosAMG(const TrilinosWrappers::SparseMatrix &A,
                  const unsigned int                    degree,
                  const std::vector<std::vector<bool>> &constant_modes)
      {
        name = "ML AMG";
        TrilinosWrappers::PreconditionAMG::AdditionalData data;
        data.elliptic              = true;
        data.higher_order_elements = degree > 1;
        data.smoother_sweeps       = 2;
        data.aggregation_threshold = 0.02;
        data.coarse_type    = "symmetric Gauss-Seidel"; // doc/performance.md
        data.constant_modes = constant_modes;
        amg.initialize(A, data);
      }
      void
      vmult(TrilinosWrappers::MPI::Vector       &dst,
            const TrilinosWrappers::MPI::Vector &src) const override
      {
        amg.vmult(dst, src);
      }

    private:
      TrilinosWrappers::PreconditionAMG amg;
    };

    /** The tangent copied to PETSc with the displacement's block size,
     *  and PETSc vectors of its layout. */
    class PetscCopy : public TangentPreconditioner::Implementation
    {
    protected:
      PetscCopy(const TrilinosWrappers::SparseMatrix &A, const unsigned int dim)
      {
        const IndexSet owned = A.locally_owned_range_indices();
        const MPI_Comm comm  = A.get_mpi_communicator();
        copy_to_petsc(A, owned, comm, matrix);
        check(MatSetBlockSize(matrix, dim), "MatSetBlockSize");
        in.reinit(owned, comm);
        out.reinit(owned, comm);
      }

      PETScWrappers::MPI::SparseMatrix   matrix;
      mutable PETScWrappers::MPI::Vector in, out;
    };

    class PetscLU final : public PetscCopy
    {
    public:
      PetscLU(const TrilinosWrappers::SparseMatrix &A, const unsigned int dim)
        : PetscCopy(A, dim)
      {
        name = "an LU factorization of the tangent (MUMPS through PETSc)";
        check(PCCreate(A.get_mpi_communicator(), &pc), "PCCreate");
        check(PCSetOperators(pc, matrix, matrix), "PCSetOperators");
        check(PCSetType(pc, PCLU), "PCSetType");
        check(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS),
              "PCFactorSetMatSolverType");
        check(PCSetUp(pc), "PCSetUp (the LU factorization)");
      }
      ~PetscLU() override
      {
        PCDestroy(&pc);
      }
      void
      vmult(TrilinosWrappers::MPI::Vector       &dst,
            const TrilinosWrappers::MPI::Vector &src) const override
      {
        copy_local_to_petsc(src, in);
        check(PCApply(pc, in, out), "PCApply");
        copy_local_from_petsc(out, dst);
      }

    private:
      PC pc = nullptr;
    };

    class PetscAMG final : public PetscCopy
    {
    public:
      PetscAMG(const TrilinosWrappers::SparseMatrix &A, const unsigned int dim)
        : PetscCopy(A, dim)
      {
        name = "hypre BoomerAMG";
        initialize_boomeramg(amg, matrix, dim);
      }
      void
      vmult(TrilinosWrappers::MPI::Vector       &dst,
            const TrilinosWrappers::MPI::Vector &src) const override
      {
        copy_local_to_petsc(src, in);
        amg.vmult(out, in);
        copy_local_from_petsc(out, dst);
      }

    private:
      PETScWrappers::PreconditionBoomerAMG amg;
    };
  } // namespace

  TangentPreconditioner::TangentPreconditioner(
    const TrilinosWrappers::SparseMatrix &A,
    const Library                         library,
    const Kind                            kind,
    const unsigned int                    dim,
    const unsigned int                    degree,
    const std::vector<std::vector<bool>> &constant_modes)
  {
    if (library == Library::trilinos)
      {
        if (kind == Kind::lu)
          implementation = std::make_unique<TrilinosLU>(A, dim == 3);
        else
          implementation =
            std::make_unique<TrilinosAMG>(A, degree, constant_modes);
      }
    else if (kind == Kind::lu)
      implementation = std::make_unique<PetscLU>(A, dim);
    else
      implementation = std::make_unique<PetscAMG>(A, dim);
  }

  TangentPreconditioner::~TangentPreconditioner() = default;

  void
  TangentPreconditioner::vmult(TrilinosWrappers::MPI::Vector       &dst,
                               const TrilinosWrappers::MPI::Vector &src) const
  {
    implementation->vmult(dst, src);
  }

  std::string
  TangentPreconditioner::name() const
  {
    return implementation->name;
  }
} // namespace nanoconvect

// The linear systems of the column's Newton steps ('Mechanics/Linear
// solver', doc/model.md section 8.3): CG to 1e-12 with a reused LU
// factorization of the tangent or with AMG, from Trilinos or PETSc
// ('Mechanics/Linear algebra'), the elastic tangent's solves started from
// the projection onto its solves before.
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>

#include <physics/mechanics/column_mechanics.h>
#include <physics/mechanics/solution_projection.h>
#include <physics/mechanics/tangent_preconditioner.h>

#include <string>

namespace nanoconvect
{
  template <int dim>
  unsigned int
  ColumnMechanics<dim>::solve_linear(TrilinosWrappers::MPI::Vector   &x,
                                     const AffineConstraints<double> &c,
                                     const Tangent                    tangent)
  {
    // CG to 1e-12 of the residual; a failure names the preconditioner.
    const double tolerance = 1e-12 * residual.l2_norm();
    const auto   cg_solve  = [&](const auto        &preconditioner,
                              const unsigned int max_steps,
                              const std::string &which,
                              const std::string &advice) {
      SolverControl control(max_steps, tolerance, false, false);
      SolverCG<TrilinosWrappers::MPI::Vector> cg(control);
      try
        {
          cg.solve(matrix, x, residual, preconditioner);
        }
      catch (const SolverControl::NoConvergence &e)
        {
          AssertThrow(false,
                      ExcMessage("The mechanics' linear solver (CG with " +
                                 which + ") did not converge: residual " +
                                 Utilities::to_string(e.last_residual) +
                                 " after " + std::to_string(e.last_step) +
                                 " iterations. Check 'Mechanics/Cold "
                                    "support' (a free column needs a clamped "
                                    "hot end)" +
                                 advice + "."));
        }
      return control.last_step();
    };

    const auto library =
      parameters.linear_algebra == MechanicsParameters::LinearAlgebra::petsc
        ? TangentPreconditioner::Library::petsc
        : TangentPreconditioner::Library::trilinos;
    const auto make = [&](const TangentPreconditioner::Kind kind) {
      return std::make_unique<TangentPreconditioner>(
        matrix, library, kind, dim, fe.degree, constant_modes);
    };
    unsigned int steps = 0;
    if (parameters.direct_solver(dim,
                                 dof_handler.n_dofs(),
                                 tangent == Tangent::elastic))
      {
        // CG preconditioned by the last LU factorization of this kind of
        // tangent: with the tangent it was made of, one iteration; while
        // the tangent barely changes, a few. When it no longer serves (more
        // than max_reuse_iterations: on the r-z meshes a factorization
        // costs about as much, doc/performance.md), the tangent is
        // factorized afresh and CG goes on from where it stopped.
        constexpr unsigned int                  max_reuse_iterations = 4;
        std::unique_ptr<TangentPreconditioner> &kept =
          tangent == Tangent::elastic ? elastic_factorization : factorization;
        bool reused = false;
        if (kept)
          {
            SolverControl reuse(max_reuse_iterations, tolerance, false, false);
            SolverCG<TrilinosWrappers::MPI::Vector> cg(reuse);
            try
              {
                cg.solve(matrix, x, residual, *kept);
                reused = true;
              }
            catch (const SolverControl::NoConvergence &)
              {}
            steps = reuse.last_step();
          }
        if (!reused)
          {
            kept = make(TangentPreconditioner::Kind::lu);
            ++factorizations;
            steps +=
              cg_solve(*kept, 100, kept->name(), "; the tangent is singular");
          }
      }
    else
      {
        // AMG, built afresh for each consistent tangent and once per mesh
        // for the elastic one.
        const std::string advice =
          ", or set 'Mechanics/Linear solver' = direct";
        if (tangent == Tangent::elastic)
          {
            // The elastic tangent serves every solve's predictor: CG starts
            // from the projection onto the solutions before (the contact
            // rings' unit responses span the coupling evaluations' loads).
            if (!elastic_amg)
              {
                elastic_amg = make(TangentPreconditioner::Kind::amg);
                elastic_projection =
                  std::make_unique<SolutionProjection>(max_kept_solutions);
              }
            elastic_projection->initial_guess(residual, x);
            steps = cg_solve(*elastic_amg, 5000, elastic_amg->name(), advice);
            elastic_projection->add(matrix, x);
          }
        else
          {
            const auto amg = make(TangentPreconditioner::Kind::amg);
            steps          = cg_solve(*amg, 5000, amg->name(), advice);
          }
      }
    c.distribute(x);
    return steps;
  }

  template <int dim>
  void
  ColumnMechanics<dim>::forget_elastic_preconditioner()
  {
    elastic_factorization.reset();
    elastic_amg.reset();
    elastic_projection.reset();
    matrix_is_elastic = false;
  }

  template unsigned int
  ColumnMechanics<2>::solve_linear(TrilinosWrappers::MPI::Vector &,
                                   const AffineConstraints<double> &,
                                   Tangent);
  template unsigned int
  ColumnMechanics<3>::solve_linear(TrilinosWrappers::MPI::Vector &,
                                   const AffineConstraints<double> &,
                                   Tangent);
  template void
  ColumnMechanics<2>::forget_elastic_preconditioner();
  template void
  ColumnMechanics<3>::forget_elastic_preconditioner();
} // namespace nanoconvect

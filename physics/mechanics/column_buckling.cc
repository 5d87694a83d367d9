// The column's buckling loads (doc/model.md, section 8.5): Euler's formula
// and the linear buckling eigenvalue of the finite-element column.
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/utilities.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/slepc_solver.h>
#include <deal.II/lac/slepc_spectral_transformation.h>
#include <deal.II/lac/sparsity_tools.h>

#include <meshes/ids.h>
#include <physics/mechanics/column_mechanics.h>
#include <physics/mechanics/column_strain.h>
#include <physics/mechanics/profile_buckling.h>
#include <physics/petsc_copy.h>
#include <physics/petsc_options.h>

#include <array>
#include <cmath>
#include <istream>
#include <map>
#include <ostream>

namespace nanoconvect
{
  using namespace column_strain;

  namespace
  {
    /** The smallest lambda of K x = lambda K_g x by SLEPc's Krylov-Schur
     *  with shift-and-invert about 0: the Krylov space of K^{-1} K_g, whose
     *  largest eigenvalue is 1 / lambda. K (symmetric positive definite
     *  under the supports) is factorized once by MUMPS (LU); K_g is
     *  positive semi-definite (zero on the constrained rows), which the
     *  generalized Hermitian form admits with SLEPc's eigenvector
     *  purification. */
    double
    krylov_schur_buckling(const TrilinosWrappers::SparseMatrix &K,
                          const TrilinosWrappers::SparseMatrix &K_g,
                          const IndexSet                       &owned,
                          const MPI_Comm                        comm,
                          const double                          tolerance,
                          const unsigned int                    max_iterations)
    {
      PETScWrappers::MPI::SparseMatrix A, B;
      copy_to_petsc(K, owned, comm, A);
      copy_to_petsc(K_g, owned, comm, B);

      // The shifted system's solver: one LU factorization by MUMPS. deal.II
      // 9.4's TransformationBase::set_solver reads a PETSc solver's KSP
      // before that solver has made one (a null dereference), so the
      // spectral transformation's own KSP is set through PETSc's options
      // database (prefix "st_"), which the eigensolver reads when it is
      // set up.
      const ScopedPetscOptions direct_shifted_solve(
        {{"-st_ksp_type", "preonly"},
         {"-st_pc_type", "lu"},
         {"-st_pc_factor_mat_solver_type", "mumps"}});
      SLEPcWrappers::TransformationShiftInvert shift_invert(
        comm, SLEPcWrappers::TransformationShiftInvert::AdditionalData(0.0));

      SolverControl control(max_iterations, tolerance, false, false);
      SLEPcWrappers::SolverKrylovSchur eigensolver(control, comm);
      eigensolver.set_transformation(shift_invert);
      eigensolver.set_problem_type(EPS_GHEP);
      eigensolver.set_target_eigenvalue(0.0);
      eigensolver.set_which_eigenpairs(EPS_TARGET_MAGNITUDE);

      std::vector<PetscScalar>                eigenvalues;
      std::vector<PETScWrappers::MPI::Vector> modes(1);
      modes[0].reinit(owned, comm);
      try
        {
          eigensolver.solve(A, B, eigenvalues, modes, 1);
        }
      catch (const SolverControl::NoConvergence &e)
        {
          AssertThrow(false,
                      ExcMessage("Buckling ('Mechanics/Buckling eigensolver' "
                                 "= Krylov-Schur): SLEPc found no converged "
                                 "eigenvalue in " +
                                 std::to_string(e.last_step) +
                                 " restarts; try 'inverse iteration'."));
        }
      AssertThrow(!eigenvalues.empty() && eigenvalues[0] > 0,
                  ExcMessage("Buckling ('Mechanics/Buckling eigensolver' = "
                             "Krylov-Schur): no positive eigenvalue; the "
                             "column's stiffness is not definite under its "
                             "supports."));
      return eigenvalues[0];
    }
  } // namespace

  template <int dim>
  double
  ColumnMechanics<dim>::euler_load() const
  {
    const double d  = geometry.column_diameter;
    const double I  = M_PI * std::pow(d, 4) / 64;
    const double KL = parameters.buckling_factor * geometry.column_length;
    return M_PI * M_PI * material.youngs_modulus * I / (KL * KL);
  }

  template <int dim>
  double
  ColumnMechanics<dim>::euler_load(const std::vector<double> &z,
                                   const std::vector<double> &R) const
  {
    return profile_buckling_load(z,
                                 R,
                                 material.youngs_modulus,
                                 parameters.buckling_condition);
  }

  template <int dim>
  double
  ColumnMechanics<dim>::buckling_load_fe(const double       tolerance,
                                         const unsigned int max_iterations)
  {
    AssertThrow(dim == 3,
                ExcMessage("The finite-element buckling load needs a 3D "
                           "column: the axisymmetric model has no lateral "
                           "modes ('Mechanics/Buckling load' = analytic)."));
    // K (elastic, under the supports) and K_g (unit axial compression).
    TrilinosWrappers::SparseMatrix geometric;
    geometric.reinit(matrix);
    matrix            = 0;
    matrix_is_elastic = false; // it holds the buckling problem's now
    geometric         = 0;
    const QGauss<dim>                    quadrature(fe.degree + 1);
    FEValues<dim>                        fe_values(*mapping,
                            fe,
                            quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    const FEValuesExtractors::Vector     u(0);
    const unsigned int                   n = fe.n_dofs_per_cell();
    FullMatrix<double>                   k_cell(n, n), g_cell(n, n);
    std::vector<types::global_dof_index> dofs(n);
    const double                         mu    = material.shear_modulus();
    const double                         kappa = material.bulk_modulus();
    const SymmetricTensor<4, 3>          C =
      kappa *
        outer_product(unit_symmetric_tensor<3>(), unit_symmetric_tensor<3>()) +
      2 * mu * deviator_tensor<3>();
    std::vector<SymmetricTensor<2, 3>> B(n);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dofs);
          k_cell = 0;
          g_cell = 0;
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            {
              const double w = fe_values.JxW(q);
              for (unsigned int i = 0; i < n; ++i)
                B[i] = strain_of<dim>(fe_values[u].value(i, q),
                                      fe_values[u].gradient(i, q),
                                      1.0);
              for (unsigned int i = 0; i < n; ++i)
                {
                  const SymmetricTensor<2, 3> CB = C * B[i];
                  const Tensor<2, dim>        gi = fe_values[u].gradient(i, q);
                  for (unsigned int j = 0; j < n; ++j)
                    {
                      k_cell(i, j) += (CB * B[j]) * w;
                      // sum_c d_z u_c(i) d_z u_c(j)
                      const Tensor<2, dim> gj     = fe_values[u].gradient(j, q);
                      double               zz_sum = 0;
                      for (unsigned int c = 0; c < dim; ++c)
                        zz_sum += gi[c][dim - 1] * gj[c][dim - 1];
                      g_cell(i, j) += zz_sum * w;
                    }
                }
            }
          zero_constraints.distribute_local_to_global(k_cell, dofs, matrix);
          zero_constraints.distribute_local_to_global(g_cell, dofs, geometric);
        }
    matrix.compress(VectorOperation::add);
    geometric.compress(VectorOperation::add);
    // Constrained rows of K_g hold zeros: those DoFs stay zero.
    for (const auto i : owned)
      if (zero_constraints.is_constrained(i))
        geometric.set(i, i, 0.0);
    geometric.compress(VectorOperation::insert);

    if (parameters.buckling_eigensolver ==
        MechanicsParameters::BucklingEigensolver::krylov_schur)
      return krylov_schur_buckling(
               matrix, geometric, owned, comm, tolerance, max_iterations) *
             contact_area();

    TrilinosWrappers::MPI::Vector x(owned, comm), y(owned, comm),
      t(owned, comm);
    // Start: a lateral sway growing along the column.
    std::map<types::global_dof_index, Point<dim>> support;
    DoFTools::map_dofs_to_support_points(*mapping, dof_handler, support);
    const double z0 = geometry.z_column_bottom();
    for (const auto i : owned)
      if (!zero_constraints.is_constrained(i) && support.count(i))
        x(i) = 1e-9 + (support[i][dim - 1] - z0) / geometry.column_length;
    x.compress(VectorOperation::insert);
    double lambda = 0;
    for (unsigned int it = 0; it < max_iterations; ++it)
      {
        geometric.vmult(residual, x); // the right-hand side K_g x
        y = 0;
        // Not the column's elastic tangent (no r weight, no spring): the
        // slot of the tangents that change, which checks what it reuses.
        solve_linear(y, zero_constraints, Tangent::consistent);
        matrix.vmult(t, y);
        const double num = y * t;
        geometric.vmult(t, y);
        const double den = y * t;
        AssertThrow(den > 0,
                    ExcMessage("Buckling: the geometric stiffness vanishes on "
                               "the iterate."));
        const double next = num / den;
        x                 = y;
        x /= x.l2_norm();
        if (it > 0 && std::abs(next - lambda) <= tolerance * next)
          {
            lambda = next;
            break;
          }
        lambda = next;
      }
    return lambda * contact_area();
  }

  template double
  ColumnMechanics<2>::euler_load() const;
  template double
  ColumnMechanics<3>::euler_load() const;
  template double
  ColumnMechanics<2>::euler_load(const std::vector<double> &,
                                 const std::vector<double> &) const;
  template double
  ColumnMechanics<3>::euler_load(const std::vector<double> &,
                                 const std::vector<double> &) const;
  template double
  ColumnMechanics<2>::buckling_load_fe(double, unsigned int);
  template double
  ColumnMechanics<3>::buckling_load_fe(double, unsigned int);
} // namespace nanoconvect

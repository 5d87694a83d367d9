#include <physics/boomeramg.h>
#include <physics/petsc_options.h>

namespace nanoconvect
{
  void
  initialize_boomeramg(PETScWrappers::PreconditionBoomerAMG   &amg,
                       const PETScWrappers::MPI::SparseMatrix &A,
                       const unsigned int                      dim)
  {
    const ScopedPetscOptions tuned({
      {"-pc_hypre_boomeramg_coarsen_type", "HMIS"},
      {"-pc_hypre_boomeramg_interp_type", "ext+i"},
      {"-pc_hypre_boomeramg_P_max", "4"},
    });
    using Relaxation =
      PETScWrappers::PreconditionBoomerAMG::AdditionalData::RelaxationType;
    PETScWrappers::PreconditionBoomerAMG::AdditionalData data;
    data.symmetric_operator = true;
    // hypre's advice for the strength threshold: 0.25 in 2D, 0.5 in 3D.
    data.strong_threshold = (dim == 3 ? 0.5 : 0.25);
    // Chebyshev smoothing, symmetric as CG needs: a V-cycle took
    // 0.10-0.15 s against 0.35-0.40 s with the hybrid symmetric SOR/Jacobi
    // that symmetric_operator selects (3D, 556 k DoFs; a matrix-vector
    // product 0.011 s), for 17 CG iterations instead of 14
    // (doc/performance.md).
    data.relaxation_type_down = Relaxation::Chebyshev;
    data.relaxation_type_up   = Relaxation::Chebyshev;
    amg.initialize(A, data);
  }
} // namespace nanoconvect

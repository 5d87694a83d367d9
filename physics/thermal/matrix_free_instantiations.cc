// deal.II's matrix-free classes for the SIMD width of the matrix-free thermal
// operator (cmake/simd.cmake). Compiled, like thermal_multigrid.cc, against
// deal.II's config.h with DEAL_II_VECTORIZATION_WIDTH_IN_BITS = 256: the
// library holds these classes for one lane only, so they are instantiated
// here from deal.II's installed templates, once, for the types
// thermal_multigrid.cc and test_heat_operator.cc use. Empty without SIMD.

// Compile-time kernels of the run-time-degree factories up to degree 2:
// the mappings' degrees 1 (the levels) and 2 (the curved 3D stack) at the
// Q2 element's points. Other degrees (a run with 'Thermal/Finite element
// degree' above 2) take deal.II's generic kernels. deal.II compiles up to 6,
// which would take minutes here.
#define FE_EVAL_FACTORY_DEGREE_MAX 2

#include <deal.II/base/config.h>

#if NANOCONVECT_SIMD_WIDTH > 0

#  if DEAL_II_VECTORIZATION_WIDTH_IN_BITS != NANOCONVECT_SIMD_WIDTH
#    error \
      "Compile this file with cmake/simd.cmake's flags (nanoconvect_simd_sources)."
#  endif

#  include <deal.II/matrix_free/evaluation_template_factory.templates.h>
// deal.II 9.4 guards the face factory's templates with the cell factory's
// include guard.
#  undef dealii_matrix_free_evaluation_template_factory_templates_h
#  include <deal.II/matrix_free/evaluation_template_face_factory.templates.h>
#  include <deal.II/matrix_free/evaluation_template_factory_hanging_nodes.templates.h>
#  include <deal.II/matrix_free/mapping_info.templates.h>
#  include <deal.II/matrix_free/matrix_free.templates.h>
#  include <deal.II/matrix_free/shape_info.templates.h>

DEAL_II_NAMESPACE_OPEN

// MatrixFree and the (private) set-up its reinit() calls, for the active
// mesh's double and the levels' float.
#  define NANOCONVECT_MATRIX_FREE(dim, Number)                           \
    template class MatrixFree<dim, Number>;                              \
    template void MatrixFree<dim, Number>::internal_reinit<double, dim>( \
      const std::shared_ptr<hp::MappingCollection<dim>> &,               \
      const std::vector<const DoFHandler<dim, dim> *> &,                 \
      const std::vector<const AffineConstraints<double> *> &,            \
      const std::vector<IndexSet> &,                                     \
      const std::vector<hp::QCollection<dim>> &,                         \
      const MatrixFree<dim, Number>::AdditionalData &);
NANOCONVECT_MATRIX_FREE(2, double)
NANOCONVECT_MATRIX_FREE(3, double)
NANOCONVECT_MATRIX_FREE(2, float)
NANOCONVECT_MATRIX_FREE(3, float)
#  undef NANOCONVECT_MATRIX_FREE

namespace internal
{
  // The mapping's data is computed in double for both number types.
  template struct FEEvaluationFactory<2, VectorizedArray<double>>;
  template struct FEEvaluationFactory<3, VectorizedArray<double>>;
  template struct FEEvaluationFactory<2, VectorizedArray<float>>;
  template struct FEEvaluationFactory<3, VectorizedArray<float>>;
  template struct FEFaceEvaluationFactory<2, VectorizedArray<double>>;
  template struct FEFaceEvaluationFactory<3, VectorizedArray<double>>;
  template struct FEEvaluationHangingNodesFactory<2,
                                                  double,
                                                  VectorizedArray<double>>;
  template struct FEEvaluationHangingNodesFactory<3,
                                                  double,
                                                  VectorizedArray<double>>;
  template struct FEEvaluationHangingNodesFactory<2,
                                                  float,
                                                  VectorizedArray<float>>;
  template struct FEEvaluationHangingNodesFactory<3,
                                                  float,
                                                  VectorizedArray<float>>;
} // namespace internal

DEAL_II_NAMESPACE_CLOSE

#endif

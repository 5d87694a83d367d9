#pragma once

// Internal to physics/thermal: the quadratures and evaluators of the heat
// equation's weak form, shared by the assembly and the residual-based
// queries so both integrate the same way.

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

namespace nanoconvect::internal
{
  using namespace dealii;

  template <int dim>
  struct ThermalScratch
  {
    ThermalScratch(const Mapping<dim> &mapping, const FiniteElement<dim> &fe)
      : quadrature(fe.degree + 1)
      , face_quadrature(fe.degree + 1)
      , fe_values(mapping,
                  fe,
                  quadrature,
                  update_values | update_gradients | update_quadrature_points |
                    update_JxW_values)
      , fe_face_values(mapping,
                       fe,
                       face_quadrature,
                       update_values | update_quadrature_points |
                         update_JxW_values)
    {}

    const QGauss<dim>     quadrature;
    const QGauss<dim - 1> face_quadrature;
    FEValues<dim>         fe_values;
    FEFaceValues<dim>     fe_face_values;
  };
} // namespace nanoconvect::internal

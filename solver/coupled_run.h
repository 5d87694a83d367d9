#pragma once

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/mpi.h>

#include <solver/catalyst.h>

#include <nlohmann/json.hpp>

namespace nanoconvect
{
  using namespace dealii;

  struct RunParameters;
  template <int dim>
  class ThermalModule;
  template <int dim>
  class SurfaceStep;
  class InterfaceModule;

  /**
   * The coupled time loop (doc/model.md, section 9): per step, the back
   * stress sigma_b that makes the surface transport's insertion, the
   * hot-end drainage and the column's mechanics agree (implicit Euler in the
   * plated and drained volumes, solved by a safeguarded secant iteration,
   * each iterate one surface solve and one elastic-plastic Newton solve);
   * collapse checks (yield of the narrowest section, Euler buckling) with
   * load-collapse cycles; an adaptive step; history.csv, the mechanics and
   * surface .pvd series, checkpoints and restart; the channels "bulk",
   * "column" and "surface" to Catalyst every 'Catalyst/Interval' steps and at
   * the last. Builds the mechanics module; returns the "mechanics" section
   * of summary.json; the surface and interface modules end at the final
   * state.
   */
  template <int dim>
  nlohmann::json
  run_coupled(const RunParameters &parameters,
              ThermalModule<dim>  &thermal,
              SurfaceStep<dim>    &surface,
              InterfaceModule     &interface,
              CatalystAdaptor     &catalyst,
              MPI_Comm             comm,
              ConditionalOStream  &pcout);
} // namespace nanoconvect

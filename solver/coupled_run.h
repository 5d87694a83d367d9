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
  class ThermalSolver;
  template <int dim>
  class SurfaceStep;

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
   * the last. Returns the "mechanics"
   * section of summary.json; the surface step ends at the final state.
   */
  template <int dim>
  nlohmann::json
  run_coupled(const RunParameters            &parameters,
              const ThermalSolver<dim>       &thermal,
              SurfaceStep<dim>               &surface,
              CatalystAdaptor                &catalyst,
              const CatalystAdaptor::Channel &bulk,
              MPI_Comm                        comm,
              ConditionalOStream             &pcout);
} // namespace nanoconvect

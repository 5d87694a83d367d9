#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include <nlohmann/json.hpp>

namespace nanoconvect
{
  using namespace dealii;

  struct RunParameters;
  template <int dim>
  class ThermalSolver;

  /** Parameters of the surface-transport step ("Surface transport"). */
  struct SurfaceTransportParameters
  {
    bool         enabled        = true;
    unsigned int n_elements     = 240;
    unsigned int refinements_3d = 3;
    double       back_stress    = 0; // Pa, compression positive
    bool         thermal_stress = true;

    static void
    declare_parameters(ParameterHandler &prm);
    void
    parse_parameters(ParameterHandler &prm);
  };

  /**
   * Surface transport on the column's free surface with the temperature
   * trace of the thermal solution (doc/model.md, section 6): solves it,
   * writes surface.csv and the surface.pvd/.vtu series (rank 0) and returns
   * the "surface" section of summary.json. Axisymmetric: along the
   * generatrix (SurfaceTransport1D). 3D: on the codimension-one mesh of the
   * column surface extracted from the stack (SurfaceTransportMesh), with the
   * bulk temperature's trace at its vertices.
   */
  template <int dim>
  nlohmann::json
  run_surface_transport(const RunParameters      &parameters,
                        const ThermalSolver<dim> &thermal,
                        MPI_Comm                  comm);
} // namespace nanoconvect

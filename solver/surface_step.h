#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include <deal.II/grid/tria.h>

#include <physics/surface_transport/surface_transport.h>
#include <physics/surface_transport/surface_transport_mesh.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

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

  /** Column-level results of one surface-transport solve. */
  struct SurfaceState
  {
    double       back_stress    = 0; // Pa, at the cold edge
    double       insertion_rate = 0; // atoms/s
    double       core_speed     = 0; // m/s, Omega rate / contact area
    double       mean_J = 0, mean_J_T = 0, mean_J_sigma = 0; // atoms/m^2/s
    double       T_hot = 0, T_cold = 0; // K, at the column's two ends
    unsigned int newton_iterations = 0;
  };

  /**
   * The surface transport of a run: samples the bulk temperature's trace once
   * (collective), then solves for any back stress (every rank the same
   * answer) and writes surface.csv and the surface.pvd series (rank 0).
   * Axisymmetric: along the generatrix (SurfaceTransport1D); 3D: on the
   * column-surface mesh extracted from the stack (SurfaceTransportMesh).
   */
  template <int dim>
  class SurfaceStep
  {
  public:
    SurfaceStep(const RunParameters      &parameters,
                const ThermalSolver<dim> &thermal,
                MPI_Comm                  comm);
    ~SurfaceStep();

    const SurfaceState &
    solve(double back_stress);
    /** surface.csv (the last solve) and surface_<index>.vtu in the series. */
    void
    write(unsigned int index, double time);
    /** The last solve's fields on Gamma_s as one VTU piece (coordinates in
     *  nm), written on rank 0; the other ranks write nothing. */
    void
    write_vtu(std::ostream &out) const;
    /** The "surface" section of summary.json for the last solve. */
    nlohmann::json
    summary() const;

    /** The .pvd records written so far (checkpoints). */
    std::vector<std::pair<double, std::string>> records;

  private:
    const RunParameters                  &prm;
    MPI_Comm                              comm;
    std::unique_ptr<SurfaceTransport1D>   line;
    SurfaceTransport1D::Profile           profile;
    SurfaceTransport1D::Solution          last_line;
    std::unique_ptr<Triangulation<2, 3>>  surface;
    std::unique_ptr<SurfaceTransportMesh> on_mesh;
    std::vector<double>                   node_T, node_sigma;
    SurfaceTransportMesh::Solution        last_mesh;
    SurfaceState                          state;
    double                                T_hot = 0, T_cold = 0;
  };

} // namespace nanoconvect

#pragma once

#include <deal.II/base/parameter_handler.h>

#include <meshes/stack_geometry.h>
#include <physics/estimates/estimates.h>
#include <physics/interface/interface_kinetics.h>
#include <physics/materials/material_table.h>
#include <physics/materials/surface_material.h>
#include <physics/mechanics/mechanics_parameters.h>
#include <physics/surface_transport/shape_parameters.h>
#include <physics/thermal/thermal_parameters.h>
#include <solver/catalyst.h>
#include <solver/study.h>
#include <solver/surface_step.h>

#include <set>
#include <string>

namespace nanoconvect
{
  using namespace dealii;

  /** What a run writes (subsection "Output"). */
  struct OutputParameters
  {
    bool                  write_vtu = true;
    std::set<std::string> fields; // see declare_parameters
    unsigned int          profile_samples = 400;
  };

  /**
   * Every parameter of a run: the top level ("Dimension", "Output
   * directory") and each module's own subsection.
   */
  struct RunParameters
  {
    unsigned int               dimension = 2;
    std::string                output_directory;
    OutputParameters           output;
    CatalystParameters         catalyst;
    StackGeometry              geometry;
    MaterialTable              materials;
    ThermalParameters          thermal;
    SurfaceMaterial            surface;
    SurfaceTransportParameters surface_transport;
    ShapeParameters            shape;
    MechanicsParameters        mechanics;
    InterfaceParameters        interface;
    TimeSteppingParameters     time_stepping;
    StudyParameters            study;
    estimates::Inputs estimates; // T_hot, d and L from Thermal and Geometry
    // Not a parameter: set by --restart DIR (continue from DIR/checkpoint).
    std::string restart_directory;

    /** Declares every entry of every module into prm. */
    static void
    declare_parameters(ParameterHandler &prm);
    /** Reads every module's entries; throws on values that do not fit. */
    void
    parse_parameters(ParameterHandler &prm);
  };
} // namespace nanoconvect

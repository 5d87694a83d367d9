#include <deal.II/base/utilities.h>

#include <meshes/ids.h>
#include <physics/number_text.h>
#include <solver/run_parameters.h>

namespace nanoconvect
{
  void
  RunParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Dimension",
                      "2",
                      Patterns::Integer(2, 3),
                      "2: the axisymmetric r-z section (x = r, y = z); "
                      "3: the full 3D stack.");
    prm.declare_entry("Output directory",
                      "output",
                      Patterns::DirectoryName(),
                      "Where the run writes its files (created if missing). "
                      "A directory that exists must be empty or hold an "
                      "earlier nanoconvect run. The command-line option -o "
                      "overrides it.");
    prm.enter_subsection("Output");
    {
      prm.declare_entry("Write vtu",
                        "true",
                        Patterns::Bool(),
                        "Write the fields as .pvtu/.vtu pieces with a .pvd "
                        "series (coordinates in nm) for ParaView.");
      prm.declare_entry(
        "Output fields",
        "temperature, temperature gradient, heat flux, material id, mpi rank",
        Patterns::MultipleSelection("temperature|temperature gradient|heat "
                                    "flux|material id|mpi rank"),
        "Fields written to the VTU files: T [K]; grad T and |grad T| [K/m]; "
        "heat flux -k grad T [W/m^2]; the region's material id; the MPI rank "
        "owning each cell.");
      prm.declare_entry("Profile samples",
                        "400",
                        Patterns::Integer(10, 100000),
                        "Points sampled along the axis for profiles.csv (the "
                        "column surface gets half as many).");
    }
    prm.leave_subsection();

    CatalystParameters::declare_parameters(prm);
    StackGeometry::declare_parameters(prm);
    MaterialTable::declare_parameters(prm);
    ThermalParameters::declare_parameters(prm);
    SurfaceMaterial::declare_parameters(prm);
    SurfaceTransportParameters::declare_parameters(prm);
    ShapeParameters::declare_parameters(prm);
    MechanicsParameters::declare_parameters(prm);
    InterfaceParameters::declare_parameters(prm);
    TimeSteppingParameters::declare_parameters(prm);
    StudyParameters::declare_parameters(prm);
    estimates::Inputs::declare_parameters(prm);
  }

  void
  RunParameters::parse_parameters(ParameterHandler &prm)
  {
    constexpr double min_neck_diameter = 1e-9; // m
    dimension        = prm.get_integer("Dimension");
    output_directory = prm.get("Output directory");
    prm.enter_subsection("Output");
    {
      output.write_vtu = prm.get_bool("Write vtu");
      output.fields.clear();
      for (const auto &f :
           Utilities::split_string_list(prm.get("Output fields"), ','))
        output.fields.insert(f);
      output.profile_samples = prm.get_integer("Profile samples");
    }
    prm.leave_subsection();
    catalyst.parse_parameters(prm);
    geometry.parse_parameters(prm);
    materials.parse_parameters(prm);
    materials.set_column_diameter(geometry.column_diameter);
    thermal.parse_parameters(prm);
    // The contact resistance lives in a thin layer of its own (doc/model.md,
    // section 2.4); without one the column touches the cold side directly.
    if (thermal.contact_conductance > 0)
      materials.set_contact_layer(thermal.contact_conductance,
                                  geometry.contact_layer_thickness);
    else
      geometry.contact_layer_thickness = 0;
    // Modules meet here: the column's material is handed to the modules
    // whose presets depend on it.
    const RegionMaterial &column = materials[ids::material::column];
    surface.parse_parameters(prm, column);
    surface_transport.parse_parameters(prm);
    mechanics.parse_parameters(prm);
    // A neck is narrower than the column and a few atoms wide at least.
    AssertThrow(mechanics.neck_diameter == 0 ||
                  (mechanics.neck_diameter >= min_neck_diameter &&
                   mechanics.neck_diameter <= geometry.column_diameter),
                ExcMessage("Parameter 'Mechanics/Neck diameter' = " +
                           number_text(mechanics.neck_diameter / 1e-9) +
                           " nm: must be 0 (no neck) or from " +
                           number_text(min_neck_diameter / 1e-9) +
                           " nm to 'Geometry/Column diameter' = " +
                           number_text(geometry.column_diameter / 1e-9) +
                           " nm."));
    interface.parse_parameters(prm, column.name);
    AssertThrow(!surface_transport.enabled || mechanics.enabled ||
                  surface_transport.stress_trace !=
                    SurfaceTransportParameters::StressTrace::mechanics,
                ExcMessage("Parameter 'Surface transport/Stress trace' = "
                           "mechanics needs 'Mechanics/Enable' = true; "
                           "without the mechanics choose 'thermal' (E alpha "
                           "(T - T_0), the mechanics' stress-free "
                           "temperature) or 'none'."));
    AssertThrow(!(mechanics.buckling_fe && dimension == 2),
                ExcMessage("Parameter 'Mechanics/Buckling load' = finite "
                           "element needs 'Dimension' = 3 (the axisymmetric "
                           "column has no lateral buckling modes); use "
                           "'analytic'."));
    shape.parse_parameters(prm);
    AssertThrow(!shape.evolve || (dimension == 2 && mechanics.enabled &&
                                  surface_transport.enabled),
                ExcMessage("Parameter 'Shape/Evolve' = true needs 'Dimension' "
                           "= 2 (the 3D free surface does not move yet), "
                           "'Mechanics/Enable' = true and 'Surface "
                           "transport/Enable' = true (the shape advances with "
                           "the coupled loop's steps)."));
    AssertThrow(!shape.evolve || mechanics.neck_diameter == 0,
                ExcMessage("Parameter 'Mechanics/Neck diameter' = " +
                           length_text(mechanics.neck_diameter) +
                           " with 'Shape/Evolve' = true: the evolving "
                           "profile gives the narrowest diameter; set it to "
                           "0 and start from a shape with a neck ('Shape/"
                           "Initial shape') instead."));
    if (shape.evolve)
      {
        // The shape's grid is the generatrix's: a perturbation needs four
        // nodes per wavelength at least, and a Newton step's finite-
        // difference Jacobian stays cheap up to a few thousand nodes.
        const double h = geometry.column_length / surface_transport.n_elements;
        AssertThrow(surface_transport.n_elements <= 4000,
                    ExcMessage("Parameter 'Surface transport/Surface elements' "
                               "= " +
                               std::to_string(surface_transport.n_elements) +
                               " with 'Shape/Evolve' = true: allowed are 2 to "
                               "4000."));
        AssertThrow((shape.initial != ShapeParameters::Initial::sinusoidal &&
                     shape.initial != ShapeParameters::Initial::random) ||
                      shape.wavelength >= 4 * h,
                    ExcMessage("Parameter 'Shape/Perturbation wavelength' = " +
                               length_text(shape.wavelength) +
                               ": must span four surface elements at least (" +
                               length_text(4 * h) +
                               " with 'Surface transport/Surface "
                               "elements' = " +
                               std::to_string(surface_transport.n_elements) +
                               ")."));
      }
    if (shape.evolve)
      shape.initial_radius({0.0, geometry.column_length},
                           geometry.column_diameter,
                           geometry.column_length); // the shape's errors now
    time_stepping.parse_parameters(prm);
    study.parse_parameters(prm);
    // One Catalyst session per process: ParaView's legacy Catalyst cannot
    // be started again after it was finalised.
    AssertThrow(!study.active() || catalyst.script.empty(),
                ExcMessage("Parameter 'Catalyst/Script' = '" + catalyst.script +
                           "' with 'Study/Parameter' = '" + study.parameter +
                           "': in situ visualisation runs one case per "
                           "process. Leave 'Catalyst/Script' empty in a study "
                           "(the cases write their VTU files) or run the "
                           "cases one by one."));
    estimates.parse_parameters(prm);
    estimates.Omega   = surface.Omega;
    estimates.Q       = surface.Q;
    estimates.delta_s = surface.delta_s;
    estimates.D_s     = surface.diffusivity(thermal.T_hot);
    estimates.E       = surface.E;
    estimates.alpha   = surface.alpha;
    estimates.T_hot   = thermal.T_hot;
    estimates.d       = geometry.column_diameter;
    estimates.L       = geometry.column_length;
  }
} // namespace nanoconvect

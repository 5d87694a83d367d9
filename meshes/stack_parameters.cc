// The stack's parameters (sizes in nm, mesh controls), their checks, and the
// exact region geometry (design section 1; doc/model.md, section 1).
#include <deal.II/base/exceptions.h>

#include <meshes/stack_geometry.h>
#include <physics/number_text.h>

#include <cmath>
#include <filesystem>
#include <string>

namespace nanoconvect
{
  namespace ids::material
  {
    const char *
    name(const types::material_id id)
    {
      switch (id)
        {
          case substrate:
            return "substrate";
          case column:
            return "column";
          case oxide:
            return "oxide";
          case tip:
            return "tip";
          case contact_layer:
            return "contact layer";
          default:
            return "unknown";
        }
    }
  } // namespace ids::material

  namespace
  {
    constexpr double nm = 1e-9;

    /** Lengths of the stack in nm outside this range are not what a user
     *  meant: below 0.01 nm (a tenth of an atom's radius) or above 0.1 mm. */
    constexpr double min_length_nm = 1e-2, max_length_nm = 1e5;

    /** Reads a length in nm that must be > 0 (or >= 0 if zero_allowed) and
     *  plausible; a value that looks like metres gets a hint. */
    double
    get_length(ParameterHandler  &prm,
               const std::string &name,
               const bool         zero_allowed = false)
    {
      const double      value = prm.get_double(name);
      const std::string entry =
        "Parameter 'Geometry/" + name + "' = " + number_text(value) + " nm: ";
      AssertThrow(value > 0 || (zero_allowed && value == 0),
                  ExcMessage(entry + "must be " +
                             (zero_allowed ? "zero or positive." : "positive.")));
      const bool metres = value > 0 && value < 1e-6;
      AssertThrow(value == 0 || (value >= min_length_nm && value <= max_length_nm),
                  ExcMessage(
                    entry + "lengths here are in nanometres, from " +
                    number_text(min_length_nm) + " to " +
                    number_text(max_length_nm) + " nm" +
                    (metres ? " (given in metres? " + number_text(value) +
                                " nm -- did you mean " +
                                number_text(value * 1e9) + " nm?)" :
                              "") +
                    "."));
      return value * nm;
    }

  } // namespace

  void
  StackGeometry::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    {
      prm.declare_entry("Mesh source",
                        "built-in",
                        Patterns::Selection("built-in|gmsh"),
                        "Where the mesh comes from: the built-in generator of "
                        "the stack, or a Gmsh .msh file whose physical groups "
                        "carry nanoconvect's material and boundary ids.");
      prm.declare_entry("Gmsh file",
                        "",
                        Patterns::FileName(),
                        "The .msh file read when 'Mesh source = gmsh'.");
      prm.declare_entry("Gmsh length unit",
                        "1e-9",
                        Patterns::Double(0),
                        "[m] Length of one unit of the Gmsh file's "
                        "coordinates (1e-9: the file is in nanometres).");
      prm.declare_entry("Substrate radius",
                        "100",
                        Patterns::Double(0),
                        "[nm] Radius of the hot substrate pillar.");
      prm.declare_entry("Substrate height",
                        "200",
                        Patterns::Double(0),
                        "[nm] Height of the substrate pillar; its bottom face "
                        "is the hot face.");
      prm.declare_entry("Column diameter",
                        "55",
                        Patterns::Double(0),
                        "[nm] Diameter d of the nanocrystal column.");
      prm.declare_entry("Column length",
                        "120",
                        Patterns::Double(0),
                        "[nm] Length L of the column between substrate and "
                        "oxide.");
      prm.declare_entry("Oxide radius",
                        "50",
                        Patterns::Double(0),
                        "[nm] Radius of the WO3 disc on the tip.");
      prm.declare_entry("Oxide thickness",
                        "5",
                        Patterns::Double(0),
                        "[nm] Thickness of the WO3 film; 0 removes it (the W "
                        "tip touches the column).");
      prm.declare_entry("Contact layer thickness",
                        "0.5",
                        Patterns::Double(0),
                        "[nm] Thickness of the thin layer on the column's top "
                        "that carries the contact resistance when "
                        "'Thermal/Contact conductance' > 0 (its "
                        "conductivity is that conductance times this "
                        "thickness, so its resistance is exactly 1/h_K).");
      prm.declare_entry("Tip radius",
                        "50",
                        Patterns::Double(0),
                        "[nm] Radius of the tungsten tip.");
      prm.declare_entry("Tip length",
                        "300",
                        Patterns::Double(0),
                        "[nm] Length of the tip; its top face is the cold "
                        "face.");
    }
    prm.leave_subsection();

    prm.enter_subsection("Mesh");
    {
      prm.declare_entry("Coarse cell size",
                        "12.5",
                        Patterns::Double(0),
                        "[nm] Target edge length of the coarse built-in mesh "
                        "(each part gets at least one cell across).");
      prm.declare_entry("Global refinement",
                        "1",
                        Patterns::Integer(0, 8),
                        "Uniform refinements, done last: every cell of the "
                        "graded coarse mesh split this many times.");
      prm.declare_entry("Corner refinement",
                        "3",
                        Patterns::Integer(0, 12),
                        "Extra refinement levels graded toward the column's "
                        "two rims, re-entrant corners where the temperature "
                        "gradient is singular: each pass splits the cells "
                        "of the coarse mesh that touch a rim.");
      prm.declare_entry("Oxide refinement",
                        "1",
                        Patterns::Integer(0, 6),
                        "Extra refinement levels in the thin oxide film.");
    }
    prm.leave_subsection();
  }

  void
  StackGeometry::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    {
      mesh_source             = prm.get("Mesh source");
      gmsh_file               = prm.get("Gmsh file");
      gmsh_length_unit        = prm.get_double("Gmsh length unit");
      substrate_radius        = get_length(prm, "Substrate radius");
      substrate_height        = get_length(prm, "Substrate height");
      column_diameter         = get_length(prm, "Column diameter");
      column_length           = get_length(prm, "Column length");
      oxide_radius            = get_length(prm, "Oxide radius");
      oxide_thickness         = get_length(prm, "Oxide thickness", true);
      tip_radius              = get_length(prm, "Tip radius");
      tip_length              = get_length(prm, "Tip length");
      contact_layer_thickness = get_length(prm, "Contact layer thickness");
    }
    prm.leave_subsection();

    prm.enter_subsection("Mesh");
    {
      coarse_cell_size = prm.get_double("Coarse cell size") * nm;
      AssertThrow(coarse_cell_size > 0,
                  ExcMessage("Parameter 'Mesh/Coarse cell size' must be "
                             "positive."));
      global_refinement = prm.get_integer("Global refinement");
      corner_refinement = prm.get_integer("Corner refinement");
      oxide_refinement  = prm.get_integer("Oxide refinement");
    }
    prm.leave_subsection();

    AssertThrow(column_radius() <= substrate_radius,
                ExcMessage("Parameter 'Geometry/Column diameter' = " +
                           length_text(column_diameter) +
                           ": the column must stand on the substrate, so its "
                           "radius must not exceed 'Substrate radius' = " +
                           length_text(substrate_radius) + "."));
    const double cover = oxide_thickness > 0 ? oxide_radius : tip_radius;
    AssertThrow(column_radius() <= cover,
                ExcMessage("Parameter 'Geometry/Column diameter' = " +
                           length_text(column_diameter) +
                           ": the column's top must be covered by the " +
                           (oxide_thickness > 0 ? "oxide ('Oxide radius' = "
                                                : "tip ('Tip radius' = ") +
                           length_text(cover) +
                           "), so its radius must not exceed "
                           "it."));
    AssertThrow(mesh_source != "gmsh" || !gmsh_file.empty(),
                ExcMessage("Parameter 'Geometry/Mesh source' = gmsh needs "
                           "'Geometry/Gmsh file' to name a .msh file."));
    AssertThrow(mesh_source != "gmsh" || std::filesystem::exists(gmsh_file),
                ExcMessage("Parameter 'Geometry/Gmsh file' = '" + gmsh_file +
                           "': no such file (paths are relative to the "
                           "directory nanoconvect is started in)."));
  }

  double
  StackGeometry::exact_volume(const types::material_id region) const
  {
    const auto disc = [](double r, double h) { return M_PI * r * r * h; };
    switch (region)
      {
        case ids::material::substrate:
          return disc(substrate_radius, substrate_height);
        case ids::material::column:
          return disc(column_radius(), column_length);
        case ids::material::oxide:
          return disc(oxide_radius, oxide_thickness);
        case ids::material::tip:
          return disc(tip_radius, tip_length);
        case ids::material::contact_layer:
          return disc(column_radius(), contact_layer_thickness);
        default:
          return 0;
      }
  }

  types::material_id
  StackGeometry::region_of(const double r, const double z) const
  {
    if (z < 0 || r < 0)
      return numbers::invalid_material_id;
    if (z < z_column_bottom())
      return r < substrate_radius ? ids::material::substrate
                                  : numbers::invalid_material_id;
    if (z < z_column_top())
      return r < column_radius() ? ids::material::column
                                 : numbers::invalid_material_id;
    if (z < z_oxide_bottom())
      return r < column_radius() ? ids::material::contact_layer
                                 : numbers::invalid_material_id;
    if (z < z_oxide_top())
      return r < oxide_radius ? ids::material::oxide
                              : numbers::invalid_material_id;
    if (z < z_top())
      return r < tip_radius ? ids::material::tip : numbers::invalid_material_id;
    return numbers::invalid_material_id;
  }

} // namespace nanoconvect

#include <deal.II/base/exceptions.h>
#include <deal.II/base/utilities.h>

#include <meshes/ids.h>
#include <physics/materials/material_table.h>
#include <physics/materials/presets.h>

#include <algorithm>

namespace nanoconvect
{
  namespace
  {
    // The stack's regions and their default materials (design notes,
    // section 1); the values come from physics/materials/presets.cc.
    struct RegionDefaults
    {
      const char *section;
      const char *material;
    };
    constexpr RegionDefaults region_defaults[4] = {{"Substrate", "Cu"},
                                                   {"Column", "Cu"},
                                                   {"Oxide", "WO3"},
                                                   {"Tip", "W"}};
  } // namespace

  void
  declare_preset_entry(ParameterHandler  &prm,
                       const std::string &entry,
                       const std::string &documentation)
  {
    prm.declare_entry(entry,
                      "",
                      Patterns::List(Patterns::Double(0), 0, 1),
                      documentation + " Empty: the material preset's value.");
  }

  double
  get_or_preset(const ParameterHandler &prm,
                const std::string      &entry,
                const double            preset_value,
                const double            scale)
  {
    const std::string text = Utilities::trim(prm.get(entry));
    return text.empty() ? preset_value :
                          Utilities::string_to_double(text) * scale;
  }

  double
  RegionMaterial::k(const double T) const
  {
    if (conductivity_table.empty())
      return conductivity;
    const auto &t = conductivity_table;
    if (T <= t.front().first)
      return t.front().second;
    if (T >= t.back().first)
      return t.back().second;
    const auto hi =
      std::upper_bound(t.begin(), t.end(), T, [](double x, const auto &e) {
        return x < e.first;
      });
    const auto   lo = hi - 1;
    const double w  = (T - lo->first) / (hi->first - lo->first);
    return (1 - w) * lo->second + w * hi->second;
  }

  std::vector<std::pair<double, double>>
  parse_conductivity_table(const std::string &text, const std::string &name)
  {
    std::vector<std::pair<double, double>> table;
    if (Utilities::trim(text).empty())
      return table;
    for (const std::string &entry : Utilities::split_string_list(text, ','))
      {
        const auto pair = Utilities::split_string_list(entry, ':');
        double     T = 0, k = 0;
        bool       ok = pair.size() == 2;
        try
          {
            if (ok)
              {
                T = Utilities::string_to_double(pair[0]);
                k = Utilities::string_to_double(pair[1]);
              }
          }
        catch (...)
          {
            ok = false;
          }
        AssertThrow(ok && T > 0 && k > 0,
                    ExcMessage("Parameter '" + name + "': entry '" + entry +
                               "' is not 'T:k' with T > 0 (K) and k > 0 "
                               "(W/m/K). Example: 300:160, 700:120."));
        AssertThrow(table.empty() || T > table.back().first,
                    ExcMessage("Parameter '" + name +
                               "': temperatures must increase from entry to "
                               "entry (at '" +
                               entry + "')."));
        table.emplace_back(T, k);
      }
    return table;
  }

  void
  MaterialTable::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Materials");
    for (const auto &d : region_defaults)
      {
        prm.enter_subsection(d.section);
        prm.declare_entry("Material",
                          d.material,
                          Patterns::Selection(material_preset_names()),
                          "Material preset of this region (doc/model.md, "
                          "section 4, with sources). Each entry below "
                          "overrides one of its values.");
        declare_preset_entry(prm,
                             "Thermal conductivity",
                             "[W/m/K] Constant thermal conductivity, used when "
                             "the table below is empty. The column's preset "
                             "value is its metal's nanowire conductivity at "
                             "the column's diameter (doc/model.md, section "
                             "4).");
        prm.declare_entry("Conductivity table",
                          "",
                          Patterns::Anything(),
                          "[K:W/m/K] Temperature-dependent conductivity as "
                          "'T1:k1, T2:k2, ...' with increasing T, interpolated "
                          "linearly and constant beyond the ends; empty: use "
                          "the constant value.");
        declare_preset_entry(prm,
                             "Density",
                             "[kg/m^3] Mass density (transient mode only).");
        declare_preset_entry(prm,
                             "Heat capacity",
                             "[J/kg/K] Specific heat capacity (transient mode "
                             "only).");
        declare_preset_entry(prm, "Young's modulus", "[GPa] E.");
        declare_preset_entry(prm, "Poisson's ratio", "[-] nu.");
        declare_preset_entry(prm,
                             "Thermal expansion",
                             "[1/K] alpha, linear thermal expansion.");
        declare_preset_entry(prm,
                             "Yield strength",
                             "[MPa] Yield strength at 'Mechanics/Yield anchor "
                             "diameter' (size-dependent: see 'Mechanics/Size "
                             "exponent').");
        prm.leave_subsection();
      }
    prm.leave_subsection();
  }

  void
  MaterialTable::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Materials");
    for (unsigned int i = 0; i < 4; ++i)
      {
        const std::string section = region_defaults[i].section;
        prm.enter_subsection(section);
        RegionMaterial &m = regions[i];
        m.name = prm.get("Material");
        const MaterialPreset &p = material_preset(m.name);
        m.conductivity =
          get_or_preset(prm, "Thermal conductivity", p.conductivity);
        m.conductivity_given =
          !Utilities::trim(prm.get("Thermal conductivity")).empty();
        m.density       = get_or_preset(prm, "Density", p.density);
        m.heat_capacity = get_or_preset(prm, "Heat capacity", p.heat_capacity);
        m.youngs_modulus =
          get_or_preset(prm, "Young's modulus", p.youngs_modulus, 1e9);
        m.poissons_ratio =
          get_or_preset(prm, "Poisson's ratio", p.poissons_ratio);
        m.thermal_expansion =
          get_or_preset(prm, "Thermal expansion", p.thermal_expansion);
        m.yield_strength =
          get_or_preset(prm, "Yield strength", p.yield_strength, 1e6);
        AssertThrow(m.poissons_ratio < 0.5,
                    ExcMessage("Parameter 'Materials/" + section +
                               "/Poisson's ratio' = " +
                               std::to_string(m.poissons_ratio) +
                               ": must be below 0.5."));
        m.conductivity_table =
          parse_conductivity_table(prm.get("Conductivity table"),
                                   "Materials/" + section +
                                     "/Conductivity table");
        AssertThrow(m.conductivity > 0 || m.temperature_dependent(),
                    ExcMessage("Parameter 'Materials/" + section +
                               "/Thermal conductivity' = 0: a conductivity "
                               "must be positive."));
        prm.leave_subsection();
      }
    prm.leave_subsection();
  }

  void
  MaterialTable::set_column_diameter(const double d)
  {
    RegionMaterial &column = regions[ids::material::column - 1];
    if (!column.conductivity_given && !column.temperature_dependent())
      column.conductivity = nanowire_conductivity(material_preset(column.name),
                                                  d);
  }

  const RegionMaterial &
  MaterialTable::operator[](const types::material_id id) const
  {
    AssertThrow(id >= 1 && id <= 5,
                ExcMessage("Material id " + std::to_string(id) +
                           " is not one of the stack's regions 1-5."));
    return regions[id - 1];
  }

  RegionMaterial &
  MaterialTable::operator[](const types::material_id id)
  {
    AssertThrow(id >= 1 && id <= 5,
                ExcMessage("Material id " + std::to_string(id) +
                           " is not one of the stack's regions 1-5."));
    return regions[id - 1];
  }

  void
  MaterialTable::set_contact_layer(const double conductance,
                                   const double thickness)
  {
    RegionMaterial &m = regions[4];
    m.name             = "contact";
    m.conductivity     = conductance * thickness;
    m.density          = 0;
    m.heat_capacity    = 0;
    m.conductivity_table.clear();
  }

  bool
  MaterialTable::any_temperature_dependent() const
  {
    return std::any_of(regions.begin(), regions.end(), [](const auto &m) {
      return m.temperature_dependent();
    });
  }
} // namespace nanoconvect

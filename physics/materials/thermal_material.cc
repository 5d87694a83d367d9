#include <deal.II/base/exceptions.h>
#include <deal.II/base/utilities.h>

#include <meshes/ids.h>
#include <physics/materials/thermal_material.h>

#include <algorithm>

namespace nanoconvect
{
  namespace
  {
    // Defaults per region (doc/model.md, section 4, with sources):
    // conductivities from the paper's Methods 4.6 (Cu nanowire 140 W/m/K after
    // Stojanovic et al. 2010; WO3 100 nm film 1.63 W/m/K after Wang et al.
    // 2006; W 173 W/m/K, bulk at 300 K); densities and heat capacities are
    // bulk room-temperature handbook values (CRC Handbook of Chemistry and
    // Physics).
    struct RegionDefaults
    {
      const char *section;
      const char *name;
      const char *k;
      const char *rho;
      const char *cp;
    };
    constexpr RegionDefaults region_defaults[4] = {
      {"Substrate", "Cu", "140", "8960", "385"},
      {"Column", "Cu", "140", "8960", "385"},
      {"Oxide", "WO3", "1.63", "7160", "315"},
      {"Tip", "W", "173", "19250", "132"}};
  } // namespace

  double
  ThermalMaterial::k(const double T) const
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
                          d.name,
                          Patterns::Selection("Cu|Ag|Al|W|WO3"),
                          "Name of the material of this region (labels the "
                          "outputs; the values below are what is used).");
        prm.declare_entry("Thermal conductivity",
                          d.k,
                          Patterns::Double(0),
                          "[W/m/K] Constant thermal conductivity, used when "
                          "the table below is empty.");
        prm.declare_entry("Conductivity table",
                          "",
                          Patterns::Anything(),
                          "[K:W/m/K] Temperature-dependent conductivity as "
                          "'T1:k1, T2:k2, ...' with increasing T, interpolated "
                          "linearly and constant beyond the ends; empty: use "
                          "the constant value.");
        prm.declare_entry("Density",
                          d.rho,
                          Patterns::Double(0),
                          "[kg/m^3] Mass density (transient mode only).");
        prm.declare_entry("Heat capacity",
                          d.cp,
                          Patterns::Double(0),
                          "[J/kg/K] Specific heat capacity (transient mode "
                          "only).");
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
        ThermalMaterial &m = regions[i];
        m.name             = prm.get("Material");
        m.conductivity     = prm.get_double("Thermal conductivity");
        m.density          = prm.get_double("Density");
        m.heat_capacity    = prm.get_double("Heat capacity");
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

  const ThermalMaterial &
  MaterialTable::operator[](const types::material_id id) const
  {
    AssertThrow(id >= 1 && id <= 5,
                ExcMessage("Material id " + std::to_string(id) +
                           " is not one of the stack's regions 1-5."));
    return regions[id - 1];
  }

  ThermalMaterial &
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
    ThermalMaterial &m = regions[4];
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

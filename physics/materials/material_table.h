#pragma once

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/types.h>

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Material of one region of the stack (doc/model.md, section 4): a named
   * preset (physics/materials/presets.h) with every value overridable. The
   * conductivity is a constant, or a table k(T) interpolated linearly and
   * held constant beyond its ends.
   */
  struct RegionMaterial
  {
    std::string name;
    double      conductivity  = 0; // W/m/K (used when the table is empty)
    double      density       = 0; // kg/m^3
    double      heat_capacity = 0; // J/kg/K
    std::vector<std::pair<double, double>> conductivity_table; // (K, W/m/K)
    double youngs_modulus    = 0; // Pa
    double poissons_ratio    = 0; // -
    double thermal_expansion = 0; // 1/K
    double yield_strength    = 0; // Pa, at the preset's reference diameter
    bool   conductivity_given = false; // 'Thermal conductivity' set in the file

    /** k(T) in W/m/K. */
    double
    k(double T) const;

    bool
    temperature_dependent() const
    {
      return !conductivity_table.empty();
    }
  };

  /**
   * The four regions' materials, indexed by material id (meshes/ids.h).
   * Parameters live in "Materials/<Region>".
   */
  class MaterialTable
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);
    void
    parse_parameters(ParameterHandler &prm);

    const RegionMaterial &
    operator[](types::material_id id) const;
    RegionMaterial &
    operator[](types::material_id id);

    bool
    any_temperature_dependent() const;

    /**
     * Defines the contact layer (material id 5) of thickness t (m) that
     * carries a contact conductance h_K (W/m^2/K): conductivity h_K t, so
     * that its through-thickness resistance t / k is exactly 1 / h_K; no
     * heat capacity (an interface stores no heat).
     */
    void
    set_contact_layer(double conductance, double thickness);

    /** The column's conductivity, unless given in the file: its metal's
     *  nanowire value at the column's diameter d (m; nanowire_conductivity
     *  in presets.h). */
    void
    set_column_diameter(double d);

  private:
    std::array<RegionMaterial, 5> regions;
  };

  /**
   * Declares an entry whose empty default means "the preset's value"; the
   * value, when given, must be a number >= 0.
   */
  void
  declare_preset_entry(ParameterHandler  &prm,
                       const std::string &entry,
                       const std::string &documentation);

  /** The entry's value times scale, or preset_value when it is empty. */
  double
  get_or_preset(const ParameterHandler &prm,
                const std::string      &entry,
                double                  preset_value,
                double                  scale = 1);

  /** Parses "T1:k1, T2:k2, ..." (K : W/m/K); throws naming the parameter. */
  std::vector<std::pair<double, double>>
  parse_conductivity_table(const std::string &text,
                           const std::string &parameter_name);
} // namespace nanoconvect

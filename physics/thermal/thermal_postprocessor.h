#pragma once

#include <deal.II/numerics/data_postprocessor.h>

#include <physics/materials/material_table.h>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Derived thermal fields for the VTU output: grad T and |grad T| [K/m],
   * and the heat flux -k(T) grad T [W/m^2] with k from the cell's material.
   */
  template <int dim>
  class ThermalPostprocessor : public DataPostprocessor<dim>
  {
  public:
    ThermalPostprocessor(const MaterialTable &materials,
                         bool                 write_gradient,
                         bool                 write_flux);

    void
    evaluate_scalar_field(const DataPostprocessorInputs::Scalar<dim> &inputs,
                          std::vector<Vector<double>> &computed) const override;
    std::vector<std::string>
    get_names() const override;
    std::vector<DataComponentInterpretation::DataComponentInterpretation>
    get_data_component_interpretation() const override;
    UpdateFlags
    get_needed_update_flags() const override;

  private:
    const MaterialTable &materials;
    const bool           write_gradient;
    const bool           write_flux;
  };
} // namespace nanoconvect

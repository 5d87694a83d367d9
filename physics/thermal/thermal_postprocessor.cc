#include <deal.II/dofs/dof_handler.h>

#include <physics/thermal/thermal_postprocessor.h>

namespace nanoconvect
{
  template <int dim>
  ThermalPostprocessor<dim>::ThermalPostprocessor(const MaterialTable &m,
                                                  const bool           gradient,
                                                  const bool           flux)
    : materials(m)
    , write_gradient(gradient)
    , write_flux(flux)
  {}

  template <int dim>
  void
  ThermalPostprocessor<dim>::evaluate_scalar_field(
    const DataPostprocessorInputs::Scalar<dim> &inputs,
    std::vector<Vector<double>>                &computed) const
  {
    const auto             cell = inputs.template get_cell<dim>();
    const RegionMaterial &mat  = materials[cell->material_id()];
    for (unsigned int q = 0; q < computed.size(); ++q)
      {
        const Tensor<1, dim> &g = inputs.solution_gradients[q];
        unsigned int          c = 0;
        if (write_gradient)
          {
            for (unsigned int d = 0; d < dim; ++d)
              computed[q](c++) = g[d];
            computed[q](c++) = g.norm();
          }
        if (write_flux)
          {
            const double k = mat.k(inputs.solution_values[q]);
            for (unsigned int d = 0; d < dim; ++d)
              computed[q](c++) = -k * g[d];
          }
      }
  }

  template <int dim>
  std::vector<std::string>
  ThermalPostprocessor<dim>::get_names() const
  {
    std::vector<std::string> names;
    if (write_gradient)
      {
        names.insert(names.end(), dim, "grad_T_K_per_m");
        names.push_back("grad_T_magnitude_K_per_m");
      }
    if (write_flux)
      names.insert(names.end(), dim, "heat_flux_W_per_m2");
    return names;
  }

  template <int dim>
  std::vector<DataComponentInterpretation::DataComponentInterpretation>
  ThermalPostprocessor<dim>::get_data_component_interpretation() const
  {
    using namespace DataComponentInterpretation;
    std::vector<DataComponentInterpretation::DataComponentInterpretation> i;
    if (write_gradient)
      {
        i.insert(i.end(), dim, component_is_part_of_vector);
        i.push_back(component_is_scalar);
      }
    if (write_flux)
      i.insert(i.end(), dim, component_is_part_of_vector);
    return i;
  }

  template <int dim>
  UpdateFlags
  ThermalPostprocessor<dim>::get_needed_update_flags() const
  {
    return update_values | update_gradients;
  }

  template class ThermalPostprocessor<2>;
  template class ThermalPostprocessor<3>;
} // namespace nanoconvect

#include <deal.II/base/utilities.h>

#include <meshes/ids.h>
#include <solver/mechanics_module.h>
#include <solver/run_parameters.h>

#include <istream>
#include <ostream>

namespace nanoconvect
{
  template <int dim>
  MechanicsModule<dim>::MechanicsModule(const RunParameters &prm,
                                        MPI_Comm             comm)
    : prm(prm)
    , comm(comm)
    , series(prm.output_directory, "mechanics")
  {}

  template <int dim>
  MechanicsModule<dim>::~MechanicsModule() = default;

  template <int dim>
  void
  MechanicsModule<dim>::setup()
  {
    // The modules meet in the driver: the column's material comes from
    // the run's material table.
    mechanics =
      std::make_unique<ColumnMechanics<dim>>(comm,
                                             prm.geometry,
                                             prm.materials[ids::material::column],
                                             prm.mechanics);
  }

  template <int dim>
  void
  MechanicsModule<dim>::set_loads(const double plated_volume,
                                  const double drained_volume)
  {
    plated  = plated_volume;
    drained = drained_volume;
  }

  template <int dim>
  void
  MechanicsModule<dim>::solve()
  {
    last = mechanics->solve(plated, drained);
  }

  template <int dim>
  void
  MechanicsModule<dim>::with_column_output(
    const std::function<void(ScaledDataOut<dim> &)> &use)
  {
    const auto         fields = mechanics->cell_fields();
    ScaledDataOut<dim> data_out(1e9);
    data_out.attach_dof_handler(mechanics->get_dof_handler());
    // The displacement in nm, like the coordinates (Warp By Vector at 1).
    std::vector<std::string> names(dim, "displacement_nm");
    std::vector<DataComponentInterpretation::DataComponentInterpretation>
      kinds(dim, DataComponentInterpretation::component_is_part_of_vector);
    data_out.add_data_vector(mechanics->get_displacement(),
                             names,
                             DataOut<dim>::type_dof_data,
                             kinds);
    data_out.add_data_vector(fields[0], "von_mises_Pa");
    data_out.add_data_vector(fields[1], "plastic_strain_eq");
    data_out.add_data_vector(fields[2], "sigma_zz_Pa");
    data_out.add_data_vector(fields[3], "T_K");
    data_out.build_patches(mechanics->get_mapping(),
                           prm.mechanics.degree,
                           DataOut<dim>::curved_inner_cells);
    data_out.scale_components(0, dim);
    data_out.scale_patches();
    use(data_out);
  }

  template <int dim>
  void
  MechanicsModule<dim>::write_output(const unsigned int index,
                                     const double       time)
  {
    if (!prm.output.write_vtu)
      return;
    with_column_output([&](ScaledDataOut<dim> &data_out) {
      const std::string pvtu = data_out.write_vtu_with_pvtu_record(
        prm.output_directory + "/", "mechanics", index, comm, 4, 0);
      series.add(time, pvtu, comm);
      records.emplace_back(time, pvtu);
    });
  }

  template <int dim>
  CatalystAdaptor::Channel
  MechanicsModule<dim>::channel()
  {
    return {"column", [this](std::ostream &out) {
              with_column_output([&](ScaledDataOut<dim> &data_out) {
                data_out.write_vtu_piece(out);
              });
            }};
  }

  template <int dim>
  nlohmann::json
  MechanicsModule<dim>::summary() const
  {
    return {{"dofs", mechanics->n_dofs()},
            {"reference_temperature_K", mechanics->reference_temperature()},
            {"yield_strength_Pa", mechanics->yield_strength()},
            {"buckling_load_euler_N", mechanics->euler_load()}};
  }

  template <int dim>
  void
  MechanicsModule<dim>::save(std::ostream &out) const
  {
    mechanics->save(out);
    out << "\n" << nlohmann::json(records).dump() << "\n";
  }

  template <int dim>
  void
  MechanicsModule<dim>::load(std::istream &in)
  {
    mechanics->load(in);
    std::string text;
    std::getline(in, text); // the end of the binary part
    std::getline(in, text);
    records =
      nlohmann::json::parse(text).get<std::vector<std::pair<double, std::string>>>();
    for (const auto &[t, f] : records)
      series.add(t, f, comm);
  }

  template class MechanicsModule<2>;
  template class MechanicsModule<3>;
} // namespace nanoconvect

#include <deal.II/lac/vector.h>

#include <meshes/ids.h>
#include <meshes/stack_geometry.h>
#include <physics/thermal/thermal_postprocessor.h>
#include <solver/run_parameters.h>
#include <solver/thermal_module.h>

#include <iomanip>

namespace nanoconvect
{
  namespace
  {
    constexpr double nm = 1e-9;

    template <int dim>
    Point<dim>
    at(const double r, const double z)
    {
      Point<dim> p;
      p[0]       = r;
      p[dim - 1] = z;
      return p;
    }
  } // namespace

  template <int dim>
  ThermalModule<dim>::ThermalModule(
    const RunParameters                             &prm,
    const parallel::distributed::Triangulation<dim> &tria,
    MappingQCache<dim>                              &mapping,
    MPI_Comm                                         comm)
    : prm(prm)
    , tria(tria)
    , mapping(mapping)
    , comm(comm)
    , thermal(tria, mapping, prm.thermal, prm.materials, dim == 2)
    , series(prm.output_directory, "bulk")
  {}

  template <int dim>
  ThermalModule<dim>::~ThermalModule() = default;

  template <int dim>
  double
  ThermalModule<dim>::move_mesh(const std::function<double(double)> &radius)
  {
    if (!motion)
      motion = std::make_unique<ColumnMeshMotion<dim>>(
        tria, mapping.get_degree(), prm.geometry.column_radius());
    const double quality = motion->move(radius, mapping);
    thermal.geometry_changed();
    return quality;
  }

  template <int dim>
  double
  ThermalModule<dim>::follow_column(
    const std::function<double(double)> &radius)
  {
    const double quality = move_mesh(radius);
    solve();
    return quality;
  }

  template <int dim>
  void
  ThermalModule<dim>::setup()
  {
    thermal.setup_dofs();
  }

  template <int dim>
  void
  ThermalModule<dim>::start_transient(const double initial_temperature)
  {
    thermal.set_initial_temperature(initial_temperature);
  }

  template <int dim>
  void
  ThermalModule<dim>::set_time_step(const double dt)
  {
    time_step = dt;
  }

  template <int dim>
  void
  ThermalModule<dim>::solve()
  {
    last = time_step > 0 ? thermal.advance(time_step) : thermal.solve_steady();
    sums.nonlinear_iterations += last.nonlinear_iterations;
    sums.linear_iterations += last.linear_iterations;
    sums.assembly_time += last.assembly_time;
    sums.preconditioner_time += last.preconditioner_time;
    sums.solve_time += last.solve_time;
    sums.last_change = last.last_change;
  }

  template <int dim>
  nlohmann::json
  ThermalModule<dim>::summary() const
  {
    const StackGeometry        &g = prm.geometry;
    std::vector<double>         T;
    std::vector<Tensor<1, dim>> grad;
    thermal.evaluate({at<dim>(0, g.z_column_bottom()),
                      at<dim>(0, g.z_column_top())},
                     T,
                     grad);
    const double dT = T[0] - T[1];

    const unsigned int      n = prm.output.profile_samples;
    std::vector<Point<dim>> axis;
    for (unsigned int i = 0; i < n; ++i)
      axis.push_back(
        at<dim>(0, g.z_column_bottom() + (i + 0.5) / n * g.column_length));
    std::vector<double>         Ta;
    std::vector<Tensor<1, dim>> ga;
    thermal.evaluate(axis, Ta, ga);
    double peak = 0;
    for (const auto &gi : ga)
      peak = std::max(peak, std::abs(gi[dim - 1]));

    double jump = 0;
    if (g.contact_layer_thickness > 0)
      {
        std::vector<double>         Tc;
        std::vector<Tensor<1, dim>> gc;
        thermal.evaluate({at<dim>(0, g.z_oxide_bottom())}, Tc, gc);
        jump = T[1] - Tc[0];
      }

    const double q_hot    = thermal.heat_inflow(ids::boundary::hot_face);
    const double q_cold   = -thermal.heat_inflow(ids::boundary::cold_face);
    const double q_rad    = thermal.radiated_power();
    const double q_stored = thermal.stored_power();
    const auto [T_min, T_max] = thermal.temperature_range();
    return {{"T_column_hot_end_K", T[0]},
            {"T_column_cold_end_K", T[1]},
            {"delta_T_column_K", dT},
            {"mean_gradient_column_K_per_m", dT / g.column_length},
            {"peak_gradient_column_K_per_m", peak},
            {"max_quadrature_gradient_column_K_per_m",
             thermal.max_axial_gradient(ids::material::column)},
            {"contact_temperature_jump_K", jump},
            {"heat_flow_W", q_hot},
            {"heat_flow_out_cold_face_W", q_cold},
            {"radiated_power_W", q_rad},
            {"stored_power_W", q_stored},
            {"energy_balance_relative",
             (q_hot - q_cold - q_rad - q_stored) /
               std::max(std::abs(q_hot), 1e-300)},
            {"T_min_K", T_min},
            {"T_max_K", T_max}};
  }

  template <int dim>
  void
  ThermalModule<dim>::write_profiles() const
  {
    const StackGeometry     &g = prm.geometry;
    const unsigned int       n = prm.output.profile_samples;
    std::vector<Point<dim>>  points;
    std::vector<std::string> path;
    for (unsigned int i = 0; i <= n; ++i)
      {
        points.push_back(at<dim>(0, g.z_top() * i / n));
        path.emplace_back("axis");
      }
    for (unsigned int i = 0; i <= n / 2; ++i)
      {
        points.push_back(
          at<dim>(g.column_radius(),
                  g.z_column_bottom() + g.column_length * i / (n / 2)));
        path.emplace_back("column_surface");
      }
    std::vector<double>         T;
    std::vector<Tensor<1, dim>> grad;
    thermal.evaluate(points, T, grad);
    if (Utilities::MPI::this_mpi_process(comm) != 0)
      return;
    write_atomically(prm.output_directory + "/profiles.csv",
                     [&](std::ostream &out) {
                       out << "path,r_nm,z_nm,T_K,dTdz_K_per_m,dTdr_K_per_m\n"
                           << std::setprecision(10);
                       for (unsigned int i = 0; i < points.size(); ++i)
                         out << path[i] << "," << radius_of(points[i]) / nm
                             << "," << height_of(points[i]) / nm << ","
                             << T[i] << "," << grad[i][dim - 1] << ","
                             << grad[i][0] << "\n";
                     });
  }

  template <int dim>
  void
  ThermalModule<dim>::with_bulk_output(
    const std::function<void(ScaledDataOut<dim> &)> &use) const
  {
    const auto               &fields = prm.output.fields;
    ThermalPostprocessor<dim> post(prm.materials,
                                   fields.count("temperature gradient") > 0,
                                   fields.count("heat flux") > 0);
    ScaledDataOut<dim>        data_out(1 / nm);
    data_out.attach_dof_handler(thermal.get_dof_handler());
    if (fields.count("temperature"))
      data_out.add_data_vector(thermal.get_solution(), "T_K");
    if (!post.get_names().empty())
      data_out.add_data_vector(thermal.get_solution(), post);
    Vector<float> material(tria.n_active_cells()), rank(tria.n_active_cells());
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          material(cell->active_cell_index()) = cell->material_id();
          rank(cell->active_cell_index())     = cell->subdomain_id();
        }
    if (fields.count("material id"))
      data_out.add_data_vector(material, "material_id");
    if (fields.count("mpi rank"))
      data_out.add_data_vector(rank, "mpi_rank");
    const unsigned int subdivisions = prm.thermal.degree;
    data_out.build_patches(mapping,
                           subdivisions,
                           DataOut<dim>::curved_inner_cells);
    data_out.scale_patches();
    use(data_out);
  }

  template <int dim>
  void
  ThermalModule<dim>::write_output(const unsigned int index, const double time)
  {
    if (!prm.output.write_vtu)
      return;
    with_bulk_output([&](ScaledDataOut<dim> &data_out) {
      const std::string pvtu = data_out.write_vtu_with_pvtu_record(
        prm.output_directory + "/", "bulk", index, comm, 4, 0);
      series.add(time, pvtu, comm);
    });
  }

  template <int dim>
  CatalystAdaptor::Channel
  ThermalModule<dim>::bulk_channel() const
  {
    return {"bulk", [this](std::ostream &out) {
              with_bulk_output([&](ScaledDataOut<dim> &data_out) {
                data_out.write_vtu_piece(out);
              });
            }};
  }

  template <int dim>
  void
  ThermalModule<dim>::save(std::ostream &out) const
  {
    thermal.save(out);
  }

  template <int dim>
  void
  ThermalModule<dim>::load(std::istream &in)
  {
    thermal.load(in);
  }

  template class ThermalModule<2>;
  template class ThermalModule<3>;
} // namespace nanoconvect

#include <deal.II/base/data_out_base.h>
#include <deal.II/base/utilities.h>

#include <meshes/ids.h>
#include <meshes/stack_geometry.h>
#include <physics/constants.h>
#include <physics/surface_transport/surface_transport.h>
#include <physics/thermal/thermal_solver.h>
#include <solver/output.h>
#include <solver/run_parameters.h>
#include <solver/surface_step.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <tuple>

namespace nanoconvect
{
  namespace
  {
    /** The piecewise-linear interpolant of (z, value) pairs, z increasing,
     *  at z (constant beyond the ends). */
    double
    interpolate(const std::vector<std::pair<double, double>> &table,
                const double                                  z)
    {
      if (z <= table.front().first)
        return table.front().second;
      if (z >= table.back().first)
        return table.back().second;
      const auto   upper = std::upper_bound(table.begin(),
                                          table.end(),
                                          z,
                                          [](const double v, const auto &p) {
                                            return v < p.first;
                                          });
      const auto   lower = upper - 1;
      const double w     = (z - lower->first) / (upper->first - lower->first);
      return (1 - w) * lower->second + w * upper->second;
    }
  } // namespace

  void
  SurfaceTransportParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Surface transport");
    {
      prm.declare_entry("Enable",
                        "true",
                        Patterns::Bool(),
                        "Solve the surface transport on the column's free "
                        "surface after the thermal solve.");
      prm.declare_entry("Surface elements",
                        "240",
                        Patterns::Integer(2, 1000000),
                        "Elements along the column's generatrix (uniform; "
                        "axisymmetric runs).");
      prm.declare_entry("Surface mesh refinements",
                        "3",
                        Patterns::Integer(0, 8),
                        "3D runs: global refinements of the column-surface "
                        "mesh extracted from the unrefined stack (each one "
                        "halves the cells in both directions).");
      prm.declare_entry("Back stress",
                        "0",
                        Patterns::Double(),
                        "[MPa] Back stress sigma_b at the cold contact "
                        "(compression positive): raises mu there by Omega "
                        "sigma_b. Given here until the mechanics computes it.");
      prm.declare_entry(
        "Stress trace",
        "mechanics",
        Patterns::Selection("mechanics|thermal|none"),
        "Stress sigma in the surface's mu = k_B T ln(C_s Omega) + Omega sigma "
        "+ gamma Omega kappa (compression positive; doc/model.md, section "
        "6): mechanics, the column's axial stress -sigma_zz at its surface "
        "from the mechanics solution (needs 'Mechanics/Enable'); thermal, "
        "E alpha (T - T_0) of a fully constrained column with the "
        "mechanics' stress-free temperature T_0 (runs without mechanics); "
        "none, sigma = 0.");
    }
    prm.leave_subsection();
  }

  void
  SurfaceTransportParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Surface transport");
    {
      enabled                 = prm.get_bool("Enable");
      n_elements              = prm.get_integer("Surface elements");
      refinements_3d          = prm.get_integer("Surface mesh refinements");
      back_stress             = prm.get_double("Back stress") * 1e6;
      const std::string trace = prm.get("Stress trace");
      stress_trace            = trace == "mechanics" ? StressTrace::mechanics
                                : trace == "thermal" ? StressTrace::thermal
                                                     : StressTrace::none;
    }
    prm.leave_subsection();
  }


  template <int dim>
  double
  stress_free_temperature(const RunParameters      &prm,
                          const ThermalSolver<dim> &thermal)
  {
    return prm.mechanics.reference_mean
             ? thermal.mean_temperature(ids::material::column)
             : prm.mechanics.reference_temperature;
  }

  template <int dim>
  SurfaceStep<dim>::SurfaceStep(const RunParameters      &prm,
                                const ThermalSolver<dim> &thermal,
                                MPI_Comm                  comm)
    : prm(prm)
    , thermal(thermal)
    , comm(comm)
  {}

  template <int dim>
  void
  SurfaceStep<dim>::set_stress_free_temperature(const double T)
  {
    T_0 = T;
  }

  template <int dim>
  void
  SurfaceStep<dim>::set_end_kinetics(const EndKinetics &kinetics)
  {
    ends = kinetics;
  }

  template <int dim>
  void
  SurfaceStep<dim>::setup()
  {
    const StackGeometry &g  = prm.geometry;
    const auto          &sp = prm.surface_transport;
    line = std::make_unique<SurfaceTransport1D>(prm.surface, g.column_radius());
    AssertThrow(sp.stress_trace !=
                    SurfaceTransportParameters::StressTrace::thermal ||
                  T_0 > 0,
                ExcMessage("The thermal stress trace needs the run's "
                           "stress-free temperature before the set-up."));
    const auto trace = [&](const std::vector<double> &T) {
      return sp.stress_trace == SurfaceTransportParameters::StressTrace::thermal
               ? line->thermal_stress(T, T_0)
               : std::vector<double>(T.size(), 0.0);
    };
    // The column's surface: T, the bulk solution's trace at the nodes.
    column = make_column_surface(
      dim, prm.surface, g, sp.n_elements, sp.refinements_3d, prm.shape);
    const std::vector<double> T = surface_temperature();
    column->set_fields(T, trace(T));
    std::tie(T_hot, T_cold) = column->end_temperatures();
    std::vector<Tensor<1, dim>> unused;

    // The substrate's free surface (doc/model.md, section 10.2): from the
    // matrix (the pillar's bottom rim, mu = 0) up its side r = R_s and over
    // its top to the column's foot. The line coordinate x maps each part
    // onto the 1D solver's ring of radius R: dx = (R / R_s) dz on the side,
    // dx = -R dr / r on the top, so that its rates are the rates through
    // the real rings (2 pi r delta_s J).
    if (ends.substrate)
      {
        const double R = g.column_radius(), R_s = g.substrate_radius,
                     H = g.substrate_height;
        AssertThrow(R_s >= R * (1 - 1e-12),
                    ExcMessage("'Interface/Hot end' = substrate needs a "
                               "substrate at least as wide as the column "
                               "('Geometry/Substrate radius' >= the column's "
                               "radius), or 'Interface/Hot end' = "
                               "reservoir."));
        const unsigned int n = ends.substrate_elements;
        // A substrate as wide as the column has no top: its side continues
        // the column's surface straight down to the matrix.
        const bool         has_top = R_s > R * (1 + 1e-9);
        const unsigned int side =
          has_top ? std::clamp<unsigned int>(std::lround(n * H / (H + R_s - R)),
                                             2,
                                             n - 2)
                  : n;
        const unsigned int       top    = n - side;
        std::vector<Point<dim>> &points = substrate_points;
        points.clear();
        const auto add = [&](const double x,
                             const double r,
                             const double z,
                             const double kappa) {
          substrate.z.push_back(x);
          substrate.kappa.push_back(kappa);
          substrate_r.push_back(r);
          substrate_z.push_back(z);
          // Sampled a hair inside the substrate.
          Point<dim> p;
          p[0]       = std::min(r, R_s * (1 - 1e-3));
          p[dim - 1] = std::min(z, H - 1e-3 * R);
          points.push_back(p);
        };
        for (unsigned int i = 0; i <= side; ++i)
          {
            const double z = H * i / side;
            // The matrix and the pillar's top rim are flat-edged: the
            // side's curvature 1/R_s holds strictly between them.
            add(R / R_s * z, R_s, z, (i == 0 || i == side) ? 0.0 : 1 / R_s);
          }
        const double x_rim = R / R_s * H, log_ratio = std::log(R_s / R);
        if (!has_top)
          substrate.kappa.back() = 1 / R; // the rim is the column's foot
        for (unsigned int i = 1; i <= top; ++i)
          {
            // Uniform in ln r: finer toward the foot.
            const double r = R_s * std::exp(-log_ratio * i / top);
            add(x_rim + R * std::log(R_s / r), i == top ? R : r, H, 0.0);
          }
        thermal.evaluate(points, substrate.T, unused);
        substrate.sigma.assign(substrate.T.size(), 0.0);
      }
  }

  template <int dim>
  SurfaceStep<dim>::~SurfaceStep() = default;

  template <int dim>
  std::vector<double>
  SurfaceStep<dim>::surface_temperature() const
  {
    std::vector<Point<dim>> points;
    for (const Point<3> &x : column->sample_points())
      {
        Point<dim> p;
        p[0]       = x[0];
        p[dim - 1] = x[2];
        if (dim == 3)
          p[1] = x[1];
        points.push_back(p);
      }
    std::vector<double>         T;
    std::vector<Tensor<1, dim>> unused;
    thermal.evaluate(points, T, unused);
    return T;
  }

  template <int dim>
  std::function<double(double)>
  SurfaceStep<dim>::follow_bulk(const bool to_shape)
  {
    if (to_shape)
      column->follow_bulk();
    return [profile = column->bulk_profile()](const double z) {
      return interpolate(profile, z);
    };
  }

  template <int dim>
  void
  SurfaceStep<dim>::resample_temperature()
  {
    column->set_fields(surface_temperature(), column->stress());
    std::tie(T_hot, T_cold) = column->end_temperatures();
    if (!substrate_points.empty())
      {
        std::vector<Tensor<1, dim>> unused;
        thermal.evaluate(substrate_points, substrate.T, unused);
      }
  }

  template <int dim>
  void
  SurfaceStep<dim>::set_stress_trace(
    const std::vector<std::pair<double, double>> &trace)
  {
    AssertThrow(!trace.empty(),
                ExcMessage("The mechanics gave no stress on the column's "
                           "surface."));
    std::vector<double> sigma;
    for (const Point<3> &x : column->nodes())
      sigma.push_back(interpolate(trace, x[2]));
    column->set_fields(column->temperature(), sigma);
  }

  template <int dim>
  void
  SurfaceStep<dim>::set_contact_stress(const double back, const double pre)
  {
    back_stress = back;
    pre_stress  = pre;
  }

  template <int dim>
  const SurfaceState &
  SurfaceStep<dim>::solve(const double back, const double pre)
  {
    set_contact_stress(back, pre);
    solve();
    return state;
  }

  template <int dim>
  void
  SurfaceStep<dim>::solve()
  {
    const double Omega = prm.surface.Omega, k_B = constants::boltzmann;
    const double sigma   = back_stress + pre_stress; // on contact and foot
    state                = SurfaceState();
    state.back_stress    = back_stress;
    state.contact_stress = sigma;
    state.T_hot          = T_hot;
    state.T_cold         = T_cold;

    // The ends (doc/model.md, section 10). Cold: mu_c = Omega (sigma +
    // offset) + R_c I, the perimeter's stress above the mean for the
    // insertion rate I (offset 0 for the rigid core).
    // Hot (substrate): the column's rate I equals the substrate's inflow
    // plus the atoms leaving the foot, G_f (Omega sigma - mu_h).
    const double R_c           = ends.contact_resistance;
    const bool   substrate_end = ends.substrate;
    const double G_f           = ends.foot_conductance;
    const bool   mobile        = prm.surface.diffusivity(T_hot) > 0;
    double       inflow = 0, rate = 0;
    const auto   residual = [&](const double mu_h, const double mu_c) {
      last_column = column->solve(mu_h, mu_c);
      column->set_warm_start(true);
      rate   = last_column.insertion_rate;
      inflow = 0;
      if (substrate_end && mobile)
        {
          last_substrate = line->solve_between(substrate, 0, mu_h);
          inflow         = last_substrate.insertion_rate;
        }
      return std::array<double, 2>{
        {substrate_end ? rate - inflow - G_f * (Omega * sigma - mu_h) : mu_h,
         mu_c - Omega * (sigma + ends.contact_offset) - R_c * rate}};
    };

    // Newton's method on (mu_h, mu_c) with a difference Jacobian; the
    // residuals are smooth and close to linear. The column's first solve
    // starts afresh, the later ones from the solve before.
    column->set_warm_start(false);
    const double kT = k_B * T_hot, h = 1e-6 * kT;
    double       x[2] = {0, Omega * sigma};
    unsigned int it   = 0;
    for (;; ++it)
      {
        AssertThrow(it < 50,
                    ExcMessage("The surface transport's end conditions did "
                               "not converge in 50 iterations at back stress " +
                               Utilities::to_string(back_stress / 1e6) +
                               " MPa."));
        const auto F       = residual(x[0], x[1]);
        const auto Fh      = residual(x[0] + h, x[1]);
        const auto Fc      = residual(x[0], x[1] + h);
        double     J[2][2] = {{(Fh[0] - F[0]) / h, (Fc[0] - F[0]) / h},
                              {(Fh[1] - F[1]) / h, (Fc[1] - F[1]) / h}};
        double     F0      = F[0];
        if (J[0][0] == 0 && J[0][1] == 0)
          {
            // Nothing moves at the hot end (passivated, no foot): hold mu_h
            // at the foot's stress.
            F0      = x[0] - Omega * sigma;
            J[0][0] = 1;
          }
        const double det = J[0][0] * J[1][1] - J[0][1] * J[1][0];
        AssertThrow(det != 0 && std::isfinite(det),
                    ExcMessage("The surface transport's end conditions are "
                               "singular."));
        const double d0 = -(J[1][1] * F0 - J[0][1] * F[1]) / det;
        const double d1 = -(J[0][0] * F[1] - J[1][0] * F0) / det;
        x[0] += d0;
        x[1] += d1;
        if (std::abs(d0) < 1e-12 * kT && std::abs(d1) < 1e-12 * kT)
          break;
      }
    residual(x[0], x[1]); // the solutions kept are the converged ones
    column->set_warm_start(false);

    state.mean_J              = last_column.mean_J;
    state.mean_J_T            = last_column.mean_J_T;
    state.mean_J_sigma        = last_column.mean_J_sigma;
    state.insertion_rate      = last_column.insertion_rate;
    state.core_speed          = last_column.core_speed;
    state.newton_iterations   = last_column.newton_iterations;
    state.mu_hot              = x[0];
    state.mu_cold             = x[1];
    state.contact_edge_stress = x[1] / Omega;
    state.foot_edge_stress    = substrate_end ? x[0] / Omega : sigma;
    state.foot_removal_rate   = G_f * (Omega * sigma - x[0]);
    state.substrate_inflow    = inflow;
    state.end_iterations      = it + 1;
  }

  template <int dim>
  void
  SurfaceStep<dim>::write_output(const unsigned int index, const double time)
  {
    if (Utilities::MPI::this_mpi_process(comm) != 0)
      return;
    const std::string dir = prm.output_directory;
    write_atomically(dir + "/surface.csv",
                     [&](std::ostream &csv) { column->write_csv(csv); });
    if (!substrate.z.empty())
      write_atomically(dir + "/substrate_surface.csv",
                       [&](std::ostream &sub) { write_substrate_csv(sub); });
    if (!prm.output.write_vtu)
      return;
    const std::string file =
      "surface_" + Utilities::int_to_string(index, 4) + ".vtu";
    {
      std::ofstream out(dir + "/" + file);
      write_vtu(out);
    }
    records.emplace_back(time, file);
    write_atomically(dir + "/surface.pvd", [&](std::ostream &pvd) {
      DataOutBase::write_pvd_record(pvd, records);
    });
  }

  template <int dim>
  void
  SurfaceStep<dim>::write_substrate_csv(std::ostream &sub) const
  {
    const double R = prm.geometry.column_radius();
    sub << std::setprecision(10)
        << "r_nm,z_nm,T_K,C_s_per_m3,mu_eV,rate_to_foot_atoms_per_s\n";
    const auto &s = last_substrate;
    for (unsigned int i = 0; i < substrate.z.size() && i < s.C.size(); ++i)
      {
        const unsigned int e = (i == 0 ? 0 : i - 1);
        // mu = Phi - Q ln T.
        const double mu = s.Phi[i] - prm.surface.Q * std::log(s.T[i]);
        sub << substrate_r[i] / 1e-9 << "," << substrate_z[i] / 1e-9 << ","
            << s.T[i] << "," << s.C[i] << "," << mu / constants::electronvolt
            << "," << 2 * M_PI * R * prm.surface.delta_s * s.J[e] << "\n";
      }
  }

  template <int dim>
  void
  SurfaceStep<dim>::write_vtu(std::ostream &out) const
  {
    if (Utilities::MPI::this_mpi_process(comm) != 0)
      return;
    column->write_vtu(out);
  }

  template <int dim>
  nlohmann::json
  SurfaceStep<dim>::summary() const
  {
    nlohmann::json j = {{"J_T_atoms_per_m2_s", state.mean_J_T},
                        {"J_sigma_atoms_per_m2_s", state.mean_J_sigma},
                        {"J_total_atoms_per_m2_s", state.mean_J},
                        {"insertion_rate_atoms_per_s", state.insertion_rate},
                        {"core_speed_m_per_s", state.core_speed},
                        {"back_stress_Pa", state.back_stress},
                        {"T_hot_end_K", state.T_hot},
                        {"T_cold_end_K", state.T_cold},
                        {"passivated", prm.surface.passivated},
                        {"newton_iterations", state.newton_iterations}};
    // The two ends (doc/model.md, section 10).
    j["ends"] = {{"hot_end", ends.substrate ? "substrate" : "reservoir"},
                 {"contact_stress_Pa", state.contact_stress},
                 {"contact_edge_stress_Pa", state.contact_edge_stress},
                 {"foot_edge_stress_Pa", state.foot_edge_stress},
                 {"mu_hot_eV", state.mu_hot / constants::electronvolt},
                 {"mu_cold_eV", state.mu_cold / constants::electronvolt},
                 {"foot_removal_rate_atoms_per_s", state.foot_removal_rate},
                 {"substrate_inflow_atoms_per_s", state.substrate_inflow},
                 {"iterations", state.end_iterations}};
    for (const auto &[name, value] : column->size())
      j[name] = value;
    if (const ColumnShape *shape = column->shape())
      {
        // The evolving column (doc/model.md, section 6.1).
        const auto [d_min, z_min] = shape->narrowest();
        const auto &l             = shape->ledger();
        j["shape"] = {{"exchange_length_m", prm.shape.exchange_length},
                      {"narrowest_diameter_m", d_min},
                      {"narrowest_height_m",
                       z_min - prm.geometry.z_column_bottom()},
                      {"volume_m3", shape->volume()},
                      {"surface_in_m3", l.surface_in},
                      {"surface_out_m3", l.surface_out},
                      {"plated_m3", l.plated},
                      {"removed_m3", l.removed}};
      }
    return j;
  }

  template <int dim>
  void
  SurfaceStep<dim>::advance_shape(const double dt, const double displacement)
  {
    column->advance(dt, displacement);
  }

  template <int dim>
  void
  SurfaceStep<dim>::record_profile(const double time, const bool first) const
  {
    const ColumnShape *shape = column->shape();
    if (shape == nullptr || Utilities::MPI::this_mpi_process(comm) != 0)
      return;
    std::ofstream out(prm.output_directory + "/profile.csv",
                      first ? std::ios::trunc : std::ios::app);
    if (first)
      out << "time_s,h_nm,d_nm\n";
    out << std::setprecision(10);
    const double z_0 = prm.geometry.z_column_bottom();
    for (unsigned int i = 0; i < shape->z().size(); ++i)
      out << time << "," << (shape->z()[i] - z_0) / 1e-9 << ","
          << 2 * shape->radius()[i] / 1e-9 << "\n";
  }

  template <int dim>
  void
  SurfaceStep<dim>::truncate_profile(const double time) const
  {
    const std::string file = prm.output_directory + "/profile.csv";
    if (column->shape() == nullptr ||
        Utilities::MPI::this_mpi_process(comm) != 0 ||
        !std::filesystem::exists(file))
      return;
    std::ifstream            in(file);
    std::vector<std::string> kept;
    std::string              line;
    while (std::getline(in, line))
      if (kept.empty() || std::stod(line) <= time * (1 + 1e-12))
        kept.push_back(line);
    in.close();
    write_atomically(file, [&](std::ostream &out) {
      for (const auto &l : kept)
        out << l << "\n";
    });
  }

  template <int dim>
  void
  SurfaceStep<dim>::save(std::ostream &out) const
  {
    out << nlohmann::json(records).dump() << "\n";
    column->save(out);
  }

  template <int dim>
  void
  SurfaceStep<dim>::load(std::istream &in)
  {
    std::string line_text;
    std::getline(in, line_text);
    records = nlohmann::json::parse(line_text)
                .get<std::vector<std::pair<double, std::string>>>();
    column->load(in);
  }

  template class SurfaceStep<2>;
  template class SurfaceStep<3>;
  template double
  stress_free_temperature(const RunParameters &, const ThermalSolver<2> &);
  template double
  stress_free_temperature(const RunParameters &, const ThermalSolver<3> &);
} // namespace nanoconvect

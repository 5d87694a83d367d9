#include <deal.II/base/utilities.h>

#include <physics/constants.h>
#include <solver/interface_module.h>
#include <solver/output.h>

#include <cmath>
#include <iomanip>

namespace nanoconvect
{
  InterfaceModule::InterfaceModule(const InterfaceParameters &parameters,
                                   const double               Omega,
                                   const double               radius,
                                   const std::string         &output_directory,
                                   MPI_Comm                   comm)
    : prm(parameters)
    , Omega(Omega)
    , radius(radius)
    , directory(output_directory)
    , comm(comm)
    , disc(radius, Omega, 100)
  {}

  void
  InterfaceModule::set_temperatures(const double T_h, const double T_c)
  {
    T_hot  = T_h;
    T_cold = T_c;
  }

  void
  InterfaceModule::setup()
  {
    AssertThrow(T_hot > 0 && T_cold > 0,
                ExcMessage("The interface module needs the column's end "
                           "temperatures before its set-up."));
  }

  EndKinetics
  InterfaceModule::end_kinetics() const
  {
    const double k_B = constants::boltzmann;
    EndKinetics  k;
    k.substrate          = prm.hot_end == InterfaceParameters::HotEnd::substrate;
    k.substrate_elements = prm.substrate_elements;
    // The perimeter's stress above the mean for a uniform plating of the
    // rate I: k_B T Omega I / (8 pi delta D) (InterfaceDisc::edge_minus_mean).
    k.contact_resistance = prm.cold_kinetics ? Omega * k_B * T_cold /
                                                 (8 * M_PI * prm.cold(T_cold)) :
                                               0.0;
    k.foot_conductance   = k.substrate && prm.foot_kinetics ?
                             8 * M_PI * prm.foot(T_hot) / (Omega * k_B * T_hot) :
                             0.0;
    return k;
  }

  void
  InterfaceModule::set_rates(const double contact,
                             const double foot,
                             const double mean_stress)
  {
    contact_rate = contact;
    foot_rate    = foot;
    mean         = mean_stress;
  }

  InterfaceDisc::Solution
  InterfaceModule::disc_solution(const double                volume_rate,
                                 const bool                  kinetics,
                                 const InterfaceDiffusivity &diffusivity,
                                 const double                T) const
  {
    // The rigid core plates uniformly (doc/model.md, section 10.1).
    const std::vector<double> g(disc.nodes().size(),
                                volume_rate / (M_PI * radius * radius));
    if (kinetics && diffusivity(T) > 0)
      return disc.solve(g, mean, diffusivity(T), T);
    InterfaceDisc::Solution s;
    s.r = disc.nodes();
    s.sigma_n.assign(s.r.size(), mean);
    s.plating_rate = g;
    s.mean_stress = s.edge_stress = s.centre_stress = mean;
    s.volume_rate                                   = volume_rate;
    return s;
  }

  void
  InterfaceModule::solve()
  {
    contact_solution =
      disc_solution(contact_rate, prm.cold_kinetics, prm.cold, T_cold);
    foot_solution = disc_solution(-foot_rate, prm.foot_kinetics, prm.foot, T_hot);
  }

  void
  InterfaceModule::write_output(unsigned int, double)
  {
    if (Utilities::MPI::this_mpi_process(comm) != 0)
      return;
    const auto &c = contact_solution, &f = foot_solution;
    write_atomically(directory + "/interface.csv", [&](std::ostream &csv) {
      csv << std::setprecision(10)
          << "r_nm,contact_sigma_n_Pa,contact_plating_rate_m_per_s,"
             "foot_sigma_n_Pa,foot_plating_rate_m_per_s\n";
      for (unsigned int i = 0; i < c.r.size(); ++i)
        csv << c.r[i] / 1e-9 << "," << c.sigma_n[i] << ","
            << c.plating_rate[i] << "," << f.sigma_n[i] << ","
            << f.plating_rate[i] << "\n";
    });
  }

  nlohmann::json
  InterfaceModule::summary() const
  {
    return {{"contact_delta_D_m3_per_s", prm.cold(T_cold)},
            {"foot_delta_D_m3_per_s", prm.foot(T_hot)},
            {"contact_centre_stress_Pa", contact_solution.centre_stress},
            {"contact_perimeter_stress_Pa", contact_solution.edge_stress},
            {"foot_centre_stress_Pa", foot_solution.centre_stress},
            {"foot_perimeter_stress_Pa", foot_solution.edge_stress}};
  }

  void
  InterfaceModule::save(std::ostream &) const
  {
    // The rigid core's interfaces hold no state between steps.
  }

  void
  InterfaceModule::load(std::istream &)
  {}
} // namespace nanoconvect

#include <deal.II/base/utilities.h>

#include <physics/constants.h>
#include <solver/interface_module.h>
#include <solver/output.h>

#include <algorithm>
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
    , contact_rings(radius, parameters.contact_rings)
    , plated(parameters.contact_rings, 0.0)
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
    foot_solution = disc_solution(-foot_rate, prm.foot_kinetics, prm.foot, T_hot);
    if (!coupling || step_dt == 0)
      {
        contact_solution =
          disc_solution(contact_rate, prm.cold_kinetics, prm.cold, T_cold);
        return;
      }
    // The prepared step's rings at the rate of the last surface solve.
    const double             I = contact_rate / Omega;
    const unsigned int       n = contact_rings.size();
    InterfaceDisc::Solution &c = contact_solution;
    c                          = InterfaceDisc::Solution();
    c.r                        = contact_rings.centroids();
    for (unsigned int j = 0; j < n; ++j)
      {
        c.sigma_n.push_back(mean + law.s0[j] + I * law.s1[j]);
        c.plating_rate.push_back((law.dh0[j] + I * law.dh1[j]) / step_dt);
        c.volume_rate += contact_rings.areas()[j] * c.plating_rate.back();
      }
    c.mean_stress   = mean;
    c.centre_stress = c.sigma_n.front();
    c.edge_stress   = mean + law.c0 + law.c1 * I;
  }

  bool
  InterfaceModule::enable_coupling(const std::vector<double> &ring_edges)
  {
    coupling = prm.coupled_plating && prm.cold_kinetics;
    if (coupling)
      {
        contact_rings = ContactRings(ring_edges);
        plated.assign(contact_rings.size(), 0.0);
      }
    return coupling;
  }

  void
  InterfaceModule::set_stiffness(const std::vector<double> &K)
  {
    stiffness = K;
  }

  EndKinetics
  InterfaceModule::prepare_step(const double               dt,
                                const std::vector<double> &sigma_old)
  {
    EndKinetics k = end_kinetics();
    step_dt       = dt;
    if (!coupling)
      return k;
    law = contact_rings.step(dt,
                             sigma_old,
                             stiffness,
                             dt * removal / (M_PI * radius * radius),
                             prm.cold(T_cold),
                             T_cold,
                             Omega);
    // mu_c = Omega (sigma + c0) + Omega c1 I.
    k.contact_offset     = law.c0;
    k.contact_resistance = Omega * law.c1;
    return k;
  }

  std::vector<double>
  InterfaceModule::step_plating(const double I) const
  {
    std::vector<double> dh(contact_rings.size());
    for (unsigned int j = 0; j < dh.size(); ++j)
      dh[j] = coupling ? law.dh0[j] + I * law.dh1[j] :
                         step_dt * Omega * I / (M_PI * radius * radius);
    return dh;
  }

  std::vector<double>
  InterfaceModule::trial_distribution(const double I) const
  {
    if (!coupling)
      return {};
    std::vector<double> h = step_plating(I);
    double              largest = 0;
    for (unsigned int j = 0; j < h.size(); ++j)
      {
        h[j] += plated[j];
        largest = std::max(largest, std::abs(h[j]));
      }
    const double m = contact_rings.mean(h);
    // Nothing (or less than nothing) plated on the whole: spread uniformly.
    if (!(m > 1e-9 * largest))
      return {};
    for (double &x : h)
      x /= m;
    return h;
  }

  void
  InterfaceModule::commit(const double I, const double removal_rate)
  {
    removal                      = removal_rate;
    const std::vector<double> dh = step_plating(I);
    for (unsigned int j = 0; j < dh.size(); ++j)
      plated[j] += dh[j];
  }

  void
  InterfaceModule::reset()
  {
    std::fill(plated.begin(), plated.end(), 0.0);
    removal = 0;
  }

  void
  InterfaceModule::write_output(unsigned int, double)
  {
    if (Utilities::MPI::this_mpi_process(comm) != 0)
      return;
    const auto &c = contact_solution, &f = foot_solution;
    // The foot's profile (on the disc's nodes) at the contact's radii.
    const auto foot_at = [&](const std::vector<double> &v, const double r) {
      const auto  &x = f.r;
      unsigned int i = std::min<unsigned int>(
        x.size() - 2,
        std::upper_bound(x.begin(), x.end(), r) - x.begin() - 1);
      const double w = (r - x[i]) / (x[i + 1] - x[i]);
      return (1 - w) * v[i] + w * v[i + 1];
    };
    // The area each row stands for: its ring, or the annulus between the
    // midpoints of the disc's nodes.
    const bool          rings = coupling && step_dt > 0;
    std::vector<double> area;
    for (unsigned int i = 0; i < c.r.size(); ++i)
      if (rings)
        area.push_back(contact_rings.areas()[i]);
      else
        {
          const double a = i == 0 ? 0 : 0.5 * (c.r[i - 1] + c.r[i]);
          const double b =
            i + 1 == c.r.size() ? c.r[i] : 0.5 * (c.r[i] + c.r[i + 1]);
          area.push_back(M_PI * (b * b - a * a));
        }
    write_atomically(directory + "/interface.csv", [&](std::ostream &csv) {
      csv << std::setprecision(10)
          << "r_nm,area_nm2,contact_sigma_n_Pa,contact_plating_rate_m_per_s,"
             "contact_plated_m,foot_sigma_n_Pa,foot_plating_rate_m_per_s\n";
      for (unsigned int i = 0; i < c.r.size(); ++i)
        csv << c.r[i] / 1e-9 << "," << area[i] / 1e-18 << ","
            << c.sigma_n[i] << "," << c.plating_rate[i] << ","
            << plated[rings ? i : contact_rings.ring_of(c.r[i])] << ","
            << foot_at(f.sigma_n, c.r[i]) << ","
            << foot_at(f.plating_rate, c.r[i]) << "\n";
    });
  }

  nlohmann::json
  InterfaceModule::summary() const
  {
    return {{"contact_plating", coupling ? "coupled" : "uniform"},
            {"contact_delta_D_m3_per_s", prm.cold(T_cold)},
            {"foot_delta_D_m3_per_s", prm.foot(T_hot)},
            {"contact_centre_stress_Pa", contact_solution.centre_stress},
            {"contact_perimeter_stress_Pa", contact_solution.edge_stress},
            {"foot_centre_stress_Pa", foot_solution.centre_stress},
            {"foot_perimeter_stress_Pa", foot_solution.edge_stress}};
  }

  void
  InterfaceModule::save(std::ostream &out) const
  {
    // The rings' thickness, the stiffness and the last removal rate (JSON:
    // doubles round-trip).
    out << nlohmann::json({{"plated", plated},
                           {"stiffness", stiffness},
                           {"removal_rate", removal}})
             .dump()
        << "\n";
  }

  void
  InterfaceModule::load(std::istream &in)
  {
    std::string text;
    std::getline(in, text);
    const nlohmann::json j = nlohmann::json::parse(text);
    plated                 = j["plated"].get<std::vector<double>>();
    stiffness              = j["stiffness"].get<std::vector<double>>();
    removal                = j["removal_rate"].get<double>();
    AssertThrow(plated.size() == contact_rings.size(),
                ExcMessage("The checkpoint's contact has " +
                           std::to_string(plated.size()) +
                           " rings, the parameters ask for " +
                           std::to_string(contact_rings.size()) + "."));
  }
} // namespace nanoconvect

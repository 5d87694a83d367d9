#pragma once

#include <deal.II/base/mpi.h>

#include <physics/interface/contact_rings.h>
#include <physics/interface/interface_kinetics.h>
#include <solver/physics_module.h>

#include <string>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * What the surface transport's end conditions take from the interfaces
   * (doc/model.md, section 10.4): the contact's Coble resistance R_c
   * and offset (mu_c = Omega (sigma + offset) + R_c I for the insertion
   * rate I, atoms/s, and the contact's mean stress sigma), the foot's
   * removal conductance G_f (removal = G_f (Omega sigma - mu_h)), and
   * whether the hot end is the substrate's surface.
   */
  struct EndKinetics
  {
    bool         substrate          = true; // else a reservoir, mu_h = 0
    unsigned int substrate_elements = 200;
    double       contact_resistance = 0; // J s per atom
    double       contact_offset     = 0; // Pa
    double       foot_conductance   = 0; // atoms per J s
  };

  /**
   * The interface module (doc/model.md, sections 9.1 and 10): Coble-type
   * diffusion across the cold contact and the column's foot at the
   * column's end temperatures. It gives the surface transport its end
   * kinetics and, for the rates of a surface solve, the normal stress
   * sigma_n(r) and the plating rate over each disc (interface.csv: the
   * traffic jam at the contact's perimeter).
   *
   * Coupled plating (section 10.1.1; enable_coupling()): per step, the
   * contact's rings plate by interface diffusion under the mechanics'
   * committed normal stress and the column's stiffness (ContactRings);
   * the step's law gives the surface its end kinetics (prepare_step), the
   * mechanics its plating distribution (trial_distribution), and the
   * accepted step's plating adds to the rings' thickness (commit). The
   * thickness and the stiffness are its checkpoint. Otherwise the contact
   * plates uniformly (the rigid core's limit), and so does the foot
   * always.
   */
  class InterfaceModule : public PhysicsModule
  {
  public:
    InterfaceModule(const InterfaceParameters &parameters,
                    double                     Omega,
                    double                     radius,
                    const std::string         &output_directory,
                    MPI_Comm                   comm);

    std::string
    name() const override
    {
      return "interface";
    }
    /** The column's end temperatures (K), before setup(). */
    void
    set_temperatures(double T_hot, double T_cold);
    void
    setup() override;
    /** The rigid core's end kinetics (uniform plating at both ends). */
    EndKinetics
    end_kinetics() const;

    /** Couples the contact's plating to the mechanics over the rings
     *  between these edges (m, from 0 to R), if the parameters ask for it
     *  ('Contact plating' = coupled with the contact's kinetics on); true
     *  if they did. */
    bool
    enable_coupling(const std::vector<double> &ring_edges);
    /** The rings' areas as the mechanics' quadrature sees them. */
    void
    set_ring_areas(const std::vector<double> &weights)
    {
      contact_rings.set_areas(weights);
    }
    bool
    coupled() const
    {
      return coupling;
    }
    const ContactRings &
    rings() const
    {
      return contact_rings;
    }
    /** The column's stiffness over the rings (row-major, Pa/m). */
    void
    set_stiffness(const std::vector<double> &K);
    /** A step of length dt (s) from the committed contact stress per ring
     *  (Pa), the hot end removing at the last step's rate: the end
     *  kinetics of the step. */
    EndKinetics
    prepare_step(double dt, const std::vector<double> &sigma_old);
    /** The plating distribution over the rings (mean 1) of the trial with
     *  I atoms/s inserted: the committed thickness plus the step's. */
    std::vector<double>
    trial_distribution(double I) const;
    /** Accepts the prepared step with I atoms/s inserted and the hot end
     *  removing removal_rate (m^3/s). */
    void
    commit(double I, double removal_rate);
    /** After a collapse: nothing plated. */
    void
    reset();

    /** The rates of a surface solve: the volume plated into the contact
     *  and removed across the foot (m^3/s), and the mean normal stress
     *  both carry (Pa). */
    void
    set_rates(double contact_rate, double foot_rate, double mean_stress);
    /** sigma_n(r) and the plating rate over the contact and the foot. */
    void
    solve() override;
    /** interface.csv (rank 0). */
    void
    write_output(unsigned int index, double time) override;
    nlohmann::json
    summary() const override;
    void
    save(std::ostream &out) const override;
    void
    load(std::istream &in) override;

    const InterfaceDisc::Solution &
    contact() const
    {
      return contact_solution;
    }

  private:
    InterfaceDisc::Solution
    disc_solution(double                      volume_rate,
                  bool                        kinetics,
                  const InterfaceDiffusivity &diffusivity,
                  double                      T) const;

    /** The step's plating per ring (m) for I atoms/s. */
    std::vector<double>
    step_plating(double I) const;

    const InterfaceParameters &prm;
    const double               Omega, radius;
    const std::string          directory;
    MPI_Comm                   comm;
    InterfaceDisc              disc;
    ContactRings               contact_rings;
    double                     T_hot = 0, T_cold = 0;
    double                     contact_rate = 0, foot_rate = 0, mean = 0;
    InterfaceDisc::Solution    contact_solution, foot_solution;
    // The rings' thickness plated this cycle (m; uniform without the
    // coupling), the stiffness and the prepared step.
    bool                       coupling = false;
    std::vector<double>        plated, stiffness;
    ContactRings::StepLaw      law;
    double                     step_dt = 0, removal = 0; // s, m^3/s
  };
} // namespace nanoconvect

#pragma once

#include <deal.II/base/mpi.h>

#include <physics/interface/interface_kinetics.h>
#include <solver/physics_module.h>

#include <string>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * What the surface transport's end conditions take from the interfaces
   * (doc/model.md, section 10.4): the contact's Coble resistance R_c
   * (mu_c = Omega sigma + R_c I for the insertion rate I, atoms/s) and the
   * foot's removal conductance G_f (removal = G_f (Omega sigma - mu_h)),
   * and whether the hot end is the substrate's surface.
   */
  struct EndKinetics
  {
    bool         substrate          = true; // else a reservoir, mu_h = 0
    unsigned int substrate_elements = 200;
    double       contact_resistance = 0; // J s per atom
    double       foot_conductance   = 0; // atoms per J s
  };

  /**
   * The interface module (doc/model.md, sections 9.1 and 10): Coble-type
   * diffusion across the cold contact and the column's foot at the
   * column's end temperatures. It gives the surface transport its end
   * kinetics and, for the rates of a surface solve, the normal stress
   * sigma_n(r) and the plating rate over each disc (interface.csv: the
   * traffic jam at the contact's perimeter).
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
    EndKinetics
    end_kinetics() const;

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

    const InterfaceParameters &prm;
    const double               Omega, radius;
    const std::string          directory;
    MPI_Comm                   comm;
    InterfaceDisc              disc;
    double                     T_hot = 0, T_cold = 0;
    double                     contact_rate = 0, foot_rate = 0, mean = 0;
    InterfaceDisc::Solution    contact_solution, foot_solution;
  };
} // namespace nanoconvect

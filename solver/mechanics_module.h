#pragma once

#include <deal.II/base/mpi.h>

#include <physics/mechanics/column_mechanics.h>
#include <solver/catalyst.h>
#include <solver/output.h>
#include <solver/physics_module.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  struct RunParameters;

  /**
   * The mechanics module of a run (doc/model.md, sections 8 and 9.1): the
   * elastic-plastic column (ColumnMechanics) with its outputs, the
   * mechanics .pvtu series (displacement in nm, von Mises stress, plastic
   * strain, sigma_zz, T per cell) and the Catalyst channel "column", and
   * its checkpoint (the committed plastic history and displacement, and
   * the series' records). solve() takes the plated and drained volumes set
   * by set_loads(); the coupled loop also calls the column directly for its
   * trial states, commits and resets.
   */
  template <int dim>
  class MechanicsModule : public PhysicsModule
  {
  public:
    MechanicsModule(const RunParameters &parameters, MPI_Comm comm);
    ~MechanicsModule() override;

    std::string
    name() const override
    {
      return "mechanics";
    }
    /** Builds the column's mesh and DoFs (collective). */
    void
    setup() override;
    /** The volumes (m^3) plated at the contact and drained at the foot
     *  since the last reset. */
    void
    set_loads(double plated_volume, double drained_volume);
    void
    solve() override;
    const typename ColumnMechanics<dim>::Result &
    result() const
    {
      return last;
    }
    ColumnMechanics<dim> &
    column()
    {
      return *mechanics;
    }
    const ColumnMechanics<dim> &
    column() const
    {
      return *mechanics;
    }

    void
    write_output(unsigned int index, double time) override;
    /** The column's fields as the Catalyst channel "column". */
    CatalystAdaptor::Channel
    channel();
    /** The column's size, strength and reference (summary.json). */
    nlohmann::json
    summary() const override;
    void
    save(std::ostream &out) const override;
    void
    load(std::istream &in) override;

  private:
    void
    with_column_output(const std::function<void(ScaledDataOut<dim> &)> &use);

    const RunParameters                         &prm;
    MPI_Comm                                     comm;
    std::unique_ptr<ColumnMechanics<dim>>        mechanics;
    typename ColumnMechanics<dim>::Result        last;
    double                                       plated = 0, drained = 0;
    PvdSeries                                    series;
    std::vector<std::pair<double, std::string>>  records; // mechanics.pvd
  };
} // namespace nanoconvect

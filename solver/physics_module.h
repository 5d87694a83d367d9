#pragma once

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>

namespace nanoconvect
{
  /**
   * The shape of every physics module of a run (thermal, surface transport,
   * interface kinetics, mechanics; doc/model.md, section 9.1): the pattern of
   * Lethe's AuxiliaryPhysics and ASPECT's plugins.
   *
   * - Parameters: the module's parameter struct declares and parses its own
   *   subsection only (declare_parameters / parse_parameters); what a module
   *   needs of another (the column's material, a temperature, a stress) the
   *   driver hands over through the module's typed setters.
   * - Life cycle: setup() once, then solve() with the inputs the driver set,
   *   as often as the coupling asks.
   * - Outputs: write_output() writes the module's fields for one output
   *   step into the run directory; summary() is its section of
   *   summary.json.
   * - Checkpoints: save() writes this rank's state, load() reads it back,
   *   so that a restart continues exactly (the driver names the files).
   */
  class PhysicsModule
  {
  public:
    virtual ~PhysicsModule() = default;

    /** The module's name: its checkpoint file and its summary section. */
    virtual std::string
    name() const = 0;
    /** Builds the discretization (collective). */
    virtual void
    setup() = 0;
    /** Solves with the inputs set since the last solve (collective). */
    virtual void
    solve() = 0;
    /** Writes the fields of output step index at time t (s). */
    virtual void
    write_output(unsigned int index, double time) = 0;
    /** The module's section of summary.json for its last solve. */
    virtual nlohmann::json
    summary() const = 0;
    /** This rank's state for a checkpoint, and back (binary streams). */
    virtual void
    save(std::ostream &out) const = 0;
    virtual void
    load(std::istream &in) = 0;
  };
} // namespace nanoconvect

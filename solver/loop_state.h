#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace nanoconvect
{
  /** Everything the loop carries from step to step (and checkpoints). */
  struct LoopState
  {
    unsigned int        step = 0, cycle = 0, output_index = 0;
    double              time = 0, dt = 0;
    double              back_stress = 0;         // Pa
    double              plated = 0, drained = 0; // m^3, this cycle
    double              plated_total = 0, drained_total = 0; // m^3, whole run
    double              atoms_total      = 0;                // inserted atoms
    double              core_position    = 0;                // m, V_in / A
    double              core_speed       = 0;                // m/s
    double              insertion_rate   = 0;                // atoms/s
    double              peak_back_stress = 0, last_cycle_peak = 0; // Pa
    double              cycle_start = 0;                           // s
    std::vector<double> collapse_times;                            // s
    std::vector<std::string> collapse_causes;
    double                   pre_load            = 0; // N
    unsigned int             coupling_iterations = 0; // whole run
    // The bulk meshes' moves after the evolving surface (doc/model.md,
    // 6.2) and the smallest Jacobian ratio of the moved cells.
    unsigned int bulk_moves   = 0;
    double       bulk_quality = 1;

    nlohmann::json
    to_json() const
    {
      return {{"step", step},
              {"cycle", cycle},
              {"output_index", output_index},
              {"time", time},
              {"dt", dt},
              {"back_stress", back_stress},
              {"plated", plated},
              {"drained", drained},
              {"plated_total", plated_total},
              {"drained_total", drained_total},
              {"atoms_total", atoms_total},
              {"core_position", core_position},
              {"core_speed", core_speed},
              {"insertion_rate", insertion_rate},
              {"peak_back_stress", peak_back_stress},
              {"last_cycle_peak", last_cycle_peak},
              {"cycle_start", cycle_start},
              {"collapse_times", collapse_times},
              {"collapse_causes", collapse_causes},
              {"pre_load", pre_load},
              {"coupling_iterations", coupling_iterations},
              {"bulk_moves", bulk_moves},
              {"bulk_quality", bulk_quality}};
    }
    void
    from_json(const nlohmann::json &j)
    {
      step             = j["step"];
      cycle            = j["cycle"];
      output_index     = j["output_index"];
      time             = j["time"];
      dt               = j["dt"];
      back_stress      = j["back_stress"];
      plated           = j["plated"];
      drained          = j["drained"];
      plated_total     = j["plated_total"];
      drained_total    = j["drained_total"];
      atoms_total      = j["atoms_total"];
      core_position    = j["core_position"];
      core_speed       = j["core_speed"];
      insertion_rate   = j["insertion_rate"];
      peak_back_stress = j["peak_back_stress"];
      last_cycle_peak  = j["last_cycle_peak"];
      cycle_start      = j["cycle_start"];
      collapse_times   = j["collapse_times"].get<std::vector<double>>();
      collapse_causes  = j["collapse_causes"].get<std::vector<std::string>>();
      pre_load         = j["pre_load"];
      coupling_iterations = j["coupling_iterations"];
      bulk_moves          = j["bulk_moves"];
      bulk_quality        = j["bulk_quality"];
    }
  };

} // namespace nanoconvect

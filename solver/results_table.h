#pragma once

#include <deal.II/base/conditional_ostream.h>

#include <nlohmann/json.hpp>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * The results table of a run on screen, from its summary.json: units for
   * people (nm, K, MPa, s, stated in its header), SI stays in the file. The
   * contact's temperature jump is shown when the run has a contact
   * conductance.
   */
  void
  print_results_table(const nlohmann::json &summary,
                      bool                  with_contact,
                      ConditionalOStream   &pcout);
} // namespace nanoconvect

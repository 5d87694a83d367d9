#pragma once

// PETSc options that nanoconvect sets for one solver set-up (hypre's
// coarsening, SLEPc's shifted solve): deal.II 9.4's wrappers have no fields
// for them, and read PETSc's options database when they set a solver up.

#include <deal.II/base/exceptions.h>

#include <petscsys.h>

#include <string>
#include <utility>
#include <vector>

namespace nanoconvect
{
  /**
   * Puts options into PETSc's options database for the lifetime of this
   * object and takes them out again at its end, so they reach only the
   * solver set up meanwhile. An option the user gave already (environment
   * variable PETSC_OPTIONS, or the command line) is left as the user gave
   * it: the user's word wins, e.g. PETSC_OPTIONS="-pc_hypre_boomeramg_
   * coarsen_type Falgout" measures BoomerAMG's own default coarsening.
   */
  class ScopedPetscOptions
  {
  public:
    explicit ScopedPetscOptions(
      const std::vector<std::pair<std::string, std::string>> &options)
    {
      for (const auto &[name, value] : options)
        {
          PetscBool given = PETSC_FALSE;
          PetscOptionsHasName(nullptr, nullptr, name.c_str(), &given);
          if (given)
            continue;
          AssertThrow(PetscOptionsSetValue(nullptr,
                                           name.c_str(),
                                           value.c_str()) == 0,
                      dealii::ExcMessage("PETSc refused the option " + name +
                                         " " + value));
          set.push_back(name);
        }
    }

    ~ScopedPetscOptions()
    {
      for (const std::string &name : set)
        PetscOptionsClearValue(nullptr, name.c_str());
    }

    ScopedPetscOptions(const ScopedPetscOptions &) = delete;
    ScopedPetscOptions &
    operator=(const ScopedPetscOptions &) = delete;

  private:
    std::vector<std::string> set; // the options this object put there
  };
} // namespace nanoconvect

#pragma once

#include <mpi.h>

#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace nanoconvect
{
  /**
   * What the Catalyst module (catalyst/catalyst_backend.cc, built as
   * libnanoconvect_catalyst.so) provides to CatalystAdaptor. The module
   * carries every VTK and ParaView dependency; the program opens it with
   * dlopen only when a run sets 'Catalyst/Script', so a run without in situ
   * visualisation never loads VTK (doc/performance.md, start-up).
   */
  class CatalystBackend
  {
  public:
    using Channel = std::pair<std::string, std::function<void(std::ostream &)>>;

    virtual ~CatalystBackend() = default;
    /** Hands the channels to the script for (time, step) (collective);
     *  false if the script wanted nothing this time. */
    virtual bool
    execute(double time, unsigned int step, const std::vector<Channel> &channels) = 0;
  };

  /** The module's one entry point: starts Catalyst on comm and loads the
   *  script (collective). Returns nullptr and sets *error on failure. */
  using CatalystBackendFactory = CatalystBackend *(*)(const char  *script,
                                                      MPI_Comm     comm,
                                                      std::string *error);
  inline constexpr const char *catalyst_factory_symbol =
    "nanoconvect_catalyst_create";
  inline constexpr const char *catalyst_module_name =
    "libnanoconvect_catalyst.so";
} // namespace nanoconvect

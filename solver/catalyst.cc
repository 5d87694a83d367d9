#include <deal.II/base/utilities.h>

#include <solver/catalyst.h>
#include <solver/catalyst_backend.h>
#include <solver/parameter_check.h>

#include <cstdlib>
#include <filesystem>

#include <dlfcn.h>

namespace nanoconvect
{
  void
  CatalystParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Catalyst");
    {
      prm.declare_entry(
        "Script",
        "",
        Patterns::FileName(),
        "A ParaView Catalyst Python script (legacy Catalyst; the first line "
        "'# script-version: 2' selects the newer script style). The run "
        "hands it the channels 'bulk' (T, grad T, heat flux, material id on "
        "the stack), 'column' (displacement, von Mises, plastic strain, "
        "sigma_zz, T on the column; coupled runs) and 'surface' (T, sigma, "
        "C_s and the fluxes on Gamma_s), coordinates in nm, and sets "
        "NANOCONVECT_OUTPUT_DIRECTORY to the output directory. Empty: no in "
        "situ visualisation. Needs a build with "
        "-DNANOCONVECT_WITH_CATALYST=ON; paths are relative to the directory "
        "nanoconvect is started in. Shipped: postprocess/catalyst/"
        "render_fields.py (images of T and the stress) and "
        "postprocess/catalyst/extracts.py (VTU extracts only, no X server).");
      prm.declare_entry(
        "Interval",
        "1",
        Patterns::Integer(1),
        "Hand the fields to the script every this many steps of the coupled "
        "or transient time loop (and at its last step). A steady run hands "
        "them over once.");
    }
    prm.leave_subsection();
  }

  void
  CatalystParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Catalyst");
    {
      script   = prm.get("Script");
      interval = prm.get_integer("Interval");
    }
    prm.leave_subsection();
    AssertThrow(script.empty() || std::filesystem::is_regular_file(script),
                ExcMessage("Parameter 'Catalyst/Script' = '" + script +
                           "': no such file (paths are relative to the "
                           "directory nanoconvect is started in; leave it "
                           "empty for no in situ visualisation)."));
  }

  struct CatalystAdaptor::Implementation
  {
    void                            *module = nullptr;
    std::unique_ptr<CatalystBackend> backend;

    ~Implementation()
    {
      backend.reset(); // finalises Catalyst before the module goes
      if (module != nullptr)
        dlclose(module);
    }
  };

  namespace
  {
    /** The Catalyst module's path: beside the library this code is in. */
    std::string
    catalyst_module_path()
    {
      Dl_info info;
      if (dladdr(reinterpret_cast<void *>(&catalyst_module_path), &info) != 0 &&
          info.dli_fname != nullptr)
        return (std::filesystem::path(info.dli_fname).parent_path() /
                catalyst_module_name)
          .string();
      return catalyst_module_name;
    }
  } // namespace

  bool
  CatalystAdaptor::built_in()
  {
#ifdef NANOCONVECT_WITH_CATALYST
    return std::filesystem::is_regular_file(catalyst_module_path());
#else
    return false;
#endif
  }

  CatalystAdaptor::CatalystAdaptor(const CatalystParameters &parameters,
                                   const std::string        &output_directory,
                                   MPI_Comm                  comm)
    : parameters(parameters)
  {
    if (parameters.script.empty())
      return;
    const std::string entry =
      "Parameter 'Catalyst/Script' = '" + parameters.script + "': ";
    if (!built_in())
      throw ExcInputError(
        entry +
        "this nanoconvect was built without ParaView Catalyst (no " +
        catalyst_module_name +
        " beside its library). Build it with -DNANOCONVECT_WITH_CATALYST=ON "
        "(needs Debian's paraview-dev; scripts/test does this whenever it is "
        "installed), or leave the entry empty.");
    // Legacy Catalyst scripts cannot take arguments; the output directory
    // reaches them through the environment (same value on every rank).
    setenv("NANOCONVECT_OUTPUT_DIRECTORY",
           std::filesystem::absolute(output_directory).c_str(),
           1);
    auto implementation_ = std::make_unique<Implementation>();
    implementation_->module =
      dlopen(catalyst_module_path().c_str(), RTLD_NOW | RTLD_GLOBAL);
    void *factory = implementation_->module != nullptr ?
                      dlsym(implementation_->module, catalyst_factory_symbol) :
                      nullptr;
    const char       *dl_error   = factory == nullptr ? dlerror() : nullptr;
    const std::string load_error = dl_error != nullptr ? dl_error : "";
    if (Utilities::MPI::min(factory != nullptr ? 1 : 0, comm) == 0)
      throw ExcInputError(entry + "the Catalyst module " +
                          catalyst_module_path() +
                          " could not be loaded: " + load_error);
    std::string error;
    implementation_->backend.reset(reinterpret_cast<CatalystBackendFactory>(
      factory)(parameters.script.c_str(), comm, &error));
    if (!implementation_->backend)
      throw ExcInputError(entry + error);
    implementation = std::move(implementation_);
  }

  CatalystAdaptor::~CatalystAdaptor() = default;

  bool
  CatalystAdaptor::active() const
  {
    return implementation != nullptr;
  }

  bool
  CatalystAdaptor::due(const unsigned int step) const
  {
    return active() && step % parameters.interval == 0;
  }

  unsigned int
  CatalystAdaptor::n_executions() const
  {
    return executions;
  }

  void
  CatalystAdaptor::execute(const double                time,
                           const unsigned int          step,
                           const std::vector<Channel> &channels)
  {
    if (active() && implementation->backend->execute(time, step, channels))
      ++executions;
  }
} // namespace nanoconvect

#include <deal.II/base/utilities.h>

#include <solver/catalyst.h>
#include <solver/parameter_check.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#ifdef NANOCONVECT_WITH_CATALYST
#  include <vtkCPDataDescription.h>
#  include <vtkCPInputDataDescription.h>
#  include <vtkCPProcessor.h>
#  include <vtkCPPythonPipeline.h>
#  include <vtkMPI.h>
#  include <vtkNew.h>
#  include <vtkSmartPointer.h>
#  include <vtkUnstructuredGrid.h>
#  include <vtkXMLUnstructuredGridReader.h>
#endif

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

#ifdef NANOCONVECT_WITH_CATALYST
  struct CatalystAdaptor::Implementation
  {
    vtkSmartPointer<vtkCPProcessor> processor;
  };

  bool
  CatalystAdaptor::built_in()
  {
    return true;
  }
#else
  struct CatalystAdaptor::Implementation
  {};

  bool
  CatalystAdaptor::built_in()
  {
    return false;
  }
#endif

  CatalystAdaptor::CatalystAdaptor(const CatalystParameters &parameters,
                                   const std::string        &output_directory,
                                   MPI_Comm                  comm)
    : parameters(parameters)
  {
    if (parameters.script.empty())
      return;
    if (!built_in())
      throw ExcInputError(
        "Parameter 'Catalyst/Script' = '" + parameters.script +
        "': this nanoconvect was built without ParaView Catalyst. Build it "
        "with -DNANOCONVECT_WITH_CATALYST=ON (needs Debian's paraview-dev; "
        "scripts/test does this whenever it is installed), or leave the entry "
        "empty.");
#ifdef NANOCONVECT_WITH_CATALYST
    // Legacy Catalyst scripts cannot take arguments; the output directory
    // reaches them through the environment (same value on every rank).
    setenv("NANOCONVECT_OUTPUT_DIRECTORY",
           std::filesystem::absolute(output_directory).c_str(),
           1);
    implementation            = std::make_unique<Implementation>();
    implementation->processor = vtkSmartPointer<vtkCPProcessor>::New();
    vtkMPICommunicatorOpaqueComm opaque(&comm);
    int  ok       = implementation->processor->Initialize(opaque);
    auto pipeline = ok ? vtkCPPythonPipeline::CreateAndInitializePipeline(
                           parameters.script.c_str())
                       : nullptr;
    ok            = Utilities::MPI::min(pipeline != nullptr ? 1 : 0, comm);
    if (!ok)
      {
        implementation->processor->Finalize();
        implementation.reset();
        throw ExcInputError("Parameter 'Catalyst/Script' = '" +
                            parameters.script +
                            "': Catalyst could not load the script (its "
                            "Python error is printed above).");
      }
    implementation->processor->AddPipeline(pipeline);
#else
    (void)output_directory;
    (void)comm;
#endif
  }

  CatalystAdaptor::~CatalystAdaptor()
  {
#ifdef NANOCONVECT_WITH_CATALYST
    if (implementation)
      implementation->processor->Finalize();
#endif
  }

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
    if (!active())
      return;
#ifdef NANOCONVECT_WITH_CATALYST
    vtkNew<vtkCPDataDescription> description;
    for (const auto &channel : channels)
      description->AddInput(channel.first.c_str());
    description->SetTimeData(time, step);
    if (implementation->processor->RequestDataDescription(description) == 0)
      return;
    for (const auto &[name, write] : channels)
      {
        auto *input = description->GetInputDescriptionByName(name.c_str());
        if (!input->GetIfGridIsNecessary())
          continue;
        std::ostringstream vtu;
        write(vtu);
        vtkSmartPointer<vtkUnstructuredGrid> grid;
        if (vtu.tellp() > 0)
          {
            vtkNew<vtkXMLUnstructuredGridReader> reader;
            reader->ReadFromInputStringOn();
            reader->SetInputString(vtu.str());
            reader->Update();
            grid = reader->GetOutput();
          }
        else
          grid = vtkSmartPointer<vtkUnstructuredGrid>::New();
        input->SetGrid(grid);
      }
    implementation->processor->CoProcess(description);
    ++executions;
#else
    (void)time;
    (void)step;
    (void)channels;
#endif
  }
} // namespace nanoconvect

// The ParaView Catalyst module of nanoconvect (legacy Catalyst API, the one
// Debian's paraview-dev ships). Built as its own shared module so that only
// runs with 'Catalyst/Script' set load VTK; see solver/catalyst_backend.h.
#include <solver/catalyst_backend.h>

#include <vtkCPDataDescription.h>
#include <vtkCPInputDataDescription.h>
#include <vtkCPProcessor.h>
#include <vtkCPPythonPipeline.h>
#include <vtkMPI.h>
#include <vtkNew.h>
#include <vtkSmartPointer.h>
#include <vtkUnstructuredGrid.h>
#include <vtkXMLUnstructuredGridReader.h>

#include <sstream>

namespace nanoconvect
{
  namespace
  {
    class VtkCatalystBackend : public CatalystBackend
    {
    public:
      explicit VtkCatalystBackend(vtkSmartPointer<vtkCPProcessor> processor)
        : processor(std::move(processor))
      {}

      ~VtkCatalystBackend() override
      {
        processor->Finalize();
      }

      bool
      execute(const double                time,
              const unsigned int          step,
              const std::vector<Channel> &channels) override
      {
        vtkNew<vtkCPDataDescription> description;
        for (const auto &channel : channels)
          description->AddInput(channel.first.c_str());
        description->SetTimeData(time, step);
        if (processor->RequestDataDescription(description) == 0)
          return false;
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
        processor->CoProcess(description);
        return true;
      }

    private:
      vtkSmartPointer<vtkCPProcessor> processor;
    };
  } // namespace
} // namespace nanoconvect

extern "C" nanoconvect::CatalystBackend *
nanoconvect_catalyst_create(const char  *script,
                            MPI_Comm     comm,
                            std::string *error)
{
  auto processor = vtkSmartPointer<vtkCPProcessor>::New();
  vtkMPICommunicatorOpaqueComm opaque(&comm);
  int  ok       = processor->Initialize(opaque);
  auto pipeline = ok ? vtkCPPythonPipeline::CreateAndInitializePipeline(script)
                     : nullptr;
  int local = pipeline != nullptr ? 1 : 0, all = 0;
  MPI_Allreduce(&local, &all, 1, MPI_INT, MPI_MIN, comm);
  if (all == 0)
    {
      processor->Finalize();
      *error = "Catalyst could not load the script (its Python error is "
               "printed above).";
      return nullptr;
    }
  processor->AddPipeline(pipeline);
  return new nanoconvect::VtkCatalystBackend(processor);
}

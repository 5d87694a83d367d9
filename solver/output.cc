#include <deal.II/base/utilities.h>

#include <solver/output.h>
#include <solver/parameter_check.h>

#include <filesystem>
#include <fstream>

namespace nanoconvect
{
  namespace fs = std::filesystem;

  void
  prepare_output_directory(const std::string &directory, MPI_Comm comm)
  {
    std::string error;
    // Rank 0 decides, all ranks learn the verdict: a filesystem exception on
    // rank 0 must not leave the others waiting in the broadcast.
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      try
        {
          const fs::path  dir(directory), marker = dir / ".nanoconvect-output";
          std::error_code ec;
          if (fs::exists(dir) && !fs::is_directory(dir))
            error = "Output directory '" + directory +
                    "' is a file. Choose another with -o DIR or 'Output "
                    "directory'.";
          else if (fs::exists(dir) && !fs::is_empty(dir) && !fs::exists(marker))
            error = "Output directory '" + directory +
                    "' exists and holds files nanoconvect did not write; "
                    "nothing there is overwritten. Choose another with -o DIR "
                    "or 'Output directory', or empty it.";
          else
            {
              fs::create_directories(dir, ec);
              if (ec)
                error = "Cannot create output directory '" + directory +
                        "': " + ec.message() + ".";
              else
                std::ofstream(marker) << "This directory holds a nanoconvect "
                                         "run; a new run may overwrite it.\n";
            }
        }
      catch (const std::exception &e)
        {
          error =
            "Cannot use output directory '" + directory + "': " + e.what();
        }
    error = Utilities::MPI::broadcast(comm, error, 0);
    if (!error.empty())
      throw ExcInputError(error);
  }

  template <int dim>
  ScaledDataOut<dim>::ScaledDataOut(const double factor)
    : factor(factor)
  {}

  template <int dim>
  void
  ScaledDataOut<dim>::scale_patches()
  {
    scaled = DataOut<dim>::get_patches();
    for (auto &patch : scaled)
      {
        for (auto &v : patch.vertices)
          v *= factor;
        // Curved patches carry their point coordinates in the last dim rows.
        if (patch.points_are_available)
          for (unsigned int r = patch.data.n_rows() - dim;
               r < patch.data.n_rows();
               ++r)
            for (unsigned int c = 0; c < patch.data.n_cols(); ++c)
              patch.data(r, c) *= factor;
      }
  }

  template <int dim>
  const std::vector<DataOutBase::Patch<dim, dim>> &
  ScaledDataOut<dim>::get_patches() const
  {
    return scaled;
  }

  template <int dim>
  void
  ScaledDataOut<dim>::write_vtu_piece(std::ostream &out) const
  {
    if (!scaled.empty())
      this->write_vtu(out);
  }

  PvdSeries::PvdSeries(std::string directory, std::string name)
    : directory(std::move(directory))
    , name(std::move(name))
  {}

  void
  PvdSeries::add(const double time, const std::string &pvtu, MPI_Comm comm)
  {
    records.emplace_back(time, pvtu);
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      {
        std::ofstream out(directory + "/" + name + ".pvd");
        DataOutBase::write_pvd_record(out, records);
      }
  }

  void
  write_json(const std::string &file, const nlohmann::json &j, MPI_Comm comm)
  {
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      std::ofstream(file) << j.dump(2) << "\n";
  }

  template class ScaledDataOut<2>;
  template class ScaledDataOut<3>;
} // namespace nanoconvect

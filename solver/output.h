#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/numerics/data_out.h>

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace nanoconvect
{
  using namespace dealii;

  /**
   * Makes the output directory ready (collective). Creates it if missing;
   * accepts an empty one or one holding an earlier nanoconvect run (marked
   * by the file .nanoconvect-output); refuses anything else, so that nothing
   * a user wrote is overwritten. Throws ExcInputError on all ranks.
   */
  void
  prepare_output_directory(const std::string &directory, MPI_Comm comm);

  /** DataOut whose coordinates are multiplied by a factor (SI to nm). */
  template <int dim>
  class ScaledDataOut : public DataOut<dim>
  {
  public:
    explicit ScaledDataOut(double factor);
    /** Call after build_patches(). */
    void
    scale_patches();
    const std::vector<DataOutBase::Patch<dim, dim>> &
    get_patches() const override;
    /** This rank's patches as one VTU piece, or nothing when the rank has
     *  no cells (VTK cannot parse deal.II's empty compressed arrays). */
    void
    write_vtu_piece(std::ostream &out) const;

  private:
    const double                              factor;
    std::vector<DataOutBase::Patch<dim, dim>> scaled;
  };

  /** A .pvd time series of .pvtu records (ParaView's time steps). */
  class PvdSeries
  {
  public:
    PvdSeries(std::string directory, std::string name);
    /** Adds a record and rewrites the .pvd (on rank 0). */
    void
    add(double time, const std::string &pvtu_file, MPI_Comm comm);

  private:
    std::string                                 directory, name;
    std::vector<std::pair<double, std::string>> records;
  };

  /** Writes JSON with 2-space indentation (rank 0 only). */
  void
  write_json(const std::string &file, const nlohmann::json &j, MPI_Comm comm);
} // namespace nanoconvect

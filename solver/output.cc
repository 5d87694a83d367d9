#include <deal.II/base/utilities.h>

#include <physics/vtu_flags.h>
#include <solver/interrupts.h>
#include <solver/output.h>
#include <solver/parameter_check.h>

#include <filesystem>
#include <fstream>

#include <cctype>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>

#include <unistd.h>

namespace nanoconvect
{
  namespace fs = std::filesystem;

  namespace
  {
    /** Moves an earlier run's files in dir into dir/previous/. */
    void
    move_aside(const fs::path &dir)
    {
      const fs::path previous = dir / "previous";
      fs::remove_all(previous);
      std::vector<fs::path> owned;
      for (const auto &entry : fs::directory_iterator(dir))
        if (entry.path().filename() != ".nanoconvect-output")
          owned.push_back(entry.path());
      if (owned.empty())
        return;
      fs::create_directory(previous);
      for (const auto &p : owned)
        fs::rename(p, previous / p.filename());
    }

    std::string &
    position()
    {
      static std::string p = "in the set-up";
      return p;
    }
  } // namespace

  void
  write_atomically(const std::string                         &file,
                   const std::function<void(std::ostream &)> &write)
  {
    const std::string tmp = file + ".tmp." + std::to_string(getpid());
    {
      std::ofstream out(tmp);
      write(out);
      out.flush();
      AssertThrow(out.good(),
                  ExcMessage("Cannot write '" + file +
                             "' (disk full or no permission?)."));
    }
    fs::rename(tmp, file);
  }

  std::string
  complete_checkpoint(const std::string &run_directory)
  {
    for (const char *name : {"checkpoint", "checkpoint.old"})
      {
        const fs::path cp = fs::path(run_directory) / name;
        if (fs::is_regular_file(cp / "state.json"))
          return cp.string();
      }
    return "";
  }

  std::string
  directory_listing(const std::string &directory)
  {
    std::map<std::string, unsigned int> names;
    std::error_code                     ec;
    for (const auto &entry : fs::directory_iterator(directory, ec))
      {
        std::string name = entry.path().filename().string();
        if (name == "previous" || name == ".nanoconvect-output")
          continue;
        std::string folded;
        for (std::size_t i = 0; i < name.size(); ++i)
          if (std::isdigit(static_cast<unsigned char>(name[i])))
            {
              if (folded.empty() || folded.back() != '*')
                folded += '*';
            }
          else
            folded += name[i];
        ++names[folded + (entry.is_directory() ? "/" : "")];
      }
    std::string list;
    for (const auto &[name, count] : names)
      list += (list.empty() ? "" : ", ") + name +
              (count > 1 ? " (" + std::to_string(count) + ")" : "");
    return list;
  }

  std::string
  utc_now()
  {
    const std::time_t now = std::time(nullptr);
    char              text[32];
    std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return text;
  }

  std::string
  file_hash(const std::string &file)
  {
    std::ifstream in(file, std::ios::binary);
    if (!in)
      return "";
    std::uint64_t h = 14695981039346656037ull;
    for (char c; in.get(c);)
      {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
      }
    char text[17];
    std::snprintf(text,
                  sizeof(text),
                  "%016llx",
                  static_cast<unsigned long long>(h));
    return text;
  }

  void
  fault_point(const char *name)
  {
    static const char *request = std::getenv("NANOCONVECT_KILL_AT");
    if (request == nullptr)
      return;
    static std::map<std::string, unsigned int> passes;
    const std::string                          r(request);
    const auto                                 colon = r.rfind(':');
    if (colon == std::string::npos || r.substr(0, colon) != name)
      return;
    if (++passes[name] == std::stoul(r.substr(colon + 1)))
      kill(getpid(), SIGKILL);
  }

  void
  set_run_position(const std::string &p)
  {
    position() = p;
  }

  const std::string &
  run_position()
  {
    return position();
  }

  std::string
  interrupted_message(const int signal, const std::string &directory)
  {
    return std::string("nanoconvect: interrupted by ") +
           interrupts::name(signal) + " " + run_position() +
           "; the outputs so far are in " + directory +
           (complete_checkpoint(directory).empty()
              ? " (a thermal-only run keeps no checkpoint: run it again to "
                "finish)."
              : ", with a checkpoint. Continue with: nanoconvect --restart " +
                  directory + " (same number of ranks).");
  }

  void
  write_failure_note(const std::string &directory, const std::string &reason)
  {
    std::error_code ec;
    if (directory.empty() || !fs::is_directory(directory, ec))
      return;
    try
      {
        write_atomically(directory + "/FAILED", [&](std::ostream &out) {
          out << "This nanoconvect run failed; its outputs are incomplete "
                 "and there is no summary.json.\n"
              << "where:  " << run_position() << "\n"
              << "reason: " << reason << "\n";
        });
      }
    catch (...)
      {
        // The note is a courtesy; the error itself is on stderr.
      }
  }

  void
  prepare_output_directory(const std::string &directory,
                           MPI_Comm           comm,
                           const bool         fresh)
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
              if (fresh && fs::exists(marker))
                move_aside(dir);
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
  {
    this->set_flags(fast_vtu_flags());
  }

  template <int dim>
  void
  ScaledDataOut<dim>::scale_components(const unsigned int first,
                                       const unsigned int n)
  {
    scaled_rows.emplace_back(first, n);
  }

  template <int dim>
  void
  ScaledDataOut<dim>::scale_patches()
  {
    scaled = DataOut<dim>::get_patches();
    for (auto &patch : scaled)
      {
        for (auto &v : patch.vertices)
          v *= factor;
        for (const auto &[first, n] : scaled_rows)
          for (unsigned int r = first; r < first + n; ++r)
            for (unsigned int c = 0; c < patch.data.n_cols(); ++c)
              patch.data(r, c) *= factor;
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
        write_atomically(directory + "/" + name + ".pvd",
                         [&](std::ostream &out) {
                           DataOutBase::write_pvd_record(out, records);
                         });
      }
  }

  void
  write_json(const std::string &file, const nlohmann::json &j, MPI_Comm comm)
  {
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      write_atomically(file,
                       [&](std::ostream &out) { out << j.dump(2) << "\n"; });
  }

  template class ScaledDataOut<2>;
  template class ScaledDataOut<3>;
} // namespace nanoconvect

#include <deal.II/base/exceptions.h>
#include <deal.II/grid/tria.h>

#include <meshes/stack_geometry.h>
#include <physics/number_text.h>
#include <solver/parameter_check.h>
#include <solver/problem_size.h>
#include <solver/run_parameters.h>

#include <cmath>
#include <fstream>
#include <sstream>

namespace nanoconvect
{
  namespace
  {
    // The cost model (doc/performance.md, bench_thermal on 2 ranks): peak
    // resident memory per thermal DoF beyond a fixed start-up cost per
    // process (MPI, Trilinos, p4est). 3D Q2 at 1.03 M DoFs: 2,549 MB;
    // r-z Q2 at 270 k DoFs: 555 MB; the mechanics and the surface add
    // less than the margin.
    constexpr double base_MB_per_rank = 170;
    constexpr double kB_per_dof[2]    = {1.0, 2.5}; // r-z, 3D

    double
    physical_memory_MB()
    {
      std::ifstream in("/proc/meminfo");
      std::string   key, unit;
      double        kB = 0;
      while (in >> key >> kB >> unit)
        if (key == "MemTotal:")
          return kB / 1024;
      return 0;
    }

    template <int dim>
    std::size_t
    estimated_cells(const StackGeometry &g)
    {
      // The local passes on the unrefined mesh, then every cell split
      // 2^dim times per global level: an upper estimate (at finer levels
      // the rim passes touch a smaller share of the cells).
      StackGeometry coarse     = g;
      coarse.global_refinement = 0;
      Triangulation<dim> tria;
      try
        {
          create_stack_mesh(coarse, tria);
        }
      catch (const ExceptionBase &e)
        {
          std::stringstream what;
          e.print_info(what);
          std::string msg;
          for (std::string word; what >> word;)
            msg += (msg.empty() ? "" : " ") + word;
          throw ExcInputError(
            g.mesh_source == "gmsh" ?
              "Parameter 'Geometry/Gmsh file' = '" + g.gmsh_file +
                "': the mesh cannot be read: " + msg :
              "the stack's mesh cannot be built: " + msg);
        }
      return std::size_t(tria.n_active_cells()) << (dim * g.global_refinement);
    }

    std::string
    grouped(const double x)
    {
      std::string s = std::to_string(static_cast<long long>(std::llround(x)));
      for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(i, ",");
      return s;
    }
  } // namespace

  std::string
  ProblemSize::describe(const unsigned int degree) const
  {
    return "~" + grouped(thermal_dofs) + " thermal DoFs (Q" +
           std::to_string(degree) + "), ~" + grouped(cells) + " cells, ~" +
           grouped(memory_MB) + " MB of memory (this machine: " +
           grouped(machine_MB) + " MB)";
  }

  ProblemSize
  estimate_problem_size(const RunParameters &p, const unsigned int ranks)
  {
    ProblemSize size;
    const int   dim = p.dimension;
    size.cells      = dim == 2 ? estimated_cells<2>(p.geometry) :
                                 estimated_cells<3>(p.geometry);
    size.thermal_dofs =
      size.cells * std::pow(static_cast<double>(p.thermal.degree), dim);
    size.memory_MB  = base_MB_per_rank * ranks +
                     size.thermal_dofs * kB_per_dof[dim - 2] / 1024;
    size.machine_MB = physical_memory_MB();
    if (size.machine_MB > 0 && size.memory_MB > size.machine_MB)
      throw ExcInputError(
        "the run would need " + size.describe(p.thermal.degree) +
        ": it cannot fit. Lower 'Mesh/Global refinement' (each level "
        "multiplies the DoFs by " + std::to_string(1 << dim) +
        ") or 'Thermal/Finite element degree'.");
    return size;
  }
} // namespace nanoconvect

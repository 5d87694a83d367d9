#include <deal.II/base/exceptions.h>
#include <deal.II/grid/tria.h>

#include <meshes/stack_geometry.h>
#include <physics/number_text.h>
#include <solver/parameter_check.h>
#include <solver/problem_size.h>
#include <solver/run_parameters.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace nanoconvect
{
  namespace
  {
    // The cost model (doc/performance.md, bench_thermal on 2 ranks,
    // 2026-12-01): peak resident memory per thermal DoF beyond a fixed
    // start-up cost per process (MPI, Trilinos, p4est), for the
    // matrix-free and the matrix-based thermal solver. 3D Q2 at 1.03 M
    // DoFs: 1,699 and 2,531 MB; r-z Q2 at 1.07 M DoFs: 1,106 and 1,208
    // MB; the mechanics and the surface add less than the margin.
    constexpr double base_MB_per_rank = 170;
    constexpr double kB_per_dof[2][2] = {{1.0, 1.5},  // matrix-free: r-z, 3D
                                         {1.0, 2.5}}; // matrix-based
    // Run time on 2 ranks (doc/performance.md): the thermal solve (mesh,
    // set-up, assembly, preconditioner, CG) per estimated DoF, from
    // bench_thermal's largest cases on 2026-12-02 after the coarse level's
    // degree coarsening (r-z 1,066,912 estimated DoFs in 7.4 s matrix-free,
    // 11.7 s matrix-based; 3D 889,688 estimated (1.03 M built) in 8.9 s and
    // 24.7 s), rounded up, and a coupled step per mechanics DoF (r-z 1,430
    // Q2 DoFs at 0.11 s per step, cantilever_cu's yielding cycles on 2
    // ranks; 3D 17,556 Q1 DoFs at 1.1 s per step, 25.6 s over 23 steps,
    // and 132,165 at 5.1 s, the elastic solves started from the projection
    // onto earlier ones: 6e-5 and 3.9e-5 s per DoF in a fast hour, doubled
    // and rounded up): the surface and elastic-plastic solves of the secant
    // iteration. Steps to a steady state: 20 to 30 in the shipped cases.
    constexpr double thermal_s_per_dof[2][2] = {{8e-6, 1.2e-5}, {1.2e-5, 3e-5}};
    // A transient step (assembly, AMG, CG; no mesh or set-up): heatup_cu,
    // 500 steps of ~7,040 estimated DoFs in 9.6 s on one rank.
    constexpr double transient_step_s_per_dof = 1.4e-6;
    constexpr double step_s_per_dof[2]        = {8e-5, 1.2e-4};
    constexpr double typical_steps[2]         = {20, 30};
    // Mechanics memory per DoF: taken as the 3D thermal figure and more
    // (a vector field couples more DoFs per row); the shipped cases need
    // a few MB.
    constexpr double kB_per_mechanics_dof = 3.0;

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
      // The mesh built without the global refinement, whose every cell the
      // global refinement, the mesh's last stage, splits into 2^dim
      // (create_stack_mesh); smoothed as a run's mesh is.
      StackGeometry coarse     = g;
      coarse.global_refinement = 0;
      Triangulation<dim> tria(
        Triangulation<dim>::limit_level_difference_at_vertices);
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
          throw ExcInputError(g.mesh_source == "gmsh"
                                ? "Parameter 'Geometry/Gmsh file' = '" +
                                    g.gmsh_file +
                                    "': the mesh cannot be read: " + msg
                                : "the stack's mesh cannot be built: " + msg);
        }
      return std::llround(std::pow(2.0, dim * g.global_refinement) *
                          tria.n_active_cells());
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
           grouped(memory_MB) +
           " MB of memory (this machine: " + grouped(machine_MB) + " MB)";
  }

  std::string
  ProblemSize::describe_time() const
  {
    const auto seconds = [](const double t) {
      return t < 10 ? number_text(std::ceil(t * 10) / 10)
                    : grouped(std::ceil(t));
    };
    std::string text =
      "~" + seconds(thermal_time) + " s for the thermal solve" +
      (thermal_steps > 1 ? "s (" + grouped(thermal_steps) + " steps)" : "");
    if (step_time > 0)
      text += "; ~" + seconds(step_time) + " s per coupled step (~" +
              grouped(mechanics_dofs) + " mechanics DoFs), ~" +
              seconds(typical_steps[0] * step_time) + "-" +
              seconds(typical_steps[1] * step_time) +
              " s to a steady state (20-30 steps; collapse cycles take more)";
    return text;
  }

  double
  ProblemSize::upper_time() const
  {
    return thermal_time + typical_steps[1] * step_time;
  }

  namespace
  {
    /** The column mesh's DoFs for the mechanics: counted from its rows and
     *  columns (create_column_mesh), and for a mesh of at most two million
     *  cells built serially and counted exactly. */
    template <int dim>
    double
    estimated_mechanics_dofs(const RunParameters &p)
    {
      const double R = p.geometry.column_radius(), L = p.geometry.column_length;
      const double h = p.mechanics.cell_size, t = p.mechanics.growth_layer;
      const double n_z    = std::max(1.0, std::ceil(L / h));
      const double graded = std::max(0.0, std::ceil(std::log2(L / n_z / t)));
      const double rows   = n_z + graded;
      const double across = dim == 2 ? std::max(1.0, std::ceil(R / h))
                                     : std::max(12.0, M_PI * R * R / (h * h));
      const double per_cell =
        std::pow(static_cast<double>(p.mechanics.degree), dim) * dim;
      constexpr double largest_built = 2e6; // cells
      if (rows * across > largest_built)
        return rows * across * per_cell;
      Triangulation<dim> tria;
      create_column_mesh(p.geometry, tria, h, t);
      return tria.n_active_cells() * per_cell;
    }
  } // namespace

  ProblemSize
  estimate_problem_size(const RunParameters &p, const unsigned int ranks)
  {
    ProblemSize size;
    const int   dim = p.dimension;
    size.cells      = dim == 2 ? estimated_cells<2>(p.geometry)
                               : estimated_cells<3>(p.geometry);
    size.thermal_dofs =
      size.cells * std::pow(static_cast<double>(p.thermal.degree), dim);
    size.memory_MB = base_MB_per_rank * ranks +
                     size.thermal_dofs *
                       kB_per_dof[p.thermal.matrix_free ? 0 : 1][dim - 2] /
                       1024;
    size.machine_MB = physical_memory_MB();
    // Times scale from 2 ranks with the ranks (the machine's cores).
    const double speed_up = std::max(1u, ranks) / 2.0;
    size.thermal_time =
      size.thermal_dofs *
      thermal_s_per_dof[p.thermal.matrix_free ? 0 : 1][dim - 2] / speed_up;
    // A transient run: the set-up once, then a solve per step.
    if (p.thermal.transient && p.thermal.time_step > 0)
      {
        size.thermal_steps =
          std::ceil(p.thermal.end_time / p.thermal.time_step - 1e-9);
        size.thermal_time += size.thermal_steps * size.thermal_dofs *
                             transient_step_s_per_dof / speed_up;
      }
    if (p.mechanics.enabled && p.surface_transport.enabled)
      {
        size.mechanics_dofs = dim == 2 ? estimated_mechanics_dofs<2>(p)
                                       : estimated_mechanics_dofs<3>(p);
        size.step_time =
          size.mechanics_dofs * step_s_per_dof[dim - 2] / speed_up;
        size.memory_MB += size.mechanics_dofs * kB_per_mechanics_dof / 1024;
      }
    if (size.machine_MB > 0 && size.memory_MB > size.machine_MB)
      throw ExcInputError(
        "the run would need " + size.describe(p.thermal.degree) +
        (size.mechanics_dofs > 0
           ? " with ~" + grouped(size.mechanics_dofs) + " mechanics DoFs"
           : std::string()) +
        ": it cannot fit. Lower 'Mesh/Global refinement' (each level "
        "multiplies the DoFs by " +
        std::to_string(1 << dim) + ") or 'Thermal/Finite element degree'" +
        (size.mechanics_dofs > size.thermal_dofs
           ? ", or coarsen 'Mechanics/Cell size'."
           : "."));
    return size;
  }
} // namespace nanoconvect

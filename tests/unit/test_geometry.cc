// The stack mesh: region volumes, boundary areas and ids, in 2D and 3D.
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/fe/mapping_q_cache.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/manifold_lib.h>

#include "test_helpers.h"
#include <gtest/gtest.h>
#include <meshes/extruded_transfinite_manifold.h>
#include <meshes/ids.h>
#include <meshes/refined_mapping.h>
#include <meshes/stack_geometry.h>
#include <solver/problem_size.h>
#include <solver/run_parameters.h>

#include <map>

using namespace nanoconvect;

namespace
{
  struct Measures
  {
    std::map<types::material_id, double> volume;
    std::map<types::boundary_id, double> area;
  };

  /** Volumes per material and areas per boundary id, with the 2 pi r
   *  weight in 2D (so both are those of the 3D solid). */
  template <int dim>
  Measures
  measure(const Triangulation<dim> &tria, const unsigned int mapping_degree)
  {
    const MappingQ<dim> mapping(mapping_degree);
    const FE_Q<dim>     fe(1);
    FEValues<dim>       fv(mapping,
                     fe,
                     QGauss<dim>(4),
                     update_JxW_values | update_quadrature_points);
    FEFaceValues<dim>   ffv(mapping,
                          fe,
                          QGauss<dim - 1>(4),
                          update_JxW_values | update_quadrature_points);
    const auto          w = [](const Point<dim> &p) {
      return dim == 2 ? 2 * M_PI * p[0] : 1.0;
    };
    Measures m;
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fv.reinit(cell);
          for (unsigned int q = 0; q < fv.n_quadrature_points; ++q)
            m.volume[cell->material_id()] +=
              fv.JxW(q) * w(fv.quadrature_point(q));
          for (const auto &face : cell->face_iterators())
            if (face->at_boundary())
              {
                ffv.reinit(cell, face);
                for (unsigned int q = 0; q < ffv.n_quadrature_points; ++q)
                  m.area[face->boundary_id()] +=
                    ffv.JxW(q) * w(ffv.quadrature_point(q));
              }
        }
    // Every rank sums every id (collective), owned cells or not.
    for (types::material_id r = 1; r <= 4; ++r)
      {
        const double v = Utilities::MPI::sum(m.volume[r], MPI_COMM_WORLD);
        if (v > 0)
          m.volume[r] = v;
        else
          m.volume.erase(r);
      }
    for (types::boundary_id b = 0; b <= 6; ++b)
      m.area[b] = Utilities::MPI::sum(m.area[b], MPI_COMM_WORLD);
    return m;
  }

  StackGeometry
  default_geometry()
  {
    StackGeometry g;
    g.global_refinement = 0;
    g.corner_refinement = 1;
    g.oxide_refinement  = 1;
    return g;
  }
} // namespace

TEST(StackGeometry, RegionsOfPoints)
{
  const StackGeometry g;
  EXPECT_EQ(g.region_of(50e-9, 100e-9), ids::material::substrate);
  EXPECT_EQ(g.region_of(20e-9, 250e-9), ids::material::column);
  EXPECT_EQ(g.region_of(40e-9, 250e-9), numbers::invalid_material_id);
  EXPECT_EQ(g.region_of(40e-9, 322e-9), ids::material::oxide);
  EXPECT_EQ(g.region_of(40e-9, 400e-9), ids::material::tip);
  EXPECT_EQ(g.region_of(60e-9, 400e-9), numbers::invalid_material_id);
  EXPECT_DOUBLE_EQ(g.z_top(), 625e-9);
}

TEST(StackMesh, AxisymmetricVolumesAndAreasAreExact)
{
  const StackGeometry                     g = default_geometry();
  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  create_stack_mesh(g, tria);
  Measures m = measure(tria, 1);
  for (types::material_id r = 1; r <= 4; ++r)
    EXPECT_NEAR(m.volume.at(r) / g.exact_volume(r), 1.0, 1e-12) << r;
  const double R = g.column_radius();
  EXPECT_NEAR(m.area[ids::boundary::hot_face],
              M_PI * g.substrate_radius * g.substrate_radius,
              1e-12 * m.area[ids::boundary::hot_face]);
  EXPECT_NEAR(m.area[ids::boundary::cold_face],
              M_PI * g.tip_radius * g.tip_radius,
              1e-12 * m.area[ids::boundary::cold_face]);
  EXPECT_NEAR(m.area[ids::boundary::column_surface] /
                (2 * M_PI * R * g.column_length),
              1.0,
              1e-12);
  EXPECT_EQ(m.area[0], 0.0); // every boundary face has a stack id
  EXPECT_EQ(m.area[ids::boundary::symmetry_axis], 0.0); // r = 0: no area
}

TEST(StackMesh, ThreeDimensionalVolumesConvergeWithCurvedCells)
{
  StackGeometry g     = default_geometry();
  g.coarse_cell_size  = 25e-9;
  g.corner_refinement = 0;
  g.oxide_refinement  = 0;
  double previous     = 1;
  for (unsigned int refinement = 0; refinement < 2; ++refinement)
    {
      g.global_refinement = refinement;
      parallel::distributed::Triangulation<3> tria(MPI_COMM_WORLD);
      create_stack_mesh(g, tria);
      Measures m     = measure(tria, 2);
      double   worst = 0;
      for (types::material_id r = 1; r <= 4; ++r)
        worst =
          std::max(worst, std::abs(m.volume.at(r) / g.exact_volume(r) - 1));
      const double R    = g.column_radius();
      const double side = m.area[ids::boundary::column_surface] /
                          (2 * M_PI * R * g.column_length);
      EXPECT_LT(worst, 1e-3) << "refinement " << refinement;
      EXPECT_NEAR(side, 1.0, 1e-3);
      EXPECT_LT(worst, previous); // curved manifolds: error falls
      previous = worst;
      EXPECT_EQ(m.area[0], 0.0);
    }
}

TEST(StackMesh, NoOxideMeansTipOnColumn)
{
  StackGeometry g   = default_geometry();
  g.oxide_thickness = 0;
  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  create_stack_mesh(g, tria);
  Measures m = measure(tria, 1);
  EXPECT_EQ(m.volume.count(ids::material::oxide), 0u);
  EXPECT_NEAR(m.volume.at(ids::material::tip) /
                g.exact_volume(ids::material::tip),
              1.0,
              1e-12);
}

TEST(StackMesh, ContactLayerSitsBetweenColumnAndOxide)
{
  StackGeometry g           = default_geometry();
  g.contact_layer_thickness = 0.5e-9;
  EXPECT_EQ(g.region_of(10e-9, 320.25e-9), ids::material::contact_layer);
  EXPECT_EQ(g.region_of(10e-9, 321e-9), ids::material::oxide);
  EXPECT_DOUBLE_EQ(g.z_top(), 625.5e-9);
  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  create_stack_mesh(g, tria);
  Measures     m = measure(tria, 1);
  const double v =
    Utilities::MPI::sum(m.volume[ids::material::contact_layer], MPI_COMM_WORLD);
  EXPECT_NEAR(v / g.exact_volume(ids::material::contact_layer), 1.0, 1e-12);
}

TEST(StackMesh, RimRefinementGradesTowardTheCorners)
{
  StackGeometry g     = default_geometry();
  g.corner_refinement = 0;
  parallel::distributed::Triangulation<2> coarse(MPI_COMM_WORLD);
  create_stack_mesh(g, coarse);
  g.corner_refinement = 3;
  parallel::distributed::Triangulation<2> graded(MPI_COMM_WORLD);
  create_stack_mesh(g, graded);
  // The smallest cell sits at a rim and is 2^3 times smaller.
  double h_min = 1, h_coarse = 1;
  for (const auto &cell : graded.active_cell_iterators())
    if (cell->is_locally_owned() && cell->diameter() < h_min)
      h_min = cell->diameter();
  for (const auto &cell : coarse.active_cell_iterators())
    if (cell->is_locally_owned())
      h_coarse = std::min(h_coarse, cell->diameter());
  h_min    = Utilities::MPI::min(h_min, MPI_COMM_WORLD);
  h_coarse = Utilities::MPI::min(h_coarse, MPI_COMM_WORLD);
  EXPECT_LT(h_min, h_coarse / 4);
}

// The generated 3D stack is extruded along z, and its transition cells use
// ExtrudedTransfiniteManifold: the section's 2D transfinite map times the
// linear map in z. deal.II's own 3D TransfiniteInterpolationManifold on the
// same coarse mesh is the independent reference: both must place every
// vertex of a twice-refined mesh, and every Q2 mapping support point, alike.
TEST(StackMesh, ExtrudedTransfiniteManifoldIsDealIIsTransfiniteMap)
{
  StackGeometry g    = default_geometry();
  g.coarse_cell_size = 25e-9;
  Triangulation<3> ours, reference;
  create_coarse_stack_mesh(g, ours);
  reference.copy_triangulation(ours);
  TransfiniteInterpolationManifold<3> transfinite;
  transfinite.initialize(reference);
  reference.set_manifold(ids::manifold::transfinite, transfinite);
  ASSERT_NE(dynamic_cast<const ExtrudedTransfiniteManifold *>(
              &ours.get_manifold(ids::manifold::transfinite)),
            nullptr);
  ours.refine_global(2);
  reference.refine_global(2);
  ASSERT_EQ(ours.n_vertices(), reference.n_vertices());
  const double R     = g.column_radius();
  double       worst = 0;
  for (unsigned int v = 0; v < ours.n_vertices(); ++v)
    worst =
      std::max(worst,
               ours.get_vertices()[v].distance(reference.get_vertices()[v]));
  EXPECT_LT(worst, 1e-10 * R);

  // The Q2 mapping's support points: its images of the unit cell's
  // vertices, edge and face midpoints and centre.
  const MappingQ<3>  mapping(2);
  const FE_Q<3>      fe(1);
  const QIterated<3> support(QTrapezoid<1>(), 2);
  FEValues<3>        fa(mapping, fe, support, update_quadrature_points);
  FEValues<3>        fb(mapping, fe, support, update_quadrature_points);
  double             worst_support = 0;
  for (auto a = ours.begin_active(), b = reference.begin_active();
       a != ours.end();
       ++a, ++b)
    if (a->manifold_id() == ids::manifold::transfinite)
      {
        fa.reinit(a);
        fb.reinit(b);
        for (const unsigned int q : fa.quadrature_point_indices())
          worst_support =
            std::max(worst_support,
                     fa.quadrature_point(q).distance(fb.quadrature_point(q)));
      }
  EXPECT_LT(worst_support, 1e-10 * R);
}

// initialize_from_refinement reads a cell's quadratic map off its
// children's vertices and restricts a parent's to an active child. A mesh
// whose vertices lie on a map that is quadratic in each direction is
// reproduced exactly by both: every support point of every active cell
// (its parent's map restricted to it), at the hanging nodes of a locally
// refined mesh too, must be the map
// of the point's position on the undeformed cube (MappingQ on the cube:
// the unit cell's support points, affinely placed).
TEST(RefinedMapping, ReproducesAQuadraticMapExactly)
{
  const auto map = [](const Point<3> &p) {
    return Point<3>(p[0] + 0.2 * p[1] * p[1] - 0.1 * p[0] * p[2],
                    p[1] + 0.15 * p[0] * p[0] * p[2] * p[2],
                    p[2] - 0.1 * p[0] * p[1] + 0.05 * p[1] * p[1] * p[2]);
  };
  Triangulation<3> tria;
  GridGenerator::hyper_cube(tria);
  tria.refine_global(2);
  tria.begin_active()->set_refine_flag();
  tria.execute_coarsening_and_refinement();
  // The undeformed support points, then the mesh deformed.
  const MappingQ<3>  q2(2);
  const FE_Q<3>      fe(1);
  const QIterated<3> support(QTrapezoid<1>(), 2);
  std::map<std::pair<int, int>, std::vector<Point<3>>> undeformed;
  {
    FEValues<3> fe_values(q2, fe, support, update_quadrature_points);
    for (const auto &cell : tria.cell_iterators())
      {
        fe_values.reinit(cell);
        undeformed[{cell->level(), cell->index()}] =
          fe_values.get_quadrature_points();
      }
  }
  // Every vertex onto the map (GridTools::transform would move hanging
  // vertices to their edges' midpoints).
  std::vector<bool> moved(tria.n_vertices(), false);
  for (const auto &cell : tria.cell_iterators())
    for (const unsigned int v : cell->vertex_indices())
      if (!moved[cell->vertex_index(v)])
        {
          moved[cell->vertex_index(v)] = true;
          cell->vertex(v)              = map(cell->vertex(v));
        }
  MappingQCache<3> mapping(2);
  initialize_from_refinement(mapping, tria);
  FEValues<3> fe_values(mapping, fe, support, update_quadrature_points);
  double      worst = 0;
  for (const auto &cell : tria.active_cell_iterators())
    {
      fe_values.reinit(cell);
      const auto &x = undeformed[{cell->level(), cell->index()}];
      for (const unsigned int q : fe_values.quadrature_point_indices())
        worst =
          std::max(worst, fe_values.quadrature_point(q).distance(map(x[q])));
    }
  EXPECT_LT(worst, 1e-14);

  // A quadratic mapping only.
  EXPECT_THROW(
    {
      MappingQCache<3> cubic(3);
      initialize_from_refinement(cubic, tria);
    },
    ExceptionBase);
}

// The size estimate before meshing (solver/problem_size.cc), a serial mesh
// without the global refinement times 2^(dim g), against the distributed
// mesh the run builds (p4est's 2:1 balance, the global refinement done):
// the global refinement is the mesh's last stage, so the two agree exactly.
TEST(ProblemSize, CellEstimateIsTheBuiltMesh)
{
  for (const std::string mesh : {"set Dimension = 3\nsubsection Mesh\n"
                                 " set Coarse cell size = 20\n"
                                 " set Global refinement = 1\nend\n",
                                 "set Dimension = 2\nsubsection Mesh\n"
                                 " set Coarse cell size = 12.5\n"
                                 " set Global refinement = 4\n"
                                 " set Corner refinement = 4\nend\n"})
    {
      const RunParameters p    = test_support::parameters_from(mesh);
      const ProblemSize   size = estimate_problem_size(p, 2);
      std::size_t         built;
      if (p.dimension == 3)
        {
          parallel::distributed::Triangulation<3> tria(MPI_COMM_WORLD);
          create_stack_mesh(p.geometry, tria);
          built = tria.n_global_active_cells();
        }
      else
        {
          parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
          create_stack_mesh(p.geometry, tria);
          built = tria.n_global_active_cells();
        }
      EXPECT_EQ(size.cells, built) << mesh;
    }
}

// The bulk meshes following the column's shape (doc/model.md, section 6.2)
// and the buckling load of a profile (section 8.5), against exact facts:
// volumes of revolution, the uniaxial bar on a moved mesh, the tapered
// bar's axial stiffness, Euler's loads and a stepped column's
// characteristic equation.
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q_cache.h>

#include <gtest/gtest.h>

#include <meshes/column_mesh_motion.h>
#include <meshes/ids.h>
#include <meshes/stack_geometry.h>
#include <physics/mechanics/column_mechanics.h>
#include <physics/mechanics/profile_buckling.h>

#include "test_helpers.h"

#include <cmath>
#include <algorithm>
#include <functional>
#include <map>

using namespace nanoconvect;

namespace
{
  /** The volume (m^3, with 2 pi r) of each material's cells. */
  std::map<types::material_id, double>
  region_volumes(const parallel::distributed::Triangulation<2> &tria,
                 const Mapping<2>                              &mapping)
  {
    const QGauss<2>                      quadrature(4);
    const FE_Q<2>                        fe(1);
    FEValues<2>                          fe_values(mapping,
                          fe,
                          quadrature,
                          update_JxW_values | update_quadrature_points);
    std::map<types::material_id, double> volume;
    for (types::material_id m = 1; m <= ids::material::n_materials; ++m)
      volume[m] = 0;
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            volume[cell->material_id()] += fe_values.JxW(q) * 2 * M_PI *
                                           fe_values.quadrature_point(q)[0];
        }
    for (auto &[m, v] : volume)
      v = Utilities::MPI::sum(v, MPI_COMM_WORLD);
    return volume;
  }

  struct MovedStack
  {
    MovedStack()
      : tria(MPI_COMM_WORLD)
      , mapping(2)
    {
      create_stack_mesh(geometry, tria);
      mapping.initialize(MappingQ<2>(2), tria);
    }
    StackGeometry                           geometry;
    parallel::distributed::Triangulation<2> tria;
    MappingQCache<2>                        mapping;
  };
} // namespace

TEST(ColumnMeshMotion, StackVolumesFollowTheProfile)
{
  // A bulge held at the ends, and a taper: the column's volume is that of
  // the profile's solid of revolution; the other regions keep theirs.
  MovedStack         s;
  const auto         before = region_volumes(s.tria, s.mapping);
  const double       R0 = s.geometry.column_radius(), L = s.geometry.column_length;
  const double       z0 = s.geometry.z_column_bottom();
  ColumnMeshMotion<2> motion(s.tria, 2, R0);

  const double a      = 0.08 * R0;
  const auto   bulge  = [&](const double z) {
    return R0 + a * std::sin(M_PI * (z - z0) / L);
  };
  const double quality = motion.move(bulge, s.mapping);
  auto         after   = region_volumes(s.tria, s.mapping);
  // pi int (R0 + a sin)^2 dz = pi L (R0^2 + 4 R0 a / pi + a^2 / 2).
  const double exact = M_PI * L * (R0 * R0 + 4 * R0 * a / M_PI + a * a / 2);
  EXPECT_NEAR(after[ids::material::column] / exact, 1, 1e-6);
  for (const auto m : {ids::material::substrate, ids::material::oxide,
                       ids::material::tip})
    EXPECT_NEAR(after[m] / before.at(m), 1, 1e-12) << ids::material::name(m);
  EXPECT_GT(quality, 0.9);
  EXPECT_NEAR(motion.max_displacement(), a, 1e-3 * a);

  // A taper from 0.8 R0 at the foot: the foot slides on the substrate.
  const double Ra    = 0.8 * R0;
  const auto   taper = [&](const double z) {
    return Ra + (R0 - Ra) * std::clamp((z - z0) / L, 0.0, 1.0);
  };
  motion.move(taper, s.mapping);
  after = region_volumes(s.tria, s.mapping);
  EXPECT_NEAR(after[ids::material::column] /
                (M_PI * L * (Ra * Ra + Ra * R0 + R0 * R0) / 3),
              1,
              1e-10);
  for (const auto m : {ids::material::substrate, ids::material::oxide,
                       ids::material::tip})
    EXPECT_NEAR(after[m] / before.at(m), 1, 1e-12) << ids::material::name(m);
}


namespace
{
  using Support = MechanicsParameters::ColdSupport;

  /** An elastic column on a prescribed contact displacement, sliding hot
   *  end; a uniform temperature. */
  struct ElasticColumn
  {
    explicit ElasticColumn(const double nu)
    {
      column                 = test_support::parameters_from("").materials[2];
      column.poissons_ratio  = nu;
      mechanics.hot_end      = MechanicsParameters::HotEnd::sliding;
      mechanics.cold_support = Support::prescribed;
      mechanics.cell_size    = 6e-9;
    }
    StackGeometry       geometry;
    RegionMaterial      column;
    MechanicsParameters mechanics;
  };

  typename ColumnMechanics<2>::TemperatureSampler
  uniform(const double T)
  {
    return [T](const std::vector<Point<2>> &p, std::vector<double> &v) {
      v.assign(p.size(), T);
    };
  }
} // namespace

TEST(ColumnMeshMotion, MovedCylinderCarriesTheUniaxialStressOfItsNewArea)
{
  // The column's mesh moved to a thinner cylinder R1 (the contact moves
  // with it): uniaxial stress E eps on the new area pi R1^2, exact up to
  // the solvers, so the points' weights and radii follow the mesh.
  ElasticColumn        s(0.3);
  ColumnMechanics<2>   m(MPI_COMM_WORLD, s.geometry, s.column, s.mechanics);
  m.set_temperature(uniform(500));
  const double R1 = 0.85 * s.geometry.column_radius();
  const double quality =
    m.follow_surface([&](double) { return R1; }, uniform(500));
  EXPECT_NEAR(quality, 0.85, 1e-9);
  const double E = s.column.youngs_modulus, L = s.geometry.column_length;
  const double eps = 0.5 * m.yield_strength() / E;
  const auto   r   = m.solve(0, 0, -eps * L);
  EXPECT_NEAR(r.contact_force / (E * eps * M_PI * R1 * R1), 1, 1e-8);
}

TEST(ColumnMeshMotion, TaperedColumnHasTheAxialStiffnessOfAConicalBar)
{
  // A taper from R_a at the foot to R at the contact, nu = 0: a slender
  // conical bar, F = E pi R_a R delta / L (1D theory; its error is of the
  // order of the squared slope, 0.2 % here).
  ElasticColumn      s(0.0);
  ColumnMechanics<2> m(MPI_COMM_WORLD, s.geometry, s.column, s.mechanics);
  m.set_temperature(uniform(500));
  const double R = s.geometry.column_radius(), Ra = 0.8 * R;
  const double z0 = s.geometry.z_column_bottom(), L = s.geometry.column_length;
  m.follow_surface(
    [&](const double z) {
      return Ra + (R - Ra) * std::clamp((z - z0) / L, 0.0, 1.0);
    },
    uniform(500));
  const double E = s.column.youngs_modulus;
  const double delta = 0.3 * m.yield_strength() / E * L;
  const auto   r     = m.solve(0, 0, -delta);
  EXPECT_NEAR(r.contact_force / (E * M_PI * Ra * R * delta / L), 1, 1e-2);
}

TEST(ProfileBuckling, UniformColumnGivesEulersLoads)
{
  // P = c E I / L^2 with c = 4 pi^2, 20.1907 (x^2 for the root x of
  // tan x = x), pi^2 and pi^2 / 4.
  const double        E = 1.2e11, R = 20e-9, L = 150e-9;
  const double        I = M_PI * std::pow(R, 4) / 4;
  const unsigned int  n = 120;
  std::vector<double> z(n + 1), radius(n + 1, R);
  for (unsigned int i = 0; i <= n; ++i)
    z[i] = L * i / n;
  double x = 4.5; // tan x = x
  for (int it = 0; it < 50; ++it)
    x -= (std::tan(x) - x) / (1 / std::pow(std::cos(x), 2) - 1);
  const std::map<std::string, double> c = {{"clamped-clamped", 4 * M_PI * M_PI},
                                           {"clamped-pinned", x * x},
                                           {"clamped-guided", M_PI * M_PI},
                                           {"clamped-free", M_PI * M_PI / 4}};
  for (const auto &[ends, coefficient] : c)
    EXPECT_NEAR(profile_buckling_load(z, radius, E, ends) /
                  (coefficient * E * I / (L * L)),
                1,
                1e-7)
      << ends;
}

TEST(ProfileBuckling, SteppedCantileverMeetsItsCharacteristicEquation)
{
  // Clamped foot, free top; radius R1 below h = l1, R2 above: the load is
  // the smallest root of tan(k1 l1) tan(k2 l2) = k2 / k1, k_i^2 = P / EI_i.
  const double E = 1.2e11, L = 150e-9, l1 = 0.4 * L, l2 = L - l1;
  const double R1 = 20e-9, R2 = 14e-9;
  const double EI1 = E * M_PI * std::pow(R1, 4) / 4,
               EI2 = E * M_PI * std::pow(R2, 4) / 4;
  // Nodes every L / 200, and a pair 1e-4 L apart at the step: the radius
  // ramps between them, which stiffens the column by ~6e-5 (linear in the
  // ramp's length; a shorter one would swamp the factorization with its
  // 1 / h^3 stiffness).
  std::vector<double> z, radius;
  for (unsigned int i = 0; i <= 200; ++i)
    {
      const double h = L * i / 200;
      if (std::abs(h - l1) < 1e-12 * L)
        {
          z.push_back(h - 5e-5 * L), radius.push_back(R1);
          z.push_back(h + 5e-5 * L), radius.push_back(R2);
        }
      else
        z.push_back(h), radius.push_back(h < l1 ? R1 : R2);
    }
  const auto f = [&](const double P) {
    const double k1 = std::sqrt(P / EI1), k2 = std::sqrt(P / EI2);
    return std::tan(k1 * l1) * std::tan(k2 * l2) - k2 / k1;
  };
  double lo = 1e-6 * EI2 / (L * L),
         hi = std::min(EI1 * std::pow(M_PI / (2 * l1), 2),
                       EI2 * std::pow(M_PI / (2 * l2), 2)) *
              (1 - 1e-12);
  for (int it = 0; it < 200; ++it)
    (f(0.5 * (lo + hi)) < 0 ? lo : hi) = 0.5 * (lo + hi);
  EXPECT_NEAR(profile_buckling_load(z, radius, E, "clamped-free") / lo,
              1,
              2e-4);
}

TEST(ColumnMeshMotion, MovedPlasticColumnKeepsItsFlowStressOnTheNewArea)
{
  // A column compressed plastically (linear hardening), committed, then
  // moved to a thinner cylinder: each point keeps its total strain and
  // stress, so the uniaxial state is at once in equilibrium on the new mesh
  // (one Newton iteration) and its force is the flow stress on the new
  // area. (A uniform move is path independent: re-measuring the
  // displacement on the moved cells reaches the same state, in as many
  // iterations here; the transfer matters where the move is not uniform.)
  ElasticColumn s(0.3);
  s.mechanics.hardening = 2e9;
  ColumnMechanics<2> m(MPI_COMM_WORLD, s.geometry, s.column, s.mechanics);
  m.set_temperature(uniform(500));
  const double E = s.column.youngs_modulus, L = s.geometry.column_length;
  const double H = s.mechanics.hardening, sy = m.yield_strength();
  const double eps = 3 * sy / E;
  m.solve(0, 0, -eps * L);
  m.commit();
  const double R1 = 0.9 * s.geometry.column_radius();
  m.follow_surface([&](double) { return R1; }, uniform(500));
  const auto   r    = m.solve(0, 0, -eps * L);
  const double flow = sy + E * H / (E + H) * (eps - sy / E);
  EXPECT_NEAR(r.contact_force / (flow * M_PI * R1 * R1), 1, 1e-8);
  EXPECT_EQ(r.newton_iterations, 1u);
}

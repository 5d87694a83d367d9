#include <physics/constants.h>
#include <physics/surface_transport/binary_io.h>
#include <physics/surface_transport/column_surface.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>

namespace nanoconvect
{
  namespace
  {
    /** The heights of n + 1 uniform nodes from the foot, 0 to length. */
    std::vector<double>
    heights(const double length, const unsigned int n)
    {
      std::vector<double> h(n + 1);
      for (unsigned int i = 0; i <= n; ++i)
        h[i] = length * i / n;
      return h;
    }
  } // namespace

  EvolvingGeneratrix::EvolvingGeneratrix(const SurfaceMaterial &material,
                                         const StackGeometry   &geometry,
                                         const unsigned int     n_elements,
                                         const ShapeParameters &parameters)
    : ColumnSurface(geometry)
    , material(material)
    , column_shape(material,
                   geometry.z_column_bottom(),
                   geometry.column_length,
                   parameters.initial_radius(heights(geometry.column_length,
                                                     n_elements),
                                             geometry.column_diameter,
                                             geometry.column_length),
                   parameters.exchange_length)
  {
    // T is sampled a hair inside the surface the bulk meshes follow: the
    // undeformed column's until follow_bulk().
    for (const double z : column_shape.z())
      points.emplace_back(geometry.column_radius(), 0, z);
    inward = 1e-3;
    T.assign(points.size(), 0.0);
    sigma.assign(points.size(), 0.0);
  }

  ColumnShape::Fields
  EvolvingGeneratrix::fields() const
  {
    return {T, sigma, mu_hot, mu_cold};
  }

  ColumnSurface::Result
  EvolvingGeneratrix::solve(const double mu_first, const double mu_last)
  {
    mu_hot  = mu_first;
    mu_cold = mu_last;
    last    = column_shape.solve(fields());
    // The core's speed: the contact's volume rate over its area (the
    // contact keeps the column's radius).
    const double R_c = column_shape.radius().back();
    return {last.contact_outflow,
            material.Omega * last.contact_outflow / (M_PI * R_c * R_c),
            last.mean_J,
            last.mean_J_T,
            last.mean_J_sigma,
            last.newton_iterations};
  }

  void
  EvolvingGeneratrix::advance(const double dt, const double displacement)
  {
    column_shape.advance(fields(), dt);
    column_shape.translate(displacement);
  }

  void
  EvolvingGeneratrix::write_csv(std::ostream &csv) const
  {
    const auto &z = column_shape.z(), &R = column_shape.radius();
    const auto  kappa = column_shape.curvature();
    csv << std::setprecision(10)
        << "z_nm,r_nm,kappa_per_nm,T_K,sigma_Pa,C_s_per_m3,Phi_eV,"
           "J_atoms_per_m2_s,J_T_atoms_per_m2_s,J_sigma_atoms_per_m2_s,"
           "growth_m_per_s\n";
    for (unsigned int i = 0; i < z.size() && !last.J.empty(); ++i)
      {
        // Edge fluxes are written at the edge's upper node.
        const unsigned int e = (i == 0 ? 0 : i - 1);
        csv << z[i] / 1e-9 << "," << R[i] / 1e-9 << "," << kappa[i] * 1e-9
            << "," << T[i] << "," << sigma[i] << "," << last.C[i] << ","
            << last.Phi[i] / constants::electronvolt << "," << last.J[e] << ","
            << last.J_T[e] << "," << last.J_sigma[e] << "," << last.growth[i]
            << "\n";
      }
  }

  void
  EvolvingGeneratrix::write_vtu(std::ostream &out) const
  {
    // Line patches along the generatrix at its present radii (none before
    // the first solve).
    const auto                kappa = column_shape.curvature();
    const std::vector<double> none;
    const bool                solved = !last.J.empty();
    write_generatrix_vtu(
      out,
      solved ? column_shape.radius() : none,
      solved ? column_shape.z() : none,
      {"T_K",
       "sigma_Pa",
       "C_s_per_m3",
       "kappa_per_nm",
       "growth_m_per_s",
       "J_atoms_per_m2_s"},
      [&](const unsigned int k, const unsigned int e, const unsigned int v) {
        const unsigned int          i      = e + v;
        const std::array<double, 6> values = {
          {T[i], sigma[i], last.C[i], kappa[i] * 1e-9, last.growth[i], last.J[e]}};
        return values[k];
      });
  }

  std::vector<std::pair<std::string, unsigned int>>
  EvolvingGeneratrix::size() const
  {
    return {{"elements",
             static_cast<unsigned int>(column_shape.z().size() - 1)}};
  }

  double
  EvolvingGeneratrix::bulk_lag() const
  {
    const std::vector<double> &R   = column_shape.radius();
    double                     lag = 0;
    for (unsigned int i = 0; i < R.size(); ++i)
      lag = std::max(lag, std::abs(R[i] - points[i][0]));
    return lag;
  }

  void
  EvolvingGeneratrix::follow_bulk()
  {
    const std::vector<double> &R = column_shape.radius();
    for (unsigned int i = 0; i < R.size(); ++i)
      points[i][0] = R[i];
  }

  void
  EvolvingGeneratrix::save(std::ostream &out) const
  {
    column_shape.save(out);
    std::vector<double> bulk;
    for (const Point<3> &x : points)
      bulk.push_back(x[0]);
    binary_io::write_vector(out, bulk);
  }

  void
  EvolvingGeneratrix::load(std::istream &in)
  {
    column_shape.load(in);
    const std::vector<double> bulk =
      binary_io::read_vector(in, "bulk meshes' radius profile");
    AssertThrow(bulk.size() == points.size(),
                ExcMessage("The checkpoint's bulk radius profile has " +
                           std::to_string(bulk.size()) + " nodes, the run " +
                           std::to_string(points.size()) + "."));
    for (unsigned int i = 0; i < bulk.size(); ++i)
      points[i][0] = bulk[i];
  }
} // namespace nanoconvect

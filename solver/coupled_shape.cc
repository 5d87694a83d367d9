// The coupled loop and the column's shape: the narrowest section and the
// buckling load of the collapse check (doc/model.md, 8.5), and the bulk
// meshes following the evolving surface (6.2).
#include <physics/mechanics/column_mechanics.h>
#include <physics/surface_transport/column_shape.h>
#include <solver/coupled_loop.h>
#include <solver/interface_module.h>
#include <solver/mechanics_module.h>
#include <solver/run_parameters.h>
#include <solver/surface_step.h>
#include <solver/thermal_module.h>

#include <algorithm>
#include <cmath>
#include <iomanip>

namespace nanoconvect
{
  template <int dim>
  void
  CoupledLoop<dim>::update_neck()
  {
    // The narrowest section: the evolving profile's, the given neck's, or
    // the column's own (doc/model.md, 8.5). An evolving column buckles as
    // its profile does.
    const double       d     = prm.geometry.column_diameter;
    const ColumnShape *shape = surface.shape();
    const double d_neck = shape ? shape->narrowest().first :
                          mp.neck_diameter > 0 ? mp.neck_diameter :
                                                 d;
    if (shape && !mp.buckling_fe)
      buckling_load = mechanics.euler_load(shape->z(), shape->radius());
    neck_factor     = std::pow(d / d_neck, 2);
    neck_yield      = mechanics.yield_strength(d_neck);
    collapse_stress = std::min(neck_yield / neck_factor, buckling_load / A);
  }

  template <int dim>
  void
  CoupledLoop<dim>::follow_shape(const bool to_shape)
  {
    const std::function<double(double)> radius = surface.follow_bulk(to_shape);
    // The stack's mesh (solved again, unless the checkpoint holds T), the
    // surface's temperature and ends, then the column's mesh and T.
    double quality =
      to_shape ? thermal.follow_column(radius) : thermal.move_mesh(radius);
    surface.resample_temperature();
    const auto [T_hot, T_cold] = surface.end_temperatures();
    interface.set_temperatures(T_hot, T_cold);
    surface.set_end_kinetics(interface.end_kinetics());
    quality = std::min(
      quality, mechanics.follow_surface(radius, sample_temperature, to_shape));
    if (interface.coupled())
      interface.set_ring_areas(
        mechanics.layer_ring_volumes(interface.rings().all_edges()));
    // The committed state's contact stress in the new geometry (a restart
    // records it so too).
    record_contact_stress();
    if (!to_shape)
      return; // a restart's meshes, where they were
    ++s.bulk_moves;
    s.bulk_quality = std::min(s.bulk_quality, quality);
    pcout << "  bulk meshes follow the shape (move " << s.bulk_moves
          << "): column ends at " << std::setprecision(6) << T_hot << " / "
          << T_cold << " K, smallest Jacobian ratio " << std::setprecision(3)
          << quality << std::setprecision(6) << "\n";
  }

  template void
  CoupledLoop<2>::update_neck();
  template void
  CoupledLoop<3>::update_neck();
  template void
  CoupledLoop<2>::follow_shape(bool);
  template void
  CoupledLoop<3>::follow_shape(bool);
} // namespace nanoconvect

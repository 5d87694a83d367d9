#pragma once

#include <deal.II/base/types.h>

/**
 * The material and boundary ids every part of nanoconvect agrees on
 * (design section 1). Gmsh meshes carry the same numbers as physical groups.
 */
namespace nanoconvect::ids
{
  namespace material
  {
    constexpr dealii::types::material_id substrate = 1; // hot Cu pillar
    constexpr dealii::types::material_id column    = 2; // the nanocrystal
    constexpr dealii::types::material_id oxide     = 3; // WO3 film
    constexpr dealii::types::material_id tip       = 4; // cold W tip
    // Present only with a finite contact conductance: the thin layer that
    // carries the column/cold-side contact (Kapitza) resistance.
    constexpr dealii::types::material_id contact_layer = 5;

    constexpr unsigned int n_materials = 5;

    /** Human-readable region name of a material id ("substrate", ...). */
    const char *
    name(dealii::types::material_id id);
  } // namespace material

  namespace boundary
  {
    constexpr dealii::types::boundary_id hot_face       = 1;
    constexpr dealii::types::boundary_id cold_face      = 2;
    constexpr dealii::types::boundary_id column_surface = 3; // Γs
    // The column/oxide contact is an interior face: it is found from the
    // material ids on its two sides, never tagged; the id is reserved.
    constexpr dealii::types::boundary_id cold_contact  = 4;
    constexpr dealii::types::boundary_id free_surface  = 5;
    constexpr dealii::types::boundary_id symmetry_axis = 6; // r = 0 (2D only)

    /** The free surfaces (vacuum side: adiabatic or radiating). */
    constexpr bool
    is_free_surface(const dealii::types::boundary_id id)
    {
      return id == column_surface || id == free_surface;
    }
  } // namespace boundary

  namespace manifold
  {
    constexpr dealii::types::manifold_id cylinder    = 0; // faces on r = R_k
    constexpr dealii::types::manifold_id transfinite = 1; // cells next to them
  }                                                       // namespace manifold
} // namespace nanoconvect::ids

#pragma once

// The VTU output policy of every writer (the bulk fields in solver/output.cc,
// the surface mesh in physics/surface_transport): one place for it.

#include <deal.II/base/data_out_base.h>

namespace nanoconvect
{
  /** zlib at its fastest: deal.II 9.4 defaults to its best compression,
   *  which cost 0.5-0.8 s of a 2.5-2.9 s paper_cu run for files 4-12 %
   *  smaller (doc/performance.md, "Output"). */
  inline dealii::DataOutBase::VtkFlags
  fast_vtu_flags()
  {
    dealii::DataOutBase::VtkFlags flags;
    flags.compression_level = dealii::DataOutBase::VtkFlags::best_speed;
    return flags;
  }
} // namespace nanoconvect

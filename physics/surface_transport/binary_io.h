#pragma once

#include <deal.II/base/exceptions.h>

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace nanoconvect::binary_io
{
  /** A vector of doubles in a checkpoint: its length, then its values. */
  inline void
  write_vector(std::ostream &out, const std::vector<double> &v)
  {
    const std::size_t n = v.size();
    out.write(reinterpret_cast<const char *>(&n), sizeof n);
    out.write(reinterpret_cast<const char *>(v.data()), n * sizeof(double));
  }

  /** The vector write_vector() wrote; what names the state in errors. */
  inline std::vector<double>
  read_vector(std::istream &in, const std::string &what)
  {
    std::size_t n = 0;
    in.read(reinterpret_cast<char *>(&n), sizeof n);
    AssertThrow(in && n < (1u << 24),
                dealii::ExcMessage("The checkpoint's " + what +
                                   " is unreadable."));
    std::vector<double> v(n);
    in.read(reinterpret_cast<char *>(v.data()), n * sizeof(double));
    return v;
  }
} // namespace nanoconvect::binary_io

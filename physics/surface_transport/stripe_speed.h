#pragma once

#include <string>
#include <vector>

namespace nanoconvect
{
  /** The stripes of the d(h, t) map against the core (doc/model.md, 6.1). */
  struct StripeSpeed
  {
    unsigned int pairs = 0; // record pairs measured (0: no features left)
    double       stripe_speed = 0; // m/s, the median over the pairs
    double       core_speed   = 0; // m/s, the core's over the same pairs
  };

  /**
   * The speed at which the features of the column's profile travel toward
   * the foot, measured as in the paper's Fig. 1f: each record's features
   * (the profile less its running mean over a quarter of the column) are
   * matched with those of the first record whose core has moved ten nodes
   * further, by the least squares over whole node shifts refined by a
   * parabola; the median of the pairs' shift over time. The same algorithm
   * as postprocess/plot_profile_map. times (s), heights h (m, uniform),
   * d[record][node] (m) and the core's displacement x (m) at each record.
   */
  StripeSpeed
  measure_stripe_speed(const std::vector<double>              &times,
                       const std::vector<double>              &h,
                       const std::vector<std::vector<double>> &d,
                       const std::vector<double>              &x);

  /** measure_stripe_speed() of a run directory's profile.csv and
   *  history.csv (the core's position at the records, interpolated). */
  StripeSpeed
  measure_stripe_speed(const std::string &run_directory);
} // namespace nanoconvect

// The d(h, t) map's stripe speed (doc/model.md, 6.1), the algorithm of
// postprocess/plot_profile_map.
#include <deal.II/base/exceptions.h>

#include <physics/surface_transport/stripe_speed.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace nanoconvect
{
  namespace
  {
    double
    median(std::vector<double> v)
    {
      std::sort(v.begin(), v.end());
      const std::size_t n = v.size();
      return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    /** The rows of a CSV file with a header, by column name. */
    std::map<std::string, std::vector<double>>
    read_columns(const std::string &file)
    {
      std::ifstream in(file);
      AssertThrow(in,
                  dealii::ExcMessage("The stripe speed needs " + file + "."));
      std::string              line, cell;
      std::vector<std::string> names;
      std::getline(in, line);
      std::stringstream header(line);
      while (std::getline(header, cell, ','))
        names.push_back(cell);
      std::map<std::string, std::vector<double>> columns;
      while (std::getline(in, line))
        {
          std::stringstream row(line);
          for (unsigned int k = 0; k < names.size() && std::getline(row, cell, ',');
               ++k)
            columns[names[k]].push_back(std::stod(cell));
        }
      return columns;
    }
  } // namespace

  StripeSpeed
  measure_stripe_speed(const std::vector<double>              &times,
                       const std::vector<double>              &h,
                       const std::vector<std::vector<double>> &d,
                       const std::vector<double>              &x)
  {
    StripeSpeed        result;
    const std::size_t  n = h.size(), records = times.size();
    if (records < 3 || n < 20)
      return result;
    const double       dh    = h[1] - h[0];
    const unsigned int width = std::max<unsigned int>(
      3, static_cast<unsigned int>(std::nearbyint(0.25 * (h.back() - h[0]) / dh)) | 1u);
    const unsigned int pad  = width / 2;
    const unsigned int edge = std::max(2u, pad / 2);
    // Each profile less its running mean (the ends padded with the edge).
    std::vector<std::vector<double>> features(records, std::vector<double>(n));
    for (std::size_t r = 0; r < records; ++r)
      for (std::size_t i = 0; i < n; ++i)
        {
          double sum = 0;
          for (long k = long(i) - pad; k <= long(i) + long(pad); ++k)
            sum += d[r][std::clamp<long>(k, 0, long(n) - 1)];
          features[r][i] = d[r][i] - sum / width;
        }
    const auto rms = [&](const std::vector<double> &f, const std::size_t lo,
                         const std::size_t hi) {
      double s = 0;
      for (std::size_t i = lo; i < hi; ++i)
        s += f[i] * f[i];
      return hi > lo ? std::sqrt(s / (hi - lo)) : 0.0;
    };
    const double        rms0 = rms(features[0], edge, n - edge);
    // Features below round-off of the diameters are none.
    double largest = 0;
    for (const auto &row : d)
      for (const double v : row)
        largest = std::max(largest, std::abs(v));
    if (rms0 <= 1e-12 * largest)
      return result;
    std::vector<double> stripe, core;
    for (std::size_t i = 0; i < records; ++i)
      {
        std::size_t j = i;
        while (j < records && x[j] - x[i] < 10 * dh)
          ++j;
        if (j == records)
          break;
        const double expected = (x[j] - x[i]) / dh;
        const long   s_max =
          static_cast<long>(std::min<double>(n / 2, 3 * expected + 3));
        const std::vector<double> &a = features[i], &b = features[j];
        std::vector<double>        ssd;
        for (long s = 0; s <= s_max; ++s)
          {
            const long lo = edge, hi = long(n) - long(edge) - s;
            if (hi - lo < 20)
              break;
            double sum = 0;
            for (long k = lo; k < hi; ++k)
              sum += (b[k] - a[k + s]) * (b[k] - a[k + s]);
            ssd.push_back(sum / (hi - lo));
          }
        if (ssd.size() < 3)
          continue;
        const std::size_t from = edge + static_cast<std::size_t>(
                                          std::nearbyint(expected));
        if (from >= n - edge || rms(a, from, n - edge) < 0.05 * rms0)
          continue; // the features have left the column
        const std::size_t k =
          std::min_element(ssd.begin(), ssd.end()) - ssd.begin();
        double shift = k;
        if (k > 0 && k + 1 < ssd.size())
          {
            const double den = ssd[k - 1] - 2 * ssd[k] + ssd[k + 1];
            if (den > 0)
              shift += 0.5 * (ssd[k - 1] - ssd[k + 1]) / den;
          }
        stripe.push_back(shift * dh / (times[j] - times[i]));
        core.push_back((x[j] - x[i]) / (times[j] - times[i]));
      }
    if (!stripe.empty())
      result = {static_cast<unsigned int>(stripe.size()),
                median(stripe),
                median(core)};
    return result;
  }

  StripeSpeed
  measure_stripe_speed(const std::string &run)
  {
    const auto profile = read_columns(run + "/profile.csv");
    const auto history = read_columns(run + "/history.csv");
    const std::vector<double> &t_all = profile.at("time_s"),
                              &h_all = profile.at("h_nm"),
                              &d_all = profile.at("d_nm");
    std::vector<double>              times, h;
    std::vector<std::vector<double>> d;
    for (std::size_t k = 0; k < t_all.size(); ++k)
      {
        if (times.empty() || t_all[k] != times.back())
          {
            times.push_back(t_all[k]);
            d.emplace_back();
          }
        if (times.size() == 1)
          h.push_back(1e-9 * h_all[k]);
        d.back().push_back(1e-9 * d_all[k]);
      }
    for (const auto &row : d)
      if (row.size() != h.size())
        return {}; // the records do not share one grid
    // The core's displacement at the records (history.csv, linear).
    const std::vector<double> &t_h = history.at("t_s"),
                              &x_h = history.at("core_position_nm");
    std::vector<double> x;
    for (const double t : times)
      {
        const auto   up = std::upper_bound(t_h.begin(), t_h.end(), t);
        const std::size_t k = std::clamp<std::size_t>(up - t_h.begin(), 1, t_h.size() - 1);
        const double span = t_h[k] - t_h[k - 1];
        const double w =
          span > 0 ? std::clamp((t - t_h[k - 1]) / span, 0.0, 1.0) : 1.0;
        x.push_back(1e-9 * ((1 - w) * x_h[k - 1] + w * x_h[k]));
      }
    return measure_stripe_speed(times, h, d, x);
  }
} // namespace nanoconvect

#include <deal.II/base/exceptions.h>

#include <physics/number_text.h>
#include <physics/surface_transport/shape_parameters.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

namespace nanoconvect
{
  namespace
  {
    /** (h, d) pairs in nm from a CSV; a first line that is not numbers is
     *  a header. */
    std::vector<std::pair<double, double>>
    read_profile(const std::string &filename)
    {
      AssertThrow(std::filesystem::is_regular_file(filename),
                  ExcMessage("Parameter 'Shape/Profile file' = '" + filename +
                             "': no such file (paths are relative to the "
                             "directory nanoconvect is started in)."));
      std::ifstream                          in(filename);
      std::vector<std::pair<double, double>> rows;
      std::string                            line;
      for (unsigned int number = 1; std::getline(in, line); ++number)
        {
          if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
          std::replace(line.begin(), line.end(), ',', ' ');
          std::istringstream s(line);
          double             h, d;
          if (!(s >> h >> d))
            {
              AssertThrow(number == 1 && rows.empty(),
                          ExcMessage("Parameter 'Shape/Profile file' = '" +
                                     filename + "': line " +
                                     std::to_string(number) +
                                     " is not two numbers (h_nm, d_nm)."));
              continue; // the header
            }
          AssertThrow(std::isfinite(h) && std::isfinite(d) && d > 0 &&
                        (rows.empty() || h > rows.back().first),
                      ExcMessage("Parameter 'Shape/Profile file' = '" +
                                 filename + "': line " +
                                 std::to_string(number) +
                                 " needs a height above the previous one and "
                                 "a positive, finite diameter."));
          rows.emplace_back(h * 1e-9, d * 1e-9);
        }
      AssertThrow(rows.size() >= 2,
                  ExcMessage("Parameter 'Shape/Profile file' = '" + filename +
                             "' needs at least two (h_nm, d_nm) rows."));
      return rows;
    }
  } // namespace

  void
  ShapeParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Shape");
    {
      prm.declare_entry(
        "Evolve",
        "false",
        Patterns::Bool(),
        "Let the column's free surface move (axisymmetric runs with the "
        "mechanics; doc/model.md, section 6.1): the surface layer exchanges "
        "atoms with the crystal, the radius R(z, t) follows, the core's "
        "translation carries the shape toward the foot, and the collapse "
        "check takes the narrowest diameter of the profile.");
      prm.declare_entry(
        "Exchange length",
        "100",
        Patterns::Double(0),
        "[nm] Distance an atom of the surface layer travels before it joins "
        "the crystal, l = sqrt(D_s / k), k the exchange rate. An uncertain "
        "input (doc/model.md, section 6.1): 0 is Mullins' local "
        "equilibrium; lengths far above the column's close the layer (the "
        "rigid column's conduit).");
      prm.declare_entry("Initial shape",
                        "cylinder",
                        Patterns::Selection(
                          "cylinder|sinusoidal|random|taper|file"),
                        "cylinder; sinusoidal, R + a sin(pi m h / L) with m "
                        "the whole number of half-waves nearest 2 L / "
                        "wavelength; random, seeded sine modes no shorter "
                        "than the wavelength scaled to the amplitude; "
                        "taper, the diameter linear from 'Foot diameter "
                        "ratio' times the column's at the foot to the "
                        "column's at the contact; file, 'Profile file'.");
      prm.declare_entry("Perturbation amplitude",
                        "0",
                        Patterns::Double(0),
                        "[nm] Largest change of the radius (sinusoidal and "
                        "random shapes).");
      prm.declare_entry("Perturbation wavelength",
                        "40",
                        Patterns::Double(0),
                        "[nm] Wavelength of the sinusoidal shape; the "
                        "shortest of the random one.");
      prm.declare_entry("Random seed",
                        "1",
                        Patterns::Integer(0),
                        "Seed of the random shape (the same seed, the same "
                        "shape).");
      prm.declare_entry("Foot diameter ratio",
                        "1",
                        Patterns::Double(0),
                        "Taper: the foot's diameter over the column's, 0.5 "
                        "to 2.");
      prm.declare_entry("Profile file",
                        "",
                        Patterns::FileName(),
                        "CSV of (h_nm, d_nm) rows, h from the foot: a "
                        "measured shape, interpolated linearly. It must "
                        "cover the column's length and end at the column's "
                        "diameter (within 2 %) at the contact.");
      prm.declare_entry("Bulk update",
                        "0.01",
                        Patterns::Double(0, 1),
                        "The bulk meshes (the stack's thermal mesh and the "
                        "column's mechanics mesh) follow the surface (ALE, "
                        "doc/model.md, section 6.2) and the temperature is "
                        "solved again on the new shape whenever the surface "
                        "has moved this fraction of the column's radius "
                        "from where they last followed it; 0: every step.");
      prm.declare_entry("Profile interval",
                        "1",
                        Patterns::Integer(1),
                        "Coupled steps between the records of profile.csv "
                        "(the d(h, t) map; the last step is always "
                        "recorded).");
    }
    prm.leave_subsection();
  }

  void
  ShapeParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Shape");
    {
      evolve                = prm.get_bool("Evolve");
      exchange_length       = prm.get_double("Exchange length") * 1e-9;
      const std::string s   = prm.get("Initial shape");
      initial               = s == "sinusoidal" ? Initial::sinusoidal :
                              s == "random"     ? Initial::random :
                              s == "taper"      ? Initial::taper :
                              s == "file"       ? Initial::file :
                                                  Initial::cylinder;
      amplitude             = prm.get_double("Perturbation amplitude") * 1e-9;
      wavelength            = prm.get_double("Perturbation wavelength") * 1e-9;
      seed                  = prm.get_integer("Random seed");
      foot_ratio            = prm.get_double("Foot diameter ratio");
      profile_file          = prm.get("Profile file");
      profile_interval      = prm.get_integer("Profile interval");
      bulk_update           = prm.get_double("Bulk update");
    }
    prm.leave_subsection();
    AssertThrow(std::isfinite(exchange_length),
                ExcMessage("Parameter 'Shape/Exchange length' = " +
                           length_text(exchange_length) + ": must be finite."));
    AssertThrow(initial != Initial::taper ||
                  (foot_ratio >= 0.5 && foot_ratio <= 2),
                ExcMessage("Parameter 'Shape/Foot diameter ratio' = " +
                           number_text(foot_ratio) +
                           ": allowed are 0.5 to 2 (the bulk meshes move "
                           "the column's foot that far; doc/model.md, "
                           "section 6.2)."));
    AssertThrow((initial != Initial::sinusoidal &&
                 initial != Initial::random) ||
                  (wavelength > 0 && std::isfinite(wavelength)),
                ExcMessage("Parameter 'Shape/Perturbation wavelength' = " +
                           length_text(wavelength) + ": must be positive."));
    AssertThrow(initial != Initial::file || !profile_file.empty(),
                ExcMessage("Parameter 'Shape/Initial shape' = file needs "
                           "'Shape/Profile file' to name a CSV."));
    if (initial == Initial::file)
      read_profile(profile_file); // the file's errors at parse time
  }

  std::vector<double>
  ShapeParameters::initial_radius(const std::vector<double> &h,
                                  const double               diameter,
                                  const double               length) const
  {
    const double        R0 = diameter / 2;
    std::vector<double> R(h.size(), R0);
    const auto          check_amplitude = [&]() {
      AssertThrow(amplitude < 0.5 * R0,
                  ExcMessage("Parameter 'Shape/Perturbation amplitude' = " +
                             length_text(amplitude) +
                             ": must stay below a quarter of the column's "
                             "diameter (" +
                             length_text(0.5 * R0) + ")."));
    };
    switch (initial)
      {
        case Initial::cylinder:
          break;
        case Initial::sinusoidal:
          {
            check_amplitude();
            const double m = std::max(1.0, std::round(2 * length / wavelength));
            for (unsigned int i = 0; i < h.size(); ++i)
              R[i] += amplitude * std::sin(M_PI * m * h[i] / length);
            break;
          }
        case Initial::random:
          {
            check_amplitude();
            const unsigned int modes =
              std::max(1.0, std::floor(2 * length / wavelength));
            std::mt19937                           random(seed);
            std::uniform_real_distribution<double> uniform(-1, 1);
            std::vector<double>                    a(modes);
            for (double &x : a)
              x = uniform(random);
            std::vector<double> p(h.size(), 0.0);
            for (unsigned int i = 0; i < h.size(); ++i)
              for (unsigned int m = 0; m < modes; ++m)
                p[i] += a[m] * std::sin(M_PI * (m + 1) * h[i] / length);
            double largest = 0;
            for (const double x : p)
              largest = std::max(largest, std::abs(x));
            for (unsigned int i = 0; i < h.size(); ++i)
              R[i] += largest > 0 ? amplitude * p[i] / largest : 0;
            break;
          }
        case Initial::taper:
          for (unsigned int i = 0; i < h.size(); ++i)
            R[i] = R0 * (foot_ratio + (1 - foot_ratio) * h[i] / length);
          break;
        case Initial::file:
          {
            const auto rows = read_profile(profile_file);
            AssertThrow(rows.front().first <= 0.01 * length &&
                          rows.back().first >= 0.99 * length,
                        ExcMessage("Parameter 'Shape/Profile file' = '" +
                                   profile_file + "' covers h = " +
                                   length_text(rows.front().first) + " to " +
                                   length_text(rows.back().first) +
                                   "; the column runs from 0 to " +
                                   length_text(length) + "."));
            for (unsigned int i = 0; i < h.size(); ++i)
              {
                auto hi = std::lower_bound(
                  rows.begin(),
                  rows.end(),
                  h[i],
                  [](const auto &row, double x) { return row.first < x; });
                if (hi == rows.begin())
                  R[i] = hi->second / 2;
                else if (hi == rows.end())
                  R[i] = rows.back().second / 2;
                else
                  {
                    const auto lo = hi - 1;
                    const double w =
                      (h[i] - lo->first) / (hi->first - lo->first);
                    R[i] = 0.5 * ((1 - w) * lo->second + w * hi->second);
                  }
              }
            AssertThrow(std::abs(R.back() - R0) <= 0.02 * R0,
                        ExcMessage("Parameter 'Shape/Profile file' = '" +
                                   profile_file + "' ends at d = " +
                                   length_text(2 * R.back()) +
                                   " at the contact; the column's diameter "
                                   "there is " +
                                   length_text(diameter) + " (2 % allowed)."));
            R.back() = R0;
            break;
          }
      }
    return R;
  }
} // namespace nanoconvect

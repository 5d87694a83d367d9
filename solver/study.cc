#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/utilities.h>

#include <solver/interrupts.h>
#include <solver/output.h>
#include <solver/parameter_check.h>
#include <solver/run_parameters.h>
#include <solver/simulator.h>
#include <solver/study.h>

#include <fstream>
#include <iomanip>
#include <sstream>

namespace nanoconvect
{
  void
  StudyParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Study");
    {
      prm.declare_entry("Mode",
                        "sweep",
                        Patterns::Selection("sweep|sensitivity"),
                        "sweep: 'Parameter' takes each of 'Values'; "
                        "sensitivity: a baseline case, then each of "
                        "'Inputs' at the low and the high end of its range, "
                        "one at a time (plot with postprocess/plot_tornado).");
      prm.declare_entry("Inputs",
                        "",
                        Patterns::Anything(),
                        "Sensitivity mode: the uncertain inputs and their "
                        "ranges, 'Subsection/Entry: low, high' separated by "
                        "';', values in the entry's units (e.g. "
                        "'Interface/Contact diffusivity prefactor: 5e-17, "
                        "5e-13; Geometry/Substrate radius: 50, 200').");
      prm.declare_entry("Parameter",
                        "",
                        Patterns::Anything(),
                        "The parameter the study varies, as "
                        "'Subsection/Entry' (e.g. 'Geometry/Column length', "
                        "'Materials/Column/Material'); empty: a single run.");
      prm.declare_entry("Values",
                        "",
                        Patterns::Anything(),
                        "Comma-separated values of that parameter, one case "
                        "each, in its units (e.g. '58, 80, 100, 120').");
      prm.declare_entry(
        "Columns",
        "thermal/delta_T_column_K, thermal/mean_gradient_column_K_per_m, "
        "surface/J_total_atoms_per_m2_s, surface/insertion_rate_atoms_per_s, "
        "mechanics/back_stress_Pa, mechanics/stall_stress_eq1_Pa, "
        "mechanics/core_speed_m_per_s, mechanics/circulation_period_s, "
        "mechanics/cycles, mechanics/cycle_period_s, run/wall_time_s",
        Patterns::Anything(),
        "Figures of each case's summary.json written to study.csv, as "
        "'section/key' (a missing one leaves its cell empty).");
    }
    prm.leave_subsection();
  }

  void
  StudyParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Study");
    {
      mode = prm.get("Mode") == "sensitivity" ? Mode::sensitivity : Mode::sweep;
      parameter = Utilities::trim(prm.get("Parameter"));
      values    = Utilities::split_string_list(prm.get("Values"), ',');
      columns   = Utilities::split_string_list(prm.get("Columns"), ',');
      inputs.clear();
      for (const auto &item :
           Utilities::split_string_list(prm.get("Inputs"), ';'))
        {
          const auto colon = item.rfind(':');
          const auto range =
            colon == std::string::npos ?
              std::vector<std::string>() :
              Utilities::split_string_list(item.substr(colon + 1), ',');
          AssertThrow(range.size() == 2 &&
                        !Utilities::trim(item.substr(0, colon)).empty(),
                      ExcMessage("Parameter 'Study/Inputs': '" + item +
                                 "' is not 'Subsection/Entry: low, high'."));
          inputs.push_back(
            {Utilities::trim(item.substr(0, colon)), range[0], range[1]});
        }
    }
    prm.leave_subsection();
    AssertThrow(mode == Mode::sweep || (!inputs.empty() && parameter.empty()),
                ExcMessage("Parameter 'Study/Mode' = sensitivity needs "
                           "'Study/Inputs' ('Subsection/Entry: low, high; "
                           "...') and no 'Study/Parameter'."));
    AssertThrow(mode == Mode::sensitivity || inputs.empty(),
                ExcMessage("Parameter 'Study/Inputs' is set but 'Study/Mode' "
                           "= sweep: set 'Mode = sensitivity', or use "
                           "'Parameter' and 'Values'."));
    for (const auto &r : inputs)
      AssertThrow(r.path.rfind("Study/", 0) != 0,
                  ExcMessage("Parameter 'Study/Inputs' names '" + r.path +
                             "': a study cannot vary its own entries."));
    AssertThrow(mode == Mode::sensitivity || parameter.empty() ||
                  !values.empty(),
                ExcMessage("Parameter 'Study/Parameter' = '" + parameter +
                           "' needs 'Study/Values' (a comma-separated list)."));
    AssertThrow(!parameter.empty() || values.empty(),
                ExcMessage("Parameter 'Study/Values' is set but "
                           "'Study/Parameter' is empty: name the parameter "
                           "to vary, e.g. 'Geometry/Column length'."));
    AssertThrow(parameter.rfind("Study/", 0) != 0,
                ExcMessage("Parameter 'Study/Parameter' = '" + parameter +
                           "': a study cannot vary its own entries."));
  }

  namespace
  {
    /** Sets "A/B/Entry" = value; throws ExcInputError naming both. */
    void
    set_entry(ParameterHandler  &prm,
              const std::string &path,
              const std::string &value,
              const std::string &source)
    {
      const auto parts = Utilities::split_string_list(path, '/');
      AssertThrow(parts.size() >= 2 || parts.size() == 1, ExcInternalError());
      unsigned int entered = 0;
      try
        {
          for (unsigned int i = 0; i + 1 < parts.size(); ++i, ++entered)
            prm.enter_subsection(parts[i]);
          prm.set(parts.back(), value);
        }
      catch (const ExceptionBase &e)
        {
          std::ostringstream what;
          e.print_info(what);
          for (; entered > 0; --entered)
            prm.leave_subsection();
          throw ExcInputError("Parameter '" + source + "': '" + value +
                              "' cannot be given to '" + path +
                              "': " + Utilities::trim(what.str()));
        }
      for (; entered > 0; --entered)
        prm.leave_subsection();
    }

    /** A value as part of a directory name. */
    std::string
    directory_safe(const std::string &value)
    {
      std::string s;
      for (const char c : value)
        s += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'
               ? c
               : '_';
      return s;
    }

    /** The figure "section/key" of a summary, or "" when absent. */
    std::string
    figure(const nlohmann::json &summary, const std::string &column)
    {
      const auto parts = Utilities::split_string_list(column, '/');
      if (parts.size() != 2 || !summary.contains(parts[0]) ||
          !summary[parts[0]].contains(parts[1]))
        return "";
      const auto &v = summary[parts[0]][parts[1]];
      if (v.is_number())
        {
          std::ostringstream s;
          s << std::setprecision(10) << v.get<double>();
          return s.str();
        }
      return v.is_null() ? "" : v.dump();
    }
  } // namespace

  std::vector<std::pair<StudyCase, RunParameters>>
  read_study(const std::string     &file,
             const StudyParameters &study,
             const std::string     &output_root)
  {
    // (entry, value, name) of each case; a baseline changes nothing.
    struct Setting
    {
      std::string path, value, name;
    };
    std::vector<Setting> settings;
    if (study.mode == StudyParameters::Mode::sweep)
      for (const auto &v : study.values)
        settings.push_back({study.parameter, v, directory_safe(v)});
    else
      {
        settings.push_back({"", "", "baseline"});
        for (const auto &r : study.inputs)
          {
            const auto parts = Utilities::split_string_list(r.path, '/');
            const std::string entry = directory_safe(parts.back());
            settings.push_back({r.path, r.low, entry + "_low"});
            settings.push_back({r.path, r.high, entry + "_high"});
          }
      }
    std::vector<std::pair<StudyCase, RunParameters>> cases;
    for (unsigned int i = 0; i < settings.size(); ++i)
      {
        const Setting   &s = settings[i];
        ParameterHandler prm;
        RunParameters::declare_parameters(prm);
        read_parameter_file(prm, file);
        if (!s.path.empty())
          set_entry(prm,
                    s.path,
                    s.value,
                    study.mode == StudyParameters::Mode::sweep ? "Study/Values" :
                                                                 "Study/Inputs");
        RunParameters p;
        try
          {
            p.parse_parameters(prm);
          }
        catch (const ExceptionBase &e)
          {
            std::ostringstream what;
            e.print_info(what);
            throw ExcInputError(
              file + ", study case " + std::to_string(i + 1) + " (" +
              (s.path.empty() ? "baseline" : s.path + " = " + s.value) +
              "): " + Utilities::trim(what.str()));
          }
        StudyCase c;
        c.parameter = s.path;
        c.value     = s.value;
        c.directory = output_root + "/case_" +
                      Utilities::int_to_string(i + 1, 2) + "_" + s.name;
        std::ostringstream listing;
        prm.print_parameters(listing, ParameterHandler::ShortPRM);
        c.listing          = listing.str();
        p.output_directory = c.directory;
        cases.emplace_back(c, p);
      }
    return cases;
  }

  unsigned int
  run_study(const std::vector<std::pair<StudyCase, RunParameters>> &cases,
            const StudyParameters                                  &study,
            const std::string                                      &root,
            MPI_Comm                                                comm)
  {
    ConditionalOStream       pcout(std::cout,
                             Utilities::MPI::this_mpi_process(comm) == 0);
    std::vector<std::string> rows;
    unsigned int             failed = 0;
    Timer                    total;
    const auto               write_csv = [&]() {
      if (Utilities::MPI::this_mpi_process(comm) != 0)
        return;
      write_atomically(root + "/study.csv", [&](std::ostream &csv) {
        csv << "case,parameter,value,status,directory";
        for (const auto &c : study.columns)
          csv << "," << c;
        csv << "\n";
        for (const auto &r : rows)
          csv << r << "\n";
      });
    };
    for (unsigned int i = 0; i < cases.size(); ++i)
      {
        const auto &[c, p] = cases[i];
        pcout << "\nstudy: case " << i + 1 << " of " << cases.size() << ", "
              << (c.parameter.empty() ? "baseline" :
                                        c.parameter + " = " + c.value)
              << "\n";
        Timer          timer;
        nlohmann::json summary;
        std::string    status = "ok";
        try
          {
            prepare_output_directory(c.directory, comm);
            if (Utilities::MPI::this_mpi_process(comm) == 0)
              std::ofstream(c.directory + "/parameters.prm") << c.listing;
            summary = run_simulation(p, comm);
          }
        catch (const std::exception &e)
          {
            const auto        *deal = dynamic_cast<const ExceptionBase *>(&e);
            std::ostringstream what;
            if (deal)
              deal->print_info(what);
            else
              what << e.what();
            status = "failed";
            ++failed;
            if (Utilities::MPI::this_mpi_process(comm) == 0)
              write_failure_note(c.directory, Utilities::trim(what.str()));
            pcout << "study: case " << i + 1
                  << " failed: " << Utilities::trim(what.str()) << "\n";
          }
        if (interrupts::stop_signal() != 0 && status == "ok")
          status = "interrupted";
        std::ostringstream row;
        row << i + 1 << ",\"" << c.parameter << "\",\"" << c.value << "\","
            << status << "," << c.directory;
        for (const auto &column : study.columns)
          row << "," << (status == "ok" ? figure(summary, column) : "");
        rows.push_back(row.str());
        if (interrupts::stop_signal() != 0)
          {
            write_csv();
            pcout << "study: interrupted during case " << i + 1 << " of "
                  << cases.size() << "; study.csv holds the cases so far\n";
            return failed;
          }
        write_csv(); // after every case: a long study can be watched
        const double per_case = total.wall_time() / (i + 1);
        pcout << "study: case " << i + 1 << " of " << cases.size() << " "
              << status << " in " << std::setprecision(3) << timer.wall_time()
              << " s; about " << per_case * (cases.size() - i - 1)
              << " s left\n";
      }
    pcout << "study: " << cases.size() - failed << " of " << cases.size()
          << " cases done, " << failed << " failed; wrote " << root
          << "/study.csv\n";
    return failed;
  }
} // namespace nanoconvect

#include <deal.II/base/exceptions.h>
#include <deal.II/base/utilities.h>

#include <solver/parameter_check.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

namespace nanoconvect
{
  namespace
  {
    /** The declared structure: full paths "A/B/entry" and subsections. */
    struct Declared
    {
      std::set<std::string> entries;
      std::set<std::string> sections;
    };

    std::string
    join(const std::vector<std::string> &path, const std::string &last = "")
    {
      std::string s;
      for (const auto &p : path)
        s += p + "/";
      return last.empty() && !s.empty() ? s.substr(0, s.size() - 1) : s + last;
    }

    /** One logical line of a .prm file (continuations joined, comment cut). */
    struct Line
    {
      unsigned int number;
      std::string  text;
    };

    std::vector<Line>
    logical_lines(std::istream &in)
    {
      std::vector<Line> lines;
      std::string       raw, pending;
      unsigned int      number = 0, start = 0;
      while (std::getline(in, raw))
        {
          ++number;
          const auto hash = raw.find('#');
          if (hash != std::string::npos)
            raw.erase(hash);
          raw = Utilities::trim(raw);
          if (pending.empty())
            start = number;
          if (!raw.empty() && raw.back() == '\\')
            {
              pending += raw.substr(0, raw.size() - 1) + " ";
              continue;
            }
          pending += raw;
          if (!Utilities::trim(pending).empty())
            lines.push_back({start, Utilities::trim(pending)});
          pending.clear();
        }
      return lines;
    }

    bool
    starts_with_word(const std::string &s, const std::string &word)
    {
      return s.compare(0, word.size(), word) == 0 &&
             (s.size() == word.size() || std::isspace(s[word.size()]));
    }

    Declared
    declared_structure(const ParameterHandler &prm)
    {
      std::stringstream s;
      prm.print_parameters(s, ParameterHandler::ShortPRM);
      Declared                 d;
      std::vector<std::string> path;
      for (const auto &line : logical_lines(s))
        if (starts_with_word(line.text, "subsection"))
          {
            path.push_back(Utilities::trim(line.text.substr(10)));
            d.sections.insert(join(path));
          }
        else if (line.text == "end")
          path.pop_back();
        else if (starts_with_word(line.text, "set"))
          {
            const auto eq = line.text.find('=');
            d.entries.insert(
              join(path, Utilities::trim(line.text.substr(3, eq - 3))));
          }
      return d;
    }

    std::string
    last_component(const std::string &path)
    {
      const auto slash = path.rfind('/');
      return slash == std::string::npos ? path : path.substr(slash + 1);
    }

    std::string
    parent_of(const std::string &path)
    {
      const auto slash = path.rfind('/');
      return slash == std::string::npos ? "" : path.substr(0, slash);
    }

    /** Up to three names of candidates close to name, best first. */
    std::vector<std::string>
    nearest(const std::string &name, const std::vector<std::string> &candidates)
    {
      std::vector<std::pair<unsigned int, std::string>> scored;
      for (const auto &c : candidates)
        scored.emplace_back(edit_distance(name, c), c);
      std::sort(scored.begin(), scored.end());
      std::vector<std::string> out;
      const unsigned int limit = std::max<unsigned int>(3, name.size() / 2);
      for (const auto &[d, c] : scored)
        if (out.size() < 3 && d <= limit)
          out.push_back(c);
      if (out.empty() && !scored.empty())
        for (unsigned int i = 0; i < std::min<size_t>(3, scored.size()); ++i)
          out.push_back(scored[i].second);
      return out;
    }

    std::string
    quoted_list(const std::vector<std::string> &names)
    {
      std::string s;
      for (unsigned int i = 0; i < names.size(); ++i)
        s += (i ? ", '" : "'") + names[i] + "'";
      return s;
    }

    [[noreturn]] void
    fail(const std::string &file,
         const unsigned int line,
         const std::string &what)
    {
      throw ExcInputError(file + ":" + std::to_string(line) + ": " + what);
    }

    /** Length of the UTF-8 sequence starting at s[i], 0 if invalid. */
    unsigned int
    utf8_length(const std::string &s, const std::size_t i)
    {
      const auto c = static_cast<unsigned char>(s[i]);
      const unsigned int n =
        c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
      if (n == 0 || i + n > s.size())
        return 0;
      for (unsigned int k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2)
          return 0;
      return n;
    }

    /** A parameter file is UTF-8 text without control characters, with at
     *  least one line to read. */
    void
    check_text(const std::string &file)
    {
      std::ifstream in(file, std::ios::binary);
      std::string   raw;
      unsigned int  number = 0;
      bool          any    = false;
      while (std::getline(in, raw))
        {
          ++number;
          for (std::size_t i = 0; i < raw.size();)
            {
              const auto   c = static_cast<unsigned char>(raw[i]);
              unsigned int n = utf8_length(raw, i);
              if (n == 0 || (c < 32 && c != '\t' && c != '\r') || c == 127)
                fail(file,
                     number,
                     "holds bytes that are not text (at column " +
                       std::to_string(i + 1) +
                       "): a parameter file is plain text, e.g. "
                       "parameter_files/paper_cu.prm.");
              i += n;
            }
          const auto hash = raw.find('#');
          any = any || !Utilities::trim(raw.substr(0, hash)).empty();
        }
      if (!any)
        throw ExcInputError(file +
                            ": holds no 'set' or 'subsection' line (empty or "
                            "comments only). 'nanoconvect --print-parameters' "
                            "prints every entry with its default.");
    }

    /** Checks every line of the file against the declared structure;
     *  returns the full name of the entry each 'set' line sets. */
    std::map<unsigned int, std::string>
    check_structure(const Declared &d, const std::string &file)
    {
      std::ifstream                       in(file);
      std::vector<std::string>            path;
      std::map<unsigned int, std::string> entry_at;
      for (const auto &line : logical_lines(in))
        {
          const std::string &t = line.text;
          if (starts_with_word(t, "subsection"))
            {
              const std::string name = Utilities::trim(t.substr(10));
              const std::string full = join(path, name);
              if (d.sections.count(full) == 0)
                {
                  std::vector<std::string> here;
                  for (const auto &s : d.sections)
                    if (parent_of(s) == join(path))
                      here.push_back(last_component(s));
                  fail(file,
                       line.number,
                       "unknown subsection '" + name + "'" +
                         (path.empty() ? "" : " in '" + join(path) + "'") +
                         (here.empty() ?
                            ": '" + join(path) + "' has no subsections." :
                            ". Nearest valid: " +
                              quoted_list(nearest(name, here)) + "."));
                }
              path.push_back(name);
            }
          else if (t == "end")
            {
              if (path.empty())
                fail(file, line.number, "'end' without an open subsection.");
              path.pop_back();
            }
          else if (starts_with_word(t, "set"))
            {
              const auto eq = t.find('=');
              if (eq == std::string::npos)
                fail(file,
                     line.number,
                     "'" + t + "' has no '=': write 'set NAME = VALUE'.");
              const std::string name = Utilities::trim(t.substr(3, eq - 3));
              if (d.entries.count(join(path, name)) != 0)
                {
                  entry_at[line.number] = join(path, name);
                  continue;
                }
              std::vector<std::string> here, elsewhere;
              for (const auto &e : d.entries)
                {
                  if (parent_of(e) == join(path))
                    here.push_back(last_component(e));
                  if (last_component(e) == name)
                    elsewhere.push_back(parent_of(e));
                }
              std::string msg =
                "unknown parameter '" + name + "' in " +
                (path.empty() ? "the top level"
                              : "subsection '" + join(path) + "'") +
                ".";
              if (!elsewhere.empty())
                msg += " An entry of that name exists in subsection " +
                       quoted_list(elsewhere) + ".";
              if (!here.empty())
                msg += " Nearest valid names here: " +
                       quoted_list(nearest(name, here)) + ".";
              msg += " 'nanoconvect --print-parameters' lists them all.";
              fail(file, line.number, msg);
            }
          else if (starts_with_word(t, "include"))
            continue;
          else
            fail(file,
                 line.number,
                 "cannot read '" + t +
                   "': expected 'set NAME = VALUE', 'subsection NAME' or "
                   "'end'.");
        }
      if (!path.empty())
        throw ExcInputError(file + ": subsection '" + join(path) +
                            "' is not closed with 'end'.");
      return entry_at;
    }

    /** deal.II's pattern description in words: "[Double 0...MAX_DOUBLE
     *  (inclusive)]" becomes "a number >= 0". */
    std::string
    pattern_in_words(const std::string &pattern)
    {
      std::smatch m;
      static const std::regex range(
        R"(\[(Double|Integer)(?: range)? (\S+)\.\.\.(\S+) \(inclusive\)\])");
      if (std::regex_match(pattern, m, range))
        {
          const std::string what =
            m[1] == "Double" ? "a finite number" : "a whole number";
          const bool low  = m[2] != "-MAX_DOUBLE" && m[2] != "-2147483648";
          const bool high = m[3] != "MAX_DOUBLE" && m[3] != "2147483647";
          if (low && high)
            return what + " from " + std::string(m[2]) + " to " +
                   std::string(m[3]);
          if (low)
            return what + " >= " + std::string(m[2]);
          if (high)
            return what + " <= " + std::string(m[3]);
          return what;
        }
      static const std::regex selection(R"(\[Selection (.*) \])");
      if (std::regex_match(pattern, m, selection))
        {
          std::string options = m[1];
          for (auto p = options.find('|'); p != std::string::npos;
               p      = options.find('|'))
            options.replace(p, 1, ", ");
          return "one of: " + options;
        }
      if (pattern == "[Bool]")
        return "true or false";
      return "a value matching " + pattern;
    }
  } // namespace

  unsigned int
  edit_distance(const std::string &a, const std::string &b)
  {
    std::vector<unsigned int> prev(b.size() + 1), cur(b.size() + 1);
    for (unsigned int j = 0; j <= b.size(); ++j)
      prev[j] = j;
    for (unsigned int i = 1; i <= a.size(); ++i)
      {
        cur[0] = i;
        for (unsigned int j = 1; j <= b.size(); ++j)
          {
            const bool same = std::tolower(a[i - 1]) == std::tolower(b[j - 1]);
            cur[j]          = std::min(
              {prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
          }
        std::swap(prev, cur);
      }
    return prev[b.size()];
  }

  void
  read_parameter_file(ParameterHandler &prm, const std::string &filename)
  {
    if (!std::filesystem::exists(filename))
      throw ExcInputError(filename +
                          ": no such parameter file. Give the path of a "
                          ".prm file, e.g. parameter_files/paper_cu.prm.");
    if (std::filesystem::is_directory(filename))
      throw ExcInputError(filename + ": is a directory, not a .prm file.");
    check_text(filename);
    const auto entry_at = check_structure(declared_structure(prm), filename);
    try
      {
        prm.parse_input(filename,
                        "",
                        /*skip_undefined=*/false,
                        /*assert_mandatory_entries_are_found=*/false);
      }
    catch (const ExceptionBase &e)
      {
        // deal.II's message names the line, the entry, the value and the
        // pattern it must match; keep it without the exception header.
        std::ostringstream info;
        e.print_info(info);
        std::string msg = Utilities::trim(info.str());
        for (const std::string junk : {"    ", "\n"})
          for (auto p = msg.find(junk); p != std::string::npos;
               p      = msg.find(junk))
            msg.replace(p, junk.size(), " ");
        // "Line <L> of file <F>: The entry value V for the entry named N
        // does not match the given pattern: P" -> "F:L: Parameter 'S/N' =
        // 'V' is not allowed: it must be <P in words>."
        static const std::regex mismatch(
          R"(Line <(\d+)> of file <(.*)>:\s*The entry value\s+(.*?)\s+for )"
          R"(the entry named\s+(.*?)\s+does not match the given pattern:\s+(.*))");
        std::smatch m;
        if (std::regex_match(msg, m, mismatch))
          {
            const unsigned int line  = std::stoul(m[1]);
            const auto         entry = entry_at.find(line);
            msg = std::string(m[2]) + ":" + std::string(m[1]) +
                  ": Parameter '" +
                  (entry != entry_at.end() ? entry->second : std::string(m[4])) +
                  "' = '" + std::string(m[3]) +
                  "' is not allowed: it must be " +
                  pattern_in_words(Utilities::trim(m[5])) + ".";
          }
        throw ExcInputError(msg);
      }
  }
} // namespace nanoconvect

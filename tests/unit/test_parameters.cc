// Parameter reading: nearest-name suggestions, value checks, material tables.
#include <deal.II/base/parameter_handler.h>

#include <gtest/gtest.h>
#include <physics/materials/thermal_material.h>
#include <solver/parameter_check.h>
#include <solver/run_parameters.h>

#include <cstdio>
#include <fstream>

using namespace nanoconvect;

namespace
{
  /** Writes text to a temporary .prm and reads it; returns the error text
   *  ("" when it was read without error). */
  std::string
  read_error(const std::string &text)
  {
    const std::string file = "test_parameters_tmp.prm";
    std::ofstream(file) << text;
    ParameterHandler prm;
    RunParameters::declare_parameters(prm);
    try
      {
        read_parameter_file(prm, file);
      }
    catch (const ExcInputError &e)
      {
        std::remove(file.c_str());
        return e.what();
      }
    std::remove(file.c_str());
    return "";
  }
} // namespace

TEST(EditDistance, CountsInsertionsDeletionsSubstitutions)
{
  EXPECT_EQ(edit_distance("Column length", "Column length"), 0u);
  EXPECT_EQ(edit_distance("Colum length", "Column length"), 1u);
  EXPECT_EQ(edit_distance("column LENGTH", "Column length"), 0u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(ParameterFile, UnknownEntryNamesLineAndNearestNames)
{
  const std::string msg = read_error("set Dimension = 2\nsubsection Geometry\n"
                                     "  set Colum length = 100\nend\n");
  EXPECT_NE(msg.find(":3:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'Colum length'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'Column length'"), std::string::npos) << msg;
}

TEST(ParameterFile, EntryInWrongSubsectionSaysWhereItLives)
{
  const std::string msg = read_error("set Hot temperature = 600\n");
  EXPECT_NE(msg.find("subsection 'Thermal'"), std::string::npos) << msg;
}

TEST(ParameterFile, UnknownSubsectionIsReported)
{
  const std::string msg = read_error("subsection Geometri\nend\n");
  EXPECT_NE(msg.find(":1:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'Geometry'"), std::string::npos) << msg;
}

TEST(ParameterFile, OutOfRangeValueNamesEntryAndPattern)
{
  const std::string msg = read_error("set Dimension = 4\n");
  EXPECT_NE(msg.find("Dimension"), std::string::npos) << msg;
  EXPECT_NE(msg.find("Integer range 2...3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("<1>"), std::string::npos) << msg; // the line
}

TEST(ParameterFile, UnclosedSubsectionAndGarbage)
{
  EXPECT_NE(read_error("subsection Mesh\n").find("not closed"),
            std::string::npos);
  EXPECT_NE(read_error("hello world\n").find("expected 'set NAME = VALUE'"),
            std::string::npos);
  EXPECT_EQ(read_error("# only a comment\n"), "");
}

TEST(ParameterFile, PrintedDefaultsReadBack)
{
  ParameterHandler prm;
  RunParameters::declare_parameters(prm);
  std::stringstream s;
  prm.print_parameters(s, ParameterHandler::PRM);
  EXPECT_EQ(read_error(s.str()), "");
}

TEST(ThermalMaterial, TableInterpolatesLinearlyAndClampsAtEnds)
{
  ThermalMaterial m;
  m.conductivity_table = parse_conductivity_table("300:100, 500:200", "k");
  EXPECT_DOUBLE_EQ(m.k(300), 100);
  EXPECT_DOUBLE_EQ(m.k(400), 150);
  EXPECT_DOUBLE_EQ(m.k(200), 100);
  EXPECT_DOUBLE_EQ(m.k(900), 200);
  m.conductivity_table.clear();
  m.conductivity = 7;
  EXPECT_DOUBLE_EQ(m.k(1234), 7);
}

TEST(ThermalMaterial, BadTablesAreRejectedWithTheirName)
{
  for (const std::string bad : {"300:100, 200:90", "300-100", "0:5", "a:b"})
    try
      {
        parse_conductivity_table(bad, "Materials/Column/Conductivity table");
        ADD_FAILURE() << "accepted '" << bad << "'";
      }
    catch (const dealii::ExceptionBase &e)
      {
        EXPECT_NE(std::string(e.what()).find("Conductivity table"),
                  std::string::npos);
      }
}

TEST(RunParameters, GeometryConsistencyIsChecked)
{
  ParameterHandler prm;
  RunParameters::declare_parameters(prm);
  prm.parse_input_from_string(
    "subsection Geometry\n set Column diameter = 120\nend\n");
  RunParameters p;
  try
    {
      p.parse_parameters(prm);
      ADD_FAILURE() << "a column wider than the oxide was accepted";
    }
  catch (const dealii::ExceptionBase &e)
    {
      EXPECT_NE(std::string(e.what()).find("Column diameter"),
                std::string::npos);
    }
}

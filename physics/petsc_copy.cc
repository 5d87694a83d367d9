#include <deal.II/lac/dynamic_sparsity_pattern.h>

#include <physics/petsc_copy.h>

namespace nanoconvect
{
  void
  copy_to_petsc(const TrilinosWrappers::SparseMatrix &A,
                const IndexSet                       &owned,
                const MPI_Comm                        comm,
                PETScWrappers::MPI::SparseMatrix     &P)
  {
    DynamicSparsityPattern dsp(A.m(), A.n(), owned);
    for (const auto row : owned)
      for (auto entry = A.begin(row); entry != A.end(row); ++entry)
        dsp.add(row, entry->column());
    P.reinit(owned, owned, dsp, comm);
    std::vector<types::global_dof_index> columns;
    std::vector<double>                  values;
    for (const auto row : owned)
      {
        columns.clear();
        values.clear();
        for (auto entry = A.begin(row); entry != A.end(row); ++entry)
          {
            columns.push_back(entry->column());
            values.push_back(entry->value());
          }
        P.set(row, columns, values);
      }
    P.compress(VectorOperation::insert);
  }
} // namespace nanoconvect

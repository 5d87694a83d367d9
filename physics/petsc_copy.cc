#include <deal.II/lac/dynamic_sparsity_pattern.h>

#include <physics/petsc_copy.h>

#include <Epetra_CrsMatrix.h>
#include <Epetra_Map.h>

namespace nanoconvect
{
  void
  copy_to_petsc(const TrilinosWrappers::SparseMatrix &A,
                const IndexSet                       &owned,
                const MPI_Comm                        comm,
                PETScWrappers::MPI::SparseMatrix     &P)
  {
    // The owned rows through Epetra's views of its local rows: deal.II's
    // row iterators copy a row again for every end(row) they are compared
    // with, which took 38 s for a 67 k-row Q2 matrix (doc/performance.md).
    const Epetra_CrsMatrix &E          = A.trilinos_matrix();
    const Epetra_Map       &row_map    = E.RowMap();
    const Epetra_Map       &column_map = E.ColMap();
    AssertThrow(static_cast<types::global_dof_index>(E.NumMyRows()) ==
                  owned.n_elements(),
                ExcMessage("copy_to_petsc: the matrix's rows on this rank are "
                           "not the owned set given."));
    DynamicSparsityPattern               dsp(A.m(), A.n(), owned);
    std::vector<types::global_dof_index> columns;
    std::vector<double>                  values;
    const auto                           row_view = [&](const int                local_row,
                              types::global_dof_index &row) {
      int     n = 0;
      double *v = nullptr;
      int    *c = nullptr;
      E.ExtractMyRowView(local_row, n, v, c);
      row = row_map.GID64(local_row);
      columns.resize(n);
      values.assign(v, v + n);
      for (int j = 0; j < n; ++j)
        columns[j] = column_map.GID64(c[j]);
    };
    types::global_dof_index row = 0;
    for (int i = 0; i < E.NumMyRows(); ++i)
      {
        row_view(i, row);
        dsp.add_entries(row, columns.begin(), columns.end());
      }
    P.reinit(owned, owned, dsp, comm);
    for (int i = 0; i < E.NumMyRows(); ++i)
      {
        row_view(i, row);
        P.set(row, columns, values);
      }
    P.compress(VectorOperation::insert);
  }
} // namespace nanoconvect

// The ALE mesh motion of the bulk meshes (doc/model.md, section 6.2).
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/utilities.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>

#include <meshes/column_mesh_motion.h>
#include <meshes/ids.h>

#include <cmath>
#include <map>

namespace nanoconvect
{
  namespace
  {
    /** A boundary face in a plane z = const: its vertices share z. */
    template <int dim>
    bool
    in_height_plane(const typename Triangulation<dim>::face_iterator &face)
    {
      const double z = face->vertex(0)[dim - 1];
      for (unsigned int v = 1; v < face->n_vertices(); ++v)
        if (std::abs(face->vertex(v)[dim - 1] - z) > 1e-9 * face->diameter())
          return false;
      return true;
    }
  } // namespace

  template <int dim>
  ColumnMeshMotion<dim>::ColumnMeshMotion(
    const parallel::distributed::Triangulation<dim> &tria,
    const unsigned int                               degree,
    const double                                     reference_radius)
    : tria(tria)
    , R_0(reference_radius)
    , fe(FE_Q<dim>(degree), dim)
    , dof_handler(tria)
    , reference(std::make_unique<MappingQ<dim>>(degree))
  {
    AssertThrow(dim == 2,
                ExcMessage("The bulk mesh follows the column's shape in the "
                           "axisymmetric form only ('Dimension' = 2): the 3D "
                           "free surface is not built."));
    dof_handler.distribute_dofs(fe);
  }

  template <int dim>
  ColumnMeshMotion<dim>::~ColumnMeshMotion()
  {
    dof_handler.clear();
  }

  template <int dim>
  double
  ColumnMeshMotion<dim>::move(const std::function<double(double)> &radius,
                              MappingQCache<dim>                  &mapping)
  {
    const MPI_Comm comm    = tria.get_communicator();
    const IndexSet owned   = dof_handler.locally_owned_dofs();
    const IndexSet relevant = DoFTools::extract_locally_relevant_dofs(dof_handler);

    // The boundary displacement: u_r = R(z) - R_0 on the column surface,
    // 0 on the axis and on the boundaries that are not planes z = const;
    // u_z = 0 everywhere.
    AffineConstraints<double> constraints(relevant);
    std::map<types::global_dof_index, Point<dim>> support;
    DoFTools::map_dofs_to_support_points(*reference, dof_handler, support);
    std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());
    std::vector<types::global_dof_index> face_dofs(fe.n_dofs_per_face());
    std::map<types::global_dof_index, double> held;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (!cell->is_artificial())
        {
          cell->get_dof_indices(dofs);
          const bool column = cell->material_id() == ids::material::column;
          for (unsigned int i = 0; i < dofs.size(); ++i)
            if (fe.system_to_component_index(i).first == dim - 1)
              held[dofs[i]] = 0;
            else if (column)
              {
                // The column scales radially at each height.
                const Point<dim> &x = support.at(dofs[i]);
                held[dofs[i]] = x[0] / R_0 * (radius(x[dim - 1]) - R_0);
              }
          for (const auto f : cell->face_indices())
            {
              const auto face = cell->face(f);
              if (!face->at_boundary())
                continue;
              const types::boundary_id id = face->boundary_id();
              const bool surface = id == ids::boundary::column_surface;
              // The contact keeps its radius (the shape holds it): the
              // mechanics mesh's contact face stays where the rings are.
              if (!surface && id != ids::boundary::symmetry_axis &&
                  id != ids::boundary::cold_contact &&
                  in_height_plane<dim>(face))
                continue;
              face->get_dof_indices(face_dofs);
              for (unsigned int i = 0; i < face_dofs.size(); ++i)
                if (fe.face_system_to_component_index(i).first == 0)
                  {
                    const auto   k = face_dofs[i];
                    const double u =
                      surface ? radius(support.at(k)[dim - 1]) - R_0 : 0.0;
                    // The column's values and the surface's come first.
                    if (held.count(k) == 0)
                      held[k] = u;
                  }
            }
        }
    // Hanging nodes follow their parents, so the moved mesh stays
    // conforming; the prescribed values hold at the other nodes.
    DoFTools::make_hanging_node_constraints(dof_handler, constraints);
    for (const auto &[k, u] : held)
      if (!constraints.is_constrained(k))
        {
          constraints.add_line(k);
          constraints.set_inhomogeneity(k, u);
        }
    constraints.close();

    DynamicSparsityPattern dsp(relevant);
    DoFTools::make_sparsity_pattern(dof_handler, dsp, constraints, false);
    SparsityTools::distribute_sparsity_pattern(dsp, owned, comm, relevant);
    TrilinosWrappers::SparseMatrix matrix;
    matrix.reinit(owned, owned, dsp, comm);
    TrilinosWrappers::MPI::Vector  rhs(owned, comm), u(owned, comm);

    const QGauss<dim>  quadrature(fe.degree + 1);
    FEValues<dim>      fe_values(*reference,
                            fe,
                            quadrature,
                            update_gradients | update_JxW_values);
    const unsigned int n = fe.n_dofs_per_cell();
    FullMatrix<double> cell_matrix(n, n);
    Vector<double>     cell_rhs(n);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell_matrix = 0;
          cell_rhs    = 0;
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            for (unsigned int i = 0; i < n; ++i)
              for (unsigned int j = 0; j < n; ++j)
                if (fe.system_to_component_index(i).first ==
                    fe.system_to_component_index(j).first)
                  cell_matrix(i, j) += fe_values.shape_grad(i, q) *
                                       fe_values.shape_grad(j, q) *
                                       fe_values.JxW(q);
          cell->get_dof_indices(dofs);
          constraints.distribute_local_to_global(
            cell_matrix, cell_rhs, dofs, matrix, rhs);
        }
    matrix.compress(VectorOperation::add);
    rhs.compress(VectorOperation::add);

    if (rhs.l2_norm() > 0)
      {
        TrilinosWrappers::PreconditionAMG amg;
        TrilinosWrappers::PreconditionAMG::AdditionalData data;
        data.elliptic = true;
        amg.initialize(matrix, data);
        SolverControl control(1000, 1e-12 * rhs.l2_norm());
        SolverCG<TrilinosWrappers::MPI::Vector> cg(control);
        cg.solve(matrix, u, rhs, amg);
      }
    constraints.distribute(u);
    largest = Utilities::MPI::max(u.linfty_norm(), comm);
    // MappingQCache imports the ghost values itself.
    mapping.initialize(*reference, dof_handler, u, true);

    // Cell quality: the Jacobian of the moved cells against the reference.
    FEValues<dim> moved(mapping, fe, quadrature, update_JxW_values);
    double        worst = 1;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          moved.reinit(cell);
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            worst = std::min(worst, moved.JxW(q) / fe_values.JxW(q));
        }
    worst = Utilities::MPI::min(worst, comm);
    AssertThrow(worst > 0,
                ExcMessage("The bulk mesh folds where it follows the column's "
                           "surface (a cell's Jacobian ratio is " +
                           std::to_string(worst) +
                           "): the shape moved further than the mesh motion "
                           "can follow; remeshing is not built."));
    return worst;
  }

  template class ColumnMeshMotion<2>;
  template class ColumnMeshMotion<3>;
} // namespace nanoconvect

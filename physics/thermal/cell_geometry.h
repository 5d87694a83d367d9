#pragma once

// Internal to physics/thermal: the cells' geometry for an operator that
// applies on the reference cell (heat_operator.h). Included by that file.

#include <deal.II/base/geometry_info.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/base/vectorization.h>
#include <deal.II/fe/fe_nothing.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/matrix_free/matrix_free.h>

#include <cmath>
#include <memory>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace nanoconvect::internal
{
  using namespace dealii;

  /**
   * Every cell as the reference cell [0,1]^dim: the mapping a HeatOperator
   * gives its MatrixFree, which then finds every cell Cartesian with the
   * identity Jacobian and stores one set of mapping data for all of them
   * (deal.II compresses cells whose Jacobians agree) instead of the inverse
   * Jacobian and JxW at every quadrature point (10 numbers a point in 3D).
   * The operator works on reference-cell gradients only; the cells' own
   * geometry enters through CellGeometry.
   */
  template <int dim>
  class ReferenceCellMapping : public MappingQ<dim>
  {
  public:
    ReferenceCellMapping()
      : MappingQ<dim>(1)
    {}

    std::unique_ptr<Mapping<dim>>
    clone() const override
    {
      return std::make_unique<ReferenceCellMapping<dim>>();
    }

  protected:
    std::vector<Point<dim>>
    compute_mapping_support_points(
      const typename Triangulation<dim>::cell_iterator &) const override
    {
      std::vector<Point<dim>> vertices(GeometryInfo<dim>::vertices_per_cell);
      for (unsigned int v = 0; v < vertices.size(); ++v)
        vertices[v] = GeometryInfo<dim>::unit_cell_vertex(v);
      return vertices;
    }
  };

  /**
   * The metric w JxW J^-1 J^-T (which takes a reference-cell gradient to
   * the reference-cell flux of a unit conductivity) and optionally the
   * measure w JxW at the Gauss points of every cell batch of a MatrixFree,
   * from FEValues under the run's mapping (w = 2 pi r in r-z, else 1).
   *
   * A batch whose data equals a batch stored before (cells that are
   * translations of each other, lane by lane: the extruded stack's layers)
   * shares it, as deal.II's MatrixFree shares the mapping data of
   * translated cells: on the 3D stack at 1.1 M DoFs 15 to 26 % of the active
   * cells' batches hold their own data. Equal means within 1e-12 (double)
   * or 1e-6 (float: the V-cycle's levels) of the batch's largest entry.
   */
  template <int dim, typename Number>
  class CellGeometry
  {
  public:
    using VA     = VectorizedArray<Number>;
    using Metric = SymmetricTensor<2, dim, VA>;

    /** The data of batch cell, n_q_points per batch, point 0 first. */
    const Metric *
    metric(const unsigned int cell) const
    {
      return metric_data.data() + offset[cell];
    }

    /** w JxW of batch cell (has_measure()). */
    const VA *
    measure(const unsigned int cell) const
    {
      return measure_data.data() + offset[cell];
    }

    bool
    has_measure() const
    {
      return !measure_data.empty();
    }

    /** Batches that hold their own data. */
    std::size_t
    stored_batches() const
    {
      return metric_data.size() / std::max(1u, n_q_points);
    }

    void
    clear()
    {
      metric_data  = {};
      measure_data = {};
      offset       = {};
    }

    /** The data of every batch of mf's cells (QGauss<dim> numbers its
     *  points as MatrixFree does, index 0 fastest). Lanes past a batch's
     *  last cell repeat its last cell. */
    void
    compute(const MatrixFree<dim, Number> &mf,
            const Mapping<dim>            &mapping,
            const bool                     axisymmetric,
            const bool                     with_measure,
            const unsigned int             n_q_points_1d)
    {
      const unsigned int    n_batches = mf.n_cell_batches();
      const QGauss<dim>     gauss(n_q_points_1d);
      const FE_Nothing<dim> no_shapes; // FEValues keeps a pointer to it
      FEValues<dim>         fe_values(mapping,
                              no_shapes,
                              gauss,
                              update_inverse_jacobians | update_JxW_values |
                                (axisymmetric ? update_quadrature_points
                                                      : update_default));
      n_q_points = gauss.size();
      clear();
      offset.resize(n_batches);
      std::vector<Metric> batch_metric(n_q_points);
      std::vector<VA>     batch_measure(n_q_points);
      std::unordered_multimap<std::size_t, unsigned int> stored;
      for (unsigned int cell = 0; cell < n_batches; ++cell)
        {
          const unsigned int lanes = mf.n_active_entries_per_cell_batch(cell);
          for (unsigned int lane = 0; lane < VA::size(); ++lane)
            {
              if (lane < lanes)
                fe_values.reinit(typename Triangulation<dim>::cell_iterator(
                  mf.get_cell_iterator(cell, lane)));
              for (unsigned int q = 0; q < n_q_points; ++q)
                {
                  const double w =
                    axisymmetric ? 2 * M_PI * fe_values.quadrature_point(q)[0]
                                 : 1.0;
                  const double                       c = w * fe_values.JxW(q);
                  const DerivativeForm<1, dim, dim> &A =
                    fe_values.inverse_jacobian(q);
                  for (unsigned int e = 0; e < dim; ++e)
                    for (unsigned int f = e; f < dim; ++f)
                      {
                        double sum = A[e][0] * A[f][0];
                        for (unsigned int d = 1; d < dim; ++d)
                          sum += A[e][d] * A[f][d];
                        batch_metric[q][e][f][lane] = c * sum;
                      }
                  batch_measure[q][lane] = c;
                }
            }
          offset[cell] =
            find_or_store(batch_metric, batch_measure, with_measure, stored);
        }
      metric_data.shrink_to_fit();
      measure_data.shrink_to_fit();
    }

  private:
    /** The offset of an equal batch stored before, or of this one, stored
     *  now. */
    unsigned int
    find_or_store(const std::vector<Metric> &batch_metric,
                  const std::vector<VA>     &batch_measure,
                  const bool                 with_measure,
                  std::unordered_multimap<std::size_t, unsigned int> &stored)
    {
      constexpr unsigned int n_entries =
        SymmetricTensor<2, dim>::n_independent_components;
      const auto for_each = [&](const auto &f) {
        for (unsigned int q = 0; q < n_q_points; ++q)
          for (unsigned int lane = 0; lane < VA::size(); ++lane)
            {
              for (unsigned int i = 0; i < n_entries; ++i)
                f(batch_metric[q].access_raw_entry(i)[lane], q, i, lane);
              if (with_measure)
                f(batch_measure[q][lane], q, n_entries, lane);
            }
      };
      double scale = 0;
      for_each([&](const Number v, auto...) {
        scale = std::max(scale, std::abs(double(v)));
      });
      // The hash of the entries in units of 2^-32 (float: 2^-20) of the
      // largest one's binary order: batches equal to far below that unit
      // hash alike unless an entry straddles a unit, which only costs a
      // batch its sharing.
      int exponent = 0;
      std::frexp(scale, &exponent);
      const double quantum = std::is_same_v<Number, float> ? 0x1p20 : 0x1p32;
      std::size_t  hash    = std::hash<int>()(exponent);
      for_each([&](const Number v, auto...) {
        const long long unit =
          std::llround(std::ldexp(double(v), -exponent) * quantum);
        hash ^= std::hash<long long>()(unit) + 0x9e3779b97f4a7c15ull +
                (hash << 6) + (hash >> 2);
      });
      const double tolerance =
        (std::is_same_v<Number, float> ? 1e-6 : 1e-12) * scale;
      const auto [first, last] = stored.equal_range(hash);
      for (auto candidate = first; candidate != last; ++candidate)
        {
          const unsigned int o     = candidate->second;
          bool               equal = true;
          for_each([&](const Number       v,
                       const unsigned int q,
                       const unsigned int i,
                       const unsigned int lane) {
            const Number other =
              i < n_entries ? metric_data[o + q].access_raw_entry(i)[lane]
                            : measure_data[o + q][lane];
            equal = equal && std::abs(double(v) - double(other)) <= tolerance;
          });
          if (equal)
            return o;
        }
      const unsigned int o = metric_data.size();
      metric_data.insert(metric_data.end(),
                         batch_metric.begin(),
                         batch_metric.end());
      if (with_measure)
        measure_data.insert(measure_data.end(),
                            batch_measure.begin(),
                            batch_measure.end());
      stored.emplace(hash, o);
      return o;
    }

    unsigned int              n_q_points = 0;
    std::vector<Metric>       metric_data;
    std::vector<VA>           measure_data;
    std::vector<unsigned int> offset; // per batch, into the data
  };
} // namespace nanoconvect::internal

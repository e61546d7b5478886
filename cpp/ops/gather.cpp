// gather, gather_grad, gather_nd, scatter_nd, boolean_mask, nonzero and one_hot (see
// gather.h). Every gather-like op reduces to take_rows over a (outer, n, inner) view and
// every scatter to its adjoint add_rows (both through move_rows); indices are validated
// before either runs. Batch dimensions only change which row of indices an outer row reads.
#include "ops/gather.h"

#include <algorithm>
#include <string>
#include <type_traits>

#include "autograd/tape.h"
#include "core/error.h"
#include "core/parallel.h"
#include "ops/creation.h"
#include "ops/elementwise.h"
#include "ops/shape.h"
#include "ops/storage_dtypes.h"

namespace nnext::ops {

using autograd::Grads;

namespace {

int64_t product(const Shape& shape, size_t begin, size_t end) {
  int64_t n = 1;
  for (size_t d = begin; d < end; ++d) n *= shape[d];
  return n;
}

Shape slice_of(const Shape& shape, size_t begin, size_t end) {
  return Shape(shape.begin() + int64_t(begin), shape.begin() + int64_t(end));
}

Shape joined(Shape a, const Shape& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// "[1, 2]": the position of flat element `flat` of a tensor of `shape`, for messages.
std::string position(const Shape& shape, int64_t flat) {
  Shape index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  std::string s = shape_str(index);
  if (index.size() == 1) s.erase(s.size() - 2, 1);  // "(3,)" -> "(3)"
  return "[" + s.substr(1, s.size() - 2) + "]";
}

// `indices` as contiguous int64 with every value checked to lie in [0, bound), or in
// [-bound, bound) when allow_negative (those are then wrapped, in a copy).
Tensor checked_indices(const Tensor& indices, int64_t bound, bool allow_negative, const char* op,
                       int64_t axis) {
  NNEXT_CHECK(is_integer(indices.dtype()), TypeError, op, ": indices must be int32 or int64, got ",
              dtype_name(indices.dtype()));
  Tensor idx = contiguous(cast(indices, DType::Int64));
  const int64_t* p = idx.data<int64_t>();
  const int64_t lo = allow_negative ? -bound : 0;
  bool any_negative = false;
  for (int64_t j = 0; j < idx.numel(); ++j) {
    NNEXT_CHECK(p[j] >= lo && p[j] < bound, IndexError, op, ": indices", position(idx.shape(), j),
                " = ", p[j], " is out of range [", lo, ", ", bound, ") for axis ", axis,
                " of size ", bound);
    any_negative |= p[j] < 0;
  }
  if (!any_negative) return idx;
  Tensor wrapped = Tensor::empty(idx.shape(), DType::Int64);
  int64_t* w = wrapped.data<int64_t>();
  for (int64_t j = 0; j < idx.numel(); ++j) w[j] = p[j] < 0 ? p[j] + bound : p[j];
  return wrapped;
}

// batch_dims counted from the front (TensorFlow counts a negative one from the end of
// indices' rank), checked to name leading axes that params and indices share.
int64_t checked_batch_dims(const Shape& ps, const Shape& is, int64_t batch_dims, const char* op) {
  const int64_t rank = int64_t(is.size());
  NNEXT_CHECK(batch_dims >= -rank && batch_dims <= rank, ValueError, op, ": batch_dims ",
              batch_dims, " is out of range [", -rank, ", ", rank, "] for indices of shape ",
              shape_str(is));
  const int64_t b = batch_dims < 0 ? batch_dims + rank : batch_dims;
  NNEXT_CHECK(b < int64_t(ps.size()), ValueError, op, ": batch_dims ", b,
              " must be less than the rank of params of shape ", shape_str(ps));
  NNEXT_CHECK(slice_of(ps, 0, size_t(b)) == slice_of(is, 0, size_t(b)), ValueError, op,
              ": with batch_dims ", b, " params of shape ", shape_str(ps), " and indices of shape ",
              shape_str(is), " must have the same first ", b, " dimensions");
  return b;
}

// The row number (row-major over shape[first:first+K]) that each K-vector of `indices`
// addresses, as int64 of shape indices.shape[:-1]; each coordinate is checked against its axis.
Tensor checked_rows(const Tensor& indices, const Shape& shape, const char* op, size_t first = 0) {
  NNEXT_CHECK(is_integer(indices.dtype()), TypeError, op, ": indices must be int32 or int64, got ",
              dtype_name(indices.dtype()));
  NNEXT_CHECK(indices.ndim() >= 1, ValueError, op, ": indices must have rank >= 1, got a scalar");
  const int64_t k = indices.shape().back();
  NNEXT_CHECK(k <= int64_t(shape.size() - first), ValueError, op, ": indices of shape ",
              shape_str(indices.shape()), " address ", k, " axes, but the tensor of shape ",
              shape_str(shape), " has only ", shape.size() - first,
              first ? " after its batch dimensions" : "");
  Tensor idx = contiguous(cast(indices, DType::Int64));
  Shape rows_shape = slice_of(indices.shape(), 0, size_t(indices.ndim() - 1));
  Tensor rows = Tensor::empty(rows_shape, DType::Int64);
  const int64_t* p = idx.data<int64_t>();
  int64_t* r = rows.data<int64_t>();
  for (int64_t j = 0; j < rows.numel(); ++j) {
    int64_t row = 0;
    for (int64_t a = 0; a < k; ++a) {
      const int64_t v = p[j * k + a], n = shape[first + size_t(a)];
      if (v < 0 || v >= n) {
        Shape vec(p + j * k, p + j * k + k);
        std::string vec_str = shape_str(vec);
        if (k == 1) vec_str.erase(vec_str.size() - 2, 1);
        NNEXT_FAIL(IndexError, op, ": indices", position(rows_shape, j), " = [",
                   vec_str.substr(1, vec_str.size() - 2), "] is out of range for shape ",
                   shape_str(shape), ": ", v, " is not in [0, ", n, ") on axis ",
                   first + size_t(a));
      }
      row = row * n + v;
    }
    r[j] = row;
  }
  return rows;
}

// dst[o, j, :] = src[o, idx[o / group, j], :] for src (outer, n, inner), dst (outer, m,
// inner) and idx (outer / group, m): each run of `group` outer rows shares one row of indices
// (all of them without batch dimensions, one batch element's rows with them).
template <class T>
void take_rows(const T* src, T* dst, const int64_t* idx, int64_t outer, int64_t group, int64_t n,
               int64_t m, int64_t inner) {
  parallel_for(outer * m, inner, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const int64_t o = r / m, j = r % m;
      const T* s = src + (o * n + idx[(o / group) * m + j]) * inner;
      std::copy(s, s + inner, dst + r * inner);
    }
  });
}

// dst[o, idx[o / group, j], :] += src[o, j, :] for src (outer, m, inner) and dst (outer, n,
// inner), idx as in take_rows. Each thread owns whole column blocks of dst and walks every j
// for them, so repeated indices add up without races or atomics. Blocks are narrow enough
// that one embedding-sized row (inner ~ 128) still splits over the threads, and at least 16
// wide to stay vectorised.
template <class T>
void add_rows(const T* src, T* dst, const int64_t* idx, int64_t outer, int64_t group, int64_t n,
              int64_t m, int64_t inner) {
  const int64_t threads = threads_for(outer * m * inner);
  const int64_t width = std::clamp<int64_t>((inner + threads - 1) / threads, 16, 256);
  const int64_t blocks = (inner + width - 1) / width;
  parallel_for(outer * blocks, m * std::min(inner, width), [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) {
      const int64_t o = b / blocks, c0 = (b % blocks) * width, c1 = std::min(inner, c0 + width);
      const int64_t* row_idx = idx + (o / group) * m;
      for (int64_t j = 0; j < m; ++j) {
        const T* s = src + (o * m + j) * inner;
        T* d = dst + (o * n + row_idx[j]) * inner;
        for (int64_t c = c0; c < c1; ++c) {
          if constexpr (std::is_same_v<T, bool>)
            d[c] = d[c] || s[c];
          else
            d[c] += s[c];
        }
      }
    }
  });
}

// The two ways rows move: a gather copies the rows idx picks from src; a scatter, its
// adjoint, adds each row of src into zeros at the row idx names (repeats add up).
enum class Rows { Gather, Scatter };

// The result of `shape`, seen as (batch * group, n, inner) for a scatter or (batch * group,
// m, inner) for a gather, with src seen the other way round; idx is (batch, m).
Tensor move_rows(Rows how, const Tensor& src, const Tensor& idx, int64_t batch, int64_t group,
                 int64_t n, int64_t inner, const Shape& shape) {
  if (is_storage_only(src.dtype()))
    return cast(move_rows(how, to_compute(src), idx, batch, group, n, inner, shape), src.dtype());
  Tensor out = how == Rows::Gather ? Tensor::empty(shape, src.dtype()) : zeros(shape, src.dtype());
  Tensor s = contiguous(src);
  const int64_t m = batch ? idx.numel() / batch : 0;
  dispatch_with_complex(src.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const auto loop = how == Rows::Gather ? take_rows<T> : add_rows<T>;
    loop(s.data<T>(), out.data<T>(), idx.data<int64_t>(), batch * group, group, n, m, inner);
  });
  return out;
}

// Row-major positions of the nonzero elements of x, as int64 of shape (count,): counted per
// chunk in parallel, then written at each chunk's prefix offset.
Tensor nonzero_positions(const Tensor& x) {
  Tensor c = contiguous(to_compute(x));
  const int64_t n = c.numel();
  const int64_t chunks = std::clamp<int64_t>(n / kGrainSize, 1, 256);
  const int64_t chunk = (n + chunks - 1) / chunks;
  std::vector<int64_t> starts(size_t(chunks) + 1, 0);
  Tensor out;
  dispatch(c.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* p = c.data<T>();
    parallel_for(chunks, chunk, [&](int64_t begin, int64_t end) {
      for (int64_t k = begin; k < end; ++k) {
        int64_t count = 0;
        for (int64_t i = k * chunk; i < std::min(n, (k + 1) * chunk); ++i) count += p[i] != T(0);
        starts[size_t(k) + 1] = count;
      }
    });
    for (size_t k = 1; k < starts.size(); ++k) starts[k] += starts[k - 1];
    out = Tensor::empty({starts.back()}, DType::Int64);
    int64_t* o = out.data<int64_t>();
    parallel_for(chunks, chunk, [&](int64_t begin, int64_t end) {
      for (int64_t k = begin; k < end; ++k) {
        int64_t w = starts[size_t(k)];
        for (int64_t i = k * chunk; i < std::min(n, (k + 1) * chunk); ++i)
          if (p[i] != T(0)) o[w++] = i;
      }
    });
  });
  return out;
}

}  // namespace

Tensor gather(const Tensor& params, const Tensor& indices, int64_t axis, bool allow_negative,
              int64_t batch_dims) {
  NNEXT_CHECK(params.ndim() > 0, ValueError, "gather: params must have rank >= 1, got a scalar");
  const Shape& ps = params.shape();
  const int64_t b = checked_batch_dims(ps, indices.shape(), batch_dims, "gather");
  axis = normalize_axis(axis, params.ndim(), "gather");
  NNEXT_CHECK(axis >= b, ValueError, "gather: axis ", axis, " must not be less than batch_dims ", b,
              " (the batch axes are not gathered along)");
  const int64_t dim = ps[size_t(axis)];
  Tensor idx = checked_indices(indices, dim, allow_negative, "gather", axis);
  Shape shape = joined(joined(slice_of(ps, 0, size_t(axis)),
                              slice_of(indices.shape(), size_t(b), size_t(indices.ndim()))),
                       slice_of(ps, size_t(axis) + 1, ps.size()));
  Tensor out = move_rows(Rows::Gather, params, idx, product(ps, 0, size_t(b)),
                         product(ps, size_t(b), size_t(axis)), dim,
                         product(ps, size_t(axis) + 1, ps.size()), shape);
  // d gather / d params scatters g back to the gathered rows, adding repeated ones.
  if (autograd::any_tape())
    autograd::record("gather", {params}, {out}, [=](const Grads& g) -> Grads {
      return {gather_grad(g[0], idx, axis, dim, b)};
    });
  return out;
}

Tensor gather_grad(const Tensor& updates, const Tensor& indices, int64_t axis, int64_t dim,
                   int64_t batch_dims) {
  const Shape& us = updates.shape();
  const Shape& is = indices.shape();
  const int64_t b = batch_dims;
  NNEXT_CHECK(b >= 0 && b <= indices.ndim() && updates.ndim() >= indices.ndim(), ValueError,
              "gather_grad: updates of shape ", shape_str(us), " cannot hold indices of shape ",
              shape_str(is), " with batch_dims ", b);
  axis = normalize_axis(axis, updates.ndim() - indices.ndim() + b + 1, "gather_grad");
  const size_t inner_begin = size_t(axis + indices.ndim() - b);
  NNEXT_CHECK(axis >= b && slice_of(us, 0, size_t(b)) == slice_of(is, 0, size_t(b)) &&
                  slice_of(us, size_t(axis), inner_begin) == slice_of(is, size_t(b), is.size()),
              ValueError, "gather_grad: updates of shape ", shape_str(us),
              " do not hold indices of shape ", shape_str(is), " at axis ", axis,
              " with batch_dims ", b);
  Tensor idx = checked_indices(indices, dim, false, "gather_grad", axis);
  Shape shape =
      joined(joined(slice_of(us, 0, size_t(axis)), {dim}), slice_of(us, inner_begin, us.size()));
  Tensor out = move_rows(Rows::Scatter, updates, idx, product(us, 0, size_t(b)),
                         product(us, size_t(b), size_t(axis)), dim,
                         product(us, inner_begin, us.size()), shape);
  // Linear in updates; its adjoint is gather.
  if (autograd::any_tape())
    autograd::record("gather_grad", {updates}, {out},
                     [=](const Grads& g) -> Grads { return {gather(g[0], idx, axis, false, b)}; });
  return out;
}

// With batch dimensions: each batch element's K-vectors become row numbers into its own
// (n, inner) block, and one batched gather along that row axis picks them, which also gives
// the gradient (a batched scatter-add through gather_grad).
Tensor gather_nd(const Tensor& params, const Tensor& indices, int64_t batch_dims) {
  NNEXT_CHECK(batch_dims >= 0, ValueError, "gather_nd: batch_dims must be non-negative, got ",
              batch_dims);
  const Shape& ps = params.shape();
  if (batch_dims > 0) {
    NNEXT_CHECK(batch_dims < indices.ndim(), ValueError, "gather_nd: batch_dims ", batch_dims,
                " must be less than the rank of indices of shape ", shape_str(indices.shape()),
                " (its last axis holds the coordinates)");
    const size_t b = size_t(checked_batch_dims(ps, indices.shape(), batch_dims, "gather_nd"));
    Tensor rows = checked_rows(indices, ps, "gather_nd", b);
    const size_t k = size_t(indices.shape().back());
    const int64_t batch = product(ps, 0, b);
    Tensor blocks = reshape(params, {batch, product(ps, b, b + k), product(ps, b + k, ps.size())});
    const int64_t per_batch = product(rows.shape(), b, rows.shape().size());
    Tensor picked = gather(blocks, reshape(rows, {batch, per_batch}), 1, false, 1);
    return reshape(picked, joined(rows.shape(), slice_of(ps, b + k, ps.size())));
  }
  Tensor rows = checked_rows(indices, ps, "gather_nd");
  const size_t k = size_t(indices.shape().back());
  const Shape row_shape = slice_of(ps, k, ps.size());
  Tensor out = move_rows(Rows::Gather, params, rows, 1, 1, product(ps, 0, k),
                         product(ps, k, ps.size()), joined(rows.shape(), row_shape));
  if (autograd::any_tape())
    autograd::record("gather_nd", {params}, {out},
                     [=](const Grads& g) -> Grads { return {scatter_nd(indices, g[0], ps)}; });
  return out;
}

Tensor scatter_nd(const Tensor& indices, const Tensor& updates, const Shape& shape) {
  checked_numel(shape, "scatter_nd");
  Tensor rows = checked_rows(indices, shape, "scatter_nd");
  const size_t k = size_t(indices.shape().back());
  const Shape expected = joined(rows.shape(), slice_of(shape, k, shape.size()));
  NNEXT_CHECK(updates.shape() == expected, ValueError, "scatter_nd: updates must have shape ",
              shape_str(expected), " (indices.shape[:-1] + shape[", k, ":]) for indices of shape ",
              shape_str(indices.shape()), " and shape ", shape_str(shape), ", got ",
              shape_str(updates.shape()));
  Tensor out = move_rows(Rows::Scatter, updates, rows, 1, 1, product(shape, 0, k),
                         product(shape, k, shape.size()), shape);
  if (autograd::any_tape())
    autograd::record("scatter_nd", {updates}, {out},
                     [=](const Grads& g) -> Grads { return {gather_nd(g[0], indices)}; });
  return out;
}

// Composed: the masked axes merge into one (a reshape), then the true positions are
// gathered along it, so the gradient comes from reshape and gather.
Tensor boolean_mask(const Tensor& tensor, const Tensor& mask, int64_t axis) {
  NNEXT_CHECK(mask.dtype() == DType::Bool, TypeError, "boolean_mask: mask must be bool, got ",
              dtype_name(mask.dtype()));
  NNEXT_CHECK(mask.ndim() >= 1, ValueError, "boolean_mask: mask cannot be a scalar");
  NNEXT_CHECK(tensor.ndim() >= mask.ndim(), ValueError, "boolean_mask: mask of shape ",
              shape_str(mask.shape()), " has more axes than the tensor of shape ",
              shape_str(tensor.shape()));
  axis = normalize_axis(axis, tensor.ndim() - mask.ndim() + 1, "boolean_mask");
  const Shape& ts = tensor.shape();
  const size_t end = size_t(axis + mask.ndim());
  NNEXT_CHECK(slice_of(ts, size_t(axis), end) == mask.shape(), ValueError,
              "boolean_mask: mask of shape ", shape_str(mask.shape()),
              " does not match the tensor of shape ", shape_str(ts), " at axis ", axis);
  Tensor merged = tensor;
  if (mask.ndim() != 1)
    merged = reshape(tensor, joined(joined(slice_of(ts, 0, size_t(axis)), {mask.numel()}),
                                    slice_of(ts, end, ts.size())));
  return gather(merged, nonzero_positions(mask), axis);
}

Tensor nonzero(const Tensor& condition) {
  Tensor positions = nonzero_positions(condition);
  const int64_t rank = condition.ndim(), count = positions.numel();
  Tensor out = Tensor::empty({count, rank}, DType::Int64);
  const int64_t* p = positions.data<int64_t>();
  int64_t* o = out.data<int64_t>();
  const Shape& shape = condition.shape();
  parallel_for(count, rank, [&](int64_t begin, int64_t end) {
    for (int64_t j = begin; j < end; ++j) {
      int64_t flat = p[j];
      for (int64_t d = rank; d-- > 0;) {
        o[j * rank + d] = flat % shape[size_t(d)];
        flat /= shape[size_t(d)];
      }
    }
  });
  return out;
}

Tensor one_hot(const Tensor& indices, int64_t depth, double on_value, double off_value,
               int64_t axis, DType dtype) {
  if (is_storage_only(dtype))
    return cast(one_hot(indices, depth, on_value, off_value, axis, compute_dtype(dtype)), dtype);
  NNEXT_CHECK(is_integer(indices.dtype()), TypeError,
              "one_hot: indices must be int32 or int64, got ", dtype_name(indices.dtype()));
  NNEXT_CHECK(depth >= 0, ValueError, "one_hot: depth must be non-negative, got ", depth);
  axis = normalize_axis(axis, indices.ndim() + 1, "one_hot");
  Shape shape = indices.shape();
  shape.insert(shape.begin() + axis, depth);
  checked_numel(shape, "one_hot");
  Tensor idx = contiguous(cast(indices, DType::Int64));
  Tensor out = Tensor::empty(shape, dtype);
  const int64_t inner = product(indices.shape(), size_t(axis), indices.shape().size());
  const int64_t outer = product(indices.shape(), 0, size_t(axis));
  dispatch(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T on = static_cast<T>(on_value), off = static_cast<T>(off_value);
    const int64_t* p = idx.data<int64_t>();
    T* o = out.data<T>();
    // out[a, d, b] = on where indices[a, b] == d.
    parallel_for(outer * depth, inner, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        const int64_t a = r / depth, d = r % depth;
        const int64_t* ip = p + a * inner;
        T* orow = o + r * inner;
        for (int64_t b = 0; b < inner; ++b) orow[b] = ip[b] == d ? on : off;
      }
    });
  });
  return out;
}

}  // namespace nnext::ops

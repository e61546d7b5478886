// matmul: NumPy's vector and batch-broadcast rules around kernels::gemm for floats and
// complex numbers (cgemm/zgemm) and a plain strided kernel for integers. Its gradient is written
// with matmul itself, so that nested tapes give second derivatives.
#include "ops/matmul.h"

#include <algorithm>
#include <type_traits>

#include "autograd/tape.h"
#include "core/error.h"
#include "core/parallel.h"
#include "kernels/blas.h"
#include "kernels/iter.h"
#include "ops/elementwise.h"
#include "ops/shape.h"

namespace nnext::ops {

using autograd::Grads;

GemmLayout gemm_layout(int64_t rows, int64_t cols, int64_t row_stride, int64_t col_stride) {
  // A size-1 axis has no meaningful stride, so it never disqualifies a layout.
  if (cols <= 1 || col_stride == 1) {
    int64_t ld = rows <= 1 ? std::max<int64_t>(cols, 1) : row_stride;
    if (ld >= std::max<int64_t>(cols, 1)) return {true, false, ld};
  }
  if (rows <= 1 || row_stride == 1) {
    int64_t ld = cols <= 1 ? std::max<int64_t>(rows, 1) : col_stride;
    if (ld >= std::max<int64_t>(rows, 1)) return {true, true, ld};
  }
  return {};
}

namespace {

int64_t product(const Shape& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

Tensor swap_last_two(const Tensor& t) {
  Shape shape = t.shape(), strides = t.strides();
  size_t n = shape.size();
  std::swap(shape[n - 1], shape[n - 2]);
  std::swap(strides[n - 1], strides[n - 2]);
  return t.view(shape, strides, t.offset());
}

// NumPy's vector promotion: a vector is a (1, k) row on the left, a (k, 1) column on
// the right.
Tensor as_row(const Tensor& v) { return v.view({1, v.dim(0)}, {0, v.strides()[0]}, v.offset()); }
Tensor as_column(const Tensor& v) { return v.view({v.dim(0), 1}, {v.strides()[0], 0}, v.offset()); }

int64_t row_stride(const Tensor& t) { return t.strides()[size_t(t.ndim() - 2)]; }
int64_t col_stride(const Tensor& t) { return t.strides()[size_t(t.ndim() - 1)]; }

// Strides of the batch axes of a matrix stack `t` as seen from the broadcast batch shape.
Shape batch_strides(const Tensor& t, const Shape& batch) {
  Shape out(batch.size());
  int64_t lead = int64_t(batch.size()) - (t.ndim() - 2);
  for (size_t d = 0; d < batch.size(); ++d) {
    int64_t src = int64_t(d) - lead;
    out[d] = (src < 0 || t.dim(src) == 1) ? 0 : t.strides()[size_t(src)];
  }
  return out;
}

// The one stride that steps through the items of `shape` in row-major order, when the
// strides allow one (0 when every non-unit axis is broadcast).
bool uniform_stride(const Shape& shape, const Shape& strides, int64_t& step) {
  step = 0;
  bool found = false;
  int64_t items = 1;
  for (size_t d = shape.size(); d-- > 0;) {
    if (shape[d] == 1) continue;
    if (!found) {
      step = strides[d];
      found = true;
    } else if (strides[d] != step * items) {
      return false;
    }
    items *= shape[d];
  }
  return true;
}

int64_t item_offset(int64_t item, const Shape& shape, const Shape& strides) {
  int64_t off = 0;
  for (size_t d = shape.size(); d-- > 0;) {
    off += (item % shape[d]) * strides[d];
    item /= shape[d];
  }
  return off;
}

// out[batch..., m, n] = a[batch..., m, k] @ b[batch..., k, n] through gemm. The caller
// made both operands gemm-compatible (copying when their strides allowed neither layout).
template <class T>
void gemm_product(const Tensor& a, const Tensor& b, T* c, const Shape& batch, int64_t m, int64_t n,
                  int64_t k) {
  const Shape sa = batch_strides(a, batch), sb = batch_strides(b, batch);
  const GemmLayout la = gemm_layout(m, k, row_stride(a), col_stride(a));
  const GemmLayout lb = gemm_layout(k, n, row_stride(b), col_stride(b));
  const int64_t items = product(batch);
  const T* pa = a.data<T>();
  const T* pb = b.data<T>();

  // One shared right operand and left rows evenly spaced across the batch (x @ W with x of
  // rank > 2): a single tall gemm does the whole stack.
  int64_t step_a, step_b;
  if (std::all_of(sb.begin(), sb.end(), [](int64_t s) { return s == 0; })) {
    Shape rows = batch, strides = sa;
    rows.push_back(m);
    strides.push_back(row_stride(a));
    if (uniform_stride(rows, strides, step_a)) {
      GemmLayout tall = gemm_layout(items * m, k, step_a, col_stride(a));
      if (tall.ok && !tall.trans) {
        kernels::gemm<T>(false, lb.trans, items * m, n, k, T(1), pa, tall.ld, pb, lb.ld, T(0), c,
                         n);
        return;
      }
    }
  }
  if (uniform_stride(batch, sa, step_a) && uniform_stride(batch, sb, step_b)) {
    kernels::gemm<T>(la.trans, lb.trans, m, n, k, T(1), pa, la.ld, pb, lb.ld, T(0), c, n, items,
                     step_a, step_b, m * n);
    return;
  }
  // Batch axes broadcast unevenly, e.g. (2, 1) against (3,): one product per item.
  for (int64_t i = 0; i < items; ++i)
    kernels::gemm<T>(la.trans, lb.trans, m, n, k, T(1), pa + item_offset(i, batch, sa), la.ld,
                     pb + item_offset(i, batch, sb), lb.ld, T(0), c + i * m * n, n);
}

// The integer product: exact, wrapping on overflow as NumPy does (computed unsigned,
// where wrapping is defined). Rows are split over threads.
template <class T>
void integer_product(const Tensor& a, const Tensor& b, T* c, const Shape& batch, int64_t m,
                     int64_t n, int64_t k) {
  using U = std::make_unsigned_t<T>;
  const Shape sa = batch_strides(a, batch), sb = batch_strides(b, batch);
  const int64_t ra = row_stride(a), ca = col_stride(a), rb = row_stride(b), cb = col_stride(b);
  const T* pa = a.data<T>();
  const T* pb = b.data<T>();
  parallel_for(product(batch) * m, k * n, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const int64_t item = r / m;
      const T* arow = pa + item_offset(item, batch, sa) + (r % m) * ra;
      const T* bmat = pb + item_offset(item, batch, sb);
      U* crow = reinterpret_cast<U*>(c + r * n);
      std::fill(crow, crow + n, U(0));
      for (int64_t p = 0; p < k; ++p) {
        const U av = U(arow[p * ca]);
        const T* brow = bmat + p * rb;
        for (int64_t j = 0; j < n; ++j) crow[j] += av * U(brow[j * cb]);
      }
    }
  });
}

// The forward product of same-dtype operands; nothing is recorded here.
Tensor product(const Tensor& a_in, const Tensor& b_in, bool transpose_a, bool transpose_b) {
  Tensor a = a_in.ndim() == 1 ? as_row(a_in) : transpose_a ? swap_last_two(a_in) : a_in;
  Tensor b = b_in.ndim() == 1 ? as_column(b_in) : transpose_b ? swap_last_two(b_in) : b_in;
  const int64_t m = a.dim(a.ndim() - 2), k = a.dim(a.ndim() - 1);
  const int64_t kb = b.dim(b.ndim() - 2), n = b.dim(b.ndim() - 1);
  NNEXT_CHECK(k == kb, ValueError, "matmul: cannot multiply shapes ", shape_str(a_in.shape()),
              " and ", shape_str(b_in.shape()), ": inner dimensions ", k, " and ", kb, " differ");

  const Shape batch_a(a.shape().begin(), a.shape().end() - 2);
  const Shape batch_b(b.shape().begin(), b.shape().end() - 2);
  Shape batch(std::max(batch_a.size(), batch_b.size()));
  for (size_t i = 0; i < batch.size(); ++i) {
    size_t ia = i + batch_a.size(), ib = i + batch_b.size();
    int64_t da = ia < batch.size() ? 1 : batch_a[ia - batch.size()];
    int64_t db = ib < batch.size() ? 1 : batch_b[ib - batch.size()];
    NNEXT_CHECK(da == db || da == 1 || db == 1, ValueError,
                "matmul: cannot broadcast the batch axes of shapes ", shape_str(a_in.shape()),
                " and ", shape_str(b_in.shape()));
    batch[i] = da == 1 ? db : da;
  }

  Shape out_shape = batch;
  if (a_in.ndim() > 1) out_shape.push_back(m);
  if (b_in.ndim() > 1) out_shape.push_back(n);
  Tensor out = Tensor::empty(out_shape, a.dtype());
  if (out.numel() == 0) return out;

  dispatch_with_complex(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* c = out.data<T>();
    if constexpr (std::is_floating_point_v<T> || !std::is_arithmetic_v<T>) {  // through gemm
      if (k == 0) {
        std::fill(c, c + out.numel(), T(0));
        return;
      }
      if (!gemm_layout(m, k, row_stride(a), col_stride(a)).ok) a = packed_copy(a);
      if (!gemm_layout(k, n, row_stride(b), col_stride(b)).ok) b = packed_copy(b);
      gemm_product<T>(a, b, c, batch, m, n, k);
    } else if constexpr (!std::is_same_v<T, bool>) {
      integer_product<T>(a, b, c, batch, m, n, k);
    }
  });
  return out;
}

}  // namespace

Tensor packed_copy(const Tensor& t) {
  Tensor out = Tensor::empty(t.shape(), t.dtype());
  dispatch_with_complex(t.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::map_unary<T, T>(out, t, [](T v) { return v; });
  });
  return out;
}

GemmLayout rows_layout(const Tensor& x) {
  const Shape lead(x.shape().begin(), x.shape().end() - 1);
  const Shape lead_strides(x.strides().begin(), x.strides().end() - 1);
  int64_t step;
  if (!uniform_stride(lead, lead_strides, step)) return {};
  return gemm_layout(product(lead), x.dim(x.ndim() - 1), step, x.strides().back());
}

Tensor matmul(const Tensor& a_in, const Tensor& b_in, bool transpose_a, bool transpose_b) {
  NNEXT_CHECK(a_in.dtype() != DType::Bool && b_in.dtype() != DType::Bool, TypeError,
              "matmul: not supported for bool tensors (got ", dtype_name(a_in.dtype()), " and ",
              dtype_name(b_in.dtype()), ")");
  NNEXT_CHECK(a_in.ndim() >= 1 && b_in.ndim() >= 1, ValueError,
              "matmul: both operands must have rank >= 1, got shapes ", shape_str(a_in.shape()),
              " and ", shape_str(b_in.shape()));
  NNEXT_CHECK(!transpose_a || a_in.ndim() >= 2, ValueError,
              "matmul: transpose_a needs a tensor of rank >= 2, got shape ",
              shape_str(a_in.shape()));
  NNEXT_CHECK(!transpose_b || b_in.ndim() >= 2, ValueError,
              "matmul: transpose_b needs a tensor of rank >= 2, got shape ",
              shape_str(b_in.shape()));
  const DType dt = promote(a_in.dtype(), b_in.dtype());
  // A storage dtype (float16, uint8, ...) multiplies in its compute dtype.
  if (is_storage_only(dt)) {
    const DType c = compute_dtype(dt);
    return cast(matmul(cast(a_in, c), cast(b_in, c), transpose_a, transpose_b), dt);
  }
  const Tensor a = cast(a_in, dt), b = cast(b_in, dt);
  Tensor y = product(a, b, transpose_a, transpose_b);
  if (!autograd::any_tape() || is_complex(dt)) return y;  // no complex gradients

  // With A = op(a), B = op(b):  dA = g @ B^T,  dB = A^T @ g;  a transposed operand takes
  // the transpose of its gradient, which the flags express without copies. Vectors get
  // their unit axis back first; the tape sums gradients over broadcast batch axes.
  const bool need_a = autograd::requires_grad(a), need_b = autograd::requires_grad(b);
  autograd::record("matmul", {a, b}, {y}, [=](const Grads& grads) -> Grads {
    const bool a_vector = a.ndim() == 1, b_vector = b.ndim() == 1;
    Tensor g = grads[0];
    if (b_vector) g = expand_dims(g, g.ndim());
    if (a_vector) g = expand_dims(g, g.ndim() - 1);
    const Tensor a2 = a_vector ? expand_dims(a, 0) : a;
    const Tensor b2 = b_vector ? expand_dims(b, 1) : b;
    Tensor da, db;
    if (need_a) {
      da = transpose_a ? matmul(b2, g, transpose_b, true) : matmul(g, b2, false, !transpose_b);
      if (a_vector) da = squeeze(da, {da.ndim() - 2});
    }
    if (need_b) {
      db = transpose_b ? matmul(g, a2, true, transpose_a) : matmul(a2, g, !transpose_a, false);
      if (b_vector) db = squeeze(db, {db.ndim() - 1});
    }
    return {da, db};
  });
  return y;
}

}  // namespace nnext::ops

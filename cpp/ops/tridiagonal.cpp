// tridiagonal_solve: checks, the batch loop over kernels/tridiagonal.cpp, and its gradient
// (a solve with the transposed system, then the three diagonals of -gB x^T).
#include "ops/tridiagonal.h"

#include <limits>

#include "autograd/tape.h"
#include "core/error.h"
#include "ops/elementwise.h"
#include "ops/join.h"
#include "ops/matmul.h"
#include "ops/reduce.h"

namespace nnext::ops {

using autograd::Grads;

namespace {

// y[i] = x[i - 1] along `axis` (y[0] = 0), and y[i] = x[i + 1] (the last one 0).
Tensor shift_down(const Tensor& x, int64_t axis) {
  const int64_t n = x.dim(axis);
  Paddings pads(size_t(x.ndim()), {0, 0});
  pads[size_t(axis)] = {1, 0};
  if (n <= 1) return x * 0.0;
  return pad(split(x, std::vector<int64_t>{n - 1, 1}, axis)[0], pads, PadMode::Constant, 0.0);
}

Tensor shift_up(const Tensor& x, int64_t axis) {
  const int64_t n = x.dim(axis);
  Paddings pads(size_t(x.ndim()), {0, 0});
  pads[size_t(axis)] = {0, 1};
  if (n <= 1) return x * 0.0;
  return pad(split(x, std::vector<int64_t>{1, n - 1}, axis)[1], pads, PadMode::Constant, 0.0);
}

}  // namespace

Tensor tridiagonal_solve(const Tensor& diagonals, const Tensor& rhs,
                         kernels::TridiagonalMethod method) {
  const Tensor& d = diagonals;
  NNEXT_CHECK(is_floating(d.dtype()) && d.dtype() == rhs.dtype(), TypeError,
              "tridiagonal_solve: expected diagonals and rhs of one float dtype, got ",
              dtype_name(d.dtype()), " and ", dtype_name(rhs.dtype()));
  NNEXT_CHECK(d.ndim() >= 2 && d.dim(d.ndim() - 2) == 3, ValueError,
              "tridiagonal_solve: expected diagonals to be provided as a matrix with 3 rows, "
              "got shape ",
              shape_str(d.shape()));
  const int64_t m = d.dim(d.ndim() - 1);
  NNEXT_CHECK(rhs.ndim() == d.ndim() && rhs.dim(rhs.ndim() - 2) == m &&
                  Shape(rhs.shape().begin(), rhs.shape().end() - 2) ==
                      Shape(d.shape().begin(), d.shape().end() - 2),
              ValueError,
              "tridiagonal_solve: expected the same number of left-hand sides and "
              "right-hand sides, got diagonals of shape ",
              shape_str(d.shape()), " and rhs of shape ", shape_str(rhs.shape()));
  const int64_t k = rhs.dim(rhs.ndim() - 1);
  const int64_t count = m == 0 ? 0 : d.numel() / (3 * m);
  Tensor dd = packed_copy(d), bb = packed_copy(rhs);
  Tensor x = Tensor::empty(rhs.shape(), rhs.dtype());
  dispatch_floating(d.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    for (int64_t i = 0; i < count; ++i) {
      const T* p = dd.data<T>() + i * 3 * m;
      T* out = x.data<T>() + i * m * k;
      if (!kernels::tridiagonal_solve<T>(m, k, p, p + m, p + 2 * m, bb.data<T>() + i * m * k, out,
                                         method))
        std::fill(out, out + m * k, std::numeric_limits<T>::quiet_NaN());
    }
  });
  // T x = b: gB = T^-T g, a tridiagonal solve with super and sub swapped (and shifted:
  // T^T[i, i+1] = T[i+1, i]); gT = -gB x^T read on the three diagonals:
  //   g_super[i] = -gB[i] . x[i+1],  g_diag[i] = -gB[i] . x[i],  g_sub[i] = -gB[i] . x[i-1].
  if (autograd::any_tape())
    autograd::record("tridiagonal_solve", {diagonals, rhs}, {x}, [=](const Grads& g) -> Grads {
      const int64_t row_axis = diagonals.ndim() - 2, col_axis = diagonals.ndim() - 1;
      std::vector<Tensor> rows = split(diagonals, 3, row_axis);
      Tensor transposed =
          concat({shift_up(rows[2], col_axis), rows[1], shift_down(rows[0], col_axis)}, row_axis);
      Tensor gb = tridiagonal_solve(transposed, g[0], method);
      const int64_t eq_axis = x.ndim() - 2, rhs_axis = x.ndim() - 1;
      auto dot = [&](const Tensor& xs) { return negative(reduce_sum(gb * xs, {rhs_axis}, false)); };
      Tensor gd = stack({dot(shift_up(x, eq_axis)), dot(x), dot(shift_down(x, eq_axis))}, row_axis);
      return {gd, gb};
    });
  return x;
}

}  // namespace nnext::ops

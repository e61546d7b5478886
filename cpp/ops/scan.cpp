// cumsum and cumprod: the axis is split into (outer, axis, inner) over a contiguous input;
// each (outer, inner) column is scanned in order, columns in parallel. Float sums
// accumulate in double so long float32 scans stay accurate.
#include "ops/scan.h"

#include <type_traits>

#include "autograd/tape.h"
#include "core/error.h"
#include "core/parallel.h"
#include "ops/creation.h"
#include "ops/elementwise.h"
#include "ops/storage_dtypes.h"

namespace nnext::ops {

using autograd::Grads;

namespace {

template <class T>
using Accumulator = std::conditional_t<std::is_floating_point_v<T>, double, T>;

template <bool Product>
Tensor scan(const Tensor& input, int64_t axis, bool exclusive, bool reverse, const char* op) {
  Tensor x = input.dtype() == DType::Bool ? cast(input, DType::Int32) : contiguous(input);
  if (x.ndim() == 0) return exclusive ? full({}, Product ? 1.0 : 0.0, x.dtype()) : copy(x);
  axis = normalize_axis(axis, x.ndim(), op);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= x.dim(d);
  for (int64_t d = axis + 1; d < x.ndim(); ++d) inner *= x.dim(d);
  const int64_t n = x.dim(axis);
  x = contiguous(x);
  Tensor y = Tensor::empty(x.shape(), x.dtype());
  dispatch(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    if constexpr (!std::is_same_v<T, bool>) {
      const T* px = x.data<T>();
      T* py = y.data<T>();
      parallel_for(outer * inner, n, [&](int64_t begin, int64_t end) {
        for (int64_t col = begin; col < end; ++col) {
          const int64_t base = (col / inner) * n * inner + col % inner;
          Accumulator<T> acc = Product ? 1 : 0;
          for (int64_t s = 0; s < n; ++s) {
            const int64_t i = base + (reverse ? n - 1 - s : s) * inner;
            if (exclusive) {
              py[i] = T(acc);
              acc = Product ? acc * px[i] : acc + px[i];
            } else {
              acc = Product ? acc * px[i] : acc + px[i];
              py[i] = T(acc);
            }
          }
        }
      });
    }
  });
  return y;
}

}  // namespace

Tensor cumsum(const Tensor& x, int64_t axis, bool exclusive, bool reverse) {
  if (is_storage_only(x.dtype()))
    return cast(cumsum(to_compute(x), axis, exclusive, reverse), x.dtype());
  Tensor y = scan<false>(x, axis, exclusive, reverse, "cumsum");
  // d cumsum(x)/dx: each x_i reaches every later output, so g flows back as a cumsum of g
  // in the opposite direction (with the same exclusivity).
  if (autograd::any_tape())
    autograd::record("cumsum", {x}, {y}, [=](const Grads& g) -> Grads {
      return {cumsum(g[0], axis, exclusive, !reverse)};
    });
  return y;
}

Tensor cumprod(const Tensor& x, int64_t axis, bool exclusive, bool reverse) {
  if (is_storage_only(x.dtype()))
    return cast(cumprod(to_compute(x), axis, exclusive, reverse), x.dtype());
  Tensor y = scan<true>(x, axis, exclusive, reverse, "cumprod");
  // dy_j/dx_i = y_j / x_i for the outputs j that include x_i, so dL/dx = rcumsum(g * y) / x.
  // NOTE: as TensorFlow's _CumprodGrad, this divides by x and is not finite where x is 0.
  if (autograd::any_tape())
    autograd::record("cumprod", {x}, {y}, [=](const Grads& g) -> Grads {
      return {cumsum(g[0] * y, axis, exclusive, !reverse) / x};
    });
  return y;
}

}  // namespace nnext::ops

// argsort and top_k: each line of the sorted axis is copied out, sorted as (value, index)
// pairs and written back as int32 indices; lines run in parallel.
#include "ops/sort.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/parallel.h"
#include "ops/elementwise.h"
#include "ops/shape.h"
#include "ops/storage_dtypes.h"

namespace nnext::ops {

namespace {

// NaN compares above every number, as in NumPy's sort.
template <class T>
bool less_nan_last(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
  }
  return a < b;
}

// Runs fn(values, indices_out, line) for every line of `x` along its last axis, `x`
// contiguous; `width` is the number of indices written per line.
template <class T, class Fn>
void for_each_line(const Tensor& x, const Tensor& out, int64_t width, Fn fn) {
  const int64_t n = x.ndim() == 0 ? 1 : x.dim(x.ndim() - 1);
  const int64_t lines = n == 0 ? 0 : x.numel() / n;
  const T* px = x.data<T>();
  int32_t* po = out.data<int32_t>();
  parallel_for(lines, n * 16, [&](int64_t begin, int64_t end) {
    std::vector<int32_t> order(static_cast<size_t>(n));
    for (int64_t line = begin; line < end; ++line) {
      const T* v = px + line * n;
      for (int64_t i = 0; i < n; ++i) order[size_t(i)] = int32_t(i);
      fn(v, order);
      std::copy(order.begin(), order.begin() + width, po + line * width);
    }
  });
}

void check_line_length(const Tensor& x, const char* op) {
  const int64_t n = x.ndim() == 0 ? 1 : x.dim(x.ndim() - 1);
  NNEXT_CHECK(n <= INT32_MAX, ValueError, op, ": axis of length ", n,
              " exceeds the int32 index range");
}

}  // namespace

Tensor argsort(const Tensor& input, int64_t axis, bool descending) {
  if (input.ndim() == 0) return scalar(0, DType::Int32);
  if (is_storage_only(input.dtype())) return argsort(to_ordered(input), axis, descending);
  axis = normalize_axis(axis, input.ndim(), "argsort");
  const int64_t last = input.ndim() - 1;
  std::vector<int64_t> perm(size_t(input.ndim()));
  for (int64_t d = 0; d < input.ndim(); ++d) perm[size_t(d)] = d;
  std::swap(perm[size_t(axis)], perm[size_t(last)]);
  Tensor x = contiguous(transpose(input, perm));
  check_line_length(x, "argsort");
  Tensor out = Tensor::empty(x.shape(), DType::Int32);
  const int64_t n = x.dim(last);
  dispatch(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    for_each_line<T>(x, out, n, [&](const T* v, std::vector<int32_t>& order) {
      if (descending)
        std::stable_sort(order.begin(), order.end(),
                         [v](int32_t i, int32_t j) { return less_nan_last(v[j], v[i]); });
      else
        std::stable_sort(order.begin(), order.end(),
                         [v](int32_t i, int32_t j) { return less_nan_last(v[i], v[j]); });
    });
  });
  return contiguous(transpose(out, perm));
}

Tensor top_k_indices(const Tensor& x_in, int64_t k, bool sorted) {
  if (is_storage_only(x_in.dtype())) return top_k_indices(to_ordered(x_in), k, sorted);
  NNEXT_CHECK(x_in.ndim() >= 1, ValueError, "top_k: input must have rank >= 1, got a scalar");
  const int64_t n = x_in.dim(x_in.ndim() - 1);
  NNEXT_CHECK(k >= 0 && k <= n, ValueError, "top_k: k=", k, " must be in [0, ", n,
              "], the size of the last axis of shape ", shape_str(x_in.shape()));
  check_line_length(x_in, "top_k");
  Tensor x = contiguous(x_in);
  Shape shape = x.shape();
  shape.back() = k;
  Tensor out = Tensor::empty(shape, DType::Int32);
  dispatch(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    for_each_line<T>(x, out, k, [&](const T* v, std::vector<int32_t>& order) {
      // Larger first; ties by lower index (a strict total order, so partial_sort is exact).
      auto before = [v](int32_t i, int32_t j) {
        if (less_nan_last(v[j], v[i])) return true;
        if (less_nan_last(v[i], v[j])) return false;
        return i < j;
      };
      std::partial_sort(order.begin(), order.begin() + k, order.end(), before);
      if (!sorted) std::sort(order.begin(), order.begin() + k);
    });
  });
  return out;
}

}  // namespace nnext::ops

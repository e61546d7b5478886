// The one broadcasting strided loop. An op describes its operands (operand 0 is the
// output) already broadcast to the output shape; the loop drops size-1 axes, merges axes
// that are contiguous across every operand, and hands rows to a row function, splitting
// rows over threads above the grain size. Kernel authors write a scalar lambda and use
// map_unary / map_binary / map_ternary; the row function takes a vectorisable fast path
// when the inner strides are 1 (or 0 for a broadcast scalar).
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>

#include "core/error.h"
#include "core/parallel.h"
#include "core/tensor.h"

namespace nnext::kernels {

constexpr int kMaxDims = 64;  // NumPy's limit

template <int N>
struct StridedLoop {
  int ndim = 0;
  int64_t numel = 1;
  int64_t shape[kMaxDims];
  int64_t strides[N][kMaxDims];

  int64_t inner_stride(int k) const { return ndim ? strides[k][ndim - 1] : 0; }
};

// Strides of `t` as seen from `out_shape` under NumPy broadcasting (0 on broadcast axes).
inline void broadcast_strides_into(const Tensor& t, const Shape& out_shape, int64_t* dst) {
  int64_t lead = int64_t(out_shape.size()) - t.ndim();
  for (int64_t d = 0; d < int64_t(out_shape.size()); ++d) {
    int64_t src = d - lead;
    dst[d] = (src < 0 || t.shape()[size_t(src)] == 1) ? 0 : t.strides()[size_t(src)];
  }
}

template <int N>
StridedLoop<N> make_loop(const Shape& shape, const std::array<const Tensor*, N>& operands) {
  NNEXT_CHECK(shape.size() <= size_t(kMaxDims), ValueError, "tensors of rank ", shape.size(),
              " are not supported (the maximum rank is ", kMaxDims, ", as NumPy's)");
  StridedLoop<N> loop;
  int64_t full[N][kMaxDims];
  for (int k = 0; k < N; ++k) broadcast_strides_into(*operands[size_t(k)], shape, full[k]);
  // Keep non-trivial axes, merging an axis into the previous kept one when every operand
  // steps through both as one run.
  for (size_t d = 0; d < shape.size(); ++d) {
    loop.numel *= shape[d];
    if (shape[d] == 1) continue;
    int last = loop.ndim - 1;
    bool merge = last >= 0;
    for (int k = 0; k < N && merge; ++k) merge = loop.strides[k][last] == full[k][d] * shape[d];
    if (merge) {
      loop.shape[last] *= shape[d];
      for (int k = 0; k < N; ++k) loop.strides[k][last] = full[k][d];
    } else {
      loop.shape[loop.ndim] = shape[d];
      for (int k = 0; k < N; ++k) loop.strides[k][loop.ndim] = full[k][d];
      ++loop.ndim;
    }
  }
  return loop;
}

// Calls row(offsets, n) for the rows covering linear elements [begin, end); offsets are
// each operand's element offset of the row's first element.
template <int N, class Row>
void for_each_row(const StridedLoop<N>& loop, int64_t begin, int64_t end, Row&& row) {
  int64_t off[N];
  if (loop.ndim == 0) {
    for (int k = 0; k < N; ++k) off[k] = 0;
    if (begin < end) row(off, int64_t(1));
    return;
  }
  const int last = loop.ndim - 1;
  const int64_t inner = loop.shape[last];
  int64_t idx[kMaxDims];
  int64_t rest = begin / inner, col = begin % inner;
  for (int d = last - 1; d >= 0; --d) {
    idx[d] = rest % loop.shape[d];
    rest /= loop.shape[d];
  }
  for (int64_t pos = begin; pos < end;) {
    for (int k = 0; k < N; ++k) {
      int64_t o = col * loop.strides[k][last];
      for (int d = 0; d < last; ++d) o += idx[d] * loop.strides[k][d];
      off[k] = o;
    }
    int64_t n = std::min(inner - col, end - pos);
    row(off, n);
    pos += n;
    col = 0;
    for (int d = last - 1; d >= 0; --d) {
      if (++idx[d] < loop.shape[d]) break;
      idx[d] = 0;
    }
  }
}

// Runs the rows on threads when the loop is large; `cost` weighs expensive scalar
// functions (exp, pow) so that they go parallel sooner.
template <int N, class Row>
void run_rows(const StridedLoop<N>& loop, Row&& row, int64_t cost = 1) {
  parallel_for(loop.numel, cost,
               [&](int64_t begin, int64_t end) { for_each_row(loop, begin, end, row); });
}

// out[i] = f(x[i]) over broadcast operands.
template <class Out, class In, class F>
void map_unary(const Tensor& out, const Tensor& x, F f, int64_t cost = 1) {
  auto loop = make_loop<2>(out.shape(), {&out, &x});
  Out* po = out.data<Out>();
  const In* px = x.data<In>();
  const int64_t so = loop.inner_stride(0), sx = loop.inner_stride(1);
  run_rows(
      loop,
      [&](const int64_t* off, int64_t n) {
        Out* __restrict o = po + off[0];
        const In* __restrict a = px + off[1];
        if (so == 1 && sx == 1) {
          for (int64_t i = 0; i < n; ++i) o[i] = f(a[i]);
        } else if (so == 1 && sx == 0) {
          const Out v = f(a[0]);
          for (int64_t i = 0; i < n; ++i) o[i] = v;
        } else {
          for (int64_t i = 0; i < n; ++i) o[i * so] = f(a[i * sx]);
        }
      },
      cost);
}

// out[i] = f(a[i], b[i]) over broadcast operands.
template <class Out, class A, class B, class F>
void map_binary(const Tensor& out, const Tensor& a, const Tensor& b, F f, int64_t cost = 1) {
  auto loop = make_loop<3>(out.shape(), {&out, &a, &b});
  Out* po = out.data<Out>();
  const A* pa = a.data<A>();
  const B* pb = b.data<B>();
  const int64_t so = loop.inner_stride(0), sa = loop.inner_stride(1), sb = loop.inner_stride(2);
  run_rows(
      loop,
      [&](const int64_t* off, int64_t n) {
        Out* __restrict o = po + off[0];
        const A* __restrict x = pa + off[1];
        const B* __restrict y = pb + off[2];
        if (so == 1 && sa == 1 && sb == 1) {
          for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], y[i]);
        } else if (so == 1 && sa == 1 && sb == 0) {
          const B yv = y[0];
          for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], yv);
        } else if (so == 1 && sa == 0 && sb == 1) {
          const A xv = x[0];
          for (int64_t i = 0; i < n; ++i) o[i] = f(xv, y[i]);
        } else {
          for (int64_t i = 0; i < n; ++i) o[i * so] = f(x[i * sa], y[i * sb]);
        }
      },
      cost);
}

// out[i] = f(a[i], b[i], c[i]) over broadcast operands (where, clip, fused updates).
template <class Out, class A, class B, class C, class F>
void map_ternary(const Tensor& out, const Tensor& a, const Tensor& b, const Tensor& c, F f,
                 int64_t cost = 1) {
  auto loop = make_loop<4>(out.shape(), {&out, &a, &b, &c});
  Out* po = out.data<Out>();
  const A* pa = a.data<A>();
  const B* pb = b.data<B>();
  const C* pc = c.data<C>();
  const int64_t so = loop.inner_stride(0), sa = loop.inner_stride(1), sb = loop.inner_stride(2),
                sc = loop.inner_stride(3);
  run_rows(
      loop,
      [&](const int64_t* off, int64_t n) {
        Out* __restrict o = po + off[0];
        const A* __restrict x = pa + off[1];
        const B* __restrict y = pb + off[2];
        const C* __restrict z = pc + off[3];
        if (so == 1 && sa == 1 && sb == 1 && sc == 1) {
          for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], y[i], z[i]);
        } else {
          for (int64_t i = 0; i < n; ++i) o[i * so] = f(x[i * sa], y[i * sb], z[i * sc]);
        }
      },
      cost);
}

}  // namespace nnext::kernels

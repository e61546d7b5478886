// Max and average pooling: checks and shape rules, then the loops of kernels/conv.h. Each
// gradient is a linear op that records its adjoint, so second derivatives work:
//   max:  dx = scatter(g at argmax),   d(scatter)/d(dy) = gather(g at argmax), and back
//   mean: dx = spread(g over windows), d(spread)/d(dy) = mean(g), and back
#include <algorithm>

#include "autograd/tape.h"
#include "core/error.h"
#include "kernels/conv.h"
#include "ops/conv.h"
#include "ops/elementwise.h"
#include "ops/matmul.h"
#include "ops/storage_dtypes.h"

namespace nnext::ops {

using autograd::Grads;

namespace {

Tensor contiguous_unrecorded(const Tensor& t) { return t.is_contiguous() ? t : packed_copy(t); }

// The geometry of pooling x (batch, spatial..., channels), after TensorFlow's checks.
kernels::PoolGeometry pool_geometry(const Tensor& x, const Shape& ksize, const Shape& strides,
                                    const Padding& padding, const char* op) {
  const size_t r = ksize.size();
  NNEXT_CHECK(r >= 1 && r <= size_t(kernels::kMaxSpatial), ValueError, op,
              ": expected 1 to 3 spatial axes, got ", r);
  NNEXT_CHECK(strides.size() == r, ValueError, op, ": got ", r, " window sizes but ",
              strides.size(), " strides");
  NNEXT_CHECK(x.ndim() == int64_t(r) + 2, ValueError, op, ": input must have rank ", r + 2,
              " (batch, ", r, " spatial axes, channels), got shape ", shape_str(x.shape()));
  NNEXT_CHECK(x.dtype() == DType::Float32 || x.dtype() == DType::Float64, TypeError, op,
              ": expected a float32 or float64 input, got ", dtype_name(x.dtype()));
  for (size_t a = 0; a < r; ++a) {
    NNEXT_CHECK(ksize[a] >= 1, ValueError, op, ": the window sizes must be positive, got ",
                shape_str(ksize));
    NNEXT_CHECK(strides[a] >= 1, ValueError, op, ": strides must be positive, got ",
                shape_str(strides));
  }
  if (padding.mode == Padding::Mode::Explicit) {
    NNEXT_CHECK(padding.pairs.size() == r, ValueError, op, ": explicit padding needs ", r,
                " (before, after) pairs, one per spatial axis, got ", padding.pairs.size());
    for (const auto& [before, after] : padding.pairs)
      NNEXT_CHECK(before >= 0 && after >= 0, ValueError, op,
                  ": paddings must be non-negative, got (", before, ", ", after, ")");
  }
  kernels::PoolGeometry g;
  const size_t lead = size_t(kernels::kMaxSpatial) - r;
  g.batch = x.dim(0);
  g.channels = x.dim(x.ndim() - 1);
  for (size_t a = 0; a < r; ++a) {
    const AxisPlan p = plan_axis(padding, a, x.dim(int64_t(a) + 1), ksize[a], strides[a], op);
    g.in[lead + a] = x.dim(int64_t(a) + 1);
    g.out[lead + a] = p.out;
    g.window[lead + a] = ksize[a];
    g.stride[lead + a] = strides[a];
    g.pad_before[lead + a] = p.pad_before;
  }
  return g;
}

Shape pooled_shape(const Tensor& x, const kernels::PoolGeometry& g) {
  const size_t r = size_t(x.ndim()) - 2, lead = size_t(kernels::kMaxSpatial) - r;
  Shape y{g.batch};
  for (size_t a = 0; a < r; ++a) y.push_back(g.out[lead + a]);
  y.push_back(g.channels);
  return y;
}

Tensor max_scatter(const Tensor& dy, const Tensor& argmax, const kernels::PoolGeometry& g,
                   const Shape& x_shape);

// dy[r, c] = dx[image, argmax[r, c]]
Tensor max_gather(const Tensor& dx, const Tensor& argmax, const kernels::PoolGeometry& g,
                  const Shape& x_shape) {
  const Tensor dxc = contiguous_unrecorded(dx);
  Tensor dy = Tensor::empty(argmax.shape(), dx.dtype());
  dispatch_floating(dx.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::max_pool_gather<T>(g, dxc.data<T>(), argmax.data<int64_t>(), dy.data<T>());
  });
  if (autograd::any_tape())
    autograd::record("max_pool_gather", {dx}, {dy}, [=](const Grads& grads) -> Grads {
      return {max_scatter(cast(grads[0], dx.dtype()), argmax, g, x_shape)};
    });
  return dy;
}

// dx[image, argmax[r, c]] += dy[r, c]
Tensor max_scatter(const Tensor& dy, const Tensor& argmax, const kernels::PoolGeometry& g,
                   const Shape& x_shape) {
  const Tensor dyc = contiguous_unrecorded(dy);
  Tensor dx = Tensor::empty(x_shape, dy.dtype());
  dispatch_floating(dy.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::max_pool_scatter<T>(g, dyc.data<T>(), argmax.data<int64_t>(), dx.data<T>());
  });
  if (autograd::any_tape())
    autograd::record("max_pool_grad", {dy}, {dx}, [=](const Grads& grads) -> Grads {
      return {max_gather(cast(grads[0], dy.dtype()), argmax, g, x_shape)};
    });
  return dx;
}

Tensor avg_spread(const Tensor& dy, const kernels::PoolGeometry& g, const Shape& x_shape);

Tensor avg_forward(const Tensor& x, const kernels::PoolGeometry& g, const Shape& y_shape,
                   const char* op) {
  const Tensor xc = contiguous_unrecorded(x);
  Tensor y = Tensor::empty(y_shape, x.dtype(), op);
  dispatch_floating(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::avg_pool_forward<T>(g, xc.data<T>(), y.data<T>());
  });
  if (autograd::any_tape())
    autograd::record(op, {x}, {y}, [=](const Grads& grads) -> Grads {
      return {avg_spread(cast(grads[0], x.dtype()), g, x.shape())};
    });
  return y;
}

Tensor avg_spread(const Tensor& dy, const kernels::PoolGeometry& g, const Shape& x_shape) {
  const Tensor dyc = contiguous_unrecorded(dy);
  Tensor dx = Tensor::empty(x_shape, dy.dtype());
  dispatch_floating(dy.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::avg_pool_backward<T>(g, dyc.data<T>(), dx.data<T>());
  });
  if (autograd::any_tape())
    autograd::record("avg_pool_grad", {dy}, {dx}, [=](const Grads& grads) -> Grads {
      return {avg_forward(cast(grads[0], dy.dtype()), g, dy.shape(), "avg_pool")};
    });
  return dx;
}

}  // namespace

namespace {

// y and, when asked for or when a tape needs the gradient, the winners' indices.
std::pair<Tensor, Tensor> max_pool_forward(const Tensor& x, const Shape& ksize,
                                           const Shape& strides, const Padding& padding,
                                           const char* op, bool want_argmax) {
  const kernels::PoolGeometry g = pool_geometry(x, ksize, strides, padding, op);
  const Shape y_shape = pooled_shape(x, g);
  const bool record = autograd::any_tape() && autograd::requires_grad(x);
  const Tensor xc = contiguous_unrecorded(x);
  Tensor y = Tensor::empty(y_shape, x.dtype(), op);
  Tensor argmax = want_argmax || record ? Tensor::empty(y_shape, DType::Int64, op) : Tensor();
  dispatch_floating(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::max_pool_forward<T>(g, xc.data<T>(), y.data<T>(),
                                 argmax.defined() ? argmax.data<int64_t>() : nullptr);
  });
  if (record)
    autograd::record(op, {x}, {y}, [=](const Grads& grads) -> Grads {
      return {max_scatter(cast(grads[0], x.dtype()), argmax, g, x.shape())};
    });
  return {y, argmax};
}

}  // namespace

std::pair<Tensor, Tensor> max_pool_with_argmax(const Tensor& x, const Shape& ksize,
                                               const Shape& strides, const Padding& padding,
                                               const char* op) {
  if (computes_in_float32(x.dtype()))
    return via_float32(
        [&](const Tensor& x32) { return max_pool_with_argmax(x32, ksize, strides, padding, op); },
        x);
  return max_pool_forward(x, ksize, strides, padding, op, true);
}

Tensor max_pool(const Tensor& x, const Shape& ksize, const Shape& strides, const Padding& padding,
                const char* op) {
  if (computes_in_float32(x.dtype()))
    return via_float32(
        [&](const Tensor& x32) { return max_pool(x32, ksize, strides, padding, op); }, x);
  return max_pool_forward(x, ksize, strides, padding, op, false).first;
}

Tensor avg_pool(const Tensor& x, const Shape& ksize, const Shape& strides, const Padding& padding,
                const char* op) {
  if (computes_in_float32(x.dtype()))
    return via_float32(
        [&](const Tensor& x32) { return avg_pool(x32, ksize, strides, padding, op); }, x);
  const kernels::PoolGeometry g = pool_geometry(x, ksize, strides, padding, op);
  return avg_forward(x, g, pooled_shape(x, g), op);
}

}  // namespace nnext::ops

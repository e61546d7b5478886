// Convolutions: checks and shape rules, then kernels/conv.h. The three ops — forward,
// input gradient and filter gradient — are each linear in both operands and record each
// other as their gradients, as TensorFlow's Conv2D, Conv2DBackpropInput and
// Conv2DBackpropFilter do, so gradients of any order work:
//   y = conv(x, w):                   dx = backprop_input(g, w),   dw = backprop_filter(x, g)
//   dx = backprop_input(dy, w):       d(dy) = conv(g, w),          dw = backprop_filter(g, dy)
//   dw = backprop_filter(x, dy):      dx = backprop_input(dy, g),  d(dy) = conv(x, g)
#include "ops/conv.h"

#include <algorithm>

#include "autograd/tape.h"
#include "core/error.h"
#include "kernels/conv.h"
#include "ops/elementwise.h"
#include "ops/matmul.h"
#include "ops/storage_dtypes.h"

namespace nnext::ops {

using autograd::Grads;

namespace {

// A convolution with its padding resolved: everything the kernels need but the shapes.
struct ConvPlan {
  Shape strides, dilations, pad_before, out;  // one entry per spatial axis
};

Tensor contiguous_unrecorded(const Tensor& t) { return t.is_contiguous() ? t : packed_copy(t); }

size_t spatial_rank(const Shape& strides, const Shape& dilations, const char* op) {
  const size_t r = strides.size();
  NNEXT_CHECK(r >= 1 && r <= size_t(kernels::kMaxSpatial), ValueError, op,
              ": expected 1 to 3 spatial axes, got ", r);
  NNEXT_CHECK(dilations.size() == r, ValueError, op, ": got ", r, " strides but ", dilations.size(),
              " dilations");
  for (size_t a = 0; a < r; ++a) {
    NNEXT_CHECK(strides[a] >= 1, ValueError, op, ": strides must be positive, got ",
                shape_str(strides));
    NNEXT_CHECK(dilations[a] >= 1, ValueError, op, ": dilations must be positive, got ",
                shape_str(dilations));
  }
  return r;
}

// x (batch, spatial..., channels) and filters (kernel..., channels / groups, out_channels).
void check_operands(const Shape& x, const Shape& w, size_t r, const char* op, const char* x_name) {
  NNEXT_CHECK(x.size() == r + 2, ValueError, op, ": ", x_name, " must have rank ", r + 2,
              " (batch, ", r, " spatial axes, channels), got shape ", shape_str(x));
  NNEXT_CHECK(w.size() == r + 2, ValueError, op, ": filters must have rank ", r + 2, " (", r,
              " kernel axes, in_channels, out_channels), got shape ", shape_str(w));
  for (size_t a = 0; a < r; ++a)
    NNEXT_CHECK(w[a] >= 1, ValueError, op, ": the kernel sizes must be positive, got filters of ",
                "shape ", shape_str(w));
  const int64_t c = x.back(), filter_in = w[r], c_out = w[r + 1];
  NNEXT_CHECK(filter_in >= 1 && c >= 1 && c % filter_in == 0, ValueError, op, ": the input depth ",
              c, " must be a positive multiple of the filters' input depth ", filter_in, " (",
              x_name, " shape ", shape_str(x), ", filters shape ", shape_str(w), ")");
  const int64_t groups = c / filter_in;
  NNEXT_CHECK(c_out % groups == 0, ValueError, op, ": the output depth ", c_out,
              " must be a multiple of the number of groups ", groups, " (", x_name, " shape ",
              shape_str(x), ", filters shape ", shape_str(w), ")");
}

void check_padding(const Padding& padding, size_t r, bool allow_negative_after, const char* op) {
  if (padding.mode != Padding::Mode::Explicit) return;
  NNEXT_CHECK(padding.pairs.size() == r, ValueError, op, ": explicit padding needs ", r,
              " (before, after) pairs, one per spatial axis, got ", padding.pairs.size());
  for (const auto& [before, after] : padding.pairs)
    NNEXT_CHECK(before >= 0 && (after >= 0 || allow_negative_after), ValueError, op,
                ": paddings must be non-negative, got (", before, ", ", after, ")");
}

// The plan of a convolution of an input with spatial sizes x[1 .. r] and kernel w[0 .. r).
ConvPlan make_plan(const Shape& x, const Shape& w, const Shape& strides, const Padding& padding,
                   const Shape& dilations, const char* op) {
  ConvPlan p{strides, dilations, {}, {}};
  for (size_t a = 0; a < strides.size(); ++a) {
    const AxisPlan ap =
        plan_axis(padding, a, x[a + 1], (w[a] - 1) * dilations[a] + 1, strides[a], op);
    p.out.push_back(ap.out);
    p.pad_before.push_back(ap.pad_before);
  }
  return p;
}

kernels::ConvGeometry geometry(const Shape& x, const Shape& w, const ConvPlan& p) {
  const size_t r = p.strides.size(), lead = size_t(kernels::kMaxSpatial) - r;
  kernels::ConvGeometry g;
  g.batch = x[0];
  g.in_channels = x.back();
  g.out_channels = w.back();
  g.groups = g.in_channels / w[r];
  for (size_t a = 0; a < r; ++a) {
    g.in[lead + a] = x[a + 1];
    g.out[lead + a] = p.out[a];
    g.kernel[lead + a] = w[a];
    g.stride[lead + a] = p.strides[a];
    g.dilation[lead + a] = p.dilations[a];
    g.pad_before[lead + a] = p.pad_before[a];
  }
  return g;
}

Shape output_shape(const Shape& x, const Shape& w, const ConvPlan& p) {
  Shape y{x[0]};
  y.insert(y.end(), p.out.begin(), p.out.end());
  y.push_back(w.back());
  return y;
}

Tensor forward(const Tensor& x, const Tensor& w, const ConvPlan& p, const char* op);
Tensor backprop_input(const Shape& x_shape, const Tensor& w, const Tensor& dy, const ConvPlan& p,
                      const char* op);
Tensor backprop_filter(const Tensor& x, const Shape& w_shape, const Tensor& dy, const ConvPlan& p,
                       const char* op);

// `op` outlives every node: bindings pass string literals.
Tensor forward(const Tensor& x, const Tensor& w, const ConvPlan& p, const char* op) {
  const Tensor xc = contiguous_unrecorded(x), wc = contiguous_unrecorded(w);
  Tensor y = Tensor::empty(output_shape(x.shape(), w.shape(), p), x.dtype(), op);
  const kernels::ConvGeometry g = geometry(x.shape(), w.shape(), p);
  dispatch_floating(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::conv_forward<T>(g, xc.data<T>(), wc.data<T>(), y.data<T>());
  });
  if (!autograd::any_tape()) return y;
  const bool need_x = autograd::requires_grad(x), need_w = autograd::requires_grad(w);
  autograd::record(op, {x, w}, {y}, [=](const Grads& grads) -> Grads {
    const Tensor dy = cast(grads[0], x.dtype());
    return {need_x ? backprop_input(x.shape(), w, dy, p, op) : Tensor(),
            need_w ? backprop_filter(x, w.shape(), dy, p, op) : Tensor()};
  });
  return y;
}

Tensor backprop_input(const Shape& x_shape, const Tensor& w, const Tensor& dy, const ConvPlan& p,
                      const char* op) {
  const Tensor wc = contiguous_unrecorded(w), dyc = contiguous_unrecorded(dy);
  Tensor dx = Tensor::empty(x_shape, w.dtype(), op);
  const kernels::ConvGeometry g = geometry(x_shape, w.shape(), p);
  dispatch_floating(w.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::conv_backward_input<T>(g, dyc.data<T>(), wc.data<T>(), dx.data<T>());
  });
  if (!autograd::any_tape()) return dx;
  const bool need_w = autograd::requires_grad(w), need_dy = autograd::requires_grad(dy);
  autograd::record("conv_backprop_input", {w, dy}, {dx}, [=](const Grads& grads) -> Grads {
    const Tensor g2 = cast(grads[0], w.dtype());
    return {need_w ? backprop_filter(g2, w.shape(), dy, p, op) : Tensor(),
            need_dy ? forward(g2, w, p, op) : Tensor()};
  });
  return dx;
}

Tensor backprop_filter(const Tensor& x, const Shape& w_shape, const Tensor& dy, const ConvPlan& p,
                       const char* op) {
  const Tensor xc = contiguous_unrecorded(x), dyc = contiguous_unrecorded(dy);
  Tensor dw = Tensor::empty(w_shape, x.dtype(), op);
  const kernels::ConvGeometry g = geometry(x.shape(), w_shape, p);
  dispatch_floating(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::conv_backward_filter<T>(g, xc.data<T>(), dyc.data<T>(), dw.data<T>());
  });
  if (!autograd::any_tape()) return dw;
  const bool need_x = autograd::requires_grad(x), need_dy = autograd::requires_grad(dy);
  autograd::record("conv_backprop_filter", {x, dy}, {dw}, [=](const Grads& grads) -> Grads {
    const Tensor g2 = cast(grads[0], x.dtype());
    return {need_x ? backprop_input(x.shape(), g2, dy, p, op) : Tensor(),
            need_dy ? forward(x, g2, p, op) : Tensor()};
  });
  return dw;
}

// The float dtype both operands compute in; bool is refused as everywhere in tf.nn.
DType common_float(const Tensor& a, const Tensor& b, const char* op) {
  NNEXT_CHECK(a.dtype() != DType::Bool && b.dtype() != DType::Bool, TypeError, op,
              ": not supported for bool tensors");
  return float_result(promote(a.dtype(), b.dtype()));
}

// out_backprop must have the shape the forward convolution of `x` would produce.
void check_out_backprop(const Shape& x, const Shape& w, const Tensor& dy, const ConvPlan& p,
                        const char* op) {
  const Shape want = output_shape(x, w, p);
  NNEXT_CHECK(dy.shape() == want, ValueError, op, ": out_backprop has shape ",
              shape_str(dy.shape()), " but the convolution of an input of shape ", shape_str(x),
              " with filters of shape ", shape_str(w), " gives ", shape_str(want));
}

}  // namespace

AxisPlan plan_axis(const Padding& padding, size_t axis, int64_t in, int64_t span, int64_t stride,
                   const char* op) {
  if (padding.mode == Padding::Mode::Same) {
    const int64_t out = (in + stride - 1) / stride;
    const int64_t total = std::max<int64_t>((out - 1) * stride + span - in, 0);
    return {out, total / 2};
  }
  int64_t before = 0, after = 0;
  if (padding.mode == Padding::Mode::Explicit) {
    before = padding.pairs[axis].first;
    after = padding.pairs[axis].second;
  }
  // TensorFlow's GetWindowedOutputSize: (in + pads - span + stride) / stride, >= 0.
  const int64_t out = (in + before + after - span + stride) / stride;
  NNEXT_CHECK(in + before + after - span + stride >= 0 && out >= 0, ValueError, op,
              ": computed output size would be negative: ", out, " [input_size: ", in,
              ", padding: (", before, ", ", after, "), effective_filter_size: ", span,
              ", stride: ", stride, "] on spatial axis ", axis);
  return {out, before};
}

Tensor conv(const Tensor& x_in, const Tensor& filters_in, const Shape& strides,
            const Padding& padding, const Shape& dilations, const char* op) {
  const size_t r = spatial_rank(strides, dilations, op);
  check_operands(x_in.shape(), filters_in.shape(), r, op, "input");
  check_padding(padding, r, false, op);
  const DType dt = common_float(x_in, filters_in, op);
  if (computes_in_float32(dt))
    return via_float32([&](const Tensor& x,
                           const Tensor& w) { return conv(x, w, strides, padding, dilations, op); },
                       cast(x_in, dt), cast(filters_in, dt));
  const Tensor x = cast(x_in, dt), w = cast(filters_in, dt);
  return forward(x, w, make_plan(x.shape(), w.shape(), strides, padding, dilations, op), op);
}

Tensor conv_backprop_input(const Shape& input_shape, const Tensor& filters,
                           const Tensor& out_backprop, const Shape& strides, const Padding& padding,
                           const Shape& dilations, const char* op) {
  const size_t r = spatial_rank(strides, dilations, op);
  check_operands(input_shape, filters.shape(), r, op, "input_sizes");
  checked_numel(input_shape, op);
  check_padding(padding, r, true, op);
  const DType dt = common_float(filters, out_backprop, op);
  if (computes_in_float32(dt))
    return via_float32(
        [&](const Tensor& w, const Tensor& dy) {
          return conv_backprop_input(input_shape, w, dy, strides, padding, dilations, op);
        },
        cast(filters, dt), cast(out_backprop, dt));
  const Tensor w = cast(filters, dt), dy = cast(out_backprop, dt);
  const ConvPlan p = make_plan(input_shape, w.shape(), strides, padding, dilations, op);
  check_out_backprop(input_shape, w.shape(), dy, p, op);
  return backprop_input(input_shape, w, dy, p, op);
}

Tensor conv_backprop_filter(const Tensor& x_in, const Shape& filter_shape,
                            const Tensor& out_backprop, const Shape& strides,
                            const Padding& padding, const Shape& dilations, const char* op) {
  const size_t r = spatial_rank(strides, dilations, op);
  check_operands(x_in.shape(), filter_shape, r, op, "input");
  check_padding(padding, r, false, op);
  const DType dt = common_float(x_in, out_backprop, op);
  if (computes_in_float32(dt))
    return via_float32(
        [&](const Tensor& x, const Tensor& dy) {
          return conv_backprop_filter(x, filter_shape, dy, strides, padding, dilations, op);
        },
        cast(x_in, dt), cast(out_backprop, dt));
  const Tensor x = cast(x_in, dt), dy = cast(out_backprop, dt);
  const ConvPlan p = make_plan(x.shape(), filter_shape, strides, padding, dilations, op);
  check_out_backprop(x.shape(), filter_shape, dy, p, op);
  return backprop_filter(x, filter_shape, dy, p, op);
}

}  // namespace nnext::ops

// Convolution and pooling over the spatial axes of channels-last tensors (batch,
// spatial..., channels) with one to three spatial axes, TensorFlow's shape rules and
// errors. Python handles data_format (NCHW is a transpose away) and TensorFlow's argument
// spellings; strides, dilations and window sizes here have one entry per spatial axis.
#pragma once
#include <utility>
#include <vector>

#include "core/tensor.h"

namespace nnext::ops {

// TensorFlow's padding: 'VALID' (none), 'SAME' (output size ceil(in / stride), the odd
// pixel of padding after), or explicit (before, after) pairs, one per spatial axis.
struct Padding {
  enum class Mode { Valid, Same, Explicit };
  Mode mode = Mode::Valid;
  std::vector<std::pair<int64_t, int64_t>> pairs;
};

// Convolution of x (batch, spatial..., in_channels) with filters (kernel..., in_channels /
// groups, out_channels); groups = in_channels / the filters' in-channel axis, each group of
// out_channels / groups outputs reading its own slice of inputs. `op` names the caller in
// errors (conv1d, conv2d, depthwise_conv2d, ...).
Tensor conv(const Tensor& x, const Tensor& filters, const Shape& strides, const Padding& padding,
            const Shape& dilations, const char* op);

// d(sum conv(x, filters) * out_backprop)/dx for an x of `input_shape`: TensorFlow's
// conv2d_backprop_input, which is also the transposed convolution (conv2d_transpose).
// An explicit pad_after may be negative here: Keras's output_padding crops that way.
Tensor conv_backprop_input(const Shape& input_shape, const Tensor& filters,
                           const Tensor& out_backprop, const Shape& strides, const Padding& padding,
                           const Shape& dilations, const char* op);

// d(sum conv(x, filters) * out_backprop)/dfilters for filters of `filter_shape`.
Tensor conv_backprop_filter(const Tensor& x, const Shape& filter_shape, const Tensor& out_backprop,
                            const Shape& strides, const Padding& padding, const Shape& dilations,
                            const char* op);

// Max and mean over windows of `ksize` pixels at `strides`; padded positions never win a
// max and are not counted in a mean. max_pool_with_argmax also returns, as int64, each
// winner's flat index within its image ((pixel * channels) + channel).
Tensor max_pool(const Tensor& x, const Shape& ksize, const Shape& strides, const Padding& padding,
                const char* op);
std::pair<Tensor, Tensor> max_pool_with_argmax(const Tensor& x, const Shape& ksize,
                                               const Shape& strides, const Padding& padding,
                                               const char* op);
Tensor avg_pool(const Tensor& x, const Shape& ksize, const Shape& strides, const Padding& padding,
                const char* op);

// The output size and leading pad of one spatial axis under TensorFlow's rules, for a
// window spanning `span` input pixels ((kernel - 1) * dilation + 1). ValueError naming
// `op` when the window does not fit the padded input.
struct AxisPlan {
  int64_t out;
  int64_t pad_before;
};
AxisPlan plan_axis(const Padding& padding, size_t axis, int64_t in, int64_t span, int64_t stride,
                   const char* op);

}  // namespace nnext::ops

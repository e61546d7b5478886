// Convolution and pooling loops on contiguous channels-last buffers, over up to three
// spatial axes (lower ranks fill the leading axes with size 1: a 1-D convolution is depth
// 1, height 1). The ops in ops/conv.cpp and ops/pool.cpp resolve padding and shapes; these
// loops only index. To add a kernel, take a geometry and raw pointers like the ones below.
#pragma once
#include <cstdint>

namespace nnext::kernels {

constexpr int kMaxSpatial = 3;

// y[n, o..., co] = sum over taps t and channels ci of its group of
//   x[n, o * stride - pad_before + t * dilation, ci] * w[t, ci % group_in, co]
// where the group of co is co / group_out; out-of-range input positions read as zero.
// x: (batch, in..., in_channels), w: (kernel..., in_channels / groups, out_channels).
struct ConvGeometry {
  int64_t batch = 0, in_channels = 0, out_channels = 0, groups = 1;
  int64_t in[kMaxSpatial] = {1, 1, 1}, out[kMaxSpatial] = {1, 1, 1};
  int64_t kernel[kMaxSpatial] = {1, 1, 1}, stride[kMaxSpatial] = {1, 1, 1};
  int64_t dilation[kMaxSpatial] = {1, 1, 1}, pad_before[kMaxSpatial] = {0, 0, 0};

  int64_t in_pixels() const { return in[0] * in[1] * in[2]; }
  int64_t out_pixels() const { return out[0] * out[1] * out[2]; }
  int64_t taps() const { return kernel[0] * kernel[1] * kernel[2]; }
  int64_t group_in() const { return in_channels / groups; }
  int64_t group_out() const { return out_channels / groups; }
};

template <class T>
void conv_forward(const ConvGeometry& g, const T* x, const T* w, T* y);
// dx = d(sum y * dy)/dx for the convolution above (the transposed convolution).
template <class T>
void conv_backward_input(const ConvGeometry& g, const T* dy, const T* w, T* dx);
// dw = d(sum y * dy)/dw.
template <class T>
void conv_backward_filter(const ConvGeometry& g, const T* x, const T* dy, T* dw);

// Windows of `window` pixels at `stride`, shifted by pad_before; out-of-range positions
// are skipped (they never win a max and do not count in an average, as TensorFlow).
struct PoolGeometry {
  int64_t batch = 0, channels = 0;
  int64_t in[kMaxSpatial] = {1, 1, 1}, out[kMaxSpatial] = {1, 1, 1};
  int64_t window[kMaxSpatial] = {1, 1, 1}, stride[kMaxSpatial] = {1, 1, 1};
  int64_t pad_before[kMaxSpatial] = {0, 0, 0};

  int64_t in_pixels() const { return in[0] * in[1] * in[2]; }
  int64_t out_pixels() const { return out[0] * out[1] * out[2]; }
};

// y = max over each window; argmax[i] is the winner's index within its image
// (pixel * channels + channel, TensorFlow's max_pool_with_argmax without the batch). The
// first of equal maxima wins; a NaN wins over numbers. A window with no in-range pixel
// gives -inf and argmax -1. argmax may be null (no gradient to route).
template <class T>
void max_pool_forward(const PoolGeometry& g, const T* x, T* y, int64_t* argmax);
// dx = 0, then dx[image, argmax] += dy: the max's gradient.
template <class T>
void max_pool_scatter(const PoolGeometry& g, const T* dy, const int64_t* argmax, T* dx);
// dy = dx[image, argmax]: the adjoint of the scatter (second derivatives).
template <class T>
void max_pool_gather(const PoolGeometry& g, const T* dx, const int64_t* argmax, T* dy);
// y = mean of each window's in-range pixels.
template <class T>
void avg_pool_forward(const PoolGeometry& g, const T* x, T* y);
// dx = each dy spread evenly over its window's in-range pixels.
template <class T>
void avg_pool_backward(const PoolGeometry& g, const T* dy, T* dx);

}  // namespace nnext::kernels

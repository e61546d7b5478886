// The window walk shared by the convolution and pooling loops: for one output pixel, every
// tap of its (up to 3-D) window with the input pixel it reads, or -1 where the tap falls
// into the padding.
#pragma once
#include <cstdint>

namespace nnext::kernels {

// Calls f(tap, input_pixel) for each tap of output pixel `pixel` (row-major over `out`),
// taps in row-major order over `kernel`; input_pixel is row-major over `in`, or -1.
template <class F>
inline void for_each_tap_at(const int64_t* in, const int64_t* kernel, const int64_t* stride,
                            const int64_t* dilation, const int64_t* pad, int64_t o0, int64_t o1,
                            int64_t o2, F&& f);

template <class F>
inline void for_each_tap(const int64_t* in, const int64_t* out, const int64_t* kernel,
                         const int64_t* stride, const int64_t* dilation, const int64_t* pad,
                         int64_t pixel, F&& f) {
  const int64_t o2 = pixel % out[2], o1 = (pixel / out[2]) % out[1], o0 = pixel / (out[2] * out[1]);
  for_each_tap_at(in, kernel, stride, dilation, pad, o0, o1, o2, f);
}

// The same walk for the output pixel at coordinates (o0, o1, o2): loops over consecutive
// pixels step the coordinates instead of dividing (three divisions per pixel cost a first
// layer's 1-channel im2col about a third of its time).
template <class F>
inline void for_each_tap_at(const int64_t* in, const int64_t* kernel, const int64_t* stride,
                            const int64_t* dilation, const int64_t* pad, int64_t o0, int64_t o1,
                            int64_t o2, F&& f) {
  const int64_t s0 = o0 * stride[0] - pad[0], s1 = o1 * stride[1] - pad[1],
                s2 = o2 * stride[2] - pad[2];
  int64_t tap = 0;
  for (int64_t a = 0; a < kernel[0]; ++a) {
    const int64_t i0 = s0 + a * dilation[0];
    const bool ok0 = i0 >= 0 && i0 < in[0];
    for (int64_t b = 0; b < kernel[1]; ++b) {
      const int64_t i1 = s1 + b * dilation[1];
      const bool ok1 = ok0 && i1 >= 0 && i1 < in[1];
      const int64_t row = (i0 * in[1] + i1) * in[2];
      for (int64_t c = 0; c < kernel[2]; ++c, ++tap) {
        const int64_t i2 = s2 + c * dilation[2];
        f(tap, ok1 && i2 >= 0 && i2 < in[2] ? row + i2 : int64_t(-1));
      }
    }
  }
}

}  // namespace nnext::kernels
